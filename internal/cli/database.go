package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/rhythmflow/rhythm/internal/devdb"
	"github.com/spf13/cobra"
)

// dbFlags holds the database flag every database command takes.
type dbFlags struct {
	url string
}

func (f *dbFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.url, "database-url", "", "PostgreSQL URL (default: $RHYTHM_DATABASE_URL, else the project's development database)")
}

// resolve returns the database URL to use: the flag, then RHYTHM_DATABASE_URL, then the
// project's development database (started if needed; progress goes to log).
func (f *dbFlags) resolve(ctx context.Context, log io.Writer) (string, error) {
	if f.url != "" {
		return f.url, nil
	}
	if u := os.Getenv(devdb.EnvURL); u != "" {
		return u, nil
	}
	dir, err := devdb.FindProject()
	if err != nil {
		return "", err
	}
	info, err := devdb.Ensure(ctx, dir, log)
	if err != nil {
		return "", fmt.Errorf("development database: %w", err)
	}
	return info.URL, nil
}

// connect opens one connection to the resolved database.
func (f *dbFlags) connect(ctx context.Context, log io.Writer) (*pgx.Conn, error) {
	url, err := f.resolve(ctx, log)
	if err != nil {
		return nil, err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("cannot connect to the database: %w", err)
	}
	return conn, nil
}
