package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// RunNode is one execution of a run's tree as a progress watcher sees it: where it sits in the
// tree and how far it got, without its input or output.
type RunNode struct {
	ID          string
	Depth       int // 0 for the root, 1 for its children, and so on
	Kind        Kind
	Name        string
	Status      string // pending, running, suspended, completed, failed, cancelled
	Attempt     int    // attempts (or activations) started so far
	MaxAttempts int
	Error       json.RawMessage // the last failure, kept across retries; nil if none
	CreatedAt   time.Time
	StartedAt   time.Time // zero until the first attempt or activation
	FinishedAt  time.Time // zero until final
}

// RunTree returns the execution root and all its descendants, each with its depth below root,
// ordered by creation time (ties by id), so a parent comes before the children it started. It
// returns an empty list, not an error, when root does not exist; root must be a UUID.
func (s *Store) RunTree(ctx context.Context, root string) ([]RunNode, error) {
	rows, err := s.pool.Query(ctx, `
		WITH RECURSIVE t(id, depth) AS (
			SELECT id, 0 FROM rhythm.executions WHERE id = $1::uuid
			UNION ALL
			SELECT e.id, t.depth + 1 FROM rhythm.executions e JOIN t ON e.parent_id = t.id)
		SELECT e.id::text, t.depth, e.created_at, e.kind, e.name, `+liveStatusSQL+`, `+liveAttemptSQL+`, e.max_attempts,
		       `+liveStartedSQL+`, e.finished_at, e.error::text
		  FROM t JOIN `+executionsLiveSQL+` USING (id)
		 ORDER BY e.created_at, e.id`, root)
	if err != nil {
		return nil, fmt.Errorf("run tree %s: %w", root, err)
	}
	var out []RunNode
	var n RunNode
	var kind string
	var started, finished *time.Time
	var errText *string
	_, err = pgx.ForEachRow(rows, []any{&n.ID, &n.Depth, &n.CreatedAt, &kind, &n.Name, &n.Status, &n.Attempt, &n.MaxAttempts, &started, &finished, &errText}, func() error {
		x := n
		x.Kind = Kind(kind)
		if started != nil {
			x.StartedAt = *started
		}
		if finished != nil {
			x.FinishedAt = *finished
		}
		if errText != nil {
			x.Error = json.RawMessage(*errText)
		}
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("run tree %s: %w", root, err)
	}
	return out, nil
}

// PendingTimer is a durable timer that has not fired yet (a fired timer's row is deleted).
type PendingTimer struct {
	ExecutionID string
	Handle      int // the workflow VM's handle the timer settles
	FireAt      time.Time
	CreatedAt   time.Time
}

// PendingTimers returns the timers not yet fired of the executions ids, ordered by execution id
// and handle. Unknown ids are ignored; every id must be a UUID.
func (s *Store) PendingTimers(ctx context.Context, ids []string) ([]PendingTimer, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT execution_id::text, handle, fire_at, created_at FROM rhythm.timers
		 WHERE execution_id = ANY($1::uuid[]) ORDER BY execution_id, handle`, ids)
	if err != nil {
		return nil, fmt.Errorf("pending timers: %w", err)
	}
	var out []PendingTimer
	var t PendingTimer
	_, err = pgx.ForEachRow(rows, []any{&t.ExecutionID, &t.Handle, &t.FireAt, &t.CreatedAt}, func() error {
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending timers: %w", err)
	}
	return out, nil
}

// SignalRequest is a workflow's wait for a named signal (one Signal.next).
type SignalRequest struct {
	ID          int64 // increasing in the order the requests were made
	ExecutionID string
	Name        string
	State       string    // waiting, delivered or withdrawn (its deadline passed first)
	Deadline    time.Time // zero when the wait has no timeout
	CreatedAt   time.Time
	SettledAt   time.Time // when it was delivered or withdrawn; zero while waiting
}

// SignalRequests returns every signal request, settled or not, of the executions ids, in the
// order they were made. Unknown ids are ignored; every id must be a UUID.
func (s *Store) SignalRequests(ctx context.Context, ids []string) ([]SignalRequest, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, execution_id::text, name, state, deadline, created_at, settled_at
		  FROM rhythm.signal_requests WHERE execution_id = ANY($1::uuid[]) ORDER BY id`, ids)
	if err != nil {
		return nil, fmt.Errorf("signal requests: %w", err)
	}
	var out []SignalRequest
	var r SignalRequest
	var deadline, settled *time.Time
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.ExecutionID, &r.Name, &r.State, &deadline, &r.CreatedAt, &settled}, func() error {
		x := r
		if deadline != nil {
			x.Deadline = *deadline
		}
		if settled != nil {
			x.SettledAt = *settled
		}
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("signal requests: %w", err)
	}
	return out, nil
}
