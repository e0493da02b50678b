package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Clock is the store's source of time. Tests inject a fake to skip time.
type Clock interface {
	Now() time.Time
}

// SystemClock reads the real time.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// DBTX is what the store runs statements on: a pool, a connection, or a transaction (pgx.Tx),
// which lets callers enqueue work atomically with their own writes.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Notification channels. QueueChannel's payload is a queue name with new due work; DoneChannel's
// payload is the id of an execution that reached a final status.
const (
	QueueChannel = "rhythm_queue"
	DoneChannel  = "rhythm_done"
)

// ErrNotFound reports a missing execution, definition or workflow.
var ErrNotFound = errors.New("not found")

// Store runs the engine's SQL on a pool.
type Store struct {
	pool  *pgxpool.Pool
	clock Clock
	notes *notifier
}

// Options configures a Store.
type Options struct {
	// Clock supplies every time the store writes; nil means SystemClock.
	Clock Clock
}

// New returns a Store on pool. The pool's database must be migrated (migrations.Migrate).
func New(pool *pgxpool.Pool, opts Options) *Store {
	if opts.Clock == nil {
		opts.Clock = SystemClock{}
	}
	s := &Store{pool: pool, clock: opts.Clock}
	s.notes = newNotifier(s)
	return s
}

// Pool returns the store's pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Now returns the store clock's current time, truncated to PostgreSQL's microsecond precision so
// that times read back compare equal.
func (s *Store) Now() time.Time { return s.clock.Now().Truncate(time.Microsecond) }

// db returns tx when given, else the pool.
func (s *Store) db(tx DBTX) DBTX {
	if tx != nil {
		return tx
	}
	return s.pool
}
