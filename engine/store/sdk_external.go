package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// HandOff records that claimed task attempts handed their work off for external completion: the
// executions are suspended and their queue rows removed, so no worker runs them again; they end
// when CompleteExternal or FailExternal is called. Leases the worker no longer holds are skipped.
// It returns the ids handed off.
func (s *Store) HandOff(ctx context.Context, worker string, leases []Lease) ([]string, error) {
	if len(leases) == 0 {
		return nil, nil
	}
	ids, claims := splitLeases(leases)
	now := s.Now()
	rows, err := s.pool.Query(ctx, `
		WITH held AS (`+lockHeldSQL+`),
		h AS (
			DELETE FROM rhythm.queue q
			 WHERE q.ctid = ANY (ARRAY(SELECT ctid FROM held))
			RETURNING q.execution_id, q.attempt, q.started_at),
		locked AS (`+lockExecutionsSQL("h")+`)
		UPDATE rhythm.executions e
		   SET status = 'suspended', updated_at = $4, attempt = h.attempt,
		       started_at = coalesce(e.started_at, h.started_at), worker_id = $3
		  FROM h
		 WHERE e.ctid = ANY (ARRAY(SELECT ctid FROM locked)) AND e.id = h.execution_id AND e.finished_at IS NULL
		RETURNING e.id::text`, uuids(ids), claims, worker, now)
	if err != nil {
		return nil, fmt.Errorf("hand off: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("hand off: %w", err)
	}
	return out, nil
}

// CompleteExternal completes a task from outside a worker (a task that handed its work off, or
// any task not yet final) with output (JSON text; nil means null): its queue row goes, its parent
// is woken and waiters are notified. A final task gives ErrFinished, an unknown one ErrNotFound.
func (s *Store) CompleteExternal(ctx context.Context, id string, output json.RawMessage) error {
	return s.endExternal(ctx, id, "completed", orJSON(output, "null"), nil)
}

// FailExternal fails a task from outside a worker with errJSON (an error object {code?, message,
// details?}); no retry is made. A task whose cancellation was requested ends cancelled. Errors as
// CompleteExternal.
func (s *Store) FailExternal(ctx context.Context, id string, errJSON json.RawMessage) error {
	return s.endExternal(ctx, id, "failed", nil, orJSON(errJSON, "{}"))
}

func (s *Store) endExternal(ctx context.Context, id, status string, output, errJSON json.RawMessage) error {
	now := s.Now()
	var out, errText *string
	if output != nil {
		o := string(output)
		out = &o
	}
	if errJSON != nil {
		e := string(errJSON)
		errText = &e
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Lock order (see lockHeldSQL): the task's queue row, then its execution.
		var kind, parent string
		var finished bool
		err := tx.QueryRow(ctx, `SELECT kind FROM rhythm.executions WHERE id = $1::uuid`, id).Scan(&kind)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		case Kind(kind) != KindTask:
			return fmt.Errorf("execution %s is a workflow: only tasks are completed externally", id)
		}
		// A task attempt in flight keeps its attempt count and start time on its queue row.
		var attempt *int32
		var started *time.Time
		err = tx.QueryRow(ctx, `DELETE FROM rhythm.queue WHERE execution_id = $1::uuid RETURNING attempt, started_at`, id).
			Scan(&attempt, &started)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		err = tx.QueryRow(ctx, `SELECT finished_at IS NOT NULL, coalesce(parent_id::text, '') FROM rhythm.executions WHERE id = $1::uuid FOR NO KEY UPDATE`, id).
			Scan(&finished, &parent)
		switch {
		case err != nil:
			return err
		case finished:
			return ErrFinished
		}
		if _, err := tx.Exec(ctx, `
			UPDATE rhythm.executions
			   SET status = CASE WHEN $2 = 'failed' AND cancel_requested_at IS NOT NULL THEN 'cancelled' ELSE $2 END,
			       output = $3::json, error = coalesce($4::json, error), finished_at = $5, updated_at = $5,
			       attempt = greatest(attempt, coalesce($6, 0)), started_at = coalesce(started_at, $7)
			 WHERE id = $1::uuid`, id, status, out, errText, now, attempt, started); err != nil {
			return err
		}
		var parents []string
		if parent != "" {
			parents = []string{parent}
		}
		return s.finished(ctx, tx, []string{id}, parents, now)
	})
	if err != nil {
		return fmt.Errorf("%s task %s: %w", map[string]string{"completed": "complete", "failed": "fail"}[status], id, err)
	}
	return nil
}

// RaiseMaxAttempts raises the attempt limits of executions to at least the given values (a task's
// retry default, applied by the worker that serves it when the caller set no retries).
func (s *Store) RaiseMaxAttempts(ctx context.Context, ids []string, maxAttempts []int) error {
	if len(ids) == 0 {
		return nil
	}
	ms := make([]int32, len(maxAttempts))
	for i, m := range maxAttempts {
		ms[i] = int32(m)
	}
	if _, err := s.pool.Exec(ctx, `
		UPDATE rhythm.executions e SET max_attempts = greatest(e.max_attempts, u.m)
		  FROM unnest($1::text[], $2::int[]) AS u(id, m) WHERE e.id = u.id::uuid`, ids, ms); err != nil {
		return fmt.Errorf("raise max attempts: %w", err)
	}
	return nil
}

// CancelHandedOff ends as cancelled the tasks of an execution's tree that handed their work off
// (suspended, waiting for external completion) and whose cancellation was requested
// (RequestCancel): no worker holds them, so nothing else would end them. Their parents are woken
// and waiters notified. It returns how many it cancelled.
func (s *Store) CancelHandedOff(ctx context.Context, root string) (int, error) {
	now := s.Now()
	var n int
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			WITH RECURSIVE `+treeCTE+`
			UPDATE rhythm.executions e
			   SET status = 'cancelled', finished_at = $2, updated_at = $2,
			       error = json_build_object('code', 'Cancelled', 'message', 'the task was cancelled while handed off')
			 WHERE e.id = ANY (ARRAY(
			        SELECT t.id FROM rhythm.executions t
			         WHERE t.id = ANY (ARRAY(SELECT id FROM tree)) AND t.kind = 'task' AND t.status = 'suspended'
			           AND t.cancel_requested_at IS NOT NULL AND t.finished_at IS NULL
			         ORDER BY t.id
			           FOR NO KEY UPDATE OF t))
			   AND e.kind = 'task' AND e.status = 'suspended'
			   AND e.cancel_requested_at IS NOT NULL AND e.finished_at IS NULL
			RETURNING e.id::text, coalesce(e.parent_id::text, '')`, root, now)
		if err != nil {
			return err
		}
		ids, parents, err := collectFinished(rows)
		if err != nil {
			return err
		}
		n = len(ids)
		if n == 0 {
			return nil
		}
		return s.finished(ctx, tx, ids, parents, now)
	})
	if err != nil {
		return 0, fmt.Errorf("cancel handed-off tasks of %s: %w", root, err)
	}
	return n, nil
}
