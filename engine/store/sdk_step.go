package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
}

// Step is one workflow activation's transaction: everything it reads and writes happens in
// it, and either all of it commits (Suspend, Finish) or none (Rollback). The workflow's execution
// row stays locked until then, which serialises the activation with signal senders.
type Step struct {
	s      *Store
	tx     pgx.Tx
	job    Job
	worker string
	now    time.Time
	run    StepState
}

// BeginStep opens the transaction of one activation of a claimed workflow job: it locks the
// execution, checks that the worker still holds its claim (else ErrClaimLost) and loads the
// workflow and its saved state. The activation's time is the store clock's now.
func (s *Store) BeginStep(ctx context.Context, worker string, job Job) (*Step, StepState, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, StepState{}, fmt.Errorf("activation of %s: %w", job.ID, err)
	}
	a := &Step{s: s, tx: tx, job: job, worker: worker, now: s.Now()}
	run, err := a.load(ctx)
	if err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return nil, StepState{}, fmt.Errorf("activation of %s: %w", job.ID, err)
	}
	a.run = run
	return a, run, nil
}

func (a *Step) load(ctx context.Context) (StepState, error) {
	r := StepState{ID: a.job.ID}
	var started *time.Time
	var input string
	var held bool
	var format *int32
	var activations *int64
	err := a.tx.QueryRow(ctx, `
		SELECT e.name, coalesce(e.version, ''), coalesce(e.parent_id::text, ''), e.input::text, e.queue, e.priority,
		       e.started_at, e.cancel_requested_at IS NOT NULL, e.finished_at IS NOT NULL,
		       EXISTS (SELECT 1 FROM rhythm.queue q WHERE q.execution_id = e.id AND q.lease_owner = $2 AND q.claim_count = $3),
		       s.format_version, s.state, s.activations
		  FROM rhythm.executions e LEFT JOIN rhythm.snapshots s ON s.execution_id = e.id
		 WHERE e.id = $1::uuid AND e.kind = 'workflow'
		   FOR UPDATE OF e`, a.job.ID, a.worker, a.job.Claim).
		Scan(&r.Name, &r.Version, &r.ParentID, &input, &r.Queue, &r.Priority, &started, &r.CancelRequested, &r.Final,
			&held, &format, &r.State, &activations)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("workflow execution: %w", ErrNotFound)
	}
	if err != nil {
		return r, err
	}
	if !held {
		return r, ErrClaimLost
	}
	r.Input = json.RawMessage(input)
	if started != nil {
		r.StartedAt = *started
	} else {
		r.StartedAt = a.now
	}
	if format != nil {
		r.FormatVersion = int(*format)
	}
	if activations != nil {
		r.Activations = *activations
	}
	return r, nil
}

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

// Settlements gathers, in one round trip, what SettledExecutions(ids), Deliveries(handles),
// FireTimers (when timers is true) and ExpireSignalRequests (when expire is true) return.
func (a *Step) Settlements(ctx context.Context, ids []string, handles []int, timers, expire bool) (StepSettlements, error) {
	var out StepSettlements
	b := &pgx.Batch{}
	if len(ids) > 0 {
		b.Queue(settledSQL, ids).Query(func(rows pgx.Rows) (err error) {
			out.Settled, err = collectSettled(rows)
			return err
		})
	}
	if len(handles) > 0 {
		b.Queue(deliveriesSQL, a.job.ID, int32s(handles)).Query(func(rows pgx.Rows) (err error) {
			out.Deliveries, err = collectDeliveries(rows)
			return err
		})
	}
	if timers {
		b.Queue(fireTimersSQL, a.job.ID, a.now).Query(func(rows pgx.Rows) (err error) {
			out.Timers, err = pgx.CollectRows(rows, pgx.RowToStructByPos[StepTimer])
			return err
		})
	}
	if expire {
		b.Queue(expireSQL, a.job.ID, a.now).Query(func(rows pgx.Rows) (err error) {
			out.Expired, err = pgx.CollectRows(rows, pgx.RowToStructByPos[StepExpired])
			return err
		})
	}
	if b.Len() == 0 {
		return out, nil
	}
	if err := a.tx.SendBatch(ctx, b).Close(); err != nil {
		return StepSettlements{}, fmt.Errorf("settlements: %w", err)
	}
	return out, nil
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

// Tx is the activation's transaction, for callers that enqueue inside it.
func (a *Step) Tx() pgx.Tx { return a.tx }

// Rollback abandons the activation: nothing it did happened. It is safe after a commit.
func (a *Step) Rollback(ctx context.Context) {
	_ = a.tx.Rollback(context.WithoutCancel(ctx))
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

// FireTimers removes the workflow's timers due at the activation's time and returns them, oldest
// first.
func (a *Step) FireTimers(ctx context.Context) ([]StepTimer, error) {
	rows, err := a.tx.Query(ctx, fireTimersSQL, a.job.ID, a.now)
	if err != nil {
		return nil, fmt.Errorf("fire timers: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StepTimer])
	if err != nil {
		return nil, fmt.Errorf("fire timers: %w", err)
	}
	return out, nil
}

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

// ExpireSignalRequests withdraws the workflow's waiting signal requests whose deadline passed, and
// returns them, oldest deadline first.
func (a *Step) ExpireSignalRequests(ctx context.Context) ([]StepExpired, error) {
	rows, err := a.tx.Query(ctx, expireSQL, a.job.ID, a.now)
	if err != nil {
		return nil, fmt.Errorf("expire signal requests: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StepExpired])
	if err != nil {
		return nil, fmt.Errorf("expire signal requests: %w", err)
	}
	return out, nil
}

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

// Enqueue creates executions (tasks and child workflows) inside the activation; see Store.Enqueue.
func (a *Step) Enqueue(ctx context.Context, execs []NewExecution) ([]Enqueued, error) {
	return a.s.Enqueue(ctx, a.tx, execs)
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

// Suspend commits the activation of a workflow that waits: the state is saved, the workflow is
// suspended, and its queue row is due at the earliest of its timers, its signal-request deadlines
// and wakeAt (zero: none) — or at once if it was woken while the activation ran — or removed when
// nothing is due. It returns ErrClaimLost (and commits nothing) if the claim was lost.
func (a *Step) Suspend(ctx context.Context, formatVersion int, state []byte, wakeAt time.Time) error {
	defer a.Rollback(ctx)
	var wake *time.Time
	if !wakeAt.IsZero() {
		wake = &wakeAt
	}
	b := &pgx.Batch{}
	b.Queue(`
		INSERT INTO rhythm.snapshots (execution_id, format_version, state, activations, updated_at)
		VALUES ($1::uuid, $2, $3, 1, $4)
		ON CONFLICT (execution_id) DO UPDATE
		   SET format_version = excluded.format_version, state = excluded.state,
		       activations = rhythm.snapshots.activations + 1, updated_at = excluded.updated_at`,
		a.job.ID, formatVersion, state, a.now)
	held := false
	// The queue row: locked (wake-ups wait for the commit), then due at once if a wake-up came
	// since the claim, else at the earliest timer or deadline, else removed.
	b.Queue(`
		WITH q AS (
			SELECT wake_seq, queue FROM rhythm.queue
			 WHERE execution_id = $1::uuid AND lease_owner = $2 AND claim_count = $3 FOR UPDATE),
		due AS (
			SELECT CASE WHEN q.wake_seq <> $4 THEN $5::timestamptz
			            ELSE least((SELECT min(fire_at) FROM rhythm.timers WHERE execution_id = $1::uuid),
			                       (SELECT min(deadline) FROM rhythm.signal_requests WHERE execution_id = $1::uuid AND state = 'waiting'),
			                       $6::timestamptz) END AS at,
			       q.queue
			  FROM q),
		del AS (
			DELETE FROM rhythm.queue WHERE execution_id = $1::uuid AND EXISTS (SELECT 1 FROM due WHERE at IS NULL)),
		upd AS (
			UPDATE rhythm.queue r SET lease_owner = NULL, run_at = due.at FROM due
			 WHERE r.execution_id = $1::uuid AND due.at IS NOT NULL),
		-- The execution's one write of a re-activation (the claim left it alone): the status is
		-- unchanged then, which keeps it a heap-only update when its page has room.
		ex AS (
			UPDATE rhythm.executions SET status = 'suspended', updated_at = $5, worker_id = $2
			 WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM q))
		SELECT CASE WHEN at <= $5 THEN pg_notify($7, queue) END FROM due`,
		a.job.ID, a.worker, a.job.Claim, a.job.WakeSeq, a.now, wake, QueueChannel).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			held = true
		}
		return rows.Err()
	})
	if err := a.tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("suspend %s: %w", a.job.ID, err)
	}
	if !held {
		return fmt.Errorf("suspend %s: %w", a.job.ID, ErrClaimLost)
	}
	if err := a.tx.Commit(ctx); err != nil {
		return fmt.Errorf("suspend %s: commit: %w", a.job.ID, err)
	}
	return nil
}

// Finish commits the activation of a workflow that ended with status (completed, failed or
// cancelled) and output or error (JSON text): its queue row, saved state, timers and waiting
// signal requests go, its parent is woken and waiters are notified. It returns ErrClaimLost (and
// commits nothing) if the claim was lost.
func (a *Step) Finish(ctx context.Context, status string, output, errJSON json.RawMessage) error {
	defer a.Rollback(ctx)
	switch status {
	case "completed", "failed", "cancelled":
	default:
		return fmt.Errorf("finish %s: bad status %q", a.job.ID, status)
	}
	var out, errText *string
	if len(output) > 0 {
		s := string(output)
		out = &s
	}
	if len(errJSON) > 0 {
		s := string(errJSON)
		errText = &s
	}
	// One round trip: if the claim was lost, nothing is deleted and the whole transaction is
	// rolled back.
	held := false
	batch := &pgx.Batch{}
	batch.Queue(`DELETE FROM rhythm.queue WHERE execution_id = $1::uuid AND lease_owner = $2 AND claim_count = $3`,
		a.job.ID, a.worker, a.job.Claim).Exec(func(tag pgconn.CommandTag) error {
		held = tag.RowsAffected() > 0
		return nil
	})
	batch.Queue(`UPDATE rhythm.executions SET status = $2, output = $3::json, error = $4::json, finished_at = $5, updated_at = $5,
		worker_id = $6 WHERE id = $1::uuid`, a.job.ID, status, out, errText, a.now, a.worker)
	batch.Queue(`DELETE FROM rhythm.snapshots WHERE execution_id = $1::uuid`, a.job.ID)
	batch.Queue(`DELETE FROM rhythm.timers WHERE execution_id = $1::uuid`, a.job.ID)
	batch.Queue(`UPDATE rhythm.signal_requests SET state = 'withdrawn', settled_at = $2 WHERE execution_id = $1::uuid AND state = 'waiting'`,
		a.job.ID, a.now)
	if a.run.ParentID != "" {
		batch.Queue(wakeSQL, []string{a.run.ParentID}, a.now, QueueChannel)
	}
	batch.Queue(`SELECT pg_notify($1, $2)`, DoneChannel, a.job.ID)
	if err := a.tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("finish %s: %w", a.job.ID, err)
	}
	if !held {
		return fmt.Errorf("finish %s: %w", a.job.ID, ErrClaimLost)
	}
	if err := a.tx.Commit(ctx); err != nil {
		return fmt.Errorf("finish %s: commit: %w", a.job.ID, err)
	}
	return nil
}
