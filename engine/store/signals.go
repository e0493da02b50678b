package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrFinished reports an operation on an execution that already reached a final status.
var ErrFinished = errors.New("execution already finished")

// SignalSent is the result of SendSignal.
type SignalSent struct {
	// ID orders the workflow's signals.
	ID int64
	// Delivered is true when a waiting Signal.next request took the signal at once; otherwise it
	// waits in the store for the next request of its name.
	Delivered bool
}

// SendSignal sends signal name with payload (JSON, stored verbatim; nil means null) to a workflow:
// the oldest waiting request of that name whose deadline has not passed takes it (and the
// workflow is woken), or it waits for the next request. It runs in tx when given, otherwise in a
// transaction of its own. Signals to a finished workflow fail with ErrFinished.
func (s *Store) SendSignal(ctx context.Context, tx DBTX, executionID, name string, payload json.RawMessage) (SignalSent, error) {
	var sent SignalSent
	run := func(tx DBTX) error {
		var kind string
		var finished bool
		err := tx.QueryRow(ctx, `SELECT kind, finished_at IS NOT NULL FROM rhythm.executions WHERE id = $1::uuid FOR NO KEY UPDATE`,
			executionID).Scan(&kind, &finished)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("workflow %s: %w", executionID, ErrNotFound)
		case err != nil:
			return err
		case Kind(kind) != KindWorkflow:
			return fmt.Errorf("execution %s is a task: only workflows take signals", executionID)
		case finished:
			return fmt.Errorf("workflow %s: %w", executionID, ErrFinished)
		}
		now := s.Now()
		if err := tx.QueryRow(ctx, `
			INSERT INTO rhythm.signals (execution_id, name, payload, created_at) VALUES ($1::uuid, $2, $3::json, $4)
			RETURNING id`, executionID, name, string(orJSON(payload, "null")), now).Scan(&sent.ID); err != nil {
			return err
		}
		n, err := deliverSignals(ctx, tx, executionID, now)
		if err != nil || n == 0 {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT request_id IS NOT NULL FROM rhythm.signals WHERE id = $1`, sent.ID).Scan(&sent.Delivered); err != nil {
			return err
		}
		return wake(ctx, tx, []string{executionID}, now)
	}
	var err error
	if tx != nil {
		err = run(tx)
	} else {
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return run(tx) })
	}
	if err != nil {
		return SignalSent{}, fmt.Errorf("signal %q: %w", name, err)
	}
	return sent, nil
}

// deliverSignals pairs a workflow's waiting requests (whose deadline has not passed) with its
// undelivered signals, name by name, oldest with oldest, and marks each pair delivered. The caller
// holds the execution's row lock, which serialises deliveries with activations (they hold it too),
// so no signal is lost or delivered twice.
func deliverSignals(ctx context.Context, tx DBTX, executionID string, now time.Time) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `
		WITH r AS (
			SELECT id, name, row_number() OVER (PARTITION BY name ORDER BY id) AS n
			  FROM rhythm.signal_requests
			 WHERE execution_id = $1::uuid AND state = 'waiting' AND (deadline IS NULL OR deadline > $2)
		), g AS (
			SELECT id, name, row_number() OVER (PARTITION BY name ORDER BY id) AS n
			  FROM rhythm.signals
			 WHERE execution_id = $1::uuid AND request_id IS NULL
		), m AS (
			SELECT r.id AS rid, g.id AS sid FROM r JOIN g ON g.name = r.name AND g.n = r.n
		), ur AS (
			UPDATE rhythm.signal_requests q SET state = 'delivered', settled_at = $2 FROM m WHERE q.id = m.rid
		), ug AS (
			UPDATE rhythm.signals s SET request_id = m.rid, delivered_at = $2 FROM m WHERE s.id = m.sid
		)
		SELECT count(*) FROM m`, executionID, now).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("deliver signals: %w", err)
	}
	return n, nil
}
