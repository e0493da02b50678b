package memrun

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRunEvents(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFlow(t, dir, "child.flow", "console.log(\"in child\")\nreturn 1\n")
	main := writeFlow(t, dir, "main.flow", `
const a = await Task.run("t", {}, { retries: 1 })
await Timer.delay(5)
const s = await Signal.next("go")
console.log("got", s)
Task.run("t", {}, { key: "k" })
Task.run("t", {}, { key: "k" })
try { await Task.run("t", {}, { timeout: 1 }) } catch (e) {}
return await Workflow.run("child", {})
`)
	mocks, err := LoadMocks([]byte(`{"tasks": {"t": [{"error": {"message": "x"}}, {"output": 1, "after": 2}]}, "signals": {"go": [{"payload": "p", "after": 4}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var lines []string
	res, err := Run(context.Background(), Options{File: main, Mocks: mocks, Now: start, OnEvent: func(e Event) {
		lines = append(lines, fmt.Sprintf("%gs %s/%d %s", e.At.Sub(start).Seconds(), e.Workflow, e.Depth, e))
	}})
	if err != nil || res.Status != StatusCompleted {
		t.Fatalf("run: %v %s", err, res.JSON())
	}
	want := `0s main/0 task "t" called
0s main/0 task "t" attempt 1
1s main/0 task "t" attempt 2
3s main/0 task "t" settled: completed
3s main/0 timer 5 called
4s main/0 signal "go" arrived
8s main/0 timer 5 settled: completed
8s main/0 signal "go" called
8s main/0 signal "go" settled: completed
8s main/0 log: got p
8s main/0 task "t" called
8s main/0 task "t" attempt 1
8s main/0 task "t" called
8s main/0 task "t" attempt 1
9s main/0 task "t" settled: timed out
9s main/0 workflow "child" called
9s main/0 workflow "child" attempt 1
9s child/1 log: in child
9s main/0 workflow "child" settled: completed`
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("events:\n%s\nwant:\n%s", got, want)
	}
}
