package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// A run's tree lists the root and its descendants at their depths in creation order, with how far
// each got, and nothing outside the tree.
func TestRunTree(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	root := startWorkflow(t, s)
	clock.Advance(time.Second)
	c := child(root, 1)
	c.MaxAttempts = 3
	kids := enqueue(t, s, c)
	clock.Advance(time.Second)
	kids = append(kids, enqueue(t, s, child(root, 2))...)
	clock.Advance(time.Second)
	grandchild := enqueue(t, s, child(kids[0].ID, 1))[0].ID
	clock.Advance(time.Second)
	enqueue(t, s, task("elsewhere"))
	other := startWorkflow(t, s) // another run of the same workflow
	enqueue(t, s, child(other, 1))

	// The first child fails once and is retried; the second completes.
	jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: "w", Limit: 1, Lease: time.Minute, Tasks: []string{"child"}})
	if err != nil || len(jobs) != 1 || jobs[0].ID != kids[0].ID {
		t.Fatalf("claim: %+v %v", jobs, err)
	}
	started := clock.Now().Truncate(time.Microsecond)
	clock.Advance(time.Second)
	if _, err := s.Fail(ctx, "w", []store.FailedAttempt{{Lease: store.Lease{ID: jobs[0].ID, Claim: jobs[0].Claim},
		Error: json.RawMessage(`{"name":"E","message":"boom"}`), RetryAt: clock.Now().Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	jobs, err = s.Claim(ctx, store.ClaimRequest{Worker: "w", Limit: 1, Lease: time.Minute, Tasks: []string{"child"}})
	if err != nil || len(jobs) != 1 || jobs[0].ID != kids[1].ID {
		t.Fatalf("claim: %+v %v", jobs, err)
	}
	clock.Advance(time.Second)
	finished := clock.Now().Truncate(time.Microsecond)
	if _, err := s.Complete(ctx, "w", []store.Completion{{Lease: store.Lease{ID: jobs[0].ID, Claim: jobs[0].Claim}, Output: json.RawMessage(`1`)}}); err != nil {
		t.Fatal(err)
	}

	tree, err := s.RunTree(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id     string
		depth  int
		kind   store.Kind
		status string
		max    int
	}{
		{root, 0, store.KindWorkflow, "suspended", 1},
		{kids[0].ID, 1, store.KindTask, "pending", 3},
		{kids[1].ID, 1, store.KindTask, "completed", 1},
		{grandchild, 2, store.KindTask, "pending", 1},
	}
	if len(tree) != len(want) {
		t.Fatalf("tree of %d nodes, want %d: %+v", len(tree), len(want), tree)
	}
	for i, w := range want {
		n := tree[i]
		if n.ID != w.id || n.Depth != w.depth || n.Kind != w.kind || n.Status != w.status || n.MaxAttempts != w.max || n.CreatedAt.IsZero() {
			t.Errorf("node %d = %+v, want %+v", i, n, w)
		}
	}
	if n := tree[0]; n.Name != "parent" || n.Attempt != 0 || !n.StartedAt.IsZero() || !n.FinishedAt.IsZero() || n.Error != nil {
		t.Errorf("root = %+v", n)
	}
	if n := tree[1]; n.Attempt != 1 || !n.StartedAt.Equal(started) || !n.FinishedAt.IsZero() || string(n.Error) != `{"name":"E","message":"boom"}` {
		t.Errorf("retried child = %+v", n)
	}
	if n := tree[2]; n.Name != "child" || n.Attempt != 1 || n.StartedAt.IsZero() || !n.FinishedAt.Equal(finished) || n.Error != nil {
		t.Errorf("completed child = %+v", n)
	}

	if tree, err := s.RunTree(ctx, grandchild); err != nil || len(tree) != 1 || tree[0].Depth != 0 {
		t.Errorf("subtree of a leaf: %+v %v", tree, err)
	}
	if tree, err := s.RunTree(ctx, store.NewID(clock.Now())); err != nil || len(tree) != 0 {
		t.Errorf("tree of a missing root: %+v %v", tree, err)
	}
	if _, err := s.RunTree(ctx, "not-a-uuid"); err == nil {
		t.Error("tree of a malformed id: no error")
	}
}

func addTimer(t *testing.T, s *store.Store, id string, handle int, fireAt time.Time) {
	t.Helper()
	if _, err := s.Pool().Exec(ctx, `INSERT INTO rhythm.timers (execution_id, handle, fire_at, created_at) VALUES ($1::uuid, $2, $3, $4)`,
		id, handle, fireAt, s.Now()); err != nil {
		t.Fatal(err)
	}
}

// Pending timers are those of the executions asked for, ordered by execution and handle.
func TestPendingTimers(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	a, b, c := startWorkflow(t, s), startWorkflow(t, s), startWorkflow(t, s)
	if b < a {
		a, b = b, a
	}
	created := clock.Now()
	addTimer(t, s, b, 1, created.Add(time.Minute))
	addTimer(t, s, a, 7, created.Add(time.Hour))
	addTimer(t, s, a, 2, created.Add(time.Second))
	addTimer(t, s, c, 1, created.Add(time.Second))

	got, err := s.PendingTimers(ctx, []string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.PendingTimer{
		{ExecutionID: a, Handle: 2, FireAt: created.Add(time.Second), CreatedAt: created},
		{ExecutionID: a, Handle: 7, FireAt: created.Add(time.Hour), CreatedAt: created},
		{ExecutionID: b, Handle: 1, FireAt: created.Add(time.Minute), CreatedAt: created},
	}
	if len(got) != len(want) {
		t.Fatalf("PendingTimers = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ExecutionID != w.ExecutionID || g.Handle != w.Handle || !g.FireAt.Equal(w.FireAt) || !g.CreatedAt.Equal(w.CreatedAt) {
			t.Errorf("timer %d = %+v, want %+v", i, g, w)
		}
	}
	if got, err := s.PendingTimers(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("PendingTimers(nil) = %+v, %v", got, err)
	}
}

// Signal requests come in the order they were made, waiting or settled, with their deadline.
func TestSignalRequests(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	a, b, c := startWorkflow(t, s), startWorkflow(t, s), startWorkflow(t, s)
	created := clock.Now()
	deadline := created.Add(time.Minute)
	addRequest(t, s, b, 1, "go", nil)
	addRequest(t, s, a, 1, "stop", &deadline)
	addRequest(t, s, c, 1, "go", nil)
	clock.Advance(time.Second)
	settled := clock.Now()
	if sent, err := s.SendSignal(ctx, nil, b, "go", json.RawMessage(`1`)); err != nil || !sent.Delivered {
		t.Fatalf("send: %+v %v", sent, err)
	}

	got, err := s.SignalRequests(ctx, []string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("SignalRequests = %+v", got)
	}
	if r := got[0]; r.ExecutionID != b || r.Name != "go" || r.State != "delivered" || !r.Deadline.IsZero() || r.CreatedAt.IsZero() || !r.SettledAt.Equal(settled) {
		t.Errorf("delivered request = %+v", r)
	}
	if r := got[1]; r.ExecutionID != a || r.Name != "stop" || r.State != "waiting" || !r.Deadline.Equal(deadline) || !r.SettledAt.IsZero() || r.ID <= got[0].ID {
		t.Errorf("waiting request = %+v", r)
	}
	if got, err := s.SignalRequests(ctx, []string{store.NewID(created)}); err != nil || len(got) != 0 {
		t.Errorf("SignalRequests of an unknown id = %+v, %v", got, err)
	}
}
