package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

func finish(t *testing.T, s *store.Store, worker string) []string {
	t.Helper()
	jobs := claim(t, s, worker, 100)
	cs := make([]store.Completion, len(jobs))
	for i, j := range jobs {
		cs[i] = store.Completion{Lease: store.Lease{ID: j.ID, Claim: j.Claim}, Output: json.RawMessage(`1`)}
	}
	done, err := s.Complete(ctx, worker, cs)
	if err != nil {
		t.Fatal(err)
	}
	return done
}

func TestPrune(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	old := enqueue(t, s, task("a"), task("b"))
	finish(t, s, "w")
	// A finished workflow whose fire-and-forget child has not run yet.
	parent := startWorkflow(t, s)
	enqueue(t, s, child(parent, 1))
	if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.executions SET status = 'completed', output = '1', finished_at = $2 WHERE id = $1::uuid`, parent, clock.Now()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	recent := enqueue(t, s, task("c"))[0].ID
	cutoff := clock.Now().Add(-30 * time.Minute)

	n, err := s.Prune(ctx, cutoff, 1)
	if err != nil || n != 1 {
		t.Fatalf("Prune(limit 1) = %d, %v", n, err)
	}
	n, err = s.Prune(ctx, cutoff, 10)
	if err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want only the other old task (the workflow's child still waits)", n, err)
	}
	for _, id := range []string{old[0].ID, old[1].ID} {
		if _, err := s.Get(ctx, id); err == nil {
			t.Errorf("%s not pruned", id)
		}
	}
	if _, err := s.Get(ctx, parent); err != nil {
		t.Fatalf("workflow with a running child pruned: %v", err)
	}

	finish(t, s, "w") // the child and the recent task
	if n, err := s.Prune(ctx, cutoff, 10); err != nil || n != 1 {
		t.Fatalf("Prune after the child ended = %d, %v", n, err)
	}
	if _, err := s.Get(ctx, parent); err == nil {
		t.Error("workflow tree not pruned once finished")
	}
	if kids, _ := s.List(ctx, store.Filter{ParentID: parent}); len(kids) != 0 {
		t.Error("children of a pruned workflow remain")
	}
	if _, err := s.Get(ctx, recent); err != nil {
		t.Errorf("recent execution pruned: %v", err)
	}
}
