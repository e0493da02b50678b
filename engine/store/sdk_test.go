package store_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// A handed-off task leaves the queue, and is completed or failed from outside; its parent is
// woken; a second completion is refused.
func TestExternalCompletion(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	parent := startWorkflow(t, s)
	ids := enqueue(t, s, child(parent, 1), task("standalone"))
	jobs := claim(t, s, "w", 10)
	if len(jobs) != 2 {
		t.Fatalf("claimed %d", len(jobs))
	}
	var leases []store.Lease
	for _, j := range jobs {
		leases = append(leases, store.Lease{ID: j.ID, Claim: j.Claim})
	}
	handed, err := s.HandOff(ctx, "w", leases)
	if err != nil || len(handed) != 2 {
		t.Fatalf("hand off: %v %v", handed, err)
	}
	if e := get(t, s, ids[0].ID); e.Status != "suspended" {
		t.Fatalf("status %s", e.Status)
	}
	if _, _, ok := queueRow(t, s, ids[0].ID); ok {
		t.Fatal("a handed-off task kept its queue row")
	}
	if err := s.CompleteExternal(ctx, ids[0].ID, json.RawMessage(`{"ok":true}`)); err != nil {
		t.Fatal(err)
	}
	if e := get(t, s, ids[0].ID); e.Status != "completed" || string(e.Output) != `{"ok":true}` {
		t.Fatalf("%s %s", e.Status, e.Output)
	}
	if due, _, ok := queueRow(t, s, parent); !ok || !due {
		t.Fatal("parent not woken")
	}
	if err := s.CompleteExternal(ctx, ids[0].ID, nil); !errors.Is(err, store.ErrFinished) {
		t.Fatalf("second completion: %v", err)
	}
	if _, err := s.RequestCancel(ctx, ids[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.FailExternal(ctx, ids[1].ID, json.RawMessage(`{"message":"gave up"}`)); err != nil {
		t.Fatal(err)
	}
	if e := get(t, s, ids[1].ID); e.Status != "cancelled" || string(e.Error) != `{"message":"gave up"}` {
		t.Fatalf("%s %s", e.Status, e.Error)
	}
	if err := s.CompleteExternal(ctx, parent, nil); err == nil {
		t.Fatal("a workflow was completed as a task")
	}
	if err := s.CompleteExternal(ctx, store.NewID(time.Now()), nil); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown: %v", err)
	}
}

func TestRaiseMaxAttempts(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	a := task("a")
	a.MaxAttempts = 5
	ids := enqueue(t, s, task("b"), a)
	if err := s.RaiseMaxAttempts(ctx, []string{ids[0].ID, ids[1].ID}, []int{3, 3}); err != nil {
		t.Fatal(err)
	}
	if m := get(t, s, ids[0].ID).MaxAttempts; m != 3 {
		t.Fatalf("raised to %d", m)
	}
	if m := get(t, s, ids[1].ID).MaxAttempts; m != 5 {
		t.Fatalf("lowered to %d", m)
	}
}

func TestSubscribe(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	sub, err := s.Subscribe(ctx, store.QueueChannel, store.DoneChannel)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	q := task("x")
	q.Queue = "emails"
	enqueue(t, s, q)
	c, cancel := contextWithTimeout(5 * time.Second)
	defer cancel()
	n, err := sub.Next(c)
	if err != nil || n.Channel != store.QueueChannel || n.Payload != "emails" {
		t.Fatalf("%+v %v", n, err)
	}
	c2, cancel2 := contextWithTimeout(20 * time.Millisecond)
	defer cancel2()
	if _, err := sub.Next(c2); err == nil {
		t.Fatal("a notification out of nowhere")
	}
}

func TestServingQueues(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	if err := s.RegisterTasks(ctx, "w1", []store.TaskInfo{{Name: "mail", Queue: "slow"}, {Name: "pay"}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	if err := s.RegisterTasks(ctx, "w2", []store.TaskInfo{{Name: "mail", Queue: "fast"}}); err != nil {
		t.Fatal(err)
	}
	qs, err := s.ServingQueues(ctx, nil, []string{"mail", "pay", "unknown"})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs["mail"] != "fast" || qs["pay"] != "default" {
		t.Fatalf("%v", qs)
	}
}

// A step that requests signals takes those already sent, FIFO; a wake-up during the step
// re-queues the workflow at commit; Finish wakes the parent.
func TestStep(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	parent := startWorkflow(t, s)
	c := child(parent, 4)
	c.Kind, c.Name = store.KindWorkflow, "parent"
	id := enqueue(t, s, c)[0].ID
	for _, p := range []string{`1`, `2`} {
		if _, err := s.SendSignal(ctx, nil, id, "go", json.RawMessage(p)); err != nil {
			t.Fatal(err)
		}
	}
	jobs := claim(t, s, "w", 10)
	if len(jobs) != 1 || jobs[0].ID != id {
		t.Fatalf("claimed %v", jobs)
	}
	b, starts, err := s.BeginSteps(ctx, "w", jobs)
	if err != nil || starts[0].Err != nil {
		t.Fatal(err, starts[0].Err)
	}
	step, st := starts[0].Step, starts[0].State
	if st.ParentID != parent || st.State != nil || st.Name != "parent" {
		t.Fatalf("%+v", st)
	}
	deadline := clock.Now().Add(time.Minute)
	if err := step.RequestSignals(ctx, []store.StepSignalRequest{{Handle: 1, Name: "go"}, {Handle: 2, Name: "go", Deadline: deadline}, {Handle: 3, Name: "go"}}); err != nil {
		t.Fatal(err)
	}
	ds, err := step.Deliveries(ctx, []int{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Handle != 1 || string(ds[0].Payload) != "1" || ds[1].Handle != 2 || string(ds[1].Payload) != "2" {
		t.Fatalf("deliveries %+v", ds)
	}
	if err := step.AddTimers(ctx, []store.StepNewTimer{{Handle: 5, FireAt: clock.Now().Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	// A signal sent now waits for the step's lock, then goes to request 3 and wakes the workflow.
	sent := make(chan error, 1)
	go func() {
		_, err := s.SendSignal(ctx, nil, id, "go", json.RawMessage(`3`))
		sent <- err
	}()
	time.Sleep(50 * time.Millisecond)
	if err := step.Suspend(ctx, 1, []byte("state"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if errs, err := b.Commit(ctx); err != nil || errs[0] != nil {
		t.Fatal(err, errs)
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	if due, _, ok := queueRow(t, s, id); !ok || !due {
		t.Fatal("the signal did not wake the workflow")
	}
	jobs = claim(t, s, "w", 10)
	b, starts, err = s.BeginSteps(ctx, "w", jobs)
	if err != nil || starts[0].Err != nil {
		t.Fatal(err, starts[0].Err)
	}
	step, st = starts[0].Step, starts[0].State
	if string(st.State) != "state" || st.FormatVersion != 1 || st.Activations != 1 {
		t.Fatalf("%+v", st)
	}
	got, err := b.Settlements(ctx, []store.SettlementRequest{{Step: step, Handles: []int{3}, Timers: true, Expire: true}})
	if err != nil {
		t.Fatal(err)
	}
	if ds := got[0].Deliveries; len(ds) != 1 || string(ds[0].Payload) != "3" {
		t.Fatalf("%+v", ds)
	}
	if len(got[0].Timers) != 0 || len(got[0].Expired) != 0 {
		t.Fatalf("fired or expired early: %+v", got[0])
	}
	if err := step.Finish(ctx, "completed", json.RawMessage(`"done"`), nil); err != nil {
		t.Fatal(err)
	}
	if errs, err := b.Commit(ctx); err != nil || errs[0] != nil {
		t.Fatal(err, errs)
	}
	if e := get(t, s, id); e.Status != "completed" || string(e.Output) != `"done"` {
		t.Fatalf("%s %s", e.Status, e.Output)
	}
	if due, _, ok := queueRow(t, s, parent); !ok || !due {
		t.Fatal("parent not woken")
	}
	if _, _, ok := queueRow(t, s, id); ok {
		t.Fatal("a finished workflow kept its queue row")
	}
}

func TestCancelHandedOff(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	parent := startWorkflow(t, s)
	id := enqueue(t, s, child(parent, 1))[0].ID
	j := claim(t, s, "w", 1)[0]
	if _, err := s.HandOff(ctx, "w", []store.Lease{{ID: j.ID, Claim: j.Claim}}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CancelHandedOff(ctx, parent); err != nil || n != 0 {
		t.Fatalf("without a request: %d %v", n, err)
	}
	if _, err := s.RequestCancel(ctx, parent); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CancelHandedOff(ctx, parent); err != nil || n != 1 {
		t.Fatalf("%d %v", n, err)
	}
	if e := get(t, s, id); e.Status != "cancelled" || !e.Final() {
		t.Fatalf("%s", e.Status)
	}
	if due, _, ok := queueRow(t, s, parent); !ok || !due {
		t.Fatal("parent not woken")
	}
}

// Activations of one batch commit together; one whose claim was lost in the meantime is left
// out, unless it had already written, which rolls the whole batch back.
func TestStepBatch(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	if _, _, err := s.RegisterDefinition(ctx, "parent", "parent.flow", "await Task.run('child')"); err != nil {
		t.Fatal(err)
	}
	wf := store.NewExecution{Kind: store.KindWorkflow, Name: "parent"}
	enqueue(t, s, wf, wf, wf)
	jobs := claim(t, s, "w", 10)
	if len(jobs) != 3 {
		t.Fatalf("claimed %d", len(jobs))
	}
	steal := func(id string) {
		t.Helper()
		if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.queue SET lease_owner = 'other' WHERE execution_id = $1::uuid`, id); err != nil {
			t.Fatal(err)
		}
	}
	steal(jobs[2].ID)
	b, starts, err := s.BeginSteps(ctx, "w", jobs)
	if err != nil {
		t.Fatal(err)
	}
	if starts[0].Err != nil || starts[1].Err != nil || !errors.Is(starts[2].Err, store.ErrClaimLost) {
		t.Fatalf("starts: %v %v %v", starts[0].Err, starts[1].Err, starts[2].Err)
	}
	a, lost := starts[0].Step, starts[1].Step
	steal(jobs[1].ID)
	enq, err := a.Enqueue(ctx, []store.NewExecution{child(jobs[0].ID, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Suspend(ctx, 1, []byte("a"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := lost.Finish(ctx, "completed", json.RawMessage(`1`), nil); err != nil {
		t.Fatal(err)
	}
	errs, err := b.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 2 || errs[0] != nil || !errors.Is(errs[1], store.ErrClaimLost) {
		t.Fatalf("commit: %v", errs)
	}
	if e := get(t, s, jobs[0].ID); e.Status != "suspended" {
		t.Errorf("committed activation: %s", e.Status)
	}
	if e := get(t, s, enq[0].ID); e.Status != "pending" || e.ParentID != jobs[0].ID {
		t.Errorf("task started by the batch: %+v", e)
	}
	if _, _, ok := queueRow(t, s, jobs[0].ID); ok {
		t.Error("a workflow waiting only on a task kept its queue row")
	}
	if e := get(t, s, jobs[1].ID); e.Final() {
		t.Errorf("an activation whose claim was lost committed: %+v", e)
	}

	// A lost activation that had written (a timer) takes the batch down.
	if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.queue SET lease_owner = NULL, run_at = $1`, s.Now()); err != nil {
		t.Fatal(err)
	}
	jobs = slices.DeleteFunc(claim(t, s, "w", 10), func(j store.Job) bool { return j.Kind != store.KindWorkflow })
	if len(jobs) != 2 {
		t.Fatalf("claimed %d", len(jobs))
	}
	b, starts, err = s.BeginSteps(ctx, "w", jobs)
	if err != nil {
		t.Fatal(err)
	}
	steal(jobs[1].ID)
	if err := starts[0].Step.Finish(ctx, "completed", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := starts[1].Step.AddTimers(ctx, []store.StepNewTimer{{Handle: 1, FireAt: s.Now().Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	if err := starts[1].Step.Suspend(ctx, 1, []byte("b"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Commit(ctx); !errors.Is(err, store.ErrBatchAborted) {
		t.Fatalf("commit: %v, want ErrBatchAborted", err)
	}
	if e := get(t, s, jobs[0].ID); e.Final() {
		t.Errorf("an activation of an aborted batch committed: %+v", e)
	}
}

// Tasks an activation batch starts may start on its own worker at once: the ones reserve accepts
// are created claimed by the worker (no other worker can claim them, the worker completes them
// with the claim it was given); the others are queued as usual.
func TestStepBatchStartHere(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	if _, _, err := s.RegisterDefinition(ctx, "parent", "parent.flow", "await Task.run('child')"); err != nil {
		t.Fatal(err)
	}
	enqueue(t, s, store.NewExecution{Kind: store.KindWorkflow, Name: "parent"})
	jobs := claim(t, s, "w", 10)
	b, starts, err := s.BeginSteps(ctx, "w", jobs)
	if err != nil || starts[0].Err != nil {
		t.Fatal(err, starts[0].Err)
	}
	var asked []string
	b.StartHere(func(queue, name string) bool {
		asked = append(asked, queue+"/"+name)
		return name == "here"
	}, time.Minute)
	here, there := child(jobs[0].ID, 1), child(jobs[0].ID, 2)
	here.Name, here.Input = "here", json.RawMessage(`{"n": 1}`)
	if _, err := starts[0].Step.Enqueue(ctx, []store.NewExecution{here, there}); err != nil {
		t.Fatal(err)
	}
	if err := starts[0].Step.Suspend(ctx, 1, []byte("s"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if errs, err := b.Commit(ctx); err != nil || errs[0] != nil {
		t.Fatal(err, errs)
	}
	if !slices.Equal(asked, []string{"default/here", "default/child"}) {
		t.Errorf("reserve asked %v", asked)
	}
	eager := b.Eager()
	if len(eager) != 1 {
		t.Fatalf("eager %+v", eager)
	}
	j := eager[0]
	if j.Name != "here" || j.Queue != store.DefaultQueue || j.Attempt != 1 || j.Claim != 1 || string(j.Input) != `{"n": 1}` || j.ParentID != jobs[0].ID {
		t.Errorf("eager job %+v", j)
	}
	if e := get(t, s, j.ID); e.Status != "running" || e.Attempt != 1 {
		t.Errorf("eager task %+v", e)
	}
	other := claim(t, s, "other", 10)
	if len(other) != 1 || other[0].Name != "child" {
		t.Fatalf("another worker claimed %+v", other)
	}
	if done, err := s.Complete(ctx, "w", []store.Completion{{Lease: store.Lease{ID: j.ID, Claim: j.Claim}}}); err != nil || len(done) != 1 {
		t.Fatalf("complete eager task: %v %v", done, err)
	}
}

// An activation's log lines are written with its commit, in order; those of an activation whose
// claim was lost are not.
func TestStepLogs(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	if _, _, err := s.RegisterDefinition(ctx, "parent", "parent.flow", "console.log(1)"); err != nil {
		t.Fatal(err)
	}
	wf := store.NewExecution{Kind: store.KindWorkflow, Name: "parent"}
	enqueue(t, s, wf, wf)
	jobs := claim(t, s, "w", 10)
	b, starts, err := s.BeginSteps(ctx, "w", jobs)
	if err != nil {
		t.Fatal(err)
	}
	kept, lost := starts[0].Step, starts[1].Step
	kept.Log(3, "first")
	kept.Log(4, "second")
	lost.Log(3, "lost")
	if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.queue SET lease_owner = 'other' WHERE execution_id = $1::uuid`, jobs[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := kept.Finish(ctx, "completed", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := lost.Finish(ctx, "completed", nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	lines, err := s.Logs(ctx, []string{jobs[0].ID, jobs[1].ID}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || lines[0].Message != "first" || lines[0].Line != 3 || lines[1].Message != "second" ||
		lines[0].ExecutionID != jobs[0].ID || lines[1].Seq <= lines[0].Seq {
		t.Fatalf("logs %+v", lines)
	}
	if more, err := s.Logs(ctx, []string{jobs[0].ID}, lines[0].Seq, 1); err != nil || len(more) != 1 || more[0].Message != "second" {
		t.Fatalf("logs after the first: %+v, %v", more, err)
	}
}
