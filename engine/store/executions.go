package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Execution is the stored state of a task or workflow run.
type Execution struct {
	ID           string
	Kind         Kind
	Name         string
	Version      string // workflows only
	Status       string // pending, running, suspended, completed, failed, cancelled
	ParentID     string
	ParentHandle int
	Queue        string
	Priority     int
	Input        json.RawMessage
	Output       json.RawMessage // nil unless completed
	Error        json.RawMessage // the last failure, nil if none
	Attempt      int
	MaxAttempts  int
	// IdempotencyKey is "" when none was given.
	IdempotencyKey string
	CreatedAt      time.Time
	ScheduledAt    time.Time
	StartedAt      time.Time // zero until the first attempt or activation
	FinishedAt     time.Time // zero until final
}

// Final reports whether the execution reached a final status.
func (e *Execution) Final() bool { return !e.FinishedAt.IsZero() }

// A task attempt in flight is recorded on the execution's queue row (see Claim); the reads below
// merge it in: an execution pending in the table with a leased queue row is running, and its
// attempt count and start time come from that row.
const (
	liveStatusSQL  = `CASE WHEN e.status = 'pending' AND q.lease_owner IS NOT NULL THEN 'running' ELSE e.status END`
	liveAttemptSQL = `greatest(e.attempt, coalesce(q.attempt, 0))`
	liveStartedSQL = `coalesce(e.started_at, q.started_at)`
	// executionsLiveSQL is the FROM clause of those reads.
	executionsLiveSQL = `rhythm.executions e LEFT JOIN rhythm.queue q ON q.execution_id = e.id`
)

const executionColumns = `e.id::text, e.kind, e.name, coalesce(e.version, ''), ` + liveStatusSQL + `, coalesce(e.parent_id::text, ''),
	coalesce(e.parent_handle, 0), e.queue, e.priority, e.input::text, e.output::text, e.error::text, ` + liveAttemptSQL + `, e.max_attempts,
	coalesce(e.idempotency_key, ''), e.created_at, e.scheduled_at, ` + liveStartedSQL + `, e.finished_at`

func scanExecution(row pgx.Row) (Execution, error) {
	var e Execution
	var kind, input string
	var output, errText *string
	var started, finished *time.Time
	err := row.Scan(&e.ID, &kind, &e.Name, &e.Version, &e.Status, &e.ParentID, &e.ParentHandle, &e.Queue,
		&e.Priority, &input, &output, &errText, &e.Attempt, &e.MaxAttempts, &e.IdempotencyKey,
		&e.CreatedAt, &e.ScheduledAt, &started, &finished)
	e.Kind, e.Input = Kind(kind), json.RawMessage(input)
	if output != nil {
		e.Output = json.RawMessage(*output)
	}
	if errText != nil {
		e.Error = json.RawMessage(*errText)
	}
	if started != nil {
		e.StartedAt = *started
	}
	if finished != nil {
		e.FinishedAt = *finished
	}
	return e, err
}

// Get returns one execution, or an error wrapping ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (Execution, error) {
	e, err := scanExecution(s.pool.QueryRow(ctx, `SELECT `+executionColumns+` FROM `+executionsLiveSQL+` WHERE e.id = $1::uuid`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Execution{}, fmt.Errorf("execution %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Execution{}, fmt.Errorf("execution %s: %w", id, err)
	}
	return e, nil
}

// Filter selects executions for List. Zero fields do not filter.
type Filter struct {
	Kind   Kind
	Name   string
	Status string
	// ParentID lists the children of one execution; TopLevel lists only executions without a
	// parent.
	ParentID string
	TopLevel bool
	// Before continues a listing: only executions created before this one (its id) are returned.
	Before string
	// Limit defaults to 50.
	Limit int
}

// List returns executions matching f, newest first.
func (s *Store) List(ctx context.Context, f Filter) ([]Execution, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Kind != "" {
		add("e.kind = ?", string(f.Kind))
	}
	if f.Name != "" {
		add("e.name = ?", f.Name)
	}
	switch f.Status {
	case "":
	case "pending":
		where = append(where, `e.status = 'pending' AND NOT EXISTS (
			SELECT 1 FROM rhythm.queue r WHERE r.execution_id = e.id AND r.lease_owner IS NOT NULL)`)
	case "running":
		// The few running executions, found from the small queue table and the status index.
		where = append(where, `e.status IN ('pending', 'running') AND e.id = ANY (ARRAY(
			SELECT execution_id FROM rhythm.queue WHERE lease_owner IS NOT NULL
			UNION ALL SELECT id FROM rhythm.executions WHERE status = 'running'))`)
	default:
		add("e.status = ?", f.Status)
	}
	if f.ParentID != "" {
		add("e.parent_id = ?::uuid", f.ParentID)
	}
	if f.TopLevel {
		where = append(where, "e.parent_id IS NULL")
	}
	if f.Before != "" {
		add("(e.created_at, e.id) < (SELECT created_at, id FROM rhythm.executions WHERE id = ?::uuid)", f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	sql := `SELECT ` + executionColumns + ` FROM ` + executionsLiveSQL
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, f.Limit)
	sql += fmt.Sprintf(" ORDER BY e.created_at DESC, e.id DESC LIMIT $%d", len(args))
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("list executions: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Execution, error) { return scanExecution(r) })
	if err != nil {
		return nil, fmt.Errorf("list executions: %w", err)
	}
	return list, nil
}

// treeCTE is a recursive CTE "tree" of the ids of execution $1 and all its descendants.
const treeCTE = `tree AS (
	SELECT id FROM rhythm.executions WHERE id = $1::uuid
	UNION ALL
	SELECT c.id FROM rhythm.executions c JOIN tree ON c.parent_id = tree.id)`

// collectFinished reads rows of (id, parent id or empty) of executions that reached a final
// status: their ids, and their parents once each, to wake.
func collectFinished(rows pgx.Rows) (ids, parents []string, err error) {
	var id, parent string
	_, err = pgx.ForEachRow(rows, []any{&id, &parent}, func() error {
		ids = append(ids, id)
		if parent != "" {
			parents = appendUnique(parents, parent)
		}
		return nil
	})
	return ids, parents, err
}

// RequestCancel asks for the cancellation of an execution and all its descendants that are not
// final. Tasks not yet claimed are cancelled at once; running tasks learn it at their next
// heartbeat and end as cancelled; workflows are woken so that their next activation ends them. It
// returns the number of executions the request reached.
func (s *Store) RequestCancel(ctx context.Context, id string) (int, error) {
	now := s.Now()
	var n int
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			WITH RECURSIVE `+treeCTE+`, locked AS (
				SELECT e.id FROM rhythm.executions e
				 WHERE e.id = ANY (ARRAY(SELECT id FROM tree)) AND e.finished_at IS NULL
				 ORDER BY e.id
				   FOR NO KEY UPDATE OF e
			)
			UPDATE rhythm.executions e SET cancel_requested_at = coalesce(e.cancel_requested_at, $2), updated_at = $2
			 WHERE e.id = ANY (ARRAY(SELECT id FROM locked))
			RETURNING e.id::text, e.kind`, id, now)
		if err != nil {
			return err
		}
		var tasks, workflows []string
		var cid, kind string
		if _, err := pgx.ForEachRow(rows, []any{&cid, &kind}, func() error {
			if Kind(kind) == KindTask {
				tasks = append(tasks, cid)
			} else {
				workflows = append(workflows, cid)
			}
			return nil
		}); err != nil {
			return err
		}
		n = len(tasks) + len(workflows)
		rows, err = tx.Query(ctx, `
			WITH held AS (
				SELECT q.execution_id FROM rhythm.queue q
				 WHERE q.execution_id = ANY($1::text[]::uuid[]) AND q.lease_owner IS NULL
				 ORDER BY q.execution_id
				   FOR UPDATE OF q
			), idle AS (
				DELETE FROM rhythm.queue q
				 WHERE q.execution_id = ANY (ARRAY(SELECT execution_id FROM held))
				RETURNING q.execution_id, q.attempt, q.started_at)
			UPDATE rhythm.executions e
			   SET status = 'cancelled', finished_at = $2,
			       (attempt, started_at) = (SELECT greatest(e.attempt, i.attempt), coalesce(e.started_at, i.started_at)
			                                  FROM idle i WHERE i.execution_id = e.id)
			 WHERE e.id = ANY (ARRAY(SELECT execution_id FROM idle))
			RETURNING e.id::text, coalesce(e.parent_id::text, '')`, tasks, now)
		if err != nil {
			return err
		}
		done, parents, err := collectFinished(rows)
		if err != nil {
			return err
		}
		for _, w := range workflows {
			parents = appendUnique(parents, w)
		}
		return s.finished(ctx, tx, done, parents, now)
	})
	if err != nil {
		return 0, fmt.Errorf("cancel %s: %w", id, err)
	}
	return n, nil
}
