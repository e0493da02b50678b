package client

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/internal/devdb"
)

// DefaultMaxConns is the pool size Connect chooses when the URL does not set pool_max_conns:
// a busy worker holds one connection per running activation, plus its claims, completions,
// heartbeats and notifications.
const DefaultMaxConns = 16

// Connect opens a pool on Rhythm's database with no configuration needed: RHYTHM_DATABASE_URL
// when it is set, otherwise the project's zero-configuration development database (a private
// PostgreSQL started, or reused, from the locally installed server binaries, data under
// .rhythm/ in the project folder — the nearest ancestor of the working directory with a
// .rhythm folder, a go.mod or a .git — and migrated). Progress and how to reach the database
// are written to log (nil: nowhere). A RHYTHM_DATABASE_URL database is not migrated here: use
// worker.Config.AutoMigrate or `rhythm migrate`.
func Connect(ctx context.Context, log io.Writer) (*pgxpool.Pool, error) {
	url := os.Getenv(devdb.EnvURL)
	if url == "" {
		dir, err := devdb.FindProject()
		if err != nil {
			return nil, err
		}
		info, err := devdb.Ensure(ctx, dir, log)
		if err != nil {
			return nil, fmt.Errorf("development database: %w (or set %s to a PostgreSQL URL)", err, devdb.EnvURL)
		}
		url = info.URL
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") && cfg.MaxConns < DefaultMaxConns {
		cfg.MaxConns = DefaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("cannot connect to the database: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot connect to the database: %w", err)
	}
	return pool, nil
}
