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

// Kind is what an execution runs.
type Kind string

// The execution kinds.
const (
	KindTask     Kind = "task"
	KindWorkflow Kind = "workflow"
)

// DefaultQueue is the queue of executions that name none.
const DefaultQueue = "default"

// NewExecution describes an execution to create.
type NewExecution struct {
	// ID, when set, is the new execution's id (a UUID from NewID); empty means a new one.
	ID   string
	Kind Kind
	// Name is the task or workflow name.
	Name string
	// Version pins a workflow definition version; "" means the workflow's current version.
	// Ignored for tasks.
	Version string
	// Input is the input object as JSON text, stored verbatim; nil means {}.
	Input json.RawMessage
	// Queue defaults to DefaultQueue.
	Queue string
	// Priority: higher runs first.
	Priority int
	// MaxAttempts is 1 + retries; 0 means 1.
	MaxAttempts int
	// Timeout limits each attempt of a task; 0 means none.
	Timeout time.Duration
	// Options are engine-owned settings (backoff policy, ...) as a JSON object; nil means {}.
	Options json.RawMessage
	// IdempotencyKey, when set, makes the execution unique per (kind, name, key) among top-level
	// executions, or per (parent, kind, name, key) among a workflow's children: enqueueing it
	// again returns the existing execution.
	IdempotencyKey string
	// ParentID and ParentHandle link a child to the workflow (and promise handle) waiting on it.
	ParentID     string
	ParentHandle int
	// RunAt schedules the first attempt; zero means now.
	RunAt time.Time
}

// Enqueued is the result of enqueueing one execution.
type Enqueued struct {
	ID string
	// Existing is true when an execution with the same idempotency key already existed; ID is
	// then that execution's id and nothing was created.
	Existing bool
}

const enqueueSQL = `
WITH input AS (
	SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
	                     $7::int[], $8::int[], $9::bigint[], $10::text[], $11::text[], $12::text[],
	                     $13::int[], $14::timestamptz[])
	    AS u(id, kind, name, version, input, queue, priority, max_attempts, timeout_us, options,
	         idem, parent_id, parent_handle, run_at)
), ins AS (
	INSERT INTO rhythm.executions (id, kind, name, version, input, queue, priority, max_attempts,
	                               timeout, options, idempotency_key, parent_id, parent_handle,
	                               created_at, scheduled_at, updated_at)
	SELECT id::uuid, kind, name, version, input::json, queue, priority, max_attempts,
	       CASE WHEN timeout_us > 0 THEN timeout_us * interval '1 microsecond' END,
	       options::jsonb, idem, parent_id::uuid, parent_handle, $15, run_at, $15
	  FROM input
	ON CONFLICT DO NOTHING
	RETURNING id, kind, name, queue, priority, scheduled_at
), queued AS (
	INSERT INTO rhythm.queue (execution_id, kind, name, queue, priority, run_at, created_at)
	SELECT id, kind, name, queue, priority, scheduled_at, $15 FROM ins
)
SELECT id::text FROM ins`

// enqueueFreshSQL is enqueueSQL for executions without idempotency keys: nothing can conflict
// with their new ids, so a plain insert does (ON CONFLICT makes every insert speculative, which
// costs a check of each unique index first).
var enqueueFreshSQL = strings.Replace(enqueueSQL, "\n\tON CONFLICT DO NOTHING\n", "\n", 1)

// enqueueLeasedSQL is enqueueFreshSQL for executions that start at once on the enqueueing worker
// (tasks without idempotency keys): their queue rows are inserted claimed, leased to $16 until
// $17, as a Claim would have left them.
var enqueueLeasedSQL = strings.Replace(enqueueFreshSQL, `
	INSERT INTO rhythm.queue (execution_id, kind, name, queue, priority, run_at, created_at)
	SELECT id, kind, name, queue, priority, scheduled_at, $15 FROM ins`, `
	INSERT INTO rhythm.queue (execution_id, kind, name, queue, priority, run_at, created_at,
	                          lease_owner, claim_count, attempt, started_at)
	SELECT id, kind, name, queue, priority, $17, $15, $16, 1, 1, $15 FROM ins`, 1)

// leaseSpec leases the executions queueEnqueue creates to a worker.
type leaseSpec struct {
	worker  string
	expires time.Time
}

// Enqueue creates executions and queues their first attempt or activation, in one statement on tx
// (the caller's transaction, so the work exists exactly when the caller's writes commit) or, with
// tx nil, on the pool. Workers serving a queue with due work are notified (on commit). Results are
// in the order of execs.
func (s *Store) Enqueue(ctx context.Context, tx DBTX, execs []NewExecution) ([]Enqueued, error) {
	if len(execs) == 0 {
		return nil, nil
	}
	db := s.db(tx)
	now := s.Now()
	versions, err := s.currentVersions(ctx, db, execs)
	if err != nil {
		return nil, err
	}
	batch := &pgx.Batch{}
	ids, created, notify, err := queueEnqueue(batch, execs, versions, now, nil)
	if err != nil {
		return nil, err
	}
	if len(notify) > 0 {
		batch.Queue(`SELECT pg_notify($1, q) FROM unnest($2::text[]) q`, QueueChannel, notify)
	}
	if err := sendBatch(ctx, db, batch); err != nil {
		return nil, fmt.Errorf("enqueue: %w", err)
	}

	n := len(execs)
	out := make([]Enqueued, n)
	for i := range execs {
		out[i].ID = ids[i]
		if created[ids[i]] {
			continue
		}
		if execs[i].IdempotencyKey == "" {
			return nil, fmt.Errorf("enqueue %q: execution not created", execs[i].Name)
		}
		id, err := existingByKey(ctx, db, execs[i])
		if err != nil {
			return nil, err
		}
		out[i] = Enqueued{ID: id, Existing: true}
	}
	return out, nil
}

// queueEnqueue adds to batch the statement that creates execs (workflows without a pinned version
// take versions[name]). It returns the executions' ids, in order, the set of those created,
// filled in when the batch runs, and the queues with work due now, to notify. With a lease, the
// executions are created claimed by its worker (and there is no queue to notify).
func queueEnqueue(batch *pgx.Batch, execs []NewExecution, versions map[string]string, now time.Time, lease *leaseSpec) ([]string, map[string]bool, []string, error) {
	n := len(execs)
	var (
		ids, kinds, names, inputs, queues, options = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		vers, keys, parents                        = make([]*string, n), make([]*string, n), make([]*string, n)
		priorities, maxAttempts                    = make([]int32, n), make([]int32, n)
		handles                                    = make([]*int32, n)
		timeouts                                   = make([]int64, n)
		runAts                                     = make([]time.Time, n)
		notify                                     []string
	)
	for i, e := range execs {
		if e.Kind != KindTask && e.Kind != KindWorkflow {
			return nil, nil, nil, fmt.Errorf("enqueue %q: unknown kind %q", e.Name, e.Kind)
		}
		ids[i], kinds[i], names[i] = e.ID, string(e.Kind), e.Name
		if ids[i] == "" {
			ids[i] = NewID(now)
		}
		inputs[i] = string(orJSON(e.Input, "{}"))
		options[i] = string(orJSON(e.Options, "{}"))
		queues[i] = e.Queue
		if queues[i] == "" {
			queues[i] = DefaultQueue
		}
		if e.Kind == KindWorkflow {
			v := e.Version
			if v == "" {
				v = versions[e.Name]
			}
			vers[i] = &v
		}
		if e.IdempotencyKey != "" {
			keys[i] = &execs[i].IdempotencyKey
		}
		if e.ParentID != "" {
			parents[i] = &execs[i].ParentID
			h := int32(e.ParentHandle)
			handles[i] = &h
		}
		priorities[i] = int32(e.Priority)
		maxAttempts[i] = int32(max(e.MaxAttempts, 1))
		timeouts[i] = e.Timeout.Microseconds()
		runAts[i] = e.RunAt
		if runAts[i].IsZero() || !runAts[i].After(now) {
			runAts[i] = now
			notify = appendUnique(notify, queues[i])
		}
	}
	created := map[string]bool{}
	sql, args := enqueueFreshSQL, []any{ids, kinds, names, vers, inputs, queues, priorities, maxAttempts, timeouts,
		options, keys, parents, handles, runAts, now}
	for _, e := range execs {
		if e.IdempotencyKey != "" {
			sql = enqueueSQL // a key may name an existing execution
			break
		}
	}
	if lease != nil {
		sql, args, notify = enqueueLeasedSQL, append(args, lease.worker, lease.expires), nil
	}
	batch.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			created[id] = true
		}
		return rows.Err()
	})
	return ids, created, notify, nil
}

// sendBatch runs a batch on db (the statements of one batch share an implicit transaction).
func sendBatch(ctx context.Context, db DBTX, b *pgx.Batch) error {
	type batcher interface {
		SendBatch(context.Context, *pgx.Batch) pgx.BatchResults
	}
	bd, ok := db.(batcher)
	if !ok {
		return errors.New("the store needs a pgx pool, connection or transaction")
	}
	return bd.SendBatch(ctx, b).Close()
}

// currentVersions resolves the current version of each workflow enqueued without a pinned one.
func (s *Store) currentVersions(ctx context.Context, db DBTX, execs []NewExecution) (map[string]string, error) {
	var names []string
	for _, e := range execs {
		if e.Kind == KindWorkflow && e.Version == "" {
			names = appendUnique(names, e.Name)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	rows, err := db.Query(ctx, `SELECT name, current_version FROM rhythm.workflows WHERE name = ANY($1)`, names)
	if err != nil {
		return nil, fmt.Errorf("enqueue: %w", err)
	}
	versions := map[string]string{}
	var name, version string
	if _, err := pgx.ForEachRow(rows, []any{&name, &version}, func() error {
		versions[name] = version
		return nil
	}); err != nil {
		return nil, fmt.Errorf("enqueue: %w", err)
	}
	for _, n := range names {
		if versions[n] == "" {
			return nil, fmt.Errorf("workflow %q is not registered: %w", n, ErrNotFound)
		}
	}
	return versions, nil
}

// existingByKey finds the execution that holds e's idempotency key, each query on its own partial
// unique index.
func existingByKey(ctx context.Context, db DBTX, e NewExecution) (string, error) {
	var id string
	var err error
	if e.ParentID == "" {
		err = db.QueryRow(ctx, `SELECT id::text FROM rhythm.executions
			WHERE kind = $1 AND name = $2 AND idempotency_key = $3 AND parent_id IS NULL`,
			string(e.Kind), e.Name, e.IdempotencyKey).Scan(&id)
	} else {
		err = db.QueryRow(ctx, `SELECT id::text FROM rhythm.executions
			WHERE parent_id = $4::uuid AND kind = $1 AND name = $2 AND idempotency_key = $3`,
			string(e.Kind), e.Name, e.IdempotencyKey, e.ParentID).Scan(&id)
	}
	if err != nil {
		return "", fmt.Errorf("enqueue %q with key %q: %w", e.Name, e.IdempotencyKey, err)
	}
	return id, nil
}

func orJSON(v json.RawMessage, def string) json.RawMessage {
	if len(v) == 0 {
		return json.RawMessage(def)
	}
	return v
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
