package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/spf13/cobra"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/migrations"
)

// session is an open, migrated database for the commands that operate on executions.
type session struct {
	url    string
	pool   *pgxpool.Pool
	client *client.Client
	store  *store.Store
}

// open connects to the database the flags resolve to (progress of the development database goes
// to log) and checks that its schema is up to date. Its errors are ready for exitCode.
func (f *dbFlags) open(ctx context.Context, log io.Writer) (*session, error) {
	url, err := f.resolve(ctx, log)
	if err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("cannot connect to the database: %w", err)
	}
	// The in-process worker of `rhythm run`, its watcher and waits (each holding a connection)
	// share the pool.
	cfg.MaxConns = max(cfg.MaxConns, 16)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("cannot connect to the database: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot connect to the database: %w", err)
	}
	st, err := migrations.Status(ctx, conn.Conn())
	conn.Release()
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot read the schema version: %w", err)
	}
	if !st.UpToDate() {
		pool.Close()
		return nil, fmt.Errorf("the database schema is at version %d of %d: run `rhythm migrate` first", st.Current, st.Latest)
	}
	return &session{url: url, pool: pool, client: client.New(pool), store: store.New(pool, store.Options{})}, nil
}

func (s *session) close() { s.pool.Close() }

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// checkID refuses what cannot be an execution id.
func checkID(id string) error {
	if !uuidRE.MatchString(id) {
		return exitCode(2, fmt.Sprintf("%q is not an execution id (a UUID such as 01a2171d-88a4-7a19-9a54-7116acec50b2)", id))
	}
	return nil
}

// opError turns an operation's error into a one-line failure with exit code 1.
func opError(id string, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound) && id != "":
		return exitCode(1, fmt.Sprintf("no execution with id %s", id))
	case errors.Is(err, store.ErrFinished) && id != "":
		return exitCode(1, fmt.Sprintf("execution %s has already finished", id))
	}
	return exitCode(1, err.Error())
}

// withSession opens the command's database session (the development database's progress goes
// to the command's stderr), runs fn with it and closes it. Failing to open is a one-line error
// with exit status 1.
func (f *dbFlags) withSession(cmd *cobra.Command, fn func(ctx context.Context, s *session) error) error {
	ctx := cmd.Context()
	s, err := f.open(ctx, cmd.ErrOrStderr())
	if err != nil {
		return exitCode(1, err.Error())
	}
	defer s.close()
	return fn(ctx, s)
}
