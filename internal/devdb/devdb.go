// Package devdb runs the zero-configuration development database: a private PostgreSQL cluster per
// project, started from the locally installed server binaries, reused while it runs, migrated to
// Rhythm's schema.
//
// Layout. Rhythm keeps its bookkeeping in <project>/.rhythm/ (devdb.json: port and password;
// devdb.lock: serialises starts; a .gitignore that ignores the folder). The cluster's data lives in
// <project>/.rhythm/postgres. When the calling process is root, PostgreSQL runs as the "postgres"
// account, which must be able to reach its data folder; if the project lies where that account
// cannot enter (under /root, or under any folder closed to others), the data goes to
// /var/tmp/rhythm-<hash>/postgres instead, where <hash> is the first 12 hex digits of the SHA-256
// of the project's absolute path, so each project keeps its own cluster across runs. The unix
// socket lives in /tmp/rhythm-<hash> (socket paths must be short), owned by the server's account
// with mode 0700.
//
// The server listens on that socket and on a loopback TCP port chosen once and remembered. Socket
// connections are trusted (only the account and root can enter the socket folder); TCP connections
// need the password generated into devdb.json. The superuser and the database are both "rhythm".
//
// Durability: the cluster runs with fsync=off and full_page_writes=off, which makes it fast and is
// safe against a crash of PostgreSQL or of Rhythm, but not against a crash of the machine, after
// which the cluster may be corrupt. It is a development database: [Destroy] (rhythm dev reset)
// throws it away. Never point production at it; set RHYTHM_DATABASE_URL instead.
package devdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rhythmflow/rhythm/internal/pgserver"
	"github.com/rhythmflow/rhythm/migrations"
)

// EnvURL names the environment variable that, when set, replaces the development database.
const EnvURL = "RHYTHM_DATABASE_URL"

// Name is both the superuser and the database of the development cluster.
const Name = "rhythm"

// Info says where the development database is and how to reach it.
type Info struct {
	// URL connects over the unix socket, without a password; use it from this machine. It has the
	// form postgres://rhythm@localhost:PORT/rhythm?host=/tmp/rhythm-<hash>.
	URL string
	// TCPURL connects over loopback TCP with the password, for tools that cannot use a socket.
	TCPURL string
	// Port is the TCP port, also the number in the socket's name (.s.PGSQL.PORT).
	Port int
	// SocketDir is the folder of the unix socket.
	SocketDir string
	// DataDir is the cluster's data folder; LogFile is the server log.
	DataDir, LogFile string
	// User, Password and Database are the credentials and database name.
	User, Password, Database string
	// Major is the PostgreSQL major version of the cluster.
	Major int
	// Started is true when this call started the server, false when it was already running.
	Started bool
}

// PsqlCommand returns a shell command that opens psql on the database.
func (i *Info) PsqlCommand() string { return "psql '" + i.URL + "'" }

// Config locates a project's development database.
type Config struct {
	// ProjectDir is the project folder; "" means the current folder.
	ProjectDir string
	// Log receives one-line progress messages (initialising, starting, waiting for another
	// process); nil discards them.
	Log io.Writer
	// SearchPath lists the folders searched for the server binaries; nil means
	// pgserver.DefaultSearchPath (PATH, then the usual install locations, newest first).
	SearchPath []string
}

// Ensure starts the project's development database, or reuses it if it is already running, makes
// sure the database exists and is migrated, and says how to reach it. log may be nil.
func Ensure(ctx context.Context, projectDir string, log io.Writer) (*Info, error) {
	return Config{ProjectDir: projectDir, Log: log}.Ensure(ctx)
}

// Stop stops the project's development database if it is running.
func Stop(ctx context.Context, projectDir string) error {
	return Config{ProjectDir: projectDir}.Stop(ctx)
}

// URL returns RHYTHM_DATABASE_URL when it is set (untouched: migrating it is the caller's choice),
// and otherwise the URL of the project's development database, started and migrated by [Ensure].
func URL(ctx context.Context, projectDir string, log io.Writer) (string, error) {
	if u := os.Getenv(EnvURL); u != "" {
		return u, nil
	}
	info, err := Ensure(ctx, projectDir, log)
	if err != nil {
		return "", err
	}
	return info.URL, nil
}

func (c Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

func (c Config) searchPath() []string {
	if c.SearchPath != nil {
		return c.SearchPath
	}
	return pgserver.DefaultSearchPath()
}

// Ensure is [Ensure] with this configuration. Concurrent calls, in one process or many, are
// serialised by a lock file, so only one of them initialises or starts the cluster.
func (c Config) Ensure(ctx context.Context) (*Info, error) {
	p, err := c.open(ctx)
	if err != nil {
		return nil, err
	}
	defer p.unlock()

	if pf, err := pgserver.ReadPIDFile(p.dataDir); err == nil && pf.Alive() && pf.Ready() {
		socketDir := pf.SocketDir
		if socketDir == "" {
			socketDir = p.socketDir
		}
		info := p.info(pf.Port, socketDir)
		err := c.prepare(ctx, info, p.newSecret)
		if err == nil {
			if p.st.Port != pf.Port || p.newSecret {
				p.st.Port = pf.Port
				if err := p.save(); err != nil {
					return nil, err
				}
			}
			return info, nil
		}
		c.logf("rhythm: the development database (pid %d) does not answer (%v); restarting it", pf.PID, err)
		cl, err := p.cluster(ctx, c.searchPath())
		if err != nil {
			return nil, err
		}
		if err := cl.Stop(ctx); err != nil {
			return nil, fmt.Errorf("restart development database: %w", err)
		}
	}

	cl, err := p.cluster(ctx, c.searchPath())
	if err != nil {
		return nil, err
	}
	if !cl.Initialized() {
		c.logf("rhythm: creating a private PostgreSQL %s cluster in %s", cl.Bin.Version, p.dataDir)
		err := cl.Init(ctx, pgserver.InitOptions{
			SuperUser: Name,
			AuthLocal: "trust",
			AuthHost:  "scram-sha-256",
			Settings: []pgserver.Setting{
				{Name: "fsync", Value: "off"}, // development data: see the package comment
				{Name: "full_page_writes", Value: "off"},
			},
		})
		if err != nil {
			return nil, fmt.Errorf("initialise development database: %w", err)
		}
	}
	if err := p.acct.MkdirPrivate(p.socketDir); err != nil {
		return nil, err
	}
	port, err := p.st.Port, error(nil)
	for attempt := 0; ; attempt++ {
		if port == 0 || !portFree(port) {
			if port, err = freePort(); err != nil {
				return nil, err
			}
		}
		err = cl.Start(ctx, pgserver.StartOptions{
			Port:            port,
			SocketDir:       p.socketDir,
			ListenAddresses: "127.0.0.1",
			LogFile:         p.logFile(),
		})
		// Another program may take the port between the check and the server's bind: try another.
		if err == nil || attempt == 2 || portFree(port) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("start development database: %w", err)
	}
	p.st.Port = port
	if err := p.save(); err != nil {
		return nil, err
	}
	info := p.info(port, p.socketDir)
	info.Started = true
	if err := c.prepare(ctx, info, true); err != nil {
		return nil, err
	}
	c.logf("rhythm: PostgreSQL %s is running for this project: %s", cl.Bin.Version, info.URL)
	return info, nil
}

// prepare makes sure the database exists, the superuser's TCP password is set, and the schema is
// migrated.
func (c Config) prepare(ctx context.Context, info *Info, setPassword bool) error {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, info.URL)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "3D000" { // invalid_catalog_name: no such database
		if err := createDatabase(cctx, info); err != nil {
			return err
		}
		conn, err = pgx.Connect(cctx, info.URL)
	}
	if err != nil {
		return fmt.Errorf("connect to development database: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if setPassword {
		// The password is hex digits generated by this package: safe to embed in the statement.
		if _, err := conn.Exec(ctx, "ALTER ROLE "+Name+" PASSWORD '"+info.Password+"'"); err != nil {
			return fmt.Errorf("set development database password: %w", err)
		}
	}
	if err := migrations.Migrate(ctx, conn); err != nil {
		return fmt.Errorf("development database: %w", err)
	}
	return nil
}

// createDatabase creates the database through the maintenance database.
func createDatabase(ctx context.Context, info *Info) error {
	admin, err := pgx.Connect(ctx, info.urlFor("postgres"))
	if err != nil {
		return fmt.Errorf("connect to development database: %w", err)
	}
	defer admin.Close(context.WithoutCancel(ctx))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+Name); err != nil {
		return fmt.Errorf("create database %s: %w", Name, err)
	}
	return nil
}

// urlFor returns the socket URL of another database on the same server.
func (i *Info) urlFor(db string) string { return socketURL(i.User, i.SocketDir, i.Port, db) }

// Stop is [Stop] with this configuration.
func (c Config) Stop(ctx context.Context) error {
	p, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer p.unlock()
	return c.stop(ctx, p)
}

func (c Config) stop(ctx context.Context, p *project) error {
	if _, err := pgserver.ReadPIDFile(p.dataDir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	cl, err := p.cluster(ctx, c.searchPath())
	if err != nil {
		return err
	}
	if err := cl.Stop(ctx); err != nil {
		return fmt.Errorf("stop development database: %w", err)
	}
	c.logf("rhythm: stopped the development database")
	return nil
}

// Destroy stops the project's development database and deletes its data, socket folder and
// bookkeeping: the next [Ensure] starts from an empty cluster.
func Destroy(ctx context.Context, projectDir string) error {
	return Config{ProjectDir: projectDir}.Destroy(ctx)
}

// Destroy is [Destroy] with this configuration.
func (c Config) Destroy(ctx context.Context) error {
	p, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer p.unlock()
	if err := c.stop(ctx, p); err != nil {
		return err
	}
	for _, dir := range []string{p.dataDir, p.socketDir, filepath.Join(p.rhythmDir, stateFile)} {
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("remove development database: %w", err)
		}
	}
	if p.outside { // the per-project folder under /var/tmp
		if err := os.Remove(filepath.Dir(p.dataDir)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove development database: %w", err)
		}
	}
	c.logf("rhythm: deleted the development database")
	return nil
}

// Status reports where the project's development database is and whether it is running, without
// starting it. The URLs are meaningful only when running is true.
func Status(ctx context.Context, projectDir string) (info *Info, running bool, err error) {
	return Config{ProjectDir: projectDir}.Status(ctx)
}

// Status is [Status] with this configuration.
func (c Config) Status(ctx context.Context) (*Info, bool, error) {
	p, err := c.locate()
	if err != nil {
		return nil, false, err
	}
	if err := p.load(); err != nil {
		return nil, false, err
	}
	pf, err := pgserver.ReadPIDFile(p.dataDir)
	if err != nil || !pf.Alive() {
		return p.info(p.st.Port, p.socketDir), false, nil
	}
	return p.info(pf.Port, p.socketDir), pf.Ready(), nil
}
