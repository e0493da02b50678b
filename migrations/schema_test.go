package migrations_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

const sha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

func exec(t *testing.T, conn *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// wantViolation runs sql and expects the named constraint to reject it.
func wantViolation(t *testing.T, conn *pgx.Conn, constraint, sql string, args ...any) {
	t.Helper()
	_, err := conn.Exec(context.Background(), sql, args...)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.ConstraintName != constraint {
		t.Errorf("%s: got %v, want a violation of %s", sql, err, constraint)
	}
}

// The schema keeps user JSON verbatim and enforces the invariants it documents.
func TestSchemaInvariants(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, pgtest.URL(t))

	exec(t, conn, `INSERT INTO rhythm.workflow_definitions (name, version, source) VALUES ('order', $1, 'return 1')`, sha)
	exec(t, conn, `INSERT INTO rhythm.workflows (name, current_version) VALUES ('order', $1)`, sha)
	input := `{"z": 1, "a": [true, null], "m": {"y": "2", "b": 3}}`
	var root string
	if err := conn.QueryRow(ctx, `INSERT INTO rhythm.executions (kind, name, version, input) VALUES ('workflow', 'order', $1, $2) RETURNING id`, sha, input).Scan(&root); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := conn.QueryRow(ctx, `SELECT input::text FROM rhythm.executions WHERE id = $1`, root).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != input {
		t.Errorf("input came back as %s, want %s (key order must be kept)", got, input)
	}

	wantViolation(t, conn, "executions_name_version_fkey",
		`INSERT INTO rhythm.executions (kind, name, version, input) VALUES ('workflow', 'unknown', $1, '{}')`, sha)
	wantViolation(t, conn, "executions_version",
		`INSERT INTO rhythm.executions (kind, name, input) VALUES ('workflow', 'order', '{}')`)
	wantViolation(t, conn, "executions_status",
		`INSERT INTO rhythm.executions (kind, name, input, status) VALUES ('task', 't', '{}', 'sleeping')`)
	wantViolation(t, conn, "executions_finished",
		`INSERT INTO rhythm.executions (kind, name, input, status) VALUES ('task', 't', '{}', 'completed')`)
	wantViolation(t, conn, "workflow_definitions_version_sha256",
		`INSERT INTO rhythm.workflow_definitions (name, version, source) VALUES ('x', 'abc', '')`)

	// Idempotency keys: unique per target at the top level and per target within one parent.
	exec(t, conn, `INSERT INTO rhythm.executions (kind, name, input, idempotency_key) VALUES ('task', 'pay', '{}', 'k1')`)
	wantViolation(t, conn, "executions_idempotency_root_idx",
		`INSERT INTO rhythm.executions (kind, name, input, idempotency_key) VALUES ('task', 'pay', '{}', 'k1')`)
	exec(t, conn, `INSERT INTO rhythm.executions (kind, name, input, idempotency_key) VALUES ('task', 'ship', '{}', 'k1')`)
	exec(t, conn, `INSERT INTO rhythm.executions (kind, name, input, idempotency_key, parent_id, parent_handle) VALUES ('task', 'pay', '{}', 'k1', $1, 1)`, root)
	wantViolation(t, conn, "executions_idempotency_child_idx",
		`INSERT INTO rhythm.executions (kind, name, input, idempotency_key, parent_id, parent_handle) VALUES ('task', 'pay', '{}', 'k1', $1, 2)`, root)

	// Signals: one request per signal, and a signal names at most one request.
	var req int64
	if err := conn.QueryRow(ctx, `INSERT INTO rhythm.signal_requests (execution_id, name, handle) VALUES ($1, 'approve', 7) RETURNING id`, root).Scan(&req); err != nil {
		t.Fatal(err)
	}
	exec(t, conn, `INSERT INTO rhythm.signals (execution_id, name, payload, request_id, delivered_at) VALUES ($1, 'approve', '{"ok": true}', $2, now())`, root, req)
	wantViolation(t, conn, "signals_request_id_key",
		`INSERT INTO rhythm.signals (execution_id, name, payload, request_id, delivered_at) VALUES ($1, 'approve', 'null', $2, now())`, root, req)
	exec(t, conn, `INSERT INTO rhythm.timers (execution_id, handle, fire_at) VALUES ($1, 3, now())`, root)
	exec(t, conn, `INSERT INTO rhythm.logs (execution_id, line, message, logged_at) VALUES ($1, 1, 'hi', now())`, root)

	// Deleting an execution removes the rows user input hangs off it. Its queue row, saved state
	// and children carry no foreign key (the hot path does not pay for the checks): the store
	// deletes whole trees itself (Store.Prune, Store.PurgeQueue).
	exec(t, conn, `DELETE FROM rhythm.executions WHERE id = $1`, root)
	for _, table := range []string{"signals", "signal_requests", "timers", "logs"} {
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM rhythm.`+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("rhythm.%s keeps %d rows of a deleted execution", table, n)
		}
	}
}

// The claim query is served by queue_claim_idx in its order: no sort, no scan of other queues.
func TestClaimPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, pgtest.URL(t))
	exec(t, conn, `
		WITH e AS (
			INSERT INTO rhythm.executions (kind, name, input, queue)
			SELECT 'task', 'noop', '{}', 'q' || (i % 4) FROM generate_series(1, 4000) i
			RETURNING id, queue)
		INSERT INTO rhythm.queue (execution_id, kind, name, queue, priority, run_at)
		SELECT id, 'task', 'noop', queue, 0, now() FROM e`)
	exec(t, conn, `ANALYZE rhythm.queue`)
	rows, err := conn.Query(ctx, `EXPLAIN
		SELECT execution_id FROM rhythm.queue
		 WHERE queue = 'q1' AND run_at <= now()
		 ORDER BY priority DESC, run_at
		 LIMIT 10 FOR UPDATE SKIP LOCKED`)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "queue_claim_idx") || strings.Contains(text, "Sort") {
		t.Errorf("claim plan does not walk queue_claim_idx in order:\n%s", text)
	}
}
