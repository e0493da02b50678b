package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// RegistryChannel is the notification channel announcing that the task registry or the stored
// workflow definitions changed: a worker registered or unregistered tasks (payload: the worker
// id), or a workflow version was registered (payload: the workflow name). Editors listen on it
// to refresh what they know of task and workflow names.
const RegistryChannel = "rhythm_registry"

// notifyRegistry sends a notification on RegistryChannel with payload through db (inside a
// transaction it is delivered at commit). err is returned as is when it is not nil, so that a
// caller can end with `return notifyRegistry(ctx, db, payload, err)`.
func notifyRegistry(ctx context.Context, db DBTX, payload string, err error) error {
	if err != nil {
		return err
	}
	if _, err := db.Exec(ctx, `SELECT pg_notify($1, $2)`, RegistryChannel, payload); err != nil {
		return fmt.Errorf("notify the registry change: %w", err)
	}
	return nil
}

// WorkflowsInFlight returns, for each workflow with a current definition, the number of its
// executions on that current version that have not finished (pending, running or suspended).
// Workflows with none are absent from the map.
func (s *Store) WorkflowsInFlight(ctx context.Context) (map[string]int, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT e.name, count(*)
		  FROM rhythm.workflows w
		  JOIN rhythm.executions e ON e.name = w.name AND e.version = w.current_version
		 WHERE e.kind = 'workflow' AND e.finished_at IS NULL
		 GROUP BY e.name`)
	if err != nil {
		return nil, fmt.Errorf("count workflows in flight: %w", err)
	}
	out := map[string]int{}
	var name string
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&name, &n}, func() error { out[name] = n; return nil }); err != nil {
		return nil, fmt.Errorf("count workflows in flight: %w", err)
	}
	return out, nil
}
