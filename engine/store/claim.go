package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ClaimRequest asks for due work of one queue.
type ClaimRequest struct {
	// Queue to claim from; "" means DefaultQueue.
	Queue string
	// Worker is the claiming worker's id, recorded as the lease owner.
	Worker string
	// Limit is the most rows to claim (a worker asks for its free slots).
	Limit int
	// Lease is how long the claim lasts without a heartbeat.
	Lease time.Duration
	// Tasks, when not nil, restricts task claims to these names (the tasks this worker serves);
	// workflows are claimed only when Workflows is true.
	Tasks     []string
	Workflows bool
}

// Job is a claimed execution.
type Job struct {
	ID      string
	Kind    Kind
	Name    string
	Version string // workflows only
	// Queue is the queue the job was claimed from.
	Queue string
	Input json.RawMessage
	// Attempt is the number of this attempt, from 1 (tasks; workflows keep 0).
	Attempt, MaxAttempts int
	// Timeout is the per-attempt limit of a task (0 for none).
	Timeout  time.Duration
	Options  json.RawMessage
	ParentID string
	// Claim identifies this claim: completing, failing, extending or releasing the job names it,
	// so a worker whose lease expired and was taken over cannot touch the new claim.
	Claim int
	// WakeSeq is the queue row's wake counter when claimed (workflows: a wake-up during the
	// activation is seen at commit by comparing it).
	WakeSeq int64
	// LeaseExpires is when the claim lapses without a heartbeat.
	LeaseExpires time.Time
}

// claimSQL picks rows with SKIP LOCKED and leases them, writing only the queue rows: the attempt
// count and first start time of a task live there while the attempt runs, and an execution's row
// is written when its attempt or activation ends. A claim thus never waits for a lock and cannot
// take part in a deadlock. The update reaches the picked rows by their physical address (ctid), which
// cannot change while the statement holds their locks, without a second index lookup.
const claimSQL = `
WITH picked AS (
	SELECT ctid FROM rhythm.queue
	 WHERE queue = $1 AND run_at <= $2
	   AND ((kind = 'task' AND ($3::text[] IS NULL OR name = ANY($3))) OR (kind = 'workflow' AND $4))
	 ORDER BY priority DESC, run_at
	 LIMIT $5
	 FOR UPDATE SKIP LOCKED
), claimed AS (
	UPDATE rhythm.queue q
	   SET lease_owner = $6, run_at = $7, claim_count = q.claim_count + 1,
	       attempt = q.attempt + (q.kind = 'task')::int, started_at = coalesce(q.started_at, $2)
	 WHERE q.ctid = ANY (ARRAY(SELECT ctid FROM picked))
	RETURNING q.execution_id, q.claim_count, q.wake_seq, q.priority, q.attempt
)
SELECT j.id::text, j.kind, j.name, coalesce(j.version, ''), j.input::text, c.attempt, j.max_attempts,
       coalesce(extract(epoch FROM j.timeout) * 1e6, 0)::bigint, j.options::text,
       coalesce(j.parent_id::text, ''), c.claim_count, c.wake_seq
  FROM claimed c JOIN rhythm.executions j ON j.id = c.execution_id
 ORDER BY c.priority DESC, j.id`

// Claim leases up to req.Limit due rows of a queue, highest priority first, then oldest due
// time, skipping rows other workers are claiming. Only the queue rows are written: a task's
// attempt count goes up there, readers show a pending execution with a leased row as running,
// and a suspended workflow stays suspended while it is activated. A row whose lease lapsed is due again, so work of a dead worker is
// claimed again here.
func (s *Store) Claim(ctx context.Context, req ClaimRequest) ([]Job, error) {
	if req.Limit <= 0 {
		return nil, nil
	}
	if req.Queue == "" {
		req.Queue = DefaultQueue
	}
	now := s.Now()
	expires := now.Add(req.Lease)
	// The queue table's statistics lag behind its churn: taking them for a few rows, the planner
	// would read every due row and sort them, which costs as much as the backlog is long. The
	// claim therefore runs in a transaction that rules bitmap and sequential scans out, leaving
	// the walk down queue_claim_idx in order that stops after the rows it needs (see indexScans).
	var jobs []Job
	b := indexScans(func(b *pgx.Batch) {
		b.Queue(claimSQL, req.Queue, now, req.Tasks, req.Workflows, req.Limit, req.Worker, expires).Query(func(rows pgx.Rows) (err error) {
			jobs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Job, error) {
				var j Job
				var kind, input, options string
				var timeoutUS int64
				err := r.Scan(&j.ID, &kind, &j.Name, &j.Version, &input, &j.Attempt, &j.MaxAttempts, &timeoutUS,
					&options, &j.ParentID, &j.Claim, &j.WakeSeq)
				j.Kind, j.Input, j.Options = Kind(kind), json.RawMessage(input), json.RawMessage(options)
				j.Queue = req.Queue
				j.Timeout = time.Duration(timeoutUS) * time.Microsecond
				j.LeaseExpires = expires
				return j, err
			})
			return err
		})
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("claim from %s: %w", req.Queue, err)
	}
	return jobs, nil
}

// indexScans returns a batch that runs the statements add queues in one transaction where
// bitmap and sequential scans are ruled out, so that an index walk that stops early is taken
// whatever the queue table's statistics say; the whole batch is one round trip.
func indexScans(add func(b *pgx.Batch)) *pgx.Batch {
	b := &pgx.Batch{}
	b.Queue(`BEGIN`)
	b.Queue(`SET LOCAL enable_bitmapscan = off`)
	b.Queue(`SET LOCAL enable_seqscan = off`)
	add(b)
	b.Queue(`COMMIT`)
	return b
}

// Lease names one claim held by a worker.
type Lease struct {
	ID    string
	Claim int
}

// HeartbeatResult says what became of the leases a worker extended.
type HeartbeatResult struct {
	// Lost are the leases the worker no longer holds (expired and claimed again, or finished
	// elsewhere): their work must stop, its result is discarded.
	Lost []string
	// Cancel are the executions whose cancellation was requested: their contexts must be
	// cancelled.
	Cancel []string
}

// Heartbeat extends the worker's leases by lease from now, and reports lost leases and requested
// cancellations.
func (s *Store) Heartbeat(ctx context.Context, worker string, leases []Lease, lease time.Duration) (HeartbeatResult, error) {
	if len(leases) == 0 {
		return HeartbeatResult{}, nil
	}
	ids, claims := splitLeases(leases)
	now := s.Now()
	rows, err := s.pool.Query(ctx, `
		WITH held AS (`+lockHeldSQL+`),
		ext AS (
			UPDATE rhythm.queue q SET run_at = $4
			 WHERE q.ctid = ANY (ARRAY(SELECT ctid FROM held))
			RETURNING q.execution_id)
		SELECT e.id::text, e.cancel_requested_at IS NOT NULL
		  FROM rhythm.executions e
		 WHERE e.id = ANY (ARRAY(SELECT execution_id FROM ext))`, uuids(ids), claims, worker, now.Add(lease))
	if err != nil {
		return HeartbeatResult{}, fmt.Errorf("heartbeat: %w", err)
	}
	var res HeartbeatResult
	held := make(map[string]bool, len(leases))
	var id string
	var cancel bool
	if _, err := pgx.ForEachRow(rows, []any{&id, &cancel}, func() error {
		held[id] = true
		if cancel {
			res.Cancel = append(res.Cancel, id)
		}
		return nil
	}); err != nil {
		return HeartbeatResult{}, fmt.Errorf("heartbeat: %w", err)
	}
	for _, id := range ids {
		if !held[id] {
			res.Lost = append(res.Lost, id)
		}
	}
	return res, nil
}

// Release gives leases back without finishing the work (graceful shutdown past its grace
// period): the rows are due at once for another worker and the interrupted attempt does not
// count. It returns how many leases were still held.
func (s *Store) Release(ctx context.Context, worker string, leases []Lease) (int, error) {
	if len(leases) == 0 {
		return 0, nil
	}
	ids, claims := splitLeases(leases)
	now := s.Now()
	var n int
	err := s.pool.QueryRow(ctx, `
		WITH held AS (`+lockHeldSQL+`),
		rel AS (
			UPDATE rhythm.queue q
			   SET lease_owner = NULL, run_at = $4, attempt = greatest(q.attempt - (q.kind = 'task')::int, 0)
			 WHERE q.ctid = ANY (ARRAY(SELECT ctid FROM held))
			RETURNING q.execution_id, q.queue)
		SELECT coalesce(sum(n), 0) FROM (
			SELECT count(*) AS n, pg_notify($5, queue) FROM rel GROUP BY queue) x`,
		uuids(ids), claims, worker, now, QueueChannel).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("release: %w", err)
	}
	return n, nil
}

// Lock order. Every statement that locks several rows locks the queue rows first, then the
// executions, each set in id order (ORDER BY ... FOR UPDATE in a CTE, before the rows are updated
// or deleted), and wakes parent workflows last, in id order too. Two transactions that lock
// overlapping rows (a batched completion and a heartbeat, two completions waking the same
// parents, a cancellation and a failure) then wait for each other instead of deadlocking. Claims
// lock with SKIP LOCKED and never wait.

// lockHeldSQL locks, in id order, the queue rows of the leases that worker $3 still holds; $1 is
// the leases' execution ids (uuid[]) and $2 their claims (int[], in the same order). The leases
// are never joined as a table: the planner cannot know how many there are, and with a wrong guess
// (the lease owner column is NULL in most rows its statistics saw) it would compare every lease
// with every row. The rows are found through the primary key (= ANY), and each row's claim is
// looked up by its position in $1, which costs a linear search per row, a few microseconds
// for the largest batches. Later steps of the statement reach the locked rows by their ctid (see
// claimSQL).
const lockHeldSQL = `
	SELECT q.execution_id, q.ctid FROM rhythm.queue q
	 WHERE q.execution_id = ANY ($1::uuid[]) AND q.lease_owner = $3
	   AND q.claim_count = ($2::int[])[array_position($1::uuid[], q.execution_id)]
	 ORDER BY q.execution_id
	   FOR UPDATE OF q`

// leaseIndexSQL is the position of execution e in the lease arrays, for reading the value of a
// parallel array ($4 and on) that belongs to e.
func leaseIndexSQL(e string) string { return `array_position($1::uuid[], ` + e + `)` }

// lockExecutionsSQL locks, in id order, the executions whose ids the CTE named from returns as
// execution_id, and returns their ids and ctids.
func lockExecutionsSQL(from string) string {
	return `
	SELECT e.id, e.ctid FROM rhythm.executions e
	 WHERE e.id = ANY (ARRAY(SELECT execution_id FROM ` + from + `))
	 ORDER BY e.id
	   FOR NO KEY UPDATE OF e`
}

func splitLeases(leases []Lease) ([]string, []int32) {
	ids := make([]string, len(leases))
	claims := make([]int32, len(leases))
	for i, l := range leases {
		ids[i], claims[i] = l.ID, int32(l.Claim)
	}
	return ids, claims
}
