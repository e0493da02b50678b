package migrations_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/migrations"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}

// catalog describes the rhythm schema: tables, columns with types, indexes with definitions and
// constraints, one line each, sorted.
func catalog(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), `
		SELECT 'table ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
		  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		 WHERE n.nspname = 'rhythm' AND c.relkind = 'r'
		UNION ALL
		SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'rhythm'
		UNION ALL
		SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid)
		  FROM pg_constraint WHERE connamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'rhythm')
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestFromEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, pgtest.EmptyURL(t))
	names, err := migrations.Names()
	if err != nil {
		t.Fatal(err)
	}

	st, err := migrations.Status(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if st.Current != 0 || st.Latest != len(names) || !slices.Equal(st.Pending, names) || st.UpToDate() {
		t.Fatalf("status of an empty database = %+v", st)
	}
	if len(catalog(t, conn)) != 0 {
		t.Fatal("Status changed an empty database")
	}

	if err := migrations.Migrate(ctx, conn); err != nil {
		t.Fatal(err)
	}
	st, err = migrations.Status(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if !st.UpToDate() || st.Current != len(names) || len(st.Pending) != 0 {
		t.Fatalf("status after Migrate = %+v", st)
	}
	before := catalog(t, conn)

	// Applying again changes nothing.
	if err := migrations.Migrate(ctx, conn); err != nil {
		t.Fatal(err)
	}
	if after := catalog(t, conn); !slices.Equal(before, after) {
		t.Fatal("second Migrate changed the schema")
	}

	var tables []string
	for _, l := range before {
		if name, ok := strings.CutPrefix(l, "table "); ok {
			name = name[:strings.IndexByte(name, '.')]
			if !slices.Contains(tables, name) {
				tables = append(tables, name)
			}
		}
	}
	want := []string{"executions", "logs", "queue", "schema_version", "signal_requests", "signals", "snapshots", "task_registry", "timers", "workflow_definitions", "workflows"}
	if !slices.Equal(tables, want) {
		t.Errorf("tables = %v, want %v", tables, want)
	}
	for _, idx := range []string{
		"queue_claim_idx ON rhythm.queue USING btree (queue, priority DESC, run_at)",
		"executions_idempotency_root_idx ON rhythm.executions USING btree (kind, name, idempotency_key) WHERE ((idempotency_key IS NOT NULL) AND (parent_id IS NULL))",
		"executions_parent_idx ON rhythm.executions USING btree (parent_id, parent_handle) WHERE (parent_id IS NOT NULL)",
		"signal_requests_waiting_idx ON rhythm.signal_requests USING btree (execution_id, name, id) WHERE (state = 'waiting'::text)",
		"signals_pending_idx ON rhythm.signals USING btree (execution_id, name, id) WHERE (request_id IS NULL)",
		"executions_created_idx ON rhythm.executions USING btree (created_at, id)",
	} {
		if !slices.ContainsFunc(before, func(l string) bool { return strings.HasPrefix(l, "index ") && strings.Contains(l, idx) }) {
			t.Errorf("missing index %s", idx)
		}
	}
	// User JSON must keep its text (key order): no jsonb column may hold it.
	for _, col := range []string{"executions.input json", "executions.output json", "executions.error json", "signals.payload json"} {
		if !slices.Contains(before, "table "+col) {
			t.Errorf("column %s missing or of another type", col)
		}
	}
}

// Concurrent Migrate calls (workers starting together) serialise and all succeed.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	url := pgtest.EmptyURL(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		conn := connect(t, url)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = migrations.Migrate(ctx, conn)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A database migrated by a newer release is refused.
func TestNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, pgtest.URL(t))
	if _, err := conn.Exec(ctx, "UPDATE "+migrations.VersionTable+" SET version = version + 1"); err != nil {
		t.Fatal(err)
	}
	err := migrations.Migrate(ctx, conn)
	if err == nil || !strings.Contains(err.Error(), "newer than this release") {
		t.Fatalf("Migrate on a newer schema: %v", err)
	}
}

func TestNamesAndFingerprint(t *testing.T) {
	t.Parallel()
	names, err := migrations.Names()
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		if !strings.HasPrefix(n, fmt.Sprintf("%03d_", i+1)) {
			t.Errorf("migration %d is named %q, want prefix %03d_", i+1, n, i+1)
		}
	}
	if f := migrations.Fingerprint(); len(f) != 64 || f != migrations.Fingerprint() {
		t.Errorf("Fingerprint() = %q, want a stable SHA-256", f)
	}
}
