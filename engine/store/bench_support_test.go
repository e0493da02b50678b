package store_test

import (
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// endAs ends an execution with status by hand (what a worker's final commit leaves behind).
func endAs(t *testing.T, s *store.Store, id, status string) {
	t.Helper()
	if _, err := s.Pool().Exec(ctx, `DELETE FROM rhythm.queue WHERE execution_id = $1::uuid`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.executions SET status = $2, finished_at = $3 WHERE id = $1::uuid`, id, status, s.Now()); err != nil {
		t.Fatal(err)
	}
}

func onQueue(e store.NewExecution, queue string) store.NewExecution {
	e.Queue = queue
	return e
}

// Only completed workflows of the queue asked for are counted.
func TestCompletedWorkflows(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	if _, _, err := s.RegisterDefinition(ctx, "three", "three.flow", "await Task.run('a')"); err != nil {
		t.Fatal(err)
	}
	wf := store.NewExecution{Kind: store.KindWorkflow, Name: "three", Queue: "b"}
	ids := enqueue(t, s, wf, wf, wf, wf, onQueue(wf, "other"), onQueue(task("a"), "b"))
	endAs(t, s, ids[0].ID, "completed")
	endAs(t, s, ids[1].ID, "completed")
	endAs(t, s, ids[2].ID, "failed")
	endAs(t, s, ids[4].ID, "completed") // another queue
	endAs(t, s, ids[5].ID, "completed") // a task
	for queue, want := range map[string]int{"b": 2, "other": 1, "none": 0} {
		n, err := s.CompletedWorkflows(ctx, queue)
		if err != nil || n != want {
			t.Errorf("CompletedWorkflows(%q) = %d, %v; want %d", queue, n, err, want)
		}
	}
}

// A queue's length counts its waiting and leased rows, not finished executions or other queues;
// it is empty when it has none.
func TestQueueLength(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	length := func(queue string, want int) {
		t.Helper()
		if n, err := s.QueueLength(ctx, queue); err != nil || n != want {
			t.Fatalf("QueueLength(%q) = %d, %v; want %d", queue, n, err, want)
		}
		if empty, err := s.QueueEmpty(ctx, queue); err != nil || empty != (want == 0) {
			t.Fatalf("QueueEmpty(%q) = %v, %v; want %v", queue, empty, err, want == 0)
		}
	}
	length("b", 0)
	enqueue(t, s, onQueue(task("a"), "b"), onQueue(task("a"), "b"), onQueue(task("a"), "other"))
	length("b", 2)
	jobs, err := s.Claim(ctx, store.ClaimRequest{Queue: "b", Worker: "w", Limit: 1, Lease: time.Minute, Tasks: []string{"a"}})
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v %v", jobs, err)
	}
	length("b", 2) // leased, still queued
	if _, err := s.Complete(ctx, "w", []store.Completion{{Lease: store.Lease{ID: jobs[0].ID, Claim: jobs[0].Claim}}}); err != nil {
		t.Fatal(err)
	}
	length("b", 1)
	length("other", 1)
}

// Purging a queue deletes its top-level executions with their trees, whatever their status and
// wherever their children run, and its task registrations; other queues keep theirs.
func TestPurgeQueue(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	if _, _, err := s.RegisterDefinition(ctx, "three", "three.flow", "await Task.run('a')"); err != nil {
		t.Fatal(err)
	}
	ids := enqueue(t, s,
		store.NewExecution{Kind: store.KindWorkflow, Name: "three", Queue: "b"},
		onQueue(task("a"), "b"),
		onQueue(task("a"), "other"))
	root, done, kept := ids[0].ID, ids[1].ID, ids[2].ID
	endAs(t, s, done, "completed")
	c := onQueue(child(root, 1), "other") // a child on another queue goes with its root
	kid := enqueue(t, s, c)[0].ID
	sub := enqueue(t, s, store.NewExecution{Kind: store.KindWorkflow, Name: "three", Queue: "other", ParentID: root, ParentHandle: 2})[0].ID
	grandchild := enqueue(t, s, onQueue(child(sub, 1), "other"))[0].ID // and its descendants
	if _, err := s.Pool().Exec(ctx, `INSERT INTO rhythm.snapshots (execution_id, format_version, state) VALUES ($1::uuid, 1, '\x00')`, root); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"b", "other"} {
		if err := s.RegisterTasks(ctx, "w-"+q, []store.TaskInfo{{Name: "t-" + q, Queue: q}}); err != nil {
			t.Fatal(err)
		}
	}

	if err := s.PurgeQueue(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{root, done, kid, sub, grandchild} {
		if _, err := s.Get(ctx, id); err == nil {
			t.Errorf("execution %s survived the purge", id)
		}
	}
	if _, err := s.Get(ctx, kept); err != nil {
		t.Errorf("execution of another queue: %v", err)
	}
	if n, err := s.QueueLength(ctx, "other"); err != nil || n != 1 {
		t.Errorf("queue rows left on other: %d, %v; want 1", n, err)
	}
	var states int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM rhythm.snapshots`).Scan(&states); err != nil || states != 0 {
		t.Errorf("saved states left: %d, %v", states, err)
	}
	tasks, err := s.Tasks(ctx, time.Time{})
	if err != nil || len(tasks) != 1 || tasks[0].Name != "t-other" {
		t.Errorf("registry after purge: %+v %v", tasks, err)
	}
	if err := s.PurgeQueue(ctx, "b"); err != nil {
		t.Errorf("purging an empty queue: %v", err)
	}
}
