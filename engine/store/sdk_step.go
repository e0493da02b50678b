package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrClaimLost reports that a worker no longer holds the claim it works under: its lease expired
// and another worker claimed the execution, or the execution was finished elsewhere. The work
// done under the lost claim must be dropped.
var ErrClaimLost = errors.New("lease lost")

// StepState is what an activation reads about its workflow, under the lock it holds.
type StepState struct {
	ID, Name, Version string
	// ParentID is "" for a top-level workflow.
	ParentID        string
	Input           json.RawMessage
	Queue           string
	Priority        int
	StartedAt       time.Time
	CancelRequested bool
	// Final is true when the workflow already reached a final status (its row was left behind).
	Final bool
	// State is the saved state of the last committed activation (nil on the first one), in the
	// encoding FormatVersion names.
	State         []byte
	FormatVersion int
	// Activations counts the committed activations so far.
	Activations int64
	// Retried counts the earlier attempts of the workflow that failed and were retried (the
	// execution's attempt is the number of the attempt running); MaxAttempts is 1 + the
	// retries it may make (a child workflow started with retries).
	Retried, MaxAttempts int
	// Options are the engine-owned settings it was started with (its retry policy).
	Options json.RawMessage
}

// Step is one workflow activation inside a StepBatch's transaction. Its reads happen at once;
// its outcome (Suspend or Finish) and the tasks it starts are recorded and written when the batch
// commits, together with the other activations of the batch, so that a batch of activations costs
// a few statements and one commit.
type Step struct {
	b      *StepBatch
	tx     pgx.Tx
	job    Job
	worker string
	now    time.Time
	run    StepState

	// outcome is what the activation asked for: stepNone until Suspend or Finish.
	outcome stepOutcome
	format  int
	state   []byte
	wakeAt  time.Time
	status  string
	output  json.RawMessage
	errJSON json.RawMessage
	retryAt time.Time
	// pending are the tasks started by the activation, and logs its console.log lines, written
	// at commit.
	pending []NewExecution
	logs    []LogLine
	// wrote is set when the activation wrote to the transaction before commit (timers, signal
	// requests, keyed or child-workflow starts): if its claim turns out lost at commit, the whole
	// batch must roll back.
	wrote bool
}

type stepOutcome int

const (
	stepNone stepOutcome = iota
	stepSuspend
	stepFinish
	stepRetry
	stepAbandoned
)

// StepSettlements is everything that settled for a workflow since its last activation.
type StepSettlements struct {
	// Settled are the awaited executions that reached a final status.
	Settled []StepSettled
	// Deliveries are the signals delivered to the awaited requests.
	Deliveries []StepDelivery
	// Timers fired (and were removed).
	Timers []StepTimer
	// Expired are the signal requests withdrawn at their deadline.
	Expired []StepExpired
}

func int32s(xs []int) []int32 {
	out := make([]int32, len(xs))
	for i, x := range xs {
		out[i] = int32(x)
	}
	return out
}

// Now is the activation's time, fixed when it began.
func (a *Step) Now() time.Time { return a.now }

// Rollback abandons the activation: its outcome is dropped at commit (and the batch rolls back
// if the activation had already written).
func (a *Step) Rollback(ctx context.Context) {
	if a.outcome == stepNone {
		a.outcome = stepAbandoned
	}
}

// StepSettled is a task or child workflow that reached a final status.
type StepSettled struct {
	ID         string
	Kind       Kind
	Name       string
	Status     string // completed, failed or cancelled
	Output     json.RawMessage
	Error      json.RawMessage
	FinishedAt time.Time
}

// SettledExecutions returns those of the given executions that reached a final status.
func (a *Step) SettledExecutions(ctx context.Context, ids []string) ([]StepSettled, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := a.tx.Query(ctx, settledSQL, ids)
	if err != nil {
		return nil, fmt.Errorf("settled executions: %w", err)
	}
	out, err := collectSettled(rows)
	if err != nil {
		return nil, fmt.Errorf("settled executions: %w", err)
	}
	return out, nil
}

const settledSQL = `
	SELECT id::text, kind, name, status, output::text, error::text, finished_at
	  FROM rhythm.executions WHERE id = ANY($1::text[]::uuid[]) AND finished_at IS NOT NULL`

func collectSettled(rows pgx.Rows) ([]StepSettled, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (StepSettled, error) {
		var e StepSettled
		var kind string
		var output, errText *string
		err := r.Scan(&e.ID, &kind, &e.Name, &e.Status, &output, &errText, &e.FinishedAt)
		e.Kind = Kind(kind)
		if output != nil {
			e.Output = json.RawMessage(*output)
		}
		if errText != nil {
			e.Error = json.RawMessage(*errText)
		}
		return e, err
	})
}

// StepTimer is a timer whose time came.
type StepTimer struct {
	Handle int
	FireAt time.Time
}

// fireTimersSQL removes workflow $1's timers due at $2 and returns them, oldest first.
const fireTimersSQL = `
	WITH d AS (DELETE FROM rhythm.timers WHERE execution_id = $1::uuid AND fire_at <= $2 RETURNING handle, fire_at)
	SELECT handle, fire_at FROM d ORDER BY fire_at, handle`

// StepNewTimer is a timer an activation starts.
type StepNewTimer struct {
	Handle int
	FireAt time.Time
}

// AddTimers records new timers of the workflow.
func (a *Step) AddTimers(ctx context.Context, timers []StepNewTimer) error {
	if len(timers) == 0 {
		return nil
	}
	handles, at := make([]int32, len(timers)), make([]time.Time, len(timers))
	for i, t := range timers {
		handles[i], at[i] = int32(t.Handle), t.FireAt
	}
	a.wrote = true
	if _, err := a.tx.Exec(ctx, `
		INSERT INTO rhythm.timers (execution_id, handle, fire_at, created_at)
		SELECT $1::uuid, h, f, $4 FROM unnest($2::int[], $3::timestamptz[]) AS u(h, f)`,
		a.job.ID, handles, at, a.now); err != nil {
		return fmt.Errorf("add timers: %w", err)
	}
	return nil
}

// StepDelivery is a signal delivered to one of the workflow's requests.
type StepDelivery struct {
	Handle      int
	Name        string
	Payload     json.RawMessage
	DeliveredAt time.Time
}

// Deliveries returns the signals delivered to the given request handles of the workflow, in
// delivery order.
func (a *Step) Deliveries(ctx context.Context, handles []int) ([]StepDelivery, error) {
	if len(handles) == 0 {
		return nil, nil
	}
	rows, err := a.tx.Query(ctx, deliveriesSQL, a.job.ID, int32s(handles))
	if err != nil {
		return nil, fmt.Errorf("signal deliveries: %w", err)
	}
	out, err := collectDeliveries(rows)
	if err != nil {
		return nil, fmt.Errorf("signal deliveries: %w", err)
	}
	return out, nil
}

const deliveriesSQL = `
	SELECT r.handle, r.name, s.payload::text, s.delivered_at
	  FROM rhythm.signal_requests r JOIN rhythm.signals s ON s.request_id = r.id
	 WHERE r.execution_id = $1::uuid AND r.handle = ANY($2::int[]) AND r.state = 'delivered'
	 ORDER BY s.delivered_at, r.id`

func collectDeliveries(rows pgx.Rows) ([]StepDelivery, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (StepDelivery, error) {
		var d StepDelivery
		var payload string
		err := r.Scan(&d.Handle, &d.Name, &payload, &d.DeliveredAt)
		d.Payload = json.RawMessage(payload)
		return d, err
	})
}

// StepExpired is a signal request withdrawn because no signal came before its deadline.
type StepExpired struct {
	Handle    int
	Name      string
	Deadline  time.Time
	CreatedAt time.Time
}

// expireSQL withdraws workflow $1's waiting signal requests whose deadline passed at $2 and
// returns them, oldest deadline first.
const expireSQL = `
	WITH x AS (
		UPDATE rhythm.signal_requests SET state = 'withdrawn', settled_at = $2
		 WHERE execution_id = $1::uuid AND state = 'waiting' AND deadline <= $2
		RETURNING id, handle, name, deadline, created_at)
	SELECT handle, name, deadline, created_at FROM x ORDER BY deadline, id`

// StepSignalRequest is one Signal.next call of the workflow.
type StepSignalRequest struct {
	Handle int
	Name   string
	// Deadline is when the request times out; zero means never.
	Deadline time.Time
}

// RequestSignals records signal requests, in order, then pairs the workflow's waiting requests
// with its undelivered signals FIFO per name: a request that finds a signal is delivered at once
// (read it with Deliveries).
func (a *Step) RequestSignals(ctx context.Context, reqs []StepSignalRequest) error {
	if len(reqs) == 0 {
		return nil
	}
	a.wrote = true
	for _, r := range reqs {
		var deadline *time.Time
		if !r.Deadline.IsZero() {
			deadline = &r.Deadline
		}
		if _, err := a.tx.Exec(ctx, `
			INSERT INTO rhythm.signal_requests (execution_id, name, handle, deadline, created_at)
			VALUES ($1::uuid, $2, $3, $4, $5)`, a.job.ID, r.Name, r.Handle, deadline, a.now); err != nil {
			return fmt.Errorf("signal request %q: %w", r.Name, err)
		}
	}
	if _, err := deliverSignals(ctx, a.tx, a.job.ID, a.now); err != nil {
		return fmt.Errorf("signal requests: %w", err)
	}
	return nil
}

// Enqueue creates executions (tasks and child workflows) for the activation; see Store.Enqueue.
// Tasks without an idempotency key get their ids at once and are written at commit; the others
// are written now (an idempotency key may name an existing execution).
func (a *Step) Enqueue(ctx context.Context, execs []NewExecution) ([]Enqueued, error) {
	deferrable := true
	for _, e := range execs {
		if e.Kind != KindTask || e.IdempotencyKey != "" || e.ID != "" {
			deferrable = false
		}
	}
	if !deferrable {
		a.wrote = true
		return a.b.s.Enqueue(ctx, a.tx, execs)
	}
	out := make([]Enqueued, len(execs))
	for i, e := range execs {
		e.ID = NewID(a.now)
		a.pending = append(a.pending, e)
		out[i] = Enqueued{ID: e.ID}
	}
	return out, nil
}

// RegisteredWorkflows reports which of the names have a registered definition.
func (a *Step) RegisteredWorkflows(ctx context.Context, names []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(names) == 0 {
		return out, nil
	}
	rows, err := a.tx.Query(ctx, `SELECT name FROM rhythm.workflows WHERE name = ANY($1)`, names)
	if err != nil {
		return nil, fmt.Errorf("registered workflows: %w", err)
	}
	var name string
	if _, err := pgx.ForEachRow(rows, []any{&name}, func() error { out[name] = true; return nil }); err != nil {
		return nil, fmt.Errorf("registered workflows: %w", err)
	}
	return out, nil
}

// TaskQueues returns the queue each named task is served on, from the registration seen most
// recently; tasks no worker registered are absent.
func (a *Step) TaskQueues(ctx context.Context, names []string) (map[string]string, error) {
	return taskQueues(ctx, a.tx, names)
}

// ServingQueues returns the queue each named task is served on, from the registration seen most
// recently; tasks no worker registered are absent.
func (s *Store) ServingQueues(ctx context.Context, tx DBTX, names []string) (map[string]string, error) {
	return taskQueues(ctx, s.db(tx), names)
}

func taskQueues(ctx context.Context, db DBTX, names []string) (map[string]string, error) {
	out := map[string]string{}
	if len(names) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `
		SELECT DISTINCT ON (name) name, queue FROM rhythm.task_registry
		 WHERE name = ANY($1) ORDER BY name, last_seen_at DESC`, names)
	if err != nil {
		return nil, fmt.Errorf("task queues: %w", err)
	}
	var name, queue string
	if _, err := pgx.ForEachRow(rows, []any{&name, &queue}, func() error { out[name] = queue; return nil }); err != nil {
		return nil, fmt.Errorf("task queues: %w", err)
	}
	return out, nil
}

// Suspend ends the activation of a workflow that waits: at commit the state is saved, the workflow
// is suspended, and its queue row is due at the earliest of its timers, its signal-request
// deadlines and wakeAt (zero: none) — or at once if it was woken while the activation ran — or
// removed when nothing is due.
func (a *Step) Suspend(ctx context.Context, formatVersion int, state []byte, wakeAt time.Time) error {
	if a.outcome != stepNone {
		return fmt.Errorf("suspend %s: the activation already ended", a.job.ID)
	}
	a.outcome, a.format, a.state, a.wakeAt = stepSuspend, formatVersion, state, wakeAt
	return nil
}

// Finish ends the activation of a workflow that ended with status (completed, failed or
// cancelled) and output or error (JSON text): at commit its queue row, saved state, timers and
// waiting signal requests go, its parent is woken and waiters are notified.
func (a *Step) Finish(ctx context.Context, status string, output, errJSON json.RawMessage) error {
	switch status {
	case "completed", "failed", "cancelled":
	default:
		return fmt.Errorf("finish %s: bad status %q", a.job.ID, status)
	}
	if a.outcome != stepNone {
		return fmt.Errorf("finish %s: the activation already ended", a.job.ID)
	}
	a.outcome, a.status, a.output, a.errJSON = stepFinish, status, output, errJSON
	return nil
}

// Retry ends the activation of a workflow that failed with errJSON while it has retries left: at
// commit its saved state, timers and waiting signal requests go, the error is recorded, its count
// of retried attempts goes up, and its queue row is due at at, when it starts again from its
// inputs. Its parent is not woken.
func (a *Step) Retry(ctx context.Context, errJSON json.RawMessage, at time.Time) error {
	if a.outcome != stepNone {
		return fmt.Errorf("retry %s: the activation already ended", a.job.ID)
	}
	a.outcome, a.errJSON, a.retryAt = stepRetry, errJSON, at
	return nil
}
