// Package demo holds what the runnable examples share: connecting to the database (the
// zero-configuration development database when RHYTHM_DATABASE_URL is not set), registering
// embedded workflow sources, and printing the tree of executions a workflow produced.
package demo

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/internal/devdb"
	"github.com/rhythmflow/rhythm/migrations"
	"github.com/rhythmflow/rhythm/worker"
)

// URL returns the database the examples use: RHYTHM_DATABASE_URL when set, else the project's
// development database, started (or reused) under .rhythm/ in the nearest folder holding a go.mod.
// Progress messages of the development database go to log.
func URL(ctx context.Context, log io.Writer) (string, error) {
	dir, err := devdb.FindProject()
	if err != nil {
		return "", err
	}
	u, err := devdb.URL(ctx, dir, log)
	if err != nil {
		return "", fmt.Errorf("database: %w", err)
	}
	return u, nil
}

// MaxConns is the size of the examples' connection pools: room for a worker's claims,
// completions, heartbeats and activation batches running at once beside the clients.
const MaxConns = 32

// Open connects a pool of MaxConns connections to url and applies Rhythm's migrations (a no-op
// when up to date).
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	cfg.MaxConns = MaxConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	defer conn.Release()
	if err := migrations.Migrate(ctx, conn.Conn()); err != nil {
		pool.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return pool, nil
}

// RegisterFlows registers every .flow file at the top of fsys as a workflow named after the file
// (checked first, as worker.RegisterWorkflows does).
func RegisterFlows(ctx context.Context, w *worker.Worker, fsys fs.FS) error {
	names, err := fs.Glob(fsys, "*.flow")
	if err != nil {
		return fmt.Errorf("workflows: %w", err)
	}
	if len(names) == 0 {
		return fmt.Errorf("workflows: no .flow files")
	}
	for _, n := range names {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			return fmt.Errorf("workflows: %w", err)
		}
		if err := w.RegisterWorkflow(ctx, strings.TrimSuffix(n, ".flow"), n, src); err != nil {
			return err
		}
	}
	return nil
}

// Logger is the examples' logger: text on stderr, warnings and errors only unless
// RHYTHM_LOG=debug or RHYTHM_LOG=info.
func Logger() *slog.Logger { return LoggerAt(slog.LevelWarn) }

// LoggerAt is Logger with level as the default level.
func LoggerAt(level slog.Level) *slog.Logger {
	switch strings.ToLower(os.Getenv("RHYTHM_LOG")) {
	case "debug":
		level = slog.LevelDebug
	case "info":
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// PrintTree prints the execution id and, indented below it, every execution it started, oldest
// first: kind, name, status and how long it ran.
func PrintTree(ctx context.Context, c *client.Client, w io.Writer, id string) error {
	return printTree(ctx, c, w, id, 0)
}

func printTree(ctx context.Context, c *client.Client, w io.Writer, id string, depth int) error {
	x, err := c.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("tree of %s: %w", id, err)
	}
	fmt.Fprintf(w, "%s%s\n", strings.Repeat("  ", depth), Line(x))
	kids := x.Children
	sort.SliceStable(kids, func(i, j int) bool { return kids[i].CreatedAt.Before(kids[j].CreatedAt) })
	for _, k := range kids {
		if k.Kind == "workflow" {
			if err := printTree(ctx, c, w, k.ID, depth+1); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(w, "%s%s\n", strings.Repeat("  ", depth+1), Line(&k))
	}
	return nil
}

// Line describes one execution on one line: "task send_email completed in 12ms (id)".
func Line(x *client.Execution) string {
	s := fmt.Sprintf("%s %s %s", x.Kind, x.Name, x.Status)
	if !x.StartedAt.IsZero() && !x.FinishedAt.IsZero() {
		s += " in " + Round(x.FinishedAt.Sub(x.StartedAt)).String()
	}
	if x.Attempt > 1 {
		s += fmt.Sprintf(" after %d attempts", x.Attempt)
	}
	return s + " (" + x.ID + ")"
}

// Round shortens a duration for display.
func Round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
