package worker_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/worker"
)

// crashWorkerEnv, when set to a database URL, makes the test binary run crashWorker instead of
// the tests.
const crashWorkerEnv = "RHYTHM_CRASH_WORKER_URL"

// crashWorker is a worker process serving "step" and "slow_step"; slow_step writes the marker
// file named by RHYTHM_CRASH_MARKER and then blocks until the process is killed.
func crashWorker(url string) {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		os.Exit(3)
	}
	w, err := worker.New(pool, worker.Config{Logger: testLogger(), LeaseDuration: time.Second, PollInterval: 50 * time.Millisecond, Retention: -1})
	if err != nil {
		os.Exit(3)
	}
	marker := os.Getenv("RHYTHM_CRASH_MARKER")
	_ = w.Register(
		worker.Task("double", double),
		worker.Task("step", func(ctx context.Context, in struct{ N int }) (int, error) { return in.N + 1, nil }),
		worker.Task("slow_step", func(ctx context.Context, in struct{ N int }) (int, error) {
			_ = os.WriteFile(marker, []byte("started"), 0o644)
			select {}
		}),
	)
	_ = w.Run(ctx)
	os.Exit(4)
}

// A worker process killed (SIGKILL) in the middle of a task: the task runs again after its lease
// lapses, on another worker, and the workflow completes once with the right output, without
// duplicate children.
func TestCrashMidTask(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("crashy", `
const a = await Task.run("step", { n: 1 })
const b = await Task.run("slow_step", { n: a })
return b * 10`)
	marker := filepath.Join(t.TempDir(), "marker")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashWorkerEnv+"="+e.pool.Config().ConnString(), "RHYTHM_CRASH_MARKER="+marker)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	id := e.startWorkflow("crashy", nil)
	eventually(t, "slow_step to start in the worker process", func() bool {
		_, err := os.Stat(marker)
		return err == nil
	})
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	e.start(testConfig(),
		worker.Task("step", func(ctx context.Context, in struct{ N int }) (int, error) { return in.N + 1, nil }),
		worker.Task("slow_step", func(ctx context.Context, in struct{ N int }) (int, error) { return in.N * 2, nil }))
	e.want(e.wait(id), `40`)
	x, err := e.client.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range x.Children {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "step,slow_step" {
		t.Fatalf("children %v", names)
	}
	if c := x.Children[1]; c.Attempt != 2 || c.Status != client.StatusCompleted {
		t.Fatalf("slow_step: attempt %d status %s", c.Attempt, c.Status)
	}
	var in map[string]int
	if err := json.Unmarshal(x.Children[1].Input, &in); err != nil || in["n"] != 2 {
		t.Fatalf("slow_step input %s", x.Children[1].Input)
	}
}

// A worker process killed in the middle of an activation: the activation never happened, so it
// runs again from the last saved state on another worker — one child, no signal lost or
// delivered twice. To kill it surely before its commit, the test holds a lock on the workflow's
// saved state, on which the activation's commit waits.
func TestCrashMidActivation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("kid", `return Inputs.x + 1`)
	e.workflow("busy", `
const s1 = await Signal.next("go")
let x = 0
for (let i = 0; i < Inputs.n; i++) x = (x + i) % 1000
const c = await Workflow.run("kid", { x })
const s2 = await Signal.next("go")
return [s1, s2, c]`)
	cmd := startWorkerProcess(t, e)
	ctx := context.Background()
	id := e.startWorkflow("busy", map[string]int{"n": 1000})
	eventually(t, "the first activation", func() bool {
		x, err := e.client.Get(ctx, id)
		return err == nil && x.Status == client.StatusSuspended
	})
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM rhythm.snapshots WHERE execution_id = $1::uuid FOR UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Signal(ctx, id, "go", "first"); err != nil {
		t.Fatal(err)
	}
	// A suspended workflow keeps its status while it is activated: the activation shows as the
	// lease on its queue row.
	eventually(t, "the second activation", func() bool {
		var leased bool
		err := e.pool.QueryRow(ctx, `SELECT lease_owner IS NOT NULL FROM rhythm.queue WHERE execution_id = $1::uuid`, id).Scan(&leased)
		return err == nil && leased
	})
	sent := make(chan error, 1)
	go func() { sent <- e.client.Signal(ctx, id, "go", "second") }()
	time.Sleep(200 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	if x, err := e.client.Get(ctx, id); err != nil || len(x.Children) != 0 {
		t.Fatalf("the killed activation committed: %v %d children", err, len(x.Children))
	}
	e.start(testConfig())
	e.want(e.wait(id), `["first","second",`+kidOutput(1000)+`]`)
	x, err := e.client.Get(ctx, id)
	if err != nil || len(x.Children) != 1 {
		t.Fatalf("%v: %d children, want 1", err, len(x.Children))
	}
}

func double(ctx context.Context, in struct{ X int }) (int, error) { return 2 * in.X, nil }

// startWorkerProcess runs crashWorker in a child process until the test ends.
func startWorkerProcess(t *testing.T, e *env) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashWorkerEnv+"="+e.pool.Config().ConnString(), "RHYTHM_CRASH_MARKER="+filepath.Join(t.TempDir(), "m"))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// Many workflows over several worker processes: every output is right.
func TestSoak(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("kid", `return (await Task.run("double", { x: Inputs.x })) + 1`)
	e.workflow("soak", `
const a = await Task.run("double", { x: Inputs.n })
const [b, c] = await Promise.all([Task.run("double", { x: a }), Workflow.run("kid", { x: a })])
return a + b + c`)
	startWorkerProcess(t, e)
	startWorkerProcess(t, e)
	e.start(testConfig(), worker.Task("double", double))
	const n = 300
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.startWorkflow("soak", map[string]int{"n": i})
	}
	for i, id := range ids {
		a := 2 * i
		e.want(e.wait(id), fmt.Sprint(a+2*a+2*a+1))
	}
	list, err := e.client.List(context.Background(), client.Filter{Kind: "workflow", Name: "kid", Limit: 1000})
	if err != nil || len(list) != n {
		t.Fatalf("%v: %d child workflows, want %d", err, len(list), n)
	}
}

func kidOutput(n int) string {
	x := 0
	for i := 0; i < n; i++ {
		x = (x + i) % 1000
	}
	b, _ := json.Marshal(x + 1)
	return string(b)
}
