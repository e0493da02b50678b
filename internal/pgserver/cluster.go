package pgserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Cluster is one PostgreSQL data folder served by one installation, run as one account.
type Cluster struct {
	// Bin is the installation whose programs serve the cluster.
	Bin *Binaries
	// DataDir is the absolute path of the data folder.
	DataDir string
	// Account runs the server programs and owns DataDir.
	Account *Account
}

// Setting is one postgresql.conf parameter.
type Setting struct{ Name, Value string }

// InitOptions configures [Cluster.Init].
type InitOptions struct {
	// SuperUser is the name of the bootstrap superuser (initdb -U).
	SuperUser string
	// AuthLocal and AuthHost are the authentication methods for unix-socket and TCP connections
	// (initdb --auth-local / --auth-host), e.g. "trust" or "scram-sha-256".
	AuthLocal, AuthHost string
	// Settings are appended to postgresql.conf, in order (later ones win).
	Settings []Setting
}

// StartOptions says where a starting server listens.
type StartOptions struct {
	// Port is the TCP port and the number in the unix socket's name.
	Port int
	// SocketDir is the folder for the unix socket; it must exist and be writable by the account.
	SocketDir string
	// ListenAddresses is the listen_addresses value: "" for unix socket only, "127.0.0.1" for
	// loopback TCP as well.
	ListenAddresses string
	// LogFile receives the server's log. For [Cluster.Start] it is written by the account and so
	// must be in a folder the account can write; [Cluster.StartChild] opens it as the caller.
	LogFile string
}

// Initialized reports whether the data folder holds a cluster (has PG_VERSION).
func (c *Cluster) Initialized() bool {
	_, err := os.Stat(filepath.Join(c.DataDir, "PG_VERSION"))
	return err == nil
}

// DataMajor returns the major version recorded in the data folder's PG_VERSION (0 when the folder
// holds no cluster).
func DataMajor(dataDir string) int {
	b, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION"))
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// Init creates the cluster with initdb: UTF-8, C locale (fast, and the same on every machine), no
// fsync during initialisation. DataDir is created (mode 0700, owned by the account) if missing and
// must be empty.
func (c *Cluster) Init(ctx context.Context, opts InitOptions) error {
	if err := c.Account.MkdirPrivate(c.DataDir); err != nil {
		return err
	}
	args := []string{"-D", c.DataDir, "--encoding=UTF8", "--locale=C", "--no-sync"}
	if opts.SuperUser != "" {
		args = append(args, "--username="+opts.SuperUser)
	}
	if opts.AuthLocal != "" {
		args = append(args, "--auth-local="+opts.AuthLocal)
	}
	if opts.AuthHost != "" {
		args = append(args, "--auth-host="+opts.AuthHost)
	}
	if err := c.run(ctx, "initdb", args...); err != nil {
		return err
	}
	if len(opts.Settings) == 0 {
		return nil
	}
	var conf bytes.Buffer
	conf.WriteString("\n# Added by Rhythm.\n")
	for _, s := range opts.Settings {
		fmt.Fprintf(&conf, "%s = '%s'\n", s.Name, strings.ReplaceAll(s.Value, "'", "''"))
	}
	f, err := os.OpenFile(filepath.Join(c.DataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("configure cluster: %w", err)
	}
	if _, err := f.Write(conf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("configure cluster: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("configure cluster: %w", err)
	}
	return nil
}

// serverArgs are the postgres command-line options that place the server's listeners.
func serverArgs(opts StartOptions) []string {
	return []string{
		"-p", strconv.Itoa(opts.Port),
		"-c", "unix_socket_directories=" + opts.SocketDir,
		"-c", "listen_addresses=" + opts.ListenAddresses,
	}
}

// shellQuote quotes s for the POSIX shell that pg_ctl hands its -o options to.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Start starts the server as a daemon with pg_ctl and waits until it accepts connections. The
// server outlives the calling process; stop it with [Cluster.Stop].
func (c *Cluster) Start(ctx context.Context, opts StartOptions) error {
	var o []string
	for _, a := range serverArgs(opts) {
		o = append(o, shellQuote(a))
	}
	args := []string{"start", "-D", c.DataDir, "-w", "-t", "60", "-s", "-o", strings.Join(o, " ")}
	if opts.LogFile != "" {
		args = append(args, "-l", opts.LogFile)
	}
	if err := c.run(ctx, "pg_ctl", args...); err != nil {
		return fmt.Errorf("%w%s", err, logTail(opts.LogFile))
	}
	return nil
}

// Stop stops a server started by [Cluster.Start] (fast shutdown: open sessions are ended, the
// data is left consistent) and waits until it is gone. A cluster that is not running is not an
// error.
func (c *Cluster) Stop(ctx context.Context) error {
	if _, err := ReadPIDFile(c.DataDir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return c.run(ctx, "pg_ctl", "stop", "-D", c.DataDir, "-m", "fast", "-w", "-t", "60", "-s")
}

// run runs one of the installation's programs as the account and returns its output in the error
// when it fails.
func (c *Cluster) run(ctx context.Context, program string, args ...string) error {
	cmd := c.Account.Command(ctx, c.Bin.Path(program), args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(out.String())
		if msg != "" {
			return fmt.Errorf("%s %s: %w: %s", program, args[0], err, msg)
		}
		return fmt.Errorf("%s %s: %w", program, args[0], err)
	}
	return nil
}

// logTail returns the last lines of a server log, formatted to follow an error message, or "".
func logTail(path string) string {
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 10 {
		lines = lines[len(lines)-10:]
	}
	return "\nserver log " + path + ":\n" + strings.Join(lines, "\n")
}
