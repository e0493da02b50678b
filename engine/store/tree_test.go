package store_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rhythmflow/rhythm/engine/store"
)

// startWorkflow registers a one-line workflow, starts it, claims it and leaves it suspended with no
// queue row (what an activation that awaits a child commits).
func startWorkflow(t *testing.T, s *store.Store) string {
	t.Helper()
	if _, _, err := s.RegisterDefinition(ctx, "parent", "parent.flow", "await Task.run('child')"); err != nil {
		t.Fatal(err)
	}
	id := enqueue(t, s, store.NewExecution{Kind: store.KindWorkflow, Name: "parent"})[0].ID
	suspend(t, s, id)
	return id
}

func suspend(t *testing.T, s *store.Store, id string) {
	t.Helper()
	if _, err := s.Pool().Exec(ctx, `DELETE FROM rhythm.queue WHERE execution_id = $1::uuid;`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.executions SET status = 'suspended' WHERE id = $1::uuid`, id); err != nil {
		t.Fatal(err)
	}
}

func child(parent string, handle int) store.NewExecution {
	c := task("child")
	c.ParentID, c.ParentHandle = parent, handle
	return c
}

func queueRow(t *testing.T, s *store.Store, id string) (due bool, wakeSeq int64, ok bool) {
	t.Helper()
	err := s.Pool().QueryRow(ctx, `SELECT run_at <= $2, wake_seq FROM rhythm.queue WHERE execution_id = $1::uuid`, id, s.Now()).Scan(&due, &wakeSeq)
	if err == pgx.ErrNoRows {
		return false, 0, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return due, wakeSeq, true
}

// A child's end wakes its suspended parent; during an activation it only bumps the wake counter.
func TestParentWake(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	parent := startWorkflow(t, s)
	enqueue(t, s, child(parent, 1), child(parent, 2))
	jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: "w", Limit: 10, Lease: time.Minute, Tasks: []string{"child"}})
	if err != nil || len(jobs) != 2 || jobs[0].ParentID != parent {
		t.Fatalf("claim children: %+v %v", jobs, err)
	}
	if _, _, ok := queueRow(t, s, parent); ok {
		t.Fatal("suspended parent already queued")
	}
	if _, err := s.Complete(ctx, "w", []store.Completion{{Lease: store.Lease{ID: jobs[0].ID, Claim: jobs[0].Claim}, Output: json.RawMessage(`1`)}}); err != nil {
		t.Fatal(err)
	}
	if due, _, ok := queueRow(t, s, parent); !ok || !due {
		t.Fatalf("parent not woken: queued=%v due=%v", ok, due)
	}

	// The parent's activation runs (leased) while the second child fails for good.
	acts := claim(t, s, "w", 10)
	if len(acts) != 1 || acts[0].ID != parent || acts[0].Kind != store.KindWorkflow || acts[0].Version == "" {
		t.Fatalf("activation claim: %+v", acts)
	}
	clock.Advance(time.Second)
	if _, err := s.Fail(ctx, "w", []store.FailedAttempt{{Lease: store.Lease{ID: jobs[1].ID, Claim: jobs[1].Claim}, Error: json.RawMessage(`{"message":"no"}`)}}); err != nil {
		t.Fatal(err)
	}
	due, seq, ok := queueRow(t, s, parent)
	if !ok || due || seq != acts[0].WakeSeq+1 {
		t.Fatalf("wake during activation: queued=%v due=%v wake_seq=%d (claimed at %d)", ok, due, seq, acts[0].WakeSeq)
	}
	kids, err := s.List(ctx, store.Filter{ParentID: parent})
	if err != nil || len(kids) != 2 {
		t.Fatalf("children: %+v %v", kids, err)
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	parent := startWorkflow(t, s)
	ids := enqueue(t, s, child(parent, 1), child(parent, 2))
	running := claim(t, s, "w", 1)[0]
	idle := ids[1].ID
	if running.ID == idle {
		idle = ids[0].ID
	}
	n, err := s.RequestCancel(ctx, parent)
	if err != nil || n != 3 {
		t.Fatalf("RequestCancel = %d, %v", n, err)
	}
	if e := get(t, s, idle); e.Status != "cancelled" || !e.Final() {
		t.Errorf("idle child: %+v", e)
	}
	hb, err := s.Heartbeat(ctx, "w", []store.Lease{{ID: running.ID, Claim: running.Claim}}, time.Minute)
	if err != nil || !slices.Equal(hb.Cancel, []string{running.ID}) {
		t.Fatalf("heartbeat after cancel: %+v %v", hb, err)
	}
	out, err := s.Fail(ctx, "w", []store.FailedAttempt{{Lease: store.Lease{ID: running.ID, Claim: running.Claim}, Error: json.RawMessage(`{"code":"Cancelled"}`), RetryAt: s.Now()}})
	if err != nil || out[0].Status != "cancelled" {
		t.Fatalf("cancelled attempt: %+v %v", out, err)
	}
	if due, _, ok := queueRow(t, s, parent); !ok || !due {
		t.Error("the cancelled workflow is not woken to end")
	}
}

func TestNotifications(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	conn, err := s.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+store.QueueChannel+"; LISTEN "+store.DoneChannel); err != nil {
		t.Fatal(err)
	}
	next := func() (string, string) {
		t.Helper()
		wctx, cancel := contextWithTimeout(5 * time.Second)
		defer cancel()
		n, err := conn.Conn().WaitForNotification(wctx)
		if err != nil {
			t.Fatal(err)
		}
		return n.Channel, n.Payload
	}
	q := task("t")
	q.Queue = "mail"
	id := enqueue(t, s, q)[0].ID
	if ch, p := next(); ch != store.QueueChannel || p != "mail" {
		t.Fatalf("after enqueue: %s %q", ch, p)
	}
	jobs, err := s.Claim(ctx, store.ClaimRequest{Queue: "mail", Worker: "w", Limit: 1, Lease: time.Minute})
	if err != nil || len(jobs) != 1 {
		t.Fatal(jobs, err)
	}
	if _, err := s.Complete(ctx, "w", []store.Completion{{Lease: store.Lease{ID: id, Claim: 1}}}); err != nil {
		t.Fatal(err)
	}
	if ch, p := next(); ch != store.DoneChannel || !strings.Contains(p, id) {
		t.Fatalf("after complete: %s %q", ch, p)
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	in := json.RawMessage(`{"type":"object","properties":{"z":{},"a":{}}}`)
	if err := s.RegisterTasks(ctx, "w1", []store.TaskInfo{{Name: "pay", InputSchema: in, Doc: "Charges.", SourceFile: "tasks.go", SourceLine: 12}, {Name: "ship", Queue: "slow"}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if err := s.RegisterTasks(ctx, "w2", []store.TaskInfo{{Name: "pay", InputSchema: in, Doc: "Charges (v2).", SourceFile: "tasks.go", SourceLine: 13}}); err != nil {
		t.Fatal(err)
	}
	tasks, err := s.Tasks(ctx, time.Time{})
	if err != nil || len(tasks) != 2 {
		t.Fatalf("Tasks = %+v, %v", tasks, err)
	}
	if p := tasks[0]; p.Name != "pay" || p.WorkerID != "w2" || p.Doc != "Charges (v2)." || string(p.InputSchema) != string(in) || p.Queue != store.DefaultQueue {
		t.Errorf("pay = %+v", p)
	}
	if sh := tasks[1]; sh.Name != "ship" || sh.Queue != "slow" || sh.InputSchema != nil {
		t.Errorf("ship = %+v", sh)
	}
	if recent, _ := s.Tasks(ctx, clock.Now()); len(recent) != 1 {
		t.Errorf("recently seen = %+v", recent)
	}
	if err := s.UnregisterWorker(ctx, "w2"); err != nil {
		t.Fatal(err)
	}
	if tasks, _ := s.Tasks(ctx, time.Time{}); len(tasks) != 2 || tasks[0].WorkerID != "w1" {
		t.Errorf("after unregistering w2: %+v", tasks)
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	var ids []string
	for i := 0; i < 5; i++ {
		ids = append(ids, enqueue(t, s, task([]string{"a", "b"}[i%2]))[0].ID)
		clock.Advance(time.Second)
	}
	page, err := s.List(ctx, store.Filter{Limit: 2})
	if err != nil || len(page) != 2 || page[0].ID != ids[4] || page[1].ID != ids[3] {
		t.Fatalf("first page: %+v %v", page, err)
	}
	page, err = s.List(ctx, store.Filter{Limit: 2, Before: ids[3]})
	if err != nil || len(page) != 2 || page[0].ID != ids[2] {
		t.Fatalf("second page: %+v %v", page, err)
	}
	page, err = s.List(ctx, store.Filter{Name: "a", Kind: store.KindTask, Status: "pending", TopLevel: true})
	if err != nil || len(page) != 3 {
		t.Fatalf("filtered: %d %v", len(page), err)
	}
}
