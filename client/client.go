package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/engine/store"
)

// ErrNotFound reports an unknown execution or workflow; ErrFinished an operation on an execution
// that already reached a final status. Errors wrap them.
var (
	ErrNotFound = store.ErrNotFound
	ErrFinished = store.ErrFinished
)

// Options configures a Client.
type Options struct {
	// Clock supplies the times the client writes (tests inject a fake); nil means the system
	// clock.
	Clock store.Clock
}

// Client schedules and inspects work. It is safe for concurrent use.
type Client struct {
	store *store.Store
}

// New returns a client on pool, whose database must be migrated. At most one Options may be
// given.
func New(pool *pgxpool.Pool, opts ...Options) *Client {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	return &Client{store: store.New(pool, store.Options{Clock: o.Clock})}
}

// StartOptions are the options of StartWorkflow.
type StartOptions struct {
	// Queue the workflow's activations run on. Default: "default".
	Queue string
	// Priority: higher runs first.
	Priority int
	// Key is an idempotency key: starting the same workflow name with the same key again returns
	// the first execution's id and starts nothing.
	Key string
	// RunAt schedules the start; zero means now.
	RunAt time.Time
	// Version pins a definition version; "" means the current one.
	Version string
	// Tx, when set, enqueues inside the caller's transaction: the workflow exists exactly when
	// the transaction commits.
	Tx pgx.Tx
}

// StartWorkflow starts workflow name with inputs (any value that encodes to a JSON object;
// json.RawMessage is taken as is; nil means {}) and returns the execution id.
func (c *Client) StartWorkflow(ctx context.Context, name string, inputs any, opts StartOptions) (string, error) {
	in, err := encodeInputs(inputs)
	if err != nil {
		return "", fmt.Errorf("start workflow %q: %w", name, err)
	}
	e := store.NewExecution{Kind: store.KindWorkflow, Name: name, Version: opts.Version, Input: in, Queue: opts.Queue,
		Priority: opts.Priority, IdempotencyKey: opts.Key, RunAt: opts.RunAt}
	out, err := c.store.Enqueue(ctx, txOrNil(opts.Tx), []store.NewExecution{e})
	if err != nil {
		return "", fmt.Errorf("start workflow %q: %w", name, err)
	}
	return out[0].ID, nil
}

// TaskOptions are the options of EnqueueTask. Unset fields take the defaults the serving worker
// registered for the task.
type TaskOptions struct {
	// Queue: default, the queue the task was registered on (or "default").
	Queue    string
	Priority int
	// Key is an idempotency key (see StartOptions.Key).
	Key   string
	RunAt time.Time
	// Retries, when > 0, overrides the task's default number of retries; NoRetries forbids
	// retries.
	Retries   int
	NoRetries bool
	// Timeout, when > 0, overrides the per-attempt time limit.
	Timeout time.Duration
	// Backoff, when Initial > 0, overrides the retry schedule (Max defaults to 5m, Factor to 2).
	Backoff Backoff
	// Tx enqueues inside the caller's transaction (see StartOptions.Tx).
	Tx pgx.Tx
}

// Backoff is a retry schedule: retry n starts min(Initial × Factor^(n−1), Max) after the failure
// (with ±10% jitter).
type Backoff struct {
	Initial, Max time.Duration
	Factor       float64
}

// EnqueueTask queues a standalone task with input (encoded as for StartWorkflow) and returns its
// execution id.
func (c *Client) EnqueueTask(ctx context.Context, name string, input any, opts TaskOptions) (string, error) {
	in, err := encodeInputs(input)
	if err != nil {
		return "", fmt.Errorf("enqueue task %q: %w", name, err)
	}
	e := store.NewExecution{Kind: store.KindTask, Name: name, Input: in, Queue: opts.Queue, Priority: opts.Priority,
		IdempotencyKey: opts.Key, RunAt: opts.RunAt, MaxAttempts: 1, Timeout: opts.Timeout}
	var p store.Policy
	switch {
	case opts.NoRetries:
		zero := 0
		p.Retries = &zero
	case opts.Retries > 0:
		r := opts.Retries
		p.Retries = &r
		e.MaxAttempts = r + 1
	}
	if opts.Timeout > 0 {
		ms := opts.Timeout.Milliseconds()
		p.TimeoutMS = &ms
	}
	if b := opts.Backoff; b.Initial > 0 {
		if b.Max <= 0 {
			b.Max = 5 * time.Minute
		}
		if b.Factor < 1 {
			b.Factor = 2
		}
		p.Backoff = store.NewBackoffPolicy(b.Initial, b.Max, b.Factor)
	}
	e.Options = p.JSON()
	tx := txOrNil(opts.Tx)
	if e.Queue == "" {
		qs, err := c.store.ServingQueues(ctx, tx, []string{name})
		if err != nil {
			return "", fmt.Errorf("enqueue task %q: %w", name, err)
		}
		e.Queue = qs[name]
	}
	out, err := c.store.Enqueue(ctx, tx, []store.NewExecution{e})
	if err != nil {
		return "", fmt.Errorf("enqueue task %q: %w", name, err)
	}
	return out[0].ID, nil
}

// Signal sends signal name with payload (any JSON-encodable value; json.RawMessage as is) to a
// workflow. Signals of a name reach the workflow's Signal.next requests in order, each exactly
// once; a signal sent before any request waits for one.
func (c *Client) Signal(ctx context.Context, id, name string, payload any) error {
	b, err := encodeValue(payload)
	if err != nil {
		return fmt.Errorf("signal %q: %w", name, err)
	}
	_, err = c.store.SendSignal(ctx, nil, id, name, b)
	return err
}

// Cancel cancels an execution and its descendants: tasks not started and tasks handed off for
// external completion end at once, running tasks see their context cancelled, workflows end as
// cancelled at their next activation. Cancelling a
// finished execution is an error wrapping ErrFinished.
func (c *Client) Cancel(ctx context.Context, id string) error {
	n, err := c.store.RequestCancel(ctx, id)
	if err != nil {
		return err
	}
	if n > 0 {
		_, err := c.store.CancelHandedOff(ctx, id)
		return err
	}
	if _, err := c.store.Get(ctx, id); err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	return fmt.Errorf("cancel %s: %w", id, ErrFinished)
}

// CompleteTask completes a task that handed its work off (worker.ErrAsync) with output (any
// JSON-encodable value): a workflow awaiting it resumes.
func (c *Client) CompleteTask(ctx context.Context, id string, output any) error {
	b, err := encodeValue(output)
	if err != nil {
		return fmt.Errorf("complete task %s: %w", id, err)
	}
	return c.store.CompleteExternal(ctx, id, b)
}

// Failure is the error object of a failed task or workflow.
type Failure struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
}

// FailTask fails a task that handed its work off; it is not retried.
func (c *Client) FailTask(ctx context.Context, id string, f Failure) error {
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("fail task %s: %w", id, err)
	}
	return c.store.FailExternal(ctx, id, b)
}

func txOrNil(tx pgx.Tx) store.DBTX {
	if tx == nil {
		return nil
	}
	return tx
}

// encodeValue encodes any value as JSON (json.RawMessage and []byte JSON as is).
func encodeValue(v any) (json.RawMessage, error) {
	switch x := v.(type) {
	case json.RawMessage:
		if !json.Valid(x) {
			return nil, errors.New("invalid JSON")
		}
		return x, nil
	case nil:
		return json.RawMessage("null"), nil
	}
	return json.Marshal(v)
}

// encodeInputs encodes inputs, which must be a JSON object (nil means {}).
func encodeInputs(v any) (json.RawMessage, error) {
	if v == nil {
		return json.RawMessage("{}"), nil
	}
	b, err := encodeValue(v)
	if err != nil {
		return nil, err
	}
	t := strings.TrimSpace(string(b))
	if t == "null" {
		return json.RawMessage("{}"), nil
	}
	if !strings.HasPrefix(t, "{") {
		return nil, fmt.Errorf("inputs must be a JSON object, got %.40s", t)
	}
	return b, nil
}
