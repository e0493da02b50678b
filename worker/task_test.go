package worker_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/worker"
)

// A task's retries (Task.run options, or the task's defaults for a standalone task) run with
// backoff until an attempt succeeds.
func TestRetriesWithBackoff(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var calls, stdCalls atomic.Int64
	var mu sync.Mutex
	var times []time.Time
	flaky := worker.Task("flaky", func(ctx context.Context, in struct{}) (string, error) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if calls.Add(1) < 3 {
			return "", errBoom
		}
		return "ok", nil
	})
	std := worker.Task("flaky_default", func(ctx context.Context, in struct{}) (int, error) {
		if n := stdCalls.Add(1); n < 3 {
			return 0, &worker.Error{Code: "Busy", Message: "try again", Details: map[string]int64{"n": n}}
		}
		return 7, nil
	}, worker.TaskOptions{Retries: 2, Backoff: worker.Backoff{Initial: 10 * time.Millisecond}})
	e.workflow("retry", `return await Task.run("flaky", {}, { retries: 3, backoff: { initial: "100ms", factor: 2 } })`)
	e.start(testConfig(), flaky, std)

	x := e.wait(e.startWorkflow("retry", nil))
	e.want(x, `"ok"`)
	x, _ = e.client.Get(context.Background(), x.ID)
	if c := x.Children[0]; c.Attempt != 3 || c.MaxAttempts != 4 {
		t.Fatalf("attempts %d/%d, want 3/4", c.Attempt, c.MaxAttempts)
	}
	mu.Lock()
	defer mu.Unlock()
	// 100ms then 200ms, ±10% jitter.
	if d := times[1].Sub(times[0]); d < 85*time.Millisecond {
		t.Errorf("first retry after %s, want ≥ 90ms", d)
	}
	if d := times[2].Sub(times[1]); d < 175*time.Millisecond {
		t.Errorf("second retry after %s, want ≥ 180ms", d)
	}

	id, err := e.client.EnqueueTask(context.Background(), "flaky_default", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	x = e.wait(id)
	e.want(x, `7`)
	if x.Attempt != 3 {
		t.Fatalf("standalone attempts %d, want 3", x.Attempt)
	}
	if !strings.Contains(string(x.Error), `"Busy"`) {
		t.Errorf("last failure kept: %s", x.Error)
	}
}

// Retries spent: the workflow sees TaskFailed with the task's code as cause.
func TestRetriesSpent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var calls atomic.Int64
	e.workflow("spent", `
try {
  await Task.run("bad", {}, { retries: 1, backoff: { initial: "10ms" } })
} catch (err) {
  return { code: err.code, cause: err.cause, message: err.message }
}`)
	e.start(testConfig(), worker.Task("bad", func(ctx context.Context, in struct{}) (int, error) {
		calls.Add(1)
		return 0, &worker.Error{Code: "CardDeclined", Message: "declined"}
	}))
	e.want(e.wait(e.startWorkflow("spent", nil)), `{"code":"TaskFailed","cause":"CardDeclined","message":"declined"}`)
	if calls.Load() != 2 {
		t.Fatalf("attempts %d, want 2", calls.Load())
	}
}

// An attempt over its timeout has its context's deadline pass and fails with Timeout.
func TestTaskTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var sawDeadline atomic.Bool
	e.workflow("slow", `
try {
  await Task.run("sleep", {}, { timeout: "100ms" })
  return "no timeout"
} catch (err) {
  return err.code
}`)
	e.start(testConfig(), worker.Task("sleep", func(ctx context.Context, in struct{}) (int, error) {
		<-ctx.Done()
		sawDeadline.Store(errors.Is(ctx.Err(), context.DeadlineExceeded))
		return 0, ctx.Err()
	}))
	e.want(e.wait(e.startWorkflow("slow", nil)), `"Timeout"`)
	if !sawDeadline.Load() {
		t.Fatal("the task's context did not reach its deadline")
	}
}

// A panic fails the attempt with the panic value and stack; the worker goes on.
func TestPanic(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.start(testConfig(),
		worker.Task("explode", func(ctx context.Context, in struct{}) (int, error) { panic("kaboom") }),
		worker.Task("fine", func(ctx context.Context, in struct{}) (string, error) { return "fine", nil }))
	ctx := context.Background()
	id, err := e.client.EnqueueTask(ctx, "explode", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	x := e.wait(id)
	if x.Status != client.StatusFailed {
		t.Fatalf("status %s", x.Status)
	}
	obj := errorObject(t, x)
	if obj["code"] != "Panic" || !strings.Contains(obj["message"].(string), "kaboom") {
		t.Fatalf("error %s", x.Error)
	}
	stack, _ := obj["details"].(map[string]any)["stack"].(string)
	if !strings.Contains(stack, "task_test.go") {
		t.Fatalf("stack does not show the task function:\n%s", stack)
	}
	id, err = e.client.EnqueueTask(ctx, "fine", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e.want(e.wait(id), `"fine"`)
}

// An input that does not decode fails the attempt with a message naming the field.
func TestDecodeErrorNamesField(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.start(testConfig(), worker.Task("process_payment", processPayment))
	id, err := e.client.EnqueueTask(context.Background(), "process_payment", json.RawMessage(`{"orderId":"A","amount":"ten"}`), client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	x := e.wait(id)
	obj := errorObject(t, x)
	msg, _ := obj["message"].(string)
	if x.Status != client.StatusFailed || obj["code"] != "DecodeError" || !strings.Contains(msg, `field "amount"`) {
		t.Fatalf("status %s, error %s", x.Status, x.Error)
	}
}

// Workers record the tasks they serve, with schemas derived from the Go types and the source
// location of the function.
func TestRegistry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := testConfig()
	e.start(cfg, orderTasks()...)
	s := store.New(e.pool, store.Options{})
	var tasks []store.TaskInfo
	eventually(t, "the registry", func() bool {
		var err error
		tasks, err = s.Tasks(context.Background(), time.Time{})
		return err == nil && len(tasks) == 3
	})
	p := tasks[0]
	if p.Name != "process_payment" || p.Doc != "Charges the customer." || p.WorkerID != cfg.ID || p.Queue != "default" {
		t.Fatalf("%+v", p)
	}
	wantIn := `{"type":"object","properties":{"orderId":{"type":"string"},"amount":{"type":"number"},"currency":{"type":"string"}},"required":["orderId","amount"]}`
	if string(p.InputSchema) != wantIn {
		t.Errorf("input schema\n%s\nwant\n%s", p.InputSchema, wantIn)
	}
	if string(p.OutputSchema) != `{"type":"object","properties":{"transactionId":{"type":"string"}},"required":["transactionId"]}` {
		t.Errorf("output schema %s", p.OutputSchema)
	}
	if !strings.HasSuffix(p.SourceFile, "worker/workflow_test.go") || p.SourceLine == 0 {
		t.Errorf("source %s:%d", p.SourceFile, p.SourceLine)
	}
}

// A standalone task's retry options from the client override the task's defaults.
func TestClientRetryOptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var calls atomic.Int64
	e.start(testConfig(), worker.Task("twice", func(ctx context.Context, in struct{}) (int64, error) {
		if n := calls.Add(1); n < 2 {
			return 0, errBoom
		}
		return calls.Load(), nil
	}, worker.TaskOptions{Backoff: worker.Backoff{Initial: time.Hour}}),
		worker.Task("never", func(ctx context.Context, in struct{}) (int, error) { return 0, errBoom },
			worker.TaskOptions{Retries: 3, Backoff: worker.Backoff{Initial: time.Millisecond}}))
	id, err := e.client.EnqueueTask(context.Background(), "twice", nil, client.TaskOptions{Retries: 1, Backoff: client.Backoff{Initial: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	x := e.wait(id)
	e.want(x, `2`)
	if x.Attempt != 2 || x.MaxAttempts != 2 {
		t.Fatalf("attempts %d/%d", x.Attempt, x.MaxAttempts)
	}
	id, err = e.client.EnqueueTask(context.Background(), "never", nil, client.TaskOptions{NoRetries: true})
	if err != nil {
		t.Fatal(err)
	}
	if x := e.wait(id); x.Status != client.StatusFailed || x.Attempt != 1 {
		t.Fatalf("no retries: %s after %d attempts", x.Status, x.Attempt)
	}
}

// A failed attempt is logged with the task's name, execution id and attempt number.
func TestFailedAttemptLogged(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rec := &recorder{}
	cfg := testConfig()
	cfg.Logger = slog.New(rec)
	e.start(cfg, worker.Task("grumpy", func(ctx context.Context, in struct{}) (int, error) {
		return 0, errors.New("not today")
	}))
	id, err := e.client.EnqueueTask(context.Background(), "grumpy", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if x := e.wait(id); x.Status != client.StatusFailed {
		t.Fatalf("status %s", x.Status)
	}
	rec.mu.Lock()
	all := strings.Join(rec.lines, "\n")
	rec.mu.Unlock()
	want := "WARN task attempt failed task=grumpy execution=" + id + " attempt=1"
	if !strings.Contains(all, want) || !strings.Contains(all, "not today") {
		t.Fatalf("logs lack %q:\n%s", want, all)
	}
}
