package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Completion is the result of a task attempt that succeeded.
type Completion struct {
	Lease
	// Output is the task's output as JSON text, stored verbatim; nil means null.
	Output json.RawMessage
}

// completeSQL is Complete's one statement: it deletes the held queue rows and stores the outputs
// with the attempt count and start time the rows carried (the statement's snapshot still sees the
// deleted rows), wakes the parents in id order and returns each completed execution with the
// queues where a woken parent is due (parents are workflows by construction, and are found by
// primary key alone: see wake). Rows are found by key (= ANY of an array), never by joining the
// batch as a table; with only index walks planned (see Complete), each step visits its rows in id
// order, so the row locks it takes as it goes follow the order every writer keeps.
var completeSQL = `
WITH done AS (
	DELETE FROM rhythm.queue q
	 WHERE q.execution_id = ANY ($1::uuid[]) AND q.lease_owner = $3
	   AND q.claim_count = ($2::int[])[` + leaseIndexSQL("q.execution_id") + `]
	RETURNING q.execution_id
), upd AS (
	UPDATE rhythm.executions e
	   SET status = 'completed', output = ($4::text[])[` + leaseIndexSQL("e.id") + `]::json,
	       finished_at = $5, updated_at = $5, worker_id = $3,
	       (attempt, started_at) = (SELECT q.attempt, coalesce(e.started_at, q.started_at)
	                                  FROM rhythm.queue q WHERE q.execution_id = e.id)
	 WHERE e.id = ANY (ARRAY(SELECT execution_id FROM done))
	RETURNING e.id, e.parent_id
), woken AS (
	INSERT INTO rhythm.queue AS q (execution_id, kind, name, queue, priority, run_at, created_at)
	SELECT e.id, e.kind, e.name, e.queue, e.priority, $5, $5
	  FROM rhythm.executions e
	 WHERE e.id = ANY (ARRAY(SELECT DISTINCT parent_id FROM upd WHERE parent_id IS NOT NULL))
	   AND e.finished_at IS NULL
	 ORDER BY e.id
	ON CONFLICT (execution_id) DO UPDATE
	   SET wake_seq = q.wake_seq + 1,
	       run_at = CASE WHEN q.lease_owner IS NULL THEN least(q.run_at, excluded.run_at) ELSE q.run_at END
	RETURNING q.queue, q.lease_owner IS NULL AS due
)
SELECT upd.id::text, w.queues
  FROM upd CROSS JOIN (SELECT array_agg(DISTINCT queue) FILTER (WHERE due) AS queues FROM woken) w`

// Complete finishes a batch of task attempts that succeeded, in one statement: the outputs are
// stored, the queue rows deleted and the parent workflows woken; waiters and the queues of woken
// parents are notified just after the commit (see notifier). Completions whose claim the worker
// no longer holds are ignored; done lists those that took effect. The statement runs where only
// index walks are planned (see indexScans): with the queue table's statistics lagging behind its
// churn, it read the whole table to find the held rows.
func (s *Store) Complete(ctx context.Context, worker string, cs []Completion) (done []string, err error) {
	if len(cs) == 0 {
		return nil, nil
	}
	ids, claims, outputs := make([]string, len(cs)), make([]int32, len(cs)), make([]string, len(cs))
	for i, c := range cs {
		ids[i], claims[i], outputs[i] = c.ID, int32(c.Claim), string(orJSON(c.Output, "null"))
	}
	now := s.Now()
	var queues []string
	b := indexScans(func(b *pgx.Batch) {
		b.Queue(completeSQL, uuids(ids), claims, worker, outputs, now).Query(func(rows pgx.Rows) error {
			var id string
			_, err := pgx.ForEachRow(rows, []any{&id, &queues}, func() error {
				done = append(done, id)
				return nil
			})
			return err
		})
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("complete: %w", err)
	}
	s.notes.later(queues, done)
	return done, nil
}

// FailedAttempt is a task attempt that failed.
type FailedAttempt struct {
	Lease
	// Error is the failure as a JSON object ({name, message, ...}), stored verbatim.
	Error json.RawMessage
	// RetryAt, when not zero, asks for another attempt at that time; it is honoured only while
	// attempts remain and no cancellation was requested.
	RetryAt time.Time
}

// FailOutcome says what became of a failed attempt.
type FailOutcome struct {
	ID string
	// Status is "pending" (retry scheduled), "failed" or "cancelled" (final).
	Status string
}

// Fail records failed attempts in one transaction: each is retried at its RetryAt when attempts
// remain, or else the execution fails (or is cancelled, when cancellation was requested), its
// parent is woken and waiters are notified. Attempts whose claim the worker no longer holds are
// ignored (absent from the result).
func (s *Store) Fail(ctx context.Context, worker string, fs []FailedAttempt) ([]FailOutcome, error) {
	if len(fs) == 0 {
		return nil, nil
	}
	ids, claims, errs := make([]string, len(fs)), make([]int32, len(fs)), make([]string, len(fs))
	retryAt := make([]*time.Time, len(fs))
	for i, f := range fs {
		ids[i], claims[i], errs[i] = f.ID, int32(f.Claim), string(orJSON(f.Error, "{}"))
		if !f.RetryAt.IsZero() {
			t := f.RetryAt
			retryAt[i] = &t
		}
	}
	now := s.Now()
	var out []FailOutcome
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			WITH held AS (`+lockHeldSQL+`
			), locked AS (`+lockExecutionsSQL("held")+`
			), l AS (
				SELECT e.id, ($4::text[])[i] AS error, ($6::timestamptz[])[i] AS retry_at,
				       e.max_attempts, e.cancel_requested_at,
				       (SELECT q.attempt FROM rhythm.queue q WHERE q.execution_id = e.id) AS attempt,
				       (SELECT q.started_at FROM rhythm.queue q WHERE q.execution_id = e.id) AS started_at
				  FROM rhythm.executions e, `+leaseIndexSQL("e.id")+` AS i
				 WHERE e.ctid = ANY (ARRAY(SELECT ctid FROM locked))
			), f AS (
				SELECT l.id, l.error, l.attempt, l.started_at,
				       CASE WHEN l.retry_at IS NOT NULL AND l.attempt < l.max_attempts AND l.cancel_requested_at IS NULL
				            THEN greatest(l.retry_at, $5) END AS retry_at,
				       CASE WHEN l.cancel_requested_at IS NOT NULL THEN 'cancelled' ELSE 'failed' END AS final
				  FROM l
			), retried AS (
				UPDATE rhythm.queue q SET lease_owner = NULL, run_at = (SELECT f.retry_at FROM f WHERE f.id = q.execution_id)
				 WHERE q.execution_id = ANY (ARRAY(SELECT id FROM f WHERE retry_at IS NOT NULL))
			), removed AS (
				DELETE FROM rhythm.queue q
				 WHERE q.execution_id = ANY (ARRAY(SELECT id FROM f WHERE retry_at IS NULL))
			)
			UPDATE rhythm.executions e
			   SET (error, attempt, started_at, status, finished_at) = (
			         SELECT f.error::json, f.attempt, coalesce(e.started_at, f.started_at),
			                CASE WHEN f.retry_at IS NOT NULL THEN 'pending' ELSE f.final END,
			                CASE WHEN f.retry_at IS NULL THEN $5::timestamptz END
			           FROM f WHERE f.id = e.id),
			       updated_at = $5, worker_id = $3
			 WHERE e.id = ANY (ARRAY(SELECT id FROM f))
			RETURNING e.id::text, e.status, coalesce(e.parent_id::text, '')`,
			uuids(ids), claims, worker, errs, now, retryAt)
		if err != nil {
			return err
		}
		var final, parents []string
		var o FailOutcome
		var parent string
		if _, err := pgx.ForEachRow(rows, []any{&o.ID, &o.Status, &parent}, func() error {
			out = append(out, o)
			if o.Status != "pending" {
				final = append(final, o.ID)
				if parent != "" {
					parents = appendUnique(parents, parent)
				}
			}
			return nil
		}); err != nil {
			return err
		}
		return s.finished(ctx, tx, final, parents, now)
	})
	if err != nil {
		return nil, fmt.Errorf("fail: %w", err)
	}
	return out, nil
}

// finished wakes the parents of executions that reached a final status and notifies waiters,
// inside the transaction that finished them.
func (s *Store) finished(ctx context.Context, tx pgx.Tx, ids, parents []string, now time.Time) error {
	if len(parents) > 0 {
		if err := wake(ctx, tx, parents, now); err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, p) FROM unnest($2::text[]) p`, DoneChannel, notifyPayloads(ids))
	return err
}

// wake makes workflows due now: a workflow without a queue row gets one; an unleased row is moved
// to now (if later); a leased row (an activation in progress) has its wake_seq bumped, which the
// activation sees at commit. Workflows already finished are left alone. Rows are locked in id
// order, so that transactions waking overlapping sets of workflows cannot deadlock. The ids must
// be workflow executions' (callers pass parents, or ids whose kind they checked): the statement
// finds rows by primary key alone, since with a kind condition beside it the planner, misled by
// statistics that count few workflows, scanned every workflow row through the (kind, name,
// created_at) index instead.
func wake(ctx context.Context, tx DBTX, workflows []string, now time.Time) error {
	_, err := tx.Exec(ctx, wakeSQL, workflows, now, QueueChannel)
	return err
}

// wakeSQL is wake's statement: $1 the workflow ids, $2 now, $3 QueueChannel.
const wakeSQL = wakeCTE + `
	SELECT pg_notify($3, queue) FROM (SELECT DISTINCT queue FROM w WHERE due) x`

// wakeQueuesSQL wakes like wakeSQL ($1 the workflow ids, $2 now) and returns the queues where a
// woken workflow is due instead of notifying them.
const wakeQueuesSQL = wakeCTE + `
	SELECT DISTINCT queue FROM w WHERE due`

const wakeCTE = `
	WITH w AS (
		INSERT INTO rhythm.queue AS q (execution_id, kind, name, queue, priority, run_at, created_at)
		SELECT e.id, e.kind, e.name, e.queue, e.priority, $2, $2
		  FROM rhythm.executions e
		 WHERE e.id = ANY($1::text[]::uuid[]) AND e.finished_at IS NULL
		 ORDER BY e.id
		ON CONFLICT (execution_id) DO UPDATE
		   SET wake_seq = q.wake_seq + 1,
		       run_at = CASE WHEN q.lease_owner IS NULL THEN least(q.run_at, excluded.run_at) ELSE q.run_at END
		RETURNING q.queue, q.lease_owner IS NULL AS due)`

// notifyPayloads joins ids with commas into payloads under PostgreSQL's 8000-byte limit.
func notifyPayloads(ids []string) []string {
	var out []string
	var b strings.Builder
	for _, id := range ids {
		if b.Len() > 0 && b.Len()+1+len(id) > 7900 {
			out = append(out, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(id)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
