package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// StepBatch is one transaction shared by the activations of several claimed workflows: they
// are loaded by one statement, their settlements read by one round trip, and their outcomes
// (saved states, queue rows, statuses, the tasks they start, finished workflows' parents woken)
// written by a few statements and one commit. An activation whose claim was lost by commit time
// is left out; if it had already written to the transaction, the whole batch rolls back instead.
type StepBatch struct {
	s      *Store
	tx     pgx.Tx
	worker string
	now    time.Time
	steps  []*Step
	// reserve and lease: see StartHere; eager are the tasks reserve accepted at commit.
	reserve func(queue, name string) bool
	lease   time.Duration
	eager   []Job
}

// StartHere lets the batch's worker run at once tasks its activations start: at commit, reserve
// is asked for each such task (its queue and name) whether the worker takes it now; those it
// accepts are created already claimed by the worker, leased for lease, and listed by Eager, so
// that no claim is needed to start them.
func (b *StepBatch) StartHere(reserve func(queue, name string) bool, lease time.Duration) {
	b.reserve, b.lease = reserve, lease
}

// Eager returns the tasks reserved at commit (see StartHere), as claimed jobs: they started if
// Commit succeeded; otherwise they do not exist and their reservations are to be undone.
func (b *StepBatch) Eager() []Job { return b.eager }

// StepStart is one job of BeginSteps: its Step and loaded state, or why it cannot run (an error
// wrapping ErrClaimLost or ErrNotFound).
type StepStart struct {
	Step  *Step
	State StepState
	Err   error
}

// BeginSteps opens one transaction for activations of claimed workflow jobs: it locks their
// executions in id order, checks the worker still holds each claim and loads each workflow and
// its saved state. Starts are in the order of jobs. The activations' time is the store clock's
// now. The caller runs each Step to its Suspend or Finish (or Rollback), then calls Commit.
func (s *Store) BeginSteps(ctx context.Context, worker string, jobs []Job) (*StepBatch, []StepStart, error) {
	ids, claims := make([]string, len(jobs)), make([]int32, len(jobs))
	for i, j := range jobs {
		ids[i], claims[i] = j.ID, int32(j.Claim)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("activations: %w", err)
	}
	b := &StepBatch{s: s, tx: tx, worker: worker, now: s.Now()}
	loaded := make(map[string]StepState, len(jobs))
	held := make(map[string]bool, len(jobs))
	// Only index walks are planned in the batch's transaction (see indexScans): with statistics
	// taken while the tables were small, the planner read whole tables to find a batch's rows.
	// The settings and the load go in one round trip.
	pb := &pgx.Batch{}
	pb.Queue(`SET LOCAL enable_bitmapscan = off`)
	pb.Queue(`SET LOCAL enable_seqscan = off`)
	pb.Queue(loadStepsSQL, uuids(ids), worker, claims).Query(func(rows pgx.Rows) error {
		var r StepState
		var started *time.Time
		var input string
		var h bool
		var format *int32
		var activations *int64
		var options string
		var workflow bool
		_, err := pgx.ForEachRow(rows, []any{&r.ID, &r.Name, &r.Version, &r.ParentID, &input, &r.Queue, &r.Priority,
			&started, &r.CancelRequested, &r.Final, &h, &format, &r.State, &activations, &r.Retried, &r.MaxAttempts, &options,
			&workflow}, func() error {
			if !workflow {
				return nil
			}
			x := r
			x.Input, x.Options = json.RawMessage(input), json.RawMessage(options)
			x.StartedAt = b.now
			if started != nil {
				x.StartedAt = *started
			}
			if format != nil {
				x.FormatVersion = int(*format)
			}
			if activations != nil {
				x.Activations = *activations
			}
			loaded[x.ID], held[x.ID] = x, h
			return nil
		})
		return err
	})
	err = tx.SendBatch(ctx, pb).Close()
	if err != nil {
		b.Rollback(ctx)
		return nil, nil, fmt.Errorf("activations: load: %w", err)
	}
	starts := make([]StepStart, len(jobs))
	for i, j := range jobs {
		st, ok := loaded[j.ID]
		switch {
		case !ok:
			starts[i].Err = fmt.Errorf("activation of %s: workflow execution: %w", j.ID, ErrNotFound)
		case !held[j.ID]:
			starts[i].Err = fmt.Errorf("activation of %s: %w", j.ID, ErrClaimLost)
		default:
			step := &Step{b: b, tx: tx, job: j, worker: worker, now: b.now, run: st}
			b.steps = append(b.steps, step)
			starts[i] = StepStart{Step: step, State: st}
		}
	}
	return b, starts, nil
}

// loadStepsSQL loads and locks the workflows of an activation batch. Rows are found by primary key
// alone and their kind returned (see wake for why no kind condition sits beside the key).
const loadStepsSQL = `
	SELECT e.id::text, e.name, coalesce(e.version, ''), coalesce(e.parent_id::text, ''), e.input::text, e.queue, e.priority,
	       e.started_at, e.cancel_requested_at IS NOT NULL, e.finished_at IS NOT NULL,
	       EXISTS (SELECT 1 FROM rhythm.queue q
	                WHERE q.execution_id = e.id AND q.lease_owner = $2
	                  AND q.claim_count = ($3::int[])[array_position($1::uuid[], e.id)]),
	       s.format_version, s.state, s.activations, greatest(e.attempt - 1, 0), e.max_attempts, e.options::text,
	       e.kind = 'workflow'
	  FROM rhythm.executions e LEFT JOIN rhythm.snapshots s ON s.execution_id = e.id
	 WHERE e.id = ANY ($1::uuid[])
	 ORDER BY e.id
	   FOR UPDATE OF e`

// Now is the batch's time, the same for all its activations.
func (b *StepBatch) Now() time.Time { return b.now }

// Rollback abandons the whole batch: nothing any of its activations did happened. It is safe
// after a commit.
func (b *StepBatch) Rollback(ctx context.Context) {
	_ = b.tx.Rollback(context.WithoutCancel(ctx))
}

// SettlementRequest asks what settled for one activation: see Step.Settlements.
type SettlementRequest struct {
	Step    *Step
	IDs     []string
	Handles []int
	Timers  bool
	Expire  bool
}

// Settlements answers the requests of several activations in one round trip; the result is in
// the order of reqs.
func (b *StepBatch) Settlements(ctx context.Context, reqs []SettlementRequest) ([]StepSettlements, error) {
	out := make([]StepSettlements, len(reqs))
	owner := map[string]int{}
	var ids []string
	pb := &pgx.Batch{}
	for i, r := range reqs {
		for _, id := range r.IDs {
			owner[id] = i
			ids = append(ids, id)
		}
		a := r.Step
		if len(r.Handles) > 0 {
			pb.Queue(deliveriesSQL, a.job.ID, int32s(r.Handles)).Query(func(rows pgx.Rows) (err error) {
				out[i].Deliveries, err = collectDeliveries(rows)
				return err
			})
		}
		if r.Timers {
			a.wrote = true
			pb.Queue(fireTimersSQL, a.job.ID, a.now).Query(func(rows pgx.Rows) (err error) {
				out[i].Timers, err = pgx.CollectRows(rows, pgx.RowToStructByPos[StepTimer])
				return err
			})
		}
		if r.Expire {
			a.wrote = true
			pb.Queue(expireSQL, a.job.ID, a.now).Query(func(rows pgx.Rows) (err error) {
				out[i].Expired, err = pgx.CollectRows(rows, pgx.RowToStructByPos[StepExpired])
				return err
			})
		}
	}
	if len(ids) > 0 {
		pb.Queue(settledSQL, ids).Query(func(rows pgx.Rows) error {
			settled, err := collectSettled(rows)
			for _, e := range settled {
				i := owner[e.ID]
				out[i].Settled = append(out[i].Settled, e)
			}
			return err
		})
	}
	if pb.Len() == 0 {
		return out, nil
	}
	if err := b.tx.SendBatch(ctx, pb).Close(); err != nil {
		return nil, fmt.Errorf("settlements: %w", err)
	}
	return out, nil
}

// ErrBatchAborted reports a batch rolled back because an activation that had already written
// lost its claim: the others did not commit either and are to be retried.
var ErrBatchAborted = errors.New("activation batch rolled back: a claim was lost")

// Commit writes the outcomes of the batch's activations and commits. The result has one error
// per Step, in the order they were begun: nil when its outcome committed, ErrClaimLost when its
// claim was lost (nothing of it was written), or an error for an activation that never reached
// Suspend or Finish. The error return reports a failed commit: nothing was written.
func (b *StepBatch) Commit(ctx context.Context) ([]error, error) {
	defer b.Rollback(ctx)
	seqs, err := b.lockHeld(ctx)
	if err != nil {
		return nil, fmt.Errorf("activations: commit: %w", err)
	}
	p, errs, err := b.plan(seqs)
	if err != nil {
		return nil, err
	}
	pb := &pgx.Batch{}
	if err := p.queue(pb, b); err != nil {
		return nil, err
	}
	if pb.Len() > 0 {
		if err := b.tx.SendBatch(ctx, pb).Close(); err != nil {
			return nil, fmt.Errorf("activations: commit: %w", err)
		}
	}
	if err := b.tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("activations: commit: %w", err)
	}
	b.s.notes.later(p.notify, p.done)
	return errs, nil
}

// lockHeld locks the queue rows of the batch's activations in id order (wake-ups wait for the
// commit) and returns the wake counter of each row the worker still holds: a held row's counter
// says whether its workflow was woken while it ran.
func (b *StepBatch) lockHeld(ctx context.Context) (map[string]int64, error) {
	var ids []string
	var claims []int32
	for _, a := range b.steps {
		ids, claims = append(ids, a.job.ID), append(claims, int32(a.job.Claim))
	}
	seqs := map[string]int64{}
	rows, err := b.tx.Query(ctx, `
		SELECT q.execution_id::text, q.wake_seq FROM rhythm.queue q
		 WHERE q.execution_id = ANY ($1::uuid[]) AND q.lease_owner = $2
		   AND q.claim_count = ($3::int[])[array_position($1::uuid[], q.execution_id)]
		 ORDER BY q.execution_id
		   FOR UPDATE OF q`, uuids(ids), b.worker, claims)
	if err == nil {
		var id string
		var seq int64
		_, err = pgx.ForEachRow(rows, []any{&id, &seq}, func() error { seqs[id] = seq; return nil })
	}
	return seqs, err
}

// commitPlan is what a batch's commit writes, by outcome, as statement parameters.
type commitPlan struct {
	pending []NewExecution // tasks the activations started
	logs    []LogLine      // their console.log lines

	susIDs     []string // suspended: saved state, queue row due at its next wake-up
	susFormats []int32
	susStates  [][]byte
	susWoken   []bool
	susWake    []*time.Time

	finIDs, finStatus, finOut, finErr []string // finished
	finOutSet, finErrSet              []bool
	parents                           []string // parents of the finished, to wake

	retryIDs, retryErr []string // failed with retries left
	retryAt            []time.Time

	done   []string // finished, for the waiters' notification
	notify []string // queues with new due work, filled in when the statements run
}

// plan sorts the activations by outcome; seqs are the wake counters of the rows still held. An
// activation whose claim was lost, or that reached no outcome, is left out with its error —
// unless it had already written to the transaction, which fails the whole commit.
func (b *StepBatch) plan(seqs map[string]int64) (*commitPlan, []error, error) {
	p := &commitPlan{}
	errs := make([]error, len(b.steps))
	for i, a := range b.steps {
		seq, held := seqs[a.job.ID]
		switch {
		case a.outcome == stepNone || a.outcome == stepAbandoned:
			errs[i] = fmt.Errorf("activation of %s: it neither suspended nor finished", a.job.ID)
			if a.outcome == stepAbandoned {
				errs[i] = fmt.Errorf("activation of %s: abandoned", a.job.ID)
			}
			if a.wrote {
				return nil, nil, fmt.Errorf("activations: %w", errs[i])
			}
			continue
		case !held:
			if a.wrote {
				return nil, nil, fmt.Errorf("activation of %s: %w", a.job.ID, ErrBatchAborted)
			}
			errs[i] = fmt.Errorf("activation of %s: %w", a.job.ID, ErrClaimLost)
			continue
		}
		p.pending = append(p.pending, a.pending...)
		p.logs = append(p.logs, a.logs...)
		switch a.outcome {
		case stepSuspend:
			var w *time.Time
			if !a.wakeAt.IsZero() {
				t := a.wakeAt
				w = &t
			}
			p.susIDs, p.susFormats, p.susStates = append(p.susIDs, a.job.ID), append(p.susFormats, int32(a.format)), append(p.susStates, a.state)
			p.susWoken, p.susWake = append(p.susWoken, seq != a.job.WakeSeq), append(p.susWake, w)
		case stepRetry:
			p.retryIDs, p.retryErr, p.retryAt = append(p.retryIDs, a.job.ID), append(p.retryErr, string(a.errJSON)), append(p.retryAt, a.retryAt)
		default:
			p.finIDs, p.finStatus = append(p.finIDs, a.job.ID), append(p.finStatus, a.status)
			p.finOut, p.finOutSet = append(p.finOut, string(a.output)), append(p.finOutSet, len(a.output) > 0)
			p.finErr, p.finErrSet = append(p.finErr, string(a.errJSON)), append(p.finErrSet, len(a.errJSON) > 0)
			p.done = append(p.done, a.job.ID)
			if a.run.ParentID != "" {
				p.parents = appendUnique(p.parents, a.run.ParentID)
			}
		}
	}
	return p, errs, nil
}

// startHere splits the started tasks between those this worker takes at once (see StartHere),
// recorded in b.eager, and those queued for any worker.
func (b *StepBatch) startHere(pending []NewExecution) (here, queued []NewExecution) {
	if b.reserve == nil {
		return nil, pending
	}
	for _, e := range pending {
		q := e.Queue
		if q == "" {
			q = DefaultQueue
		}
		if !b.reserve(q, e.Name) {
			queued = append(queued, e)
			continue
		}
		here = append(here, e)
		b.eager = append(b.eager, Job{ID: e.ID, Kind: KindTask, Name: e.Name, Queue: q, Input: orJSON(e.Input, "{}"),
			Attempt: 1, MaxAttempts: max(e.MaxAttempts, 1), Timeout: e.Timeout, Options: orJSON(e.Options, "{}"),
			ParentID: e.ParentID, Claim: 1, LeaseExpires: b.now.Add(b.lease)})
	}
	return here, queued
}

// queue adds the plan's statements to pb.
func (p *commitPlan) queue(pb *pgx.Batch, b *StepBatch) error {
	addQueues := func(rows pgx.Rows) error {
		qs, err := pgx.CollectRows(rows, pgx.RowTo[string])
		for _, q := range qs {
			p.notify = appendUnique(p.notify, q)
		}
		return err
	}
	queueLogs(pb, p.logs)
	here, queued := b.startHere(p.pending)
	if len(here) > 0 {
		if _, _, _, err := queueEnqueue(pb, here, nil, b.now, &leaseSpec{worker: b.worker, expires: b.now.Add(b.lease)}); err != nil {
			return err
		}
	}
	if len(queued) > 0 {
		_, _, qs, err := queueEnqueue(pb, queued, nil, b.now, nil)
		if err != nil {
			return err
		}
		p.notify = append(p.notify, qs...)
	}
	if len(p.susIDs) > 0 {
		ids := uuids(p.susIDs)
		pb.Queue(`
			INSERT INTO rhythm.snapshots (execution_id, format_version, state, activations, updated_at)
			SELECT id, f, st, 1, $4 FROM unnest($1::uuid[], $2::int[], $3::bytea[]) AS u(id, f, st)
			ON CONFLICT (execution_id) DO UPDATE
			   SET format_version = excluded.format_version, state = excluded.state,
			       activations = rhythm.snapshots.activations + 1, updated_at = excluded.updated_at`,
			ids, p.susFormats, p.susStates, b.now)
		pb.Queue(suspendQueueSQL, ids, p.susWoken, p.susWake, b.now).Query(addQueues)
		// The execution row changes when the workflow becomes suspended (its first activation, or
		// the first of a retry); a workflow suspended again keeps its row as it is (its saved
		// state records the activation), so its worker and update time are those of that change.
		pb.Queue(`UPDATE rhythm.executions SET status = 'suspended', started_at = coalesce(started_at, $2),
			attempt = greatest(attempt, 1), updated_at = $2, worker_id = $3
			WHERE id = ANY ($1::uuid[]) AND status <> 'suspended'`, ids, b.now, b.worker)
	}
	if len(p.finIDs) > 0 {
		ids := uuids(p.finIDs)
		pb.Queue(`DELETE FROM rhythm.queue WHERE execution_id = ANY ($1::uuid[])`, ids)
		pb.Queue(`
			UPDATE rhythm.executions e
			   SET status = ($2::text[])[array_position($1::uuid[], e.id)],
			       output = CASE WHEN ($4::bool[])[array_position($1::uuid[], e.id)]
			                     THEN ($3::text[])[array_position($1::uuid[], e.id)]::json END,
			       error = CASE WHEN ($6::bool[])[array_position($1::uuid[], e.id)]
			                    THEN ($5::text[])[array_position($1::uuid[], e.id)]::json END,
			       attempt = greatest(e.attempt, 1), started_at = coalesce(e.started_at, $7),
			       finished_at = $7, updated_at = $7, worker_id = $8
			 WHERE e.id = ANY ($1::uuid[])`,
			ids, p.finStatus, p.finOut, p.finOutSet, p.finErr, p.finErrSet, b.now, b.worker)
	}
	if len(p.retryIDs) > 0 {
		ids := uuids(p.retryIDs)
		pb.Queue(`
			UPDATE rhythm.executions e
			   SET status = 'pending', error = ($2::text[])[array_position($1::uuid[], e.id)]::json,
			       attempt = greatest(e.attempt, 1) + 1, started_at = coalesce(e.started_at, $3), updated_at = $3, worker_id = $4
			 WHERE e.id = ANY ($1::uuid[])`, ids, p.retryErr, b.now, b.worker)
		pb.Queue(`UPDATE rhythm.queue q SET lease_owner = NULL, run_at = ($2::timestamptz[])[array_position($1::uuid[], q.execution_id)]
			WHERE q.execution_id = ANY ($1::uuid[])`, ids, p.retryAt)
	}
	// A finished or retried workflow keeps no saved state, timers or waiting signal requests.
	if cleared := append(slices.Clone(p.finIDs), p.retryIDs...); len(cleared) > 0 {
		ids := uuids(cleared)
		pb.Queue(`DELETE FROM rhythm.snapshots WHERE execution_id = ANY ($1::uuid[])`, ids)
		pb.Queue(`DELETE FROM rhythm.timers WHERE execution_id = ANY ($1::uuid[])`, ids)
		pb.Queue(`UPDATE rhythm.signal_requests SET state = 'withdrawn', settled_at = $2
			WHERE execution_id = ANY ($1::uuid[]) AND state = 'waiting'`, ids, b.now)
	}
	// Parents last, in id order (see lockHeldSQL).
	if len(p.parents) > 0 {
		slices.Sort(p.parents)
		pb.Queue(wakeQueuesSQL, p.parents, b.now).Query(addQueues)
	}
	return nil
}

// suspendQueueSQL moves the queue rows of suspended workflows: $1 their ids, $2 whether each was
// woken while it ran, $3 each one's own wake-up time (child deadlines; NULL for none), $4 now. A
// woken workflow is due at once; another at the earliest of its timers, its signal-request
// deadlines and its own wake-up time; one with nothing due loses its row. It returns the queues
// with work due now. Rows are reached by key: joined to the CTE, the update walked the whole
// queue table whenever the statistics took it for small.
const suspendQueueSQL = `
	WITH d AS (
		SELECT q.execution_id, q.queue,
		       CASE WHEN ($2::bool[])[i] THEN $4::timestamptz
		            ELSE least((SELECT min(fire_at) FROM rhythm.timers t WHERE t.execution_id = q.execution_id),
		                       (SELECT min(deadline) FROM rhythm.signal_requests r
		                         WHERE r.execution_id = q.execution_id AND r.state = 'waiting'),
		                       ($3::timestamptz[])[i]) END AS at
		  FROM rhythm.queue q CROSS JOIN LATERAL array_position($1::uuid[], q.execution_id) AS i
		 WHERE q.execution_id = ANY ($1::uuid[])
	), del AS (
		DELETE FROM rhythm.queue WHERE execution_id = ANY (ARRAY(SELECT execution_id FROM d WHERE at IS NULL))
	), upd AS (
		UPDATE rhythm.queue r SET lease_owner = NULL, run_at = (SELECT d.at FROM d WHERE d.execution_id = r.execution_id)
		 WHERE r.execution_id = ANY (ARRAY(SELECT execution_id FROM d WHERE at IS NOT NULL))
	)
	SELECT DISTINCT queue FROM d WHERE at <= $4`
