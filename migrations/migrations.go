// Package migrations holds Rhythm's database schema as numbered, forward-only SQL files, embedded in
// the binary, and applies them with tern.
//
// Files are named NNN_description.sql and numbered from 1 without gaps. A released file is never
// edited: a change is a new file. All objects live in the schema "rhythm"; the applied version is
// recorded in rhythm.schema_version. Migrations are serialised with an advisory lock, so any number
// of workers may call [Migrate] at start-up.
package migrations

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/tern/v2/migrate"
)

// FS holds the migration files, at its root.
//
//go:embed *.sql
var FS embed.FS

// VersionTable is the table in which the applied schema version is recorded.
const VersionTable = "rhythm.schema_version"

// lockKey is the advisory-lock key that serialises Migrate calls (hash of "rhythm.migrations").
const lockKey int64 = 0x72687974686d6d67

// Migrate applies every migration that the database has not applied yet, in order, each in its own
// transaction. It is a no-op on an up-to-date database, and fails (applying nothing more) when the
// database records a version newer than this binary knows: an older release must not run against
// a newer schema.
func Migrate(ctx context.Context, conn *pgx.Conn) (err error) {
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer func() {
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey); uerr != nil && err == nil {
			err = fmt.Errorf("migrate: unlock: %w", uerr)
		}
	}()
	st, err := Status(ctx, conn)
	if err != nil {
		return err
	}
	if st.Current > st.Latest {
		return fmt.Errorf("migrate: the database schema is at version %d, newer than this release knows (%d): upgrade Rhythm", st.Current, st.Latest)
	}
	if st.Current == st.Latest {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS rhythm"); err != nil {
		return fmt.Errorf("migrate: create schema: %w", err)
	}
	m, err := migrate.NewMigrator(ctx, conn, VersionTable)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := m.LoadMigrations(FS); err != nil {
		return fmt.Errorf("migrate: load: %w", err)
	}
	// A migration that alters tables in use can deadlock with the application's statements (or
	// time out on a lock); it rolled back whole, so it is tried again after a pause.
	for attempt := 1; ; attempt++ {
		err := m.Migrate(ctx)
		if err == nil {
			return nil
		}
		var pgErr *pgconn.PgError
		if attempt == maxAttempts || !errors.As(err, &pgErr) || !retryable[pgErr.Code] {
			return fmt.Errorf("migrate: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate: %w", err)
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
}

// maxAttempts is how many times Migrate tries a migration that failed on a lock conflict.
const maxAttempts = 5

// retryable are the SQLSTATE codes of lock conflicts: deadlock, lock not available,
// serialization failure.
var retryable = map[string]bool{"40P01": true, "55P03": true, "40001": true}

// State describes a database's schema version relative to this binary's migrations.
type State struct {
	// Current is the version the database records (0 for a database never migrated).
	Current int
	// Latest is the number of the last migration this binary holds.
	Latest int
	// Pending names the migration files not yet applied, in order.
	Pending []string
}

// UpToDate reports whether every migration has been applied.
func (s State) UpToDate() bool { return s.Current == s.Latest }

// Status reads the database's schema version without changing anything.
func Status(ctx context.Context, conn *pgx.Conn) (State, error) {
	names, err := Names()
	if err != nil {
		return State{}, err
	}
	st := State{Latest: len(names)}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", VersionTable).Scan(&exists); err != nil {
		return State{}, fmt.Errorf("migration status: %w", err)
	}
	if exists {
		if err := conn.QueryRow(ctx, "SELECT version FROM "+VersionTable).Scan(&st.Current); err != nil {
			return State{}, fmt.Errorf("migration status: %w", err)
		}
	}
	if st.Current < st.Latest {
		st.Pending = names[st.Current:]
	}
	return st, nil
}

// Names returns the migration file names in order.
func Names() ([]string, error) {
	names, err := migrate.FindMigrations(FS)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return names, nil
}

// Fingerprint returns a hex SHA-256 over every migration's name and content: equal fingerprints
// mean identical schemas. Test harnesses key cached template databases by it.
func Fingerprint() string {
	h := sha256.New()
	names, _ := Names()
	for _, n := range names {
		b, _ := fs.ReadFile(FS, n)
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}
