package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Definition is one immutable version of a workflow's source.
type Definition struct {
	Name string
	// Version is the lowercase hex SHA-256 of Source.
	Version  string
	Source   string
	Filename string
	// Current is true when this version is the one new executions of Name start on.
	Current   bool
	CreatedAt time.Time
}

// Version returns the version of a workflow source: its lowercase hex SHA-256.
func Version(source string) string {
	sum := sha256.Sum256([]byte(source))
	return hex.EncodeToString(sum[:])
}

// RegisterDefinition records source as a version of workflow name (a no-op for the row if that
// exact source is already registered) and makes it the current version. created reports whether
// the version is new. The caller is responsible for checking the source first.
func (s *Store) RegisterDefinition(ctx context.Context, name, filename, source string) (d Definition, created bool, err error) {
	now := s.Now()
	d = Definition{Name: name, Version: Version(source), Source: source, Filename: filename, Current: true, CreatedAt: now}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO rhythm.workflow_definitions (name, version, source, filename, created_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (name, version) DO NOTHING`, name, d.Version, source, filename, now)
		if err != nil {
			return err
		}
		created = tag.RowsAffected() == 1
		if !created {
			if err := tx.QueryRow(ctx, `SELECT filename, created_at FROM rhythm.workflow_definitions WHERE name = $1 AND version = $2`,
				name, d.Version).Scan(&d.Filename, &d.CreatedAt); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO rhythm.workflows (name, current_version, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET current_version = excluded.current_version, updated_at = excluded.updated_at
			WHERE rhythm.workflows.current_version <> excluded.current_version`, name, d.Version, now)
		return notifyRegistry(ctx, tx, name, err)
	})
	if err != nil {
		return Definition{}, false, fmt.Errorf("register workflow %s: %w", name, err)
	}
	return d, created, nil
}

const definitionColumns = `d.name, d.version, d.source, d.filename, d.created_at, w.current_version IS NOT NULL`

func scanDefinition(row pgx.Row) (Definition, error) {
	var d Definition
	err := row.Scan(&d.Name, &d.Version, &d.Source, &d.Filename, &d.CreatedAt, &d.Current)
	return d, err
}

// CurrentDefinition returns the current version of workflow name, or an error wrapping
// ErrNotFound.
func (s *Store) CurrentDefinition(ctx context.Context, name string) (Definition, error) {
	d, err := scanDefinition(s.pool.QueryRow(ctx, `
		SELECT `+definitionColumns+`
		  FROM rhythm.workflows w JOIN rhythm.workflow_definitions d ON d.name = w.name AND d.version = w.current_version
		 WHERE w.name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return Definition{}, fmt.Errorf("workflow %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return Definition{}, fmt.Errorf("workflow %q: %w", name, err)
	}
	return d, nil
}

// Definition returns one version of workflow name, or an error wrapping ErrNotFound.
func (s *Store) Definition(ctx context.Context, name, version string) (Definition, error) {
	d, err := scanDefinition(s.pool.QueryRow(ctx, `
		SELECT `+definitionColumns+`
		  FROM rhythm.workflow_definitions d
		  LEFT JOIN rhythm.workflows w ON w.name = d.name AND w.current_version = d.version
		 WHERE d.name = $1 AND d.version = $2`, name, version))
	if errors.Is(err, pgx.ErrNoRows) {
		return Definition{}, fmt.Errorf("workflow %q version %s: %w", name, version, ErrNotFound)
	}
	if err != nil {
		return Definition{}, fmt.Errorf("workflow %q version %s: %w", name, version, err)
	}
	return d, nil
}

// Workflows returns the current definition of every registered workflow, by name.
func (s *Store) Workflows(ctx context.Context) ([]Definition, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+definitionColumns+`
		  FROM rhythm.workflows w JOIN rhythm.workflow_definitions d ON d.name = w.name AND d.version = w.current_version
		 ORDER BY w.name`)
	if err != nil {
		return nil, fmt.Errorf("list workflows: %w", err)
	}
	defs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Definition, error) { return scanDefinition(r) })
	if err != nil {
		return nil, fmt.Errorf("list workflows: %w", err)
	}
	return defs, nil
}
