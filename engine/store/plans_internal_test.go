package store

import (
	"context"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

// Statements that find workflows by id use the primary key even when the statistics take
// workflows for rare (they were gathered while the table held tasks only), and even in the
// generic plan a prepared statement ends up with. With a kind condition beside the key, the
// planner walked every workflow row through the (kind, name, created_at) index instead: each
// completion then cost as much as the table held workflows.
func TestWorkflowLookupsUseTheKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.DB(t)
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	exec := func(sql string) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	const version = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	exec(`INSERT INTO rhythm.workflow_definitions (name, version, source) VALUES ('w', '` + version + `', 'return 1')`)
	exec(`INSERT INTO rhythm.executions (kind, name, input) SELECT 'task', 't', '{}' FROM generate_series(1, 20000)`)
	exec(`ANALYZE rhythm.executions`)
	exec(`INSERT INTO rhythm.executions (kind, name, version, input)
		SELECT 'workflow', 'w', '` + version + `', '{}' FROM generate_series(1, 3000)`)
	exec(`SET plan_cache_mode = force_generic_plan`)

	var list string
	if err := conn.QueryRow(ctx, `SELECT array_agg(id)::text FROM (SELECT id FROM rhythm.executions WHERE kind = 'workflow' LIMIT 50) x`).Scan(&list); err != nil {
		t.Fatal(err)
	}
	ids := `'` + list + `'::uuid[]`
	for name, c := range map[string]struct{ sql, args string }{
		"completion": {completeSQL, ids + `, '{}'::int[], 'w1', '{}'::text[], now()`},
		"wake":       {wakeQueuesSQL, ids + `::text[], now()`},
		"load":       {loadStepsSQL, ids + `, 'w1', '{}'::int[]`},
	} {
		exec(`PREPARE p_` + name + ` AS ` + c.sql)
		rows, err := conn.Query(ctx, `EXPLAIN EXECUTE p_`+name+`(`+c.args+`)`)
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
		text := strings.Join(plan, "\n")
		if strings.Contains(text, "executions_name_created_idx") || strings.Contains(text, "Seq Scan on executions") {
			t.Errorf("%s: workflows not found by key:\n%s", name, text)
		}
	}
}
