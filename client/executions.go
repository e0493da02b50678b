package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// The statuses of an execution. Completed, Failed and Cancelled are final.
const (
	StatusPending   = "pending"
	StatusRunning   = "running"
	StatusSuspended = "suspended"
	StatusCompleted = "completed"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Execution is a task or workflow run.
type Execution struct {
	ID string
	// Kind is "task" or "workflow".
	Kind    string
	Name    string
	Version string // workflows: the definition version it runs
	Status  string
	// ParentID is the workflow that started it ("" for a top-level execution).
	ParentID string
	Queue    string
	Priority int
	Input    json.RawMessage
	// Output is set when completed; Error holds the last failure ({code?, message, ...}).
	Output               json.RawMessage
	Error                json.RawMessage
	Attempt, MaxAttempts int
	IdempotencyKey       string
	CreatedAt            time.Time
	ScheduledAt          time.Time
	StartedAt            time.Time // zero until it started
	FinishedAt           time.Time // zero until final
	// Children are the executions it started, oldest first (filled by Get).
	Children []Execution
}

// Final reports whether the execution reached a final status.
func (e *Execution) Final() bool { return !e.FinishedAt.IsZero() }

func fromStore(e store.Execution) Execution {
	return Execution{
		ID: e.ID, Kind: string(e.Kind), Name: e.Name, Version: e.Version, Status: e.Status, ParentID: e.ParentID,
		Queue: e.Queue, Priority: e.Priority, Input: e.Input, Output: e.Output, Error: e.Error,
		Attempt: e.Attempt, MaxAttempts: e.MaxAttempts, IdempotencyKey: e.IdempotencyKey,
		CreatedAt: e.CreatedAt, ScheduledAt: e.ScheduledAt, StartedAt: e.StartedAt, FinishedAt: e.FinishedAt,
	}
}

// Get returns an execution with its direct children.
func (c *Client) Get(ctx context.Context, id string) (*Execution, error) {
	e, err := c.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	x := fromStore(e)
	var kids []store.Execution
	for before := ""; ; {
		page, err := c.store.List(ctx, store.Filter{ParentID: id, Before: before, Limit: 500})
		if err != nil {
			return nil, err
		}
		kids = append(kids, page...)
		if len(page) < 500 {
			break
		}
		before = page[len(page)-1].ID
	}
	// Oldest first; children started by the same activation in the order the workflow started
	// them (their promise handles).
	sort.SliceStable(kids, func(i, j int) bool {
		if !kids[i].CreatedAt.Equal(kids[j].CreatedAt) {
			return kids[i].CreatedAt.Before(kids[j].CreatedAt)
		}
		return kids[i].ParentHandle < kids[j].ParentHandle
	})
	for _, k := range kids {
		x.Children = append(x.Children, fromStore(k))
	}
	return &x, nil
}

// safetyPoll is how often Wait re-reads an execution while it listens for notifications.
const safetyPoll = 2 * time.Second

// Wait blocks until the execution is final or ctx ends, and returns it. All the Clients on a
// pool share one listening connection for their Waits, which read an execution again when the
// database notifies that it finished; the listener only uses a connection the pool can spare
// (it never takes the last free one, and gives its own back when the pool runs short), and while
// it has none — a pool of one connection never has one to spare — or has lost its connection,
// waits poll their executions at growing intervals (20ms to 2s). An unknown execution is an
// error wrapping ErrNotFound.
func (c *Client) Wait(ctx context.Context, id string) (*Execution, error) {
	w := join(c.store.Pool(), id)
	defer w.leave()
	poll := time.Duration(0)
	for {
		e, err := c.Get(ctx, id)
		switch {
		case err == nil && e.Final():
			return e, nil
		case ctx.Err() != nil || errors.Is(err, ErrNotFound):
			return nil, err
		}
		// Not final yet, or the read failed (a lost connection): a notification or, when there
		// is no listener to send one or the read failed, the next poll reads it again.
		// Notifications are hints sent after the commit: a worker that died between its commit
		// and the notification leaves a listening waiter to the slow re-read of safetyPoll.
		next := safetyPoll
		if err == nil && w.listening() {
			poll = 0
		} else {
			poll = backoff(poll)
			next = poll
		}
		timer := time.NewTimer(next)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for %s: %w", id, ctx.Err())
		case <-w.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// ExecutionError is the failure of an execution, returned by Result.
type ExecutionError struct {
	ID     string
	Status string // failed or cancelled
	// Object is the error object as JSON; Code and Message are read from it.
	Object        json.RawMessage
	Code, Message string
}

// Error describes the failure.
func (e *ExecutionError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("execution %s %s: %s: %s", e.ID, e.Status, e.Code, e.Message)
	}
	return fmt.Sprintf("execution %s %s: %s", e.ID, e.Status, e.Message)
}

// Result waits for the execution and decodes its output into out (which may be nil). A failed or
// cancelled execution gives an *ExecutionError.
func (c *Client) Result(ctx context.Context, id string, out any) error {
	e, err := c.Wait(ctx, id)
	if err != nil {
		return err
	}
	if e.Status != StatusCompleted {
		xe := &ExecutionError{ID: id, Status: e.Status, Object: e.Error}
		var f Failure
		if json.Unmarshal(e.Error, &f) == nil {
			xe.Code, xe.Message = f.Code, f.Message
		}
		return xe
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(e.Output, out); err != nil {
		return fmt.Errorf("result of %s: %w", id, err)
	}
	return nil
}

// Filter selects executions for List; zero fields do not filter.
type Filter struct {
	Kind   string // "task" or "workflow"
	Name   string
	Status string
	// ParentID lists the children of one execution; TopLevel only executions without a parent.
	ParentID string
	TopLevel bool
	// Before continues a listing after the execution with this id.
	Before string
	// Limit defaults to 50.
	Limit int
}

// List returns the executions matching f, newest first.
func (c *Client) List(ctx context.Context, f Filter) ([]Execution, error) {
	list, err := c.store.List(ctx, store.Filter{Kind: store.Kind(f.Kind), Name: f.Name, Status: f.Status,
		ParentID: f.ParentID, TopLevel: f.TopLevel, Before: f.Before, Limit: f.Limit})
	if err != nil {
		return nil, err
	}
	out := make([]Execution, len(list))
	for i, e := range list {
		out[i] = fromStore(e)
	}
	return out, nil
}

// LogLine is one console.log line of a workflow.
type LogLine struct {
	// Seq orders the lines.
	Seq int64
	// Line is the console.log call's line in the workflow's source.
	Line     int
	Message  string
	LoggedAt time.Time
}

// Logs returns the console.log lines of workflow execution id, oldest first. Lines are kept with
// the activation that logged them: those of an activation in progress appear when it commits.
func (c *Client) Logs(ctx context.Context, id string) ([]LogLine, error) {
	lines, err := c.store.Logs(ctx, []string{id}, 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]LogLine, len(lines))
	for i, l := range lines {
		out[i] = LogLine{Seq: l.Seq, Line: l.Line, Message: l.Message, LoggedAt: l.LoggedAt}
	}
	return out, nil
}
