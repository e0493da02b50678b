package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// CompletedWorkflows returns how many workflow executions on queue have completed (status
// completed; failed and cancelled ones are not counted).
func (s *Store) CompletedWorkflows(ctx context.Context, queue string) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM rhythm.executions WHERE queue = $1 AND kind = 'workflow' AND status = 'completed'`, queue).Scan(&n); err != nil {
		return 0, fmt.Errorf("completed workflows on %q: %w", queue, err)
	}
	return n, nil
}

// QueueLength returns the number of queue rows of queue: executions waiting to run, due or not,
// and those a worker holds a lease on. Zero means no execution of queue is waiting to run or
// running.
func (s *Store) QueueLength(ctx context.Context, queue string) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM rhythm.queue WHERE queue = $1`, queue).Scan(&n); err != nil {
		return 0, fmt.Errorf("length of queue %q: %w", queue, err)
	}
	return n, nil
}

// QueueEmpty reports whether queue has no queue rows (see QueueLength). It stops at the first row
// of the claim index (see indexScans: the queue table's statistics often take it for empty, and a
// sequential scan reads every dead row of its churn), so that polling it costs little however
// long the queue is.
func (s *Store) QueueEmpty(ctx context.Context, queue string) (bool, error) {
	var some bool
	b := indexScans(func(b *pgx.Batch) {
		b.Queue(`SELECT EXISTS (SELECT 1 FROM rhythm.queue WHERE queue = $1)`, queue).QueryRow(func(r pgx.Row) error {
			return r.Scan(&some)
		})
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return false, fmt.Errorf("queue %q: %w", queue, err)
	}
	return !some, nil
}

// PurgeQueue deletes every top-level execution on queue, whatever its status, with its whole tree
// (children, queue rows, saved states, signals, timers and logs), and the task registry rows
// of the workers serving queue. It is meant for throwaway queues, such as a benchmark's, once no
// worker serves them. Both deletions are attempted even if the first fails; the errors of both are
// returned joined.
func (s *Store) PurgeQueue(ctx context.Context, queue string) error {
	var errs []error
	if _, err := s.pool.Exec(ctx, `WITH RECURSIVE roots AS (
		SELECT id FROM rhythm.executions WHERE queue = $1 AND parent_id IS NULL)`+deleteTreesSQL, queue); err != nil {
		errs = append(errs, fmt.Errorf("purge queue %q: executions: %w", queue, err))
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM rhythm.task_registry WHERE queue = $1`, queue); err != nil {
		errs = append(errs, fmt.Errorf("purge queue %q: task registry: %w", queue, err))
	}
	return errors.Join(errs...)
}
