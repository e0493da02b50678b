package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// TaskWorker is one worker serving a task: its id and when it last reported in.
type TaskWorker struct {
	ID       string
	LastSeen time.Time
}

// TaskWorkers returns, for each registered task name, the workers serving it that were seen
// since seenSince (zero means any time), newest first (ties broken by worker id). Tasks with
// no such worker are absent from the map.
func (s *Store) TaskWorkers(ctx context.Context, seenSince time.Time) (map[string][]TaskWorker, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT name, worker_id, last_seen_at
		  FROM rhythm.task_registry
		 WHERE last_seen_at >= $1
		 ORDER BY name, last_seen_at DESC, worker_id`, seenSince)
	if err != nil {
		return nil, fmt.Errorf("list task workers: %w", err)
	}
	out := map[string][]TaskWorker{}
	var name string
	var w TaskWorker
	if _, err := pgx.ForEachRow(rows, []any{&name, &w.ID, &w.LastSeen}, func() error {
		out[name] = append(out[name], w)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("list task workers: %w", err)
	}
	return out, nil
}
