// Package pgtest gives tests their own PostgreSQL database, migrated to Rhythm's schema.
//
// If RHYTHM_TEST_DATABASE_URL is set, databases are created on that server (its user needs the
// CREATEDB privilege; PostgreSQL 13 or newer). Otherwise the first test that asks starts ONE
// throwaway cluster for the whole test binary from the locally installed server binaries: initdb
// (as the "postgres" account when running as root) into a fresh folder under the temporary
// directory, fsync off, listening only on a unix socket in that folder. The cluster is shut down and
// its folder removed when the test binary ends, which is why a package using pgtest must call
// [Main] from its TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// Rhythm's migrations are applied once, to a template database; each test then gets a database
// copied from it (CREATE DATABASE ... TEMPLATE, about a tenth of a second), dropped when the test
// ends. Tests are therefore isolated from each other and safe to run with t.Parallel().
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/internal/pgserver"
	"github.com/rhythmflow/rhythm/migrations"
)

// EnvURL names the environment variable that points the tests at an existing server.
const EnvURL = "RHYTHM_TEST_DATABASE_URL"

var (
	mainCalled atomic.Bool
	counter    atomic.Int64
	runID      = randomHex(3) // distinguishes this binary's databases on a shared server

	serverOnce sync.Once
	server     *cluster
	serverErr  error

	templateOnce sync.Once
	templateName string
	templateErr  error
)

// cluster is the server the test databases live on.
type cluster struct {
	adminURL string          // connection to the maintenance database
	admin    *pgxpool.Pool   // runs CREATE / DROP DATABASE
	child    *pgserver.Child // nil when using RHYTHM_TEST_DATABASE_URL
	dir      string          // throwaway cluster's folder, removed at exit
}

// Main runs the tests and then shuts down the throwaway cluster, if one was started. Call it from
// TestMain in every package that uses pgtest.
func Main(m *testing.M) {
	mainCalled.Store(true)
	code := m.Run()
	if err := shutdown(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// URL creates a new database holding Rhythm's migrated schema and returns its connection URL. The
// database is dropped (closing any connections still open on it) when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	c := mustServer(t)
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(c) })
	if templateErr != nil {
		t.Fatalf("pgtest: %v", templateErr)
	}
	return newDatabase(t, c, templateName)
}

// EmptyURL creates a new empty database (no Rhythm schema), dropped when the test ends, and returns
// its connection URL. Migration tests start from it.
func EmptyURL(t testing.TB) string {
	t.Helper()
	return newDatabase(t, mustServer(t), "template0")
}

// DB returns a connection pool on a new migrated database (see [URL]); the pool is closed and the
// database dropped when the test ends.
func DB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return Pool(t, URL(t), 0)
}

// Pool opens a pool of at most maxConns connections (0: pgx's default) on url, a database from
// URL or EmptyURL, closed when the test ends.
func Pool(t testing.TB, url string, maxConns int32) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func mustServer(t testing.TB) *cluster {
	t.Helper()
	if !mainCalled.Load() {
		t.Fatal("pgtest: the package's TestMain must call pgtest.Main(m), which stops the test cluster at exit")
	}
	serverOnce.Do(func() { server, serverErr = startServer() })
	if serverErr != nil {
		t.Fatalf("pgtest: %v", serverErr)
	}
	return server
}

func newDatabase(t testing.TB, c *cluster, template string) string {
	t.Helper()
	name := fmt.Sprintf("rhythm_test_%s_%d_%d", runID, os.Getpid(), counter.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.admin.Exec(ctx, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(template)); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := c.admin.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	u, err := WithDatabase(c.adminURL, name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return u
}

// ensureTemplate creates, once per schema fingerprint and server, a migrated database to copy. It is
// built under another name and renamed when complete, under an advisory lock, so concurrent test
// binaries sharing a server neither race nor ever copy a half-migrated template.
func ensureTemplate(c *cluster) (string, error) {
	name := "rhythm_template_" + migrations.Fingerprint()[:16]
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := c.admin.Acquire(ctx)
	if err != nil {
		return "", fmt.Errorf("template: %w", err)
	}
	defer conn.Release()
	const lockKey = 0x72687974686d7470
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(lockKey)); err != nil {
		return "", fmt.Errorf("template: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(lockKey))
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", fmt.Errorf("template: %w", err)
	}
	if exists {
		return name, nil
	}
	build := name + "_build"
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(build)+" WITH (FORCE)"); err != nil {
		return "", fmt.Errorf("template: %w", err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident(build)+" TEMPLATE template0"); err != nil {
		return "", fmt.Errorf("template: %w", err)
	}
	buildURL, err := WithDatabase(c.adminURL, build)
	if err != nil {
		return "", err
	}
	mc, err := pgx.Connect(ctx, buildURL)
	if err != nil {
		return "", fmt.Errorf("template: %w", err)
	}
	err = migrations.Migrate(ctx, mc)
	mc.Close(context.WithoutCancel(ctx))
	if err != nil {
		return "", fmt.Errorf("template: %w", err)
	}
	for _, q := range []string{
		"ALTER DATABASE " + ident(build) + " RENAME TO " + ident(name),
		// Nobody may connect to the template: a connection would make copying it fail.
		"ALTER DATABASE " + ident(name) + " WITH ALLOW_CONNECTIONS false",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return "", fmt.Errorf("template: %w", err)
		}
	}
	return name, nil
}

// startServer connects to RHYTHM_TEST_DATABASE_URL or starts the throwaway cluster.
func startServer() (*cluster, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c := &cluster{adminURL: os.Getenv(EnvURL)}
	if c.adminURL == "" {
		if err := c.startThrowaway(ctx); err != nil {
			return nil, fmt.Errorf("%w (or set %s to a server where the tests may create databases)", err, EnvURL)
		}
	}
	cfg, err := pgxpool.ParseConfig(c.adminURL)
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("parse %s: %w", EnvURL, err)
	}
	cfg.MaxConns = 4
	if c.admin, err = pgxpool.NewWithConfig(ctx, cfg); err == nil {
		err = c.admin.Ping(ctx)
	}
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("connect to test server: %w", err)
	}
	return c, nil
}

func (c *cluster) startThrowaway(ctx context.Context) error {
	acct, err := pgserver.ServerAccount()
	if err != nil {
		return err
	}
	bin, err := pgserver.FindBinaries(ctx, pgserver.DefaultSearchPath(), 0)
	if err != nil {
		return err
	}
	base := os.TempDir()
	if !acct.CanReach(base) {
		base = "/tmp" // e.g. TMPDIR under /root while the server runs as "postgres"
	}
	sweepStale(base)
	if c.dir, err = os.MkdirTemp(base, "rhythm-pgtest-"); err != nil {
		return fmt.Errorf("create cluster folder: %w", err)
	}
	if err := acct.MkdirPrivate(c.dir); err != nil {
		c.stop()
		return err
	}
	pc := &pgserver.Cluster{Bin: bin, DataDir: filepath.Join(c.dir, "data"), Account: acct}
	err = pc.InitCached(ctx, pgserver.InitOptions{
		SuperUser: "rhythm",
		AuthLocal: "trust",
		AuthHost:  "reject",
		Settings: []pgserver.Setting{
			// Throwaway data: durability buys nothing.
			{Name: "fsync", Value: "off"},
			{Name: "synchronous_commit", Value: "off"},
			{Name: "full_page_writes", Value: "off"},
			// Parallel tests each hold a pool.
			{Name: "max_connections", Value: "300"},
			{Name: "shared_buffers", Value: "64MB"},
		},
	}, filepath.Join(base, fmt.Sprintf("rhythm-pgtest-cache-%d", os.Geteuid())))
	if err != nil {
		c.stop()
		return err
	}
	const port = 5432 // only names the socket: the cluster listens on no TCP address
	c.child, err = pc.StartChild(ctx, pgserver.StartOptions{
		Port:      port,
		SocketDir: c.dir,
		LogFile:   filepath.Join(c.dir, "server.log"),
	})
	if err != nil {
		c.stop()
		return err
	}
	c.adminURL = SocketURL("rhythm", c.dir, port, "postgres")
	return nil
}

// sweepStale removes cluster folders left in base by test binaries that were killed before they
// could clean up (their server died with them): folders of this package's naming, untouched for
// ten minutes, whose server is not running.
func sweepStale(base string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, "rhythm-pgtest-") || strings.HasPrefix(name, "rhythm-pgtest-cache-") {
			continue
		}
		dir := filepath.Join(base, name)
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < 10*time.Minute {
			continue
		}
		if pf, err := pgserver.ReadPIDFile(filepath.Join(dir, "data")); err == nil && pf.Alive() {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}

// stop shuts the throwaway cluster down and removes its folder.
func (c *cluster) stop() error {
	if c.admin != nil {
		c.admin.Close()
	}
	var err error
	if c.child != nil {
		err = c.child.Stop()
	}
	if c.dir != "" {
		if rerr := os.RemoveAll(c.dir); rerr != nil && err == nil {
			err = rerr
		}
	}
	return err
}

func shutdown() error {
	if server == nil {
		return nil
	}
	return server.stop()
}

// SocketURL returns the URL of database db on a server listening on a unix socket in socketDir.
func SocketURL(user, socketDir string, port int, db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(user),
		Host:     fmt.Sprintf("localhost:%d", port),
		Path:     "/" + db,
		RawQuery: url.Values{"host": {socketDir}}.Encode(),
	}
	return u.String()
}

// WithDatabase returns connStr (a postgres:// URL or a keyword/value string) with its database
// replaced by db.
func WithDatabase(connStr, db string) (string, error) {
	if strings.HasPrefix(connStr, "postgres://") || strings.HasPrefix(connStr, "postgresql://") {
		u, err := url.Parse(connStr)
		if err != nil {
			return "", fmt.Errorf("parse database URL: %w", err)
		}
		u.Path = "/" + db
		u.RawPath = ""
		return u.String(), nil
	}
	return connStr + " dbname=" + db, nil
}

// ident quotes a SQL identifier.
func ident(s string) string { return pgx.Identifier{s}.Sanitize() }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
