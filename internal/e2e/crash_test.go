package e2e

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rhythmflow/rhythm/client"
)

// A worker killed with SIGKILL in the middle of a task: the task runs again on another worker once
// the lease lapses, and the workflow completes once, with the right output.
func TestKillDuringTask(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.register(map[string]string{"guarded": `
const a = await Task.run("add", { x: Inputs.n, y: 1 })
const b = await Task.run("block_once", { marker: Inputs.marker })
const c = await Task.run("add", { x: a, y: 10 })
return { a, b, c }`})
	marker := filepath.Join(t.TempDir(), "started")
	a := startWorker(t, e.url, time.Second)
	id, err := e.c.StartWorkflow(context.Background(), "guarded", map[string]any{"n": 4, "marker": marker}, client.StartOptions{})
	if err != nil {
		t.Fatal(err)
	}
	until(t, 20*time.Second, "block_once to start", func() bool { _, err := fileExists(marker); return err == nil })
	killedAt := time.Now()
	a.kill()
	b := startWorker(t, e.url, time.Second)
	x := e.wait(id, 30*time.Second)
	if x.Status != client.StatusCompleted || !sameJSON(x.Output, `{"a":5,"b":"done","c":15}`) {
		t.Fatalf("workflow %s: output %s, error %s", x.Status, x.Output, x.Error)
	}
	// One execution per Task.run; the blocked task ran twice (the second attempt after the lease).
	x, err = e.c.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Children) != 3 {
		t.Fatalf("%d children, want 3", len(x.Children))
	}
	blocked := x.Children[1]
	if blocked.Name != "block_once" || blocked.Status != client.StatusCompleted || blocked.Attempt < 2 {
		t.Fatalf("block_once: %s, attempt %d", blocked.Status, blocked.Attempt)
	}
	if blocked.FinishedAt.Sub(killedAt) < 500*time.Millisecond {
		t.Fatalf("block_once finished %s after the kill: before its lease lapsed", blocked.FinishedAt.Sub(killedAt))
	}
	b.stop()
}

// A worker killed with SIGKILL in the middle of a workflow activation (its transaction blocked on a
// row lock after it started a child and while it takes a signal): the activation is rolled back
// and done again by another worker, with exactly one child and every signal delivered once.
func TestKillDuringActivation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.register(map[string]string{
		"parent": `
const first = await Signal.next("start")
const child = Workflow.run("kid", { n: first.n })
const second = await Signal.next("second")
const third = await Signal.next("third")
return { first: first.n, second, third, kid: await child }`,
		"kid": `return await Task.run("add", { x: Inputs.n, y: 100 })`,
	})
	ctx := context.Background()
	a := startWorker(t, e.url, time.Second)
	id, err := e.c.StartWorkflow(ctx, "parent", nil, client.StartOptions{})
	if err != nil {
		t.Fatal(err)
	}
	until(t, 20*time.Second, "the first signal request", func() bool {
		var n int
		e.pool.QueryRow(ctx, `SELECT count(*) FROM rhythm.signal_requests WHERE execution_id = $1 AND state = 'waiting'`, id).Scan(&n)
		return n == 1
	})
	if err := e.c.Signal(ctx, id, "second", "two"); err != nil {
		t.Fatal(err)
	}
	// Hold the pending signal's row: the activation that takes it blocks there, mid-transaction.
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var sid int64
	if err := tx.QueryRow(ctx, `SELECT id FROM rhythm.signals WHERE execution_id = $1 AND name = 'second' FOR UPDATE`, id).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	if err := e.c.Signal(ctx, id, "start", map[string]int{"n": 7}); err != nil {
		t.Fatal(err)
	}
	until(t, 20*time.Second, "the activation to block on the lock", func() bool {
		var n int
		e.pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
		return n > 0
	})
	a.kill()
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	// A signal sent while no worker runs is not lost either.
	if err := e.c.Signal(ctx, id, "third", "three"); err != nil {
		t.Fatal(err)
	}
	b := startWorker(t, e.url, time.Second)
	x := e.wait(id, 30*time.Second)
	if x.Status != client.StatusCompleted || !sameJSON(x.Output, `{"first":7,"second":"two","third":"three","kid":107}`) {
		t.Fatalf("workflow %s: output %s, error %s", x.Status, x.Output, x.Error)
	}
	kids, err := e.c.List(ctx, client.Filter{ParentID: id})
	if err != nil {
		t.Fatal(err)
	}
	if len(kids) != 1 || kids[0].Name != "kid" {
		t.Fatalf("children: %+v", kids)
	}
	var signals, delivered, requests int
	err = e.pool.QueryRow(ctx, `SELECT count(*), count(request_id), (SELECT count(*) FROM rhythm.signal_requests WHERE execution_id = $1)
		FROM rhythm.signals WHERE execution_id = $1`, id).Scan(&signals, &delivered, &requests)
	if err != nil && err != pgx.ErrNoRows {
		t.Fatal(err)
	}
	if signals != 3 || delivered != 3 || requests != 3 {
		t.Fatalf("signals %d, delivered %d, requests %d; want 3 each", signals, delivered, requests)
	}
	b.stop()
}

func sameJSON(a json.RawMessage, b string) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}
