package worker_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/worker"
)

type PaymentInput struct {
	OrderID  string  `json:"orderId"`
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency,omitempty"`
}

type PaymentResult struct {
	TransactionID string `json:"transactionId"`
}

func processPayment(ctx context.Context, in PaymentInput) (PaymentResult, error) {
	return PaymentResult{TransactionID: fmt.Sprintf("tx-%s-%.0f", in.OrderID, in.Amount)}, nil
}

type item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

func reserve(ctx context.Context, in item) (map[string]any, error) {
	return map[string]any{"reserved": in.Quantity > 0}, nil
}

func sendEmail(ctx context.Context, in struct {
	To string `json:"to"`
}) (map[string]bool, error) {
	return map[string]bool{"sent": in.To != ""}, nil
}

const orderFlow = `
const order = Inputs.order
const payment = await Task.run("process_payment", { orderId: order.id, amount: order.total }, { retries: 2 })
const r = await Task.run("update_inventory", { sku: order.sku, quantity: 2 })
const email = await Task.run("send_email", { to: Inputs.email })
console.log("order", order.id, "paid")
return { orderId: order.id, transactionId: payment.transactionId, reserved: r.reserved, emailSent: email.sent }
`

func orderTasks() []*worker.TaskDef {
	return []*worker.TaskDef{
		worker.Task("process_payment", processPayment, worker.TaskOptions{Doc: "Charges the customer."}),
		worker.Task("update_inventory", reserve),
		worker.Task("send_email", sendEmail),
	}
}

// A workflow of three tasks completes with the right output, and its tasks are its children.
func TestWorkflowOfThreeTasks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("process_order", orderFlow)
	e.start(testConfig(), orderTasks()...)
	id := e.startWorkflow("process_order", map[string]any{"order": map[string]any{"id": "A1", "total": 42, "sku": "S"}, "email": "a@b.c"})
	x := e.wait(id)
	e.want(x, `{"orderId":"A1","transactionId":"tx-A1-42","reserved":true,"emailSent":true}`)
	x, err := e.client.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Children) != 3 {
		t.Fatalf("children: %d, want 3", len(x.Children))
	}
	for i, name := range []string{"process_payment", "update_inventory", "send_email"} {
		c := x.Children[i]
		if c.Name != name || c.Status != client.StatusCompleted || c.ParentID != id || c.Kind != "task" {
			t.Errorf("child %d: %+v", i, c)
		}
	}
	if x.Children[0].MaxAttempts != 3 {
		t.Errorf("payment max attempts %d, want 3 (retries: 2)", x.Children[0].MaxAttempts)
	}
}

// Many workflows on two workers, tasks in parallel through Promise.all, all complete correctly.
func TestConcurrentWorkflows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("fan", `
const hs = []
for (let i = 0; i < Inputs.n; i++) hs.push(Task.run("double", { x: i }))
const rs = await Promise.all(hs)
let sum = 0
for (const r of rs) sum += r
return sum`)
	double := worker.Task("double", func(ctx context.Context, in struct{ X int }) (int, error) { return 2 * in.X, nil })
	e.start(testConfig(), double)
	e.start(testConfig(), double)
	var ids []string
	for i := 0; i < 20; i++ {
		ids = append(ids, e.startWorkflow("fan", map[string]any{"n": i}))
	}
	for i, id := range ids {
		e.want(e.wait(id), fmt.Sprint(i*(i-1)))
	}
}

// Timers: Timer.delay suspends the workflow until the delay passed; Timer.until in the past fires
// at once.
func TestTimers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("sleepy", `
const t0 = Date.now()
await Timer.delay("300ms")
await Timer.until("2020-01-01T00:00:00Z")
return Date.now() - t0 >= 300`)
	e.start(testConfig())
	start := time.Now()
	e.want(e.wait(e.startWorkflow("sleepy", nil)), `true`)
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("finished after %s, before its timer", d)
	}
}

// An un-awaited task still runs after its workflow ended.
func TestFireAndForget(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("ff", `
Task.run("note", { text: "hello" })
return "done"`)
	var ran atomic.Int64
	e.start(testConfig(), worker.Task("note", func(ctx context.Context, in map[string]string) (bool, error) {
		ran.Add(1)
		return true, nil
	}))
	e.want(e.wait(e.startWorkflow("ff", nil)), `"done"`)
	eventually(t, "the fire-and-forget task", func() bool { return ran.Load() == 1 })
	list, err := e.client.List(context.Background(), client.Filter{Kind: "task", Name: "note"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("note tasks: %d", len(list))
	}
	eventually(t, "the task completed", func() bool {
		x, err := e.client.Get(context.Background(), list[0].ID)
		return err == nil && x.Status == client.StatusCompleted
	})
}

// Get lists children in the order the workflow started them, even within one activation.
func TestChildrenOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("many", `
const hs = []
for (let i = 0; i < 12; i++) hs.push(Task.run("double", { x: i }))
return await Promise.all(hs)`)
	e.start(testConfig(), worker.Task("double", double))
	id := e.startWorkflow("many", nil)
	e.want(e.wait(id), `[0,2,4,6,8,10,12,14,16,18,20,22]`)
	x, err := e.client.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range x.Children {
		if want := fmt.Sprintf(`{"x":%d}`, i); string(c.Input) != want {
			t.Fatalf("child %d has input %s, want %s", i, c.Input, want)
		}
	}
}

// Tasks a workflow starts may start at once on the worker that ran the activation, but never on
// more slots than its queue's concurrency: activations and tasks share them.
func TestStartedTasksRespectConcurrency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("fan", `
const hs = []
for (let i = 0; i < 6; i++) hs.push(Task.run("slow", { i }))
let sum = 0
for (const r of await Promise.all(hs)) sum += r
return sum`)
	var running, most atomic.Int32
	cfg := testConfig()
	cfg.Queues = map[string]int{"default": 2}
	e.start(cfg, worker.Task("slow", func(ctx context.Context, in struct{ I int }) (int, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		return in.I, nil
	}))
	ids := []string{e.startWorkflow("fan", nil), e.startWorkflow("fan", nil)}
	for _, id := range ids {
		e.want(e.wait(id), `15`)
	}
	if m := most.Load(); m > 2 {
		t.Fatalf("%d tasks ran at once on a queue of concurrency 2", m)
	}
}

// A task an activation starts takes over the activation's slot: on a queue of concurrency 1,
// whose only slot the activation holds, each task of a sequential workflow still starts at once
// on the worker, without a claim.
func TestStartedTaskTakesActivationSlot(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("steps", `
const a = await Task.run("inc", { n: 1 })
const b = await Task.run("inc", { n: a })
return await Task.run("inc", { n: b })`)
	rec := &recorder{}
	cfg := testConfig()
	cfg.Logger = slog.New(rec)
	cfg.Queues = map[string]int{"default": 1}
	e.start(cfg, worker.Task("inc", func(ctx context.Context, in struct{ N int }) (int, error) { return in.N + 1, nil }))
	e.want(e.wait(e.startWorkflow("steps", nil)), `4`)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	here := 0
	for _, line := range rec.lines {
		if strings.Contains(line, "activations count=1 started_here=1") {
			here++
		}
	}
	if here != 3 {
		t.Fatalf("%d of 3 tasks started by their activation's worker:\n%s", here, strings.Join(rec.lines, "\n"))
	}
}
