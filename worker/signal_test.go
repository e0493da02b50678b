package worker_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// Signals reach Signal.next requests in order, each exactly once, whether sent before the
// request or while the workflow waits.
func TestSignalsFIFO(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("collect", `
const got = []
for (let i = 0; i < Inputs.n; i++) {
  got.push(await Signal.next("item"))
  if (i % 3 == 0) await Timer.delay("20ms")
}
return got`)
	e.start(testConfig())
	e.start(testConfig())
	const n = 30
	id := e.startWorkflow("collect", map[string]any{"n": n})
	ctx := context.Background()
	var want []string
	for i := 0; i < n; i++ {
		if err := e.client.Signal(ctx, id, "item", i); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprint(i))
		if i%7 == 0 {
			time.Sleep(15 * time.Millisecond)
		}
	}
	e.want(e.wait(id), "["+strings.Join(want, ",")+"]")
	if err := e.client.Signal(ctx, id, "item", 1); err == nil {
		t.Fatal("a signal to a finished workflow was accepted")
	}
}

// Concurrent senders: every signal is delivered once.
func TestSignalsConcurrentSenders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("sum", `
let sum = 0
for (let i = 0; i < Inputs.n; i++) sum += await Signal.next("add")
return sum`)
	e.start(testConfig())
	id := e.startWorkflow("sum", map[string]any{"n": 40})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for i := 1; i <= 10; i++ {
				if err := e.client.Signal(context.Background(), id, "add", g*10+i); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	e.want(e.wait(id), fmt.Sprint(40*41/2))
}

// A signal request past its timeout throws Timeout and is withdrawn: the next signal goes to a
// later request.
func TestSignalTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("approval", `
let first
try {
  first = await Signal.next("approve", { timeout: "200ms" })
} catch (err) {
  first = err.code
}
await Signal.next("ready")
const second = await Signal.next("approve", { timeout: "10s" })
return { first, second }`)
	e.start(testConfig())
	id := e.startWorkflow("approval", nil)
	time.Sleep(400 * time.Millisecond)
	ctx := context.Background()
	if err := e.client.Signal(ctx, id, "approve", "yes"); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Signal(ctx, id, "ready", nil); err != nil {
		t.Fatal(err)
	}
	e.want(e.wait(id), `{"first":"Timeout","second":"yes"}`)
}
