package store

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

const planVersion = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

// planConn is a connection of a fresh database whose statistics were taken when it held only
// tasks and no queue rows, and which since holds 3,000 workflows with queue rows: the state of a
// busy database whose statistics lag. Its statements are planned generically, like the prepared
// statements of a long-lived pool.
func planConn(t *testing.T) (*pgxpool.Conn, func(string)) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgtest.DB(t).Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Release)
	exec := func(sql string) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`INSERT INTO rhythm.workflow_definitions (name, version, source) VALUES ('w', '` + planVersion + `', 'return 1')`)
	exec(`INSERT INTO rhythm.executions (kind, name, input) SELECT 'task', 't', '{}' FROM generate_series(1, 20000)`)
	exec(`ANALYZE rhythm.executions`)
	exec(`ANALYZE rhythm.queue`)
	exec(`WITH w AS (
		INSERT INTO rhythm.executions (kind, name, version, input)
		SELECT 'workflow', 'w', '` + planVersion + `', '{}' FROM generate_series(1, 3000) RETURNING id)
		INSERT INTO rhythm.queue (execution_id, kind, name, queue, run_at) SELECT id, 'workflow', 'w', 'default', now() FROM w`)
	// The queue's churn leaves it mostly dead rows between vacuums: its statistics count few.
	exec(`UPDATE pg_class SET reltuples = 10, relpages = 1 WHERE oid IN ('rhythm.queue'::regclass, 'rhythm.queue_pkey'::regclass)`)
	exec(`SET plan_cache_mode = force_generic_plan`)
	return conn, exec
}

// explain returns the generic plan of sql run with the literal args.
func explain(t *testing.T, conn *pgxpool.Conn, exec func(string), name, sql, args string) string {
	t.Helper()
	exec(`PREPARE p_` + name + ` AS ` + sql)
	rows, err := conn.Query(context.Background(), `EXPLAIN EXECUTE p_`+name+`(`+args+`)`)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return strings.Join(plan, "\n")
}

func workflowIDs(t *testing.T, conn *pgxpool.Conn) string {
	t.Helper()
	var list string
	if err := conn.QueryRow(context.Background(), `SELECT array_agg(id)::text FROM (SELECT id FROM rhythm.executions WHERE kind = 'workflow' LIMIT 50) x`).Scan(&list); err != nil {
		t.Fatal(err)
	}
	return `'` + list + `'::uuid[]`
}

// Statements that find workflows by id use the primary key even when the statistics take
// workflows for rare. With a kind condition beside the key, the planner walked every workflow
// row through the (kind, name, created_at) index instead: each completion then cost as much as
// the table held workflows.
func TestWorkflowLookupsUseTheKey(t *testing.T) {
	t.Parallel()
	conn, exec := planConn(t)
	ids := workflowIDs(t, conn)
	for name, c := range map[string]struct{ sql, args string }{
		"completion": {completeSQL, ids + `, '{}'::int[], 'w1', '{}'::text[], now()`},
		"wake":       {wakeQueuesSQL, ids + `::text[], now()`},
		"load":       {loadStepsSQL, ids + `, 'w1', '{}'::int[]`},
	} {
		text := explain(t, conn, exec, name, c.sql, c.args)
		if strings.Contains(text, "executions_name_created_idx") || strings.Contains(text, "Seq Scan on executions") {
			t.Errorf("%s: workflows not found by key:\n%s", name, text)
		}
	}
}

// scanNode matches a plan node reading a table or index, and the line after it.
var scanNode = regexp.MustCompile(`(Seq Scan|Index Scan|Index Only Scan)[^\n]* on (executions|queue|snapshots)[^\n]*\n([^\n]*)`)

// The statements of the activation batch and the completion, in their transactions (where only
// index walks are planned), reach every queue and execution row by key: none walks a whole
// table or index, however small the statistics take the tables for.
func TestBatchStatementsUseKeys(t *testing.T) {
	t.Parallel()
	conn, exec := planConn(t)
	exec(`SET enable_seqscan = off`)
	exec(`SET enable_bitmapscan = off`)
	ids := workflowIDs(t, conn)
	for name, c := range map[string]struct{ sql, args string }{
		"completion": {completeSQL, ids + `, '{}'::int[], 'w1', '{}'::text[], now()`},
		"suspend":    {suspendQueueSQL, ids + `, '{}'::bool[], '{}'::timestamptz[], now()`},
		"load":       {loadStepsSQL, ids + `, 'w1', '{}'::int[]`},
	} {
		text := explain(t, conn, exec, name, c.sql, c.args)
		for _, m := range scanNode.FindAllStringSubmatch(text, -1) {
			if m[1] == "Seq Scan" || !strings.Contains(m[3], "Index Cond") {
				t.Errorf("%s: %s on %s without a key:\n%s", name, m[1], m[2], text)
			}
		}
	}
}

// The activation batch's transaction is the one its statements are planned in: bitmap and
// sequential scans are off in it, and only in it.
func TestStepBatchPlansIndexWalks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.DB(t)
	s := New(pool, Options{})
	b, _, err := s.BeginSteps(ctx, "w", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Rollback(ctx)
	for _, setting := range []string{"enable_seqscan", "enable_bitmapscan"} {
		var v string
		if err := b.tx.QueryRow(ctx, "SHOW "+setting).Scan(&v); err != nil || v != "off" {
			t.Errorf("%s in the batch = %q, %v; want off", setting, v, err)
		}
		if err := pool.QueryRow(ctx, "SHOW "+setting).Scan(&v); err != nil || v != "on" {
			t.Errorf("%s outside the batch = %q, %v; want on", setting, v, err)
		}
	}
}
