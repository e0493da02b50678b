package worker_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/worker"
)

// A workflow runs child workflows and gets their results and failures.
func TestChildWorkflows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("ship", `
const p = await Task.run("pack", { id: Inputs.id })
return { tracking: p, parent: Context.parentId }`)
	e.workflow("broken", `throw { code: "Nope", message: "cannot" }`)
	e.workflow("fulfil", `
const s = await Workflow.run("ship", { id: 7 })
let failure
try { await Workflow.run("broken") } catch (err) { failure = [err.code, err.cause, err.message] }
let missing
try { await Workflow.run("no_such_flow") } catch (err) { missing = err.cause }
return { tracking: s.tracking, mine: s.parent == Context.executionId, failure, missing }`)
	e.start(testConfig(), worker.Task("pack", func(ctx context.Context, in struct{ ID int }) (string, error) {
		return "TR" + string(rune('0'+in.ID)), nil
	}))
	id := e.startWorkflow("fulfil", nil)
	e.want(e.wait(id), `{"tracking":"TR7","mine":true,"failure":["WorkflowFailed","Nope","cannot"],"missing":"NotFound"}`)
	x, err := e.client.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Children) != 2 || x.Children[0].Name != "ship" || x.Children[0].Kind != "workflow" {
		t.Fatalf("children %+v", x.Children)
	}
}

// Cancelling a workflow cancels its children and reaches the context of a running task.
func TestCancelCascades(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("inner", `return await Task.run("block", {})`)
	e.workflow("outer", `return await Workflow.run("inner")`)
	started := make(chan string, 1)
	var cancelled atomic.Bool
	e.start(testConfig(), worker.Task("block", func(ctx context.Context, in struct{}) (int, error) {
		info, _ := worker.InfoFrom(ctx)
		started <- info.ExecutionID
		<-ctx.Done()
		cancelled.Store(true)
		return 0, ctx.Err()
	}))
	id := e.startWorkflow("outer", nil)
	taskID := <-started
	ctx := context.Background()
	if err := e.client.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	x := e.wait(id)
	if x.Status != client.StatusCancelled {
		t.Fatalf("outer: %s %s", x.Status, x.Error)
	}
	task := e.wait(taskID)
	if task.Status != client.StatusCancelled || !cancelled.Load() {
		t.Fatalf("task: %s, context cancelled %v", task.Status, cancelled.Load())
	}
	inner := e.wait(task.ParentID)
	if inner.Status != client.StatusCancelled || inner.Name != "inner" {
		t.Fatalf("inner: %s %s", inner.Name, inner.Status)
	}
	if err := e.client.Cancel(ctx, id); !errors.Is(err, client.ErrFinished) {
		t.Fatalf("second cancel: %v", err)
	}
}

// Idempotency keys: a second start with the same key returns the first execution; a second
// Task.run with the same key in a workflow returns the first handle and runs nothing.
func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var runs atomic.Int64
	e.workflow("sub", `return await Task.run("count", {})`)
	e.workflow("keyed", `
const a = Task.run("count", {}, { key: "k" })
const b = Task.run("count", {}, { key: "k" })
const x = await a
const y = await b
const z = await Task.run("count", {}, { key: "k" })
const w1 = await Workflow.run("sub", {}, { key: "w" })
const w2 = await Workflow.run("sub", {}, { key: "w" })
return [x, y, z, w1, w2]`)
	e.start(testConfig(), worker.Task("count", func(ctx context.Context, in struct{}) (int64, error) {
		return runs.Add(1), nil
	}))
	ctx := context.Background()
	id1, err := e.client.StartWorkflow(ctx, "keyed", nil, client.StartOptions{Key: "order-1"})
	if err != nil {
		t.Fatal(err)
	}
	id2, err := e.client.StartWorkflow(ctx, "keyed", nil, client.StartOptions{Key: "order-1"})
	if err != nil {
		t.Fatal(err)
	}
	if id1 != id2 {
		t.Fatalf("same key, two executions: %s %s", id1, id2)
	}
	e.want(e.wait(id1), `[1,1,1,2,2]`)
	if runs.Load() != 2 {
		t.Fatalf("task ran %d times", runs.Load())
	}
	t1, _ := e.client.EnqueueTask(ctx, "count", nil, client.TaskOptions{Key: "once"})
	t2, _ := e.client.EnqueueTask(ctx, "count", nil, client.TaskOptions{Key: "once"})
	if t1 != t2 || t1 == "" {
		t.Fatalf("task keys: %q %q", t1, t2)
	}
}

// A task hands its work off and is completed later through the client.
func TestAsyncCompletion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("approve", `
const r = await Task.run("ask_human", { q: "ok?" })
let f
try { await Task.run("ask_human", { q: "fail" }) } catch (err) { f = err.cause }
return [r.answer, f]`)
	handed := make(chan string, 3)
	e.start(testConfig(), worker.Task("ask_human", func(ctx context.Context, in struct{ Q string }) (struct{}, error) {
		info, _ := worker.InfoFrom(ctx)
		handed <- info.ExecutionID
		return struct{}{}, worker.ErrAsync
	}))
	id := e.startWorkflow("approve", nil)
	ctx := context.Background()
	first := <-handed
	eventually(t, "the hand-off", func() bool {
		x, err := e.client.Get(ctx, first)
		return err == nil && x.Status == client.StatusSuspended
	})
	if err := e.client.CompleteTask(ctx, first, map[string]string{"answer": "yes"}); err != nil {
		t.Fatal(err)
	}
	if err := e.client.CompleteTask(ctx, first, nil); !errors.Is(err, client.ErrFinished) {
		t.Fatalf("second completion: %v", err)
	}
	second := <-handed
	if err := e.client.FailTask(ctx, second, client.Failure{Code: "Rejected", Message: "no"}); err != nil {
		t.Fatal(err)
	}
	e.want(e.wait(id), `["yes","Rejected"]`)

	// Cancelling a workflow ends the task it handed off.
	id = e.startWorkflow("approve", nil)
	third := <-handed
	eventually(t, "the hand-off", func() bool {
		x, err := e.client.Get(ctx, third)
		return err == nil && x.Status == client.StatusSuspended
	})
	if err := e.client.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	if x := e.wait(third); x.Status != client.StatusCancelled {
		t.Fatalf("handed-off task: %s", x.Status)
	}
	if x := e.wait(id); x.Status != client.StatusCancelled {
		t.Fatalf("workflow: %s", x.Status)
	}
	if err := e.client.CompleteTask(ctx, third, nil); !errors.Is(err, client.ErrFinished) {
		t.Fatalf("completion after cancellation: %v", err)
	}
}

// A child workflow over its timeout rejects with Timeout in the parent and is cancelled.
func TestChildTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("forever", `await Signal.next("never")`)
	e.workflow("impatient", `
try {
  await Workflow.run("forever", {}, { timeout: "200ms" })
} catch (err) {
  return err.code
}`)
	e.start(testConfig())
	id := e.startWorkflow("impatient", nil)
	e.want(e.wait(id), `"Timeout"`)
	x, err := e.client.Get(context.Background(), id)
	if err != nil || len(x.Children) != 1 {
		t.Fatalf("%v %+v", err, x)
	}
	if c := e.wait(x.Children[0].ID); c.Status != client.StatusCancelled {
		t.Fatalf("child %s", c.Status)
	}
}

// Higher priority work is claimed first.
func TestPriorities(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for i, p := range []int{1, 5, 3} {
		if _, err := e.client.EnqueueTask(ctx, "rec", map[string]int{"n": i}, client.TaskOptions{Priority: p}); err != nil {
			t.Fatal(err)
		}
	}
	order := make(chan int, 3)
	cfg := testConfig()
	cfg.Queues = map[string]int{"default": 1}
	e.start(cfg, worker.Task("rec", func(ctx context.Context, in struct{ N int }) (int, error) {
		order <- in.N
		return in.N, nil
	}))
	for _, want := range []int{1, 2, 0} {
		if got := <-order; got != want {
			t.Fatalf("ran %d, want %d", got, want)
		}
	}
}

// A child workflow started with retries runs again from its inputs after a failure, with the
// backoff of its policy, until it succeeds or its retries run out.
func TestChildWorkflowRetries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("flaky", `
const r = await Task.run("count", { key: Inputs.key })
if (r < Inputs.succeedAt) throw { code: "Flaky", message: "attempt " + r }
return r`)
	e.workflow("parent", `
const ok = await Workflow.run("flaky", { key: "a", succeedAt: 3 }, { retries: 2, backoff: { initial: "10ms", factor: 1 } })
let failure
try {
  await Workflow.run("flaky", { key: "b", succeedAt: 9 }, { retries: 1, backoff: { initial: "10ms" } })
} catch (err) { failure = [err.code, err.cause, err.message] }
return { ok, failure }`)
	var mu sync.Mutex
	calls := map[string]int{}
	e.start(testConfig(), worker.Task("count", func(ctx context.Context, in struct{ Key string }) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		calls[in.Key]++
		return calls[in.Key], nil
	}))
	id := e.startWorkflow("parent", nil)
	e.want(e.wait(id), `{"ok":3,"failure":["WorkflowFailed","Flaky","attempt 2"]}`)
	x, err := e.client.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Children) != 2 {
		t.Fatalf("children %+v", x.Children)
	}
	for i, want := range []struct {
		status   string
		attempts int
	}{{client.StatusCompleted, 3}, {client.StatusFailed, 2}} {
		c, err := e.client.Get(context.Background(), x.Children[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != want.status || c.Attempt != want.attempts {
			t.Errorf("child %d: status %s, attempt %d; want %s, %d", i, c.Status, c.Attempt, want.status, want.attempts)
		}
	}
}
