package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/worker"
)

type num struct {
	N int `json:"n"`
}

// serve runs a worker on url serving double, fail and slow until the test ends.
func serve(t *testing.T, url string) *client.Client {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	var flakes atomic.Int64
	w, err := worker.New(pool, worker.Config{Logger: slog.New(slog.DiscardHandler), PollInterval: 100 * time.Millisecond,
		LeaseDuration: 2 * time.Second, ShutdownGrace: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Register(
		worker.Task("double", func(ctx context.Context, in num) (num, error) { return num{in.N * 2}, nil },
			worker.TaskOptions{Doc: "Doubles n."}),
		worker.Task("fail", func(ctx context.Context, in num) (num, error) {
			return num{}, &worker.Error{Code: "Nope", Message: "it fails"}
		}),
		worker.Task("flaky", func(ctx context.Context, in num) (num, error) {
			if flakes.Add(1) == 1 {
				return num{}, &worker.Error{Code: "Flaky", Message: "first attempt fails"}
			}
			return in, nil
		}),
		worker.Task("slow", func(ctx context.Context, in num) (num, error) {
			select {
			case <-time.After(time.Minute):
			case <-ctx.Done():
			}
			return num{}, ctx.Err()
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		pool.Close()
	})
	// The registry is written when Run starts.
	c := client.New(pool)
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, _, _ := runCLI(t, "", "tasks", "--database-url", url)
		if strings.Contains(out, "double") || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return c
}

// rhythm run without --mock registers the file, starts it, streams its progress (tasks, timers,
// signals, logs) and prints its result.
func TestRunOnDatabase(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	c := serve(t, url)
	dir := writeFiles(t, map[string]string{"doubler.flow": `
const a = await Task.run("double", { n: Inputs.n })
console.log("doubled", a.n)
await Timer.delay("150ms")
const extra = await Signal.next("more", { timeout: "20s" })
const b = await Task.run("double", { n: a.n + extra })
Task.run("ghost", {})
const f = await Task.run("flaky", { n: 1 }, { retries: 2, backoff: { initial: "10ms" } })
return { result: b.n + f.n }
`})
	go func() {
		// Send the signal once the workflow waits for it.
		ctx := context.Background()
		for i := 0; i < 500; i++ {
			list, err := c.List(ctx, client.Filter{Name: "doubler", Limit: 1})
			if err == nil && len(list) == 1 {
				if err := c.Signal(ctx, list[0].ID, "more", 1); err == nil {
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	out, errOut, code := runCLI(t, "", "run", filepath.Join(dir, "doubler.flow"), "--input", `{"n": 5}`, "--database-url", url)
	if code != 0 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if !jsonSame(out, `{"result": 23}`) {
		t.Fatalf("stdout %q", out)
	}
	for _, want := range []string{
		`doubler.flow:7:10: warning: `,
		`no running worker has registered this task`,
		`workflow doubler started`,
		`task double queued`,
		`task double started`,
		`log: doubled 10`,
		`timer set: fires in`,
		`timer fired`,
		`waiting for signal "more" (timeout in`,
		`signal "more" received`,
		`task ghost queued (no running worker has registered it: it waits for one)`,
		`task flaky attempt 1 failed: Flaky: first attempt fails; retrying`,
		`task flaky started, attempt 2 of 3`,
		`workflow doubler completed in`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !regexp.MustCompile(`task double completed in [0-9.]+(µs|ms|s)`).MatchString(errOut) {
		t.Errorf("no task duration in:\n%s", errOut)
	}

	// A failing workflow exits 1 with its error; compile errors exit 2 with the diagnostics.
	dir = writeFiles(t, map[string]string{"failing.flow": `return await Task.run("fail", {})`, "bad.flow": "return nope\n"})
	out, errOut, code = runCLI(t, "", "run", "-q", filepath.Join(dir, "failing.flow"), "--database-url", url)
	if code != 1 || out != "" || !strings.Contains(errOut, "workflow failed: ") || !strings.Contains(errOut, "it fails") {
		t.Errorf("failing: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, errOut, code = runCLI(t, "", "run", filepath.Join(dir, "bad.flow"), "--database-url", url)
	if code != 2 || !strings.Contains(errOut, "bad.flow:1:8: error:") {
		t.Errorf("bad: exit %d, stderr %q", code, errOut)
	}
}

func jsonSame(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return fmt.Sprint(x) == fmt.Sprint(y)
}

// The operation commands: register and list workflows, start, task, result, status, list, signal,
// cancel, and the task registry.
func TestOperations(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	db := []string{"--database-url", url}
	cli := func(args ...string) (string, string, int) {
		t.Helper()
		return runCLI(t, "", append(args, db...)...)
	}
	serve(t, url)
	dir := writeFiles(t, map[string]string{
		"flows/twice.flow":  "const a = await Task.run(\"double\", { n: Inputs.n })\nconsole.log(\"doubled\", a.n)\nconst b = await Workflow.run(\"inner\", { n: a.n })\nreturn b\n",
		"flows/inner.flow":  "const x = await Task.run(\"double\", { n: Inputs.n })\nreturn x.n\n",
		"flows/waits.flow":  "const s = await Signal.next(\"go\")\nreturn { got: s }\n",
		"flows/sleeps.flow": "await Task.run(\"slow\", {})\nreturn 1\n",
		"broken/bad.flow":   "return nope\n",
	})
	out, errOut, code := cli("workflows", "register", filepath.Join(dir, "flows"))
	if code != 0 || strings.Count(out, "new version") != 4 {
		t.Fatalf("register: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, _ = cli("workflows", "register", filepath.Join(dir, "flows", "inner.flow"))
	if !strings.Contains(out, "inner") || !strings.Contains(out, "unchanged") {
		t.Fatalf("re-register: %q", out)
	}
	_, errOut, code = cli("workflows", "register", filepath.Join(dir, "broken"))
	if code != 1 || !strings.Contains(errOut, "bad.flow:1:8: error:") || !strings.Contains(errOut, "1 file(s) refused") {
		t.Fatalf("register bad: exit %d, stderr %q", code, errOut)
	}
	out, _, _ = cli("workflows", "list")
	for _, n := range []string{"inner", "sleeps", "twice", "waits"} {
		if !strings.Contains(out, n) {
			t.Errorf("workflows list lacks %s:\n%s", n, out)
		}
	}

	// start --wait prints the id then the result; status shows the tree.
	out, errOut, code = cli("start", "twice", "--input", `{"n": 3}`, "--wait")
	lines := strings.SplitN(out, "\n", 2)
	if code != 0 || checkID(lines[0]) != nil || strings.TrimSpace(lines[1]) != "12" {
		t.Fatalf("start --wait: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	id := lines[0]
	out, _, code = cli("status", id)
	tree := regexp.MustCompile(`(?m)^( +)(task|workflow) (\w+) (\w+)`).FindAllStringSubmatch(out[strings.Index(out, "tree:"):], -1)
	var shape []string
	for _, m := range tree {
		shape = append(shape, m[1]+m[2]+" "+m[3]+" "+m[4])
	}
	want := "  workflow twice completed\n    task double completed\n    workflow inner completed\n      task double completed"
	if code != 0 || strings.Join(shape, "\n") != want || !strings.Contains(out, `output:   12`) {
		t.Fatalf("status:\n%s\nshape:\n%s", out, strings.Join(shape, "\n"))
	}
	// The workflow's console.log lines are kept with it.
	if !regexp.MustCompile(`(?m)^logs:\n  \S+  line 2: doubled 6$`).MatchString(out) {
		t.Fatalf("status lacks the log line:\n%s", out)
	}
	out, _, _ = cli("status", id, "--json")
	var st struct {
		Status   string
		Children []struct{ Name string }
		Logs     []struct {
			Line    int
			Message string
		}
	}
	if json.Unmarshal([]byte(out), &st) != nil || st.Status != "completed" || len(st.Children) != 2 ||
		len(st.Logs) != 1 || st.Logs[0].Line != 2 || st.Logs[0].Message != "doubled 6" {
		t.Fatalf("status --json: %s", out)
	}

	// A standalone task; a failing one exits 1 with its error.
	out, _, code = cli("task", "double", "--input", `{"n": 21}`, "--wait")
	if code != 0 || !strings.Contains(out, `"n": 42`) {
		t.Fatalf("task --wait: exit %d, %q", code, out)
	}
	out, _, _ = cli("task", "fail")
	failID := strings.TrimSpace(out)
	_, errOut, code = cli("result", failID, "--wait")
	if code != 1 || errOut != "rhythm: task fail failed: Nope: it fails\n" {
		t.Fatalf("result of a failure: exit %d, stderr %q", code, errOut)
	}

	// result without --wait on a waiting workflow exits 3; a signal completes it.
	out, _, _ = cli("start", "waits")
	waitID := strings.TrimSpace(out)
	_, errOut, code = cli("result", waitID)
	if code != 3 || !strings.Contains(errOut, "no result yet") {
		t.Fatalf("result of a running workflow: exit %d, stderr %q", code, errOut)
	}
	out, errOut, code = cli("signal", waitID, "go", "--payload", `{"ok": true}`)
	if code != 0 || !strings.Contains(out, "signal go sent") {
		t.Fatalf("signal: exit %d, %q %q", code, out, errOut)
	}
	out, _, code = cli("result", waitID, "--wait")
	if code != 0 || !jsonSame(out, `{"got": {"ok": true}}`) {
		t.Fatalf("result after signal: exit %d, %q", code, out)
	}

	// cancel: a workflow whose task is running ends cancelled; cancelling a finished one fails.
	out, _, _ = cli("start", "sleeps")
	sleepID := strings.TrimSpace(out)
	eventually(t, func() bool {
		out, _, _ := cli("list", "--parent", sleepID, "--status", "running")
		return strings.Contains(out, "slow")
	})
	out, _, code = cli("cancel", sleepID)
	if code != 0 || !strings.Contains(out, "cancellation of") {
		t.Fatalf("cancel: exit %d, %q", code, out)
	}
	_, errOut, code = cli("result", sleepID, "--wait")
	if code != 1 || !strings.Contains(errOut, "workflow sleeps cancelled") {
		t.Fatalf("result of a cancelled workflow: exit %d, %q", code, errOut)
	}
	_, errOut, code = cli("cancel", id)
	if code != 1 || !strings.Contains(errOut, "has already finished") {
		t.Fatalf("cancel again: exit %d, %q", code, errOut)
	}

	// list filters.
	out, _, _ = cli("list", "--kind", "workflow", "--status", "completed")
	if strings.Count(out, "\n") != 3 || !strings.Contains(out, "twice") || !strings.Contains(out, "waits") || strings.Contains(out, "inner") {
		t.Fatalf("list of completed top-level workflows:\n%s", out)
	}
	out, _, _ = cli("list", "--all", "--name", "double", "--json")
	var rows []map[string]any
	if json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 3 {
		t.Fatalf("list --all --name double: %s", out)
	}
	out, _, _ = cli("tasks")
	if !regexp.MustCompile(`double\s+default\s+\S+\s+[0-9.]+\S+ ago\s+Doubles n\.`).MatchString(out) {
		t.Fatalf("tasks:\n%s", out)
	}

	// Errors are one line with a non-zero exit.
	for _, args := range [][]string{
		{"status", "not-an-id"},
		{"status", "01a2171d-88a4-7a19-9a54-7116acec50b2"},
		{"signal", "01a2171d-88a4-7a19-9a54-7116acec50b2", "go"},
		{"start", "no_such_workflow"},
		{"list", "--kind", "job"},
		{"task", "double", "--input", "[1]"},
	} {
		_, errOut, code := cli(args...)
		if code == 0 || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "rhythm: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	_, errOut, code = runCLI(t, "", "list", "--database-url", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
	if code != 1 || strings.Count(errOut, "\n") != 1 {
		t.Errorf("unreachable database: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runCLI(t, "", "list", "--database-url", pgtest.EmptyURL(t))
	if code != 1 || !strings.Contains(errOut, "rhythm migrate") {
		t.Errorf("unmigrated database: exit %d, stderr %q", code, errOut)
	}
}

func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal(errors.New("timed out"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
