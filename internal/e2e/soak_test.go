package e2e

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/worker"
)

// soakFlow runs three tasks, two of them in parallel: its output is {i, sum: 2i + 7}.
const soakFlow = `
const a = await Task.run("add", { x: Inputs.i, y: 1 })
const [b, c] = await Promise.all([Task.run("add", { x: a, y: 2 }), Task.run("add", { x: a, y: 3 })])
return { i: Inputs.i, sum: b + c }`

// startSoak starts n soak workflows and returns their ids.
func startSoak(t *testing.T, e *env, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		id, err := e.c.StartWorkflow(context.Background(), "soak", map[string]int{"i": i}, client.StartOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}

// checkSoak waits for n soak workflows and checks every output and that each ran exactly three
// tasks.
func checkSoak(t *testing.T, e *env, n int, within time.Duration) {
	t.Helper()
	ctx := context.Background()
	until(t, within, "every workflow to finish", func() bool {
		var done int
		e.pool.QueryRow(ctx, `SELECT count(*) FROM rhythm.executions WHERE kind = 'workflow' AND name = 'soak' AND finished_at IS NOT NULL`).Scan(&done)
		return done == n
	})
	rows, err := e.pool.Query(ctx, `SELECT id::text, status, input::text, coalesce(output::text, ''), coalesce(error::text, ''),
		(SELECT count(*) FROM rhythm.executions k WHERE k.parent_id = w.id AND k.kind = 'task' AND k.status = 'completed')
		FROM rhythm.executions w WHERE kind = 'workflow' AND name = 'soak'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[int]bool{}
	for rows.Next() {
		var id, status, in, out, errText string
		var tasks int
		if err := rows.Scan(&id, &status, &in, &out, &errText, &tasks); err != nil {
			t.Fatal(err)
		}
		var input struct{ I int }
		var output struct{ I, Sum int }
		if status != client.StatusCompleted || json.Unmarshal([]byte(in), &input) != nil || json.Unmarshal([]byte(out), &output) != nil {
			t.Fatalf("workflow %s: %s, input %s, output %s, error %s", id, status, in, out, errText)
		}
		if output.I != input.I || output.Sum != 2*input.I+7 || tasks != 3 || seen[input.I] {
			t.Fatalf("workflow %s: input %s, output %s, %d tasks (duplicate: %v)", id, in, out, tasks, seen[input.I])
		}
		seen[input.I] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Fatalf("%d workflows checked, want %d", len(seen), n)
	}
}

// A soak: -soak workflows (default 1,000) over three worker processes, one of which is killed
// with SIGKILL halfway and replaced; every output is checked.
func TestSoak(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.register(map[string]string{"soak": soakFlow})
	n := *soakSize
	procs := []*proc{startWorker(t, e.url, time.Second), startWorker(t, e.url, time.Second), startWorker(t, e.url, time.Second)}
	start := time.Now()
	startSoak(t, e, n)
	ctx := context.Background()
	until(t, 60*time.Second, "half the workflows", func() bool {
		var done int
		e.pool.QueryRow(ctx, `SELECT count(*) FROM rhythm.executions WHERE kind = 'workflow' AND name = 'soak' AND finished_at IS NOT NULL`).Scan(&done)
		return done >= n/2
	})
	procs[0].kill()
	procs[0] = startWorker(t, e.url, time.Second)
	checkSoak(t, e, n, 90*time.Second)
	t.Logf("%d workflows of 3 tasks in %s over 3 worker processes (one killed and replaced)", n, time.Since(start).Round(time.Millisecond))
	for _, p := range procs {
		p.stop()
	}
}

// Several workers in one process share a database; under -race this checks the SDK's own
// concurrency.
func TestConcurrentWorkersInProcess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.register(map[string]string{"soak": soakFlow})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	for i := 0; i < 3; i++ {
		w, err := worker.New(e.pool, worker.Config{Logger: slog.New(slog.DiscardHandler), PollInterval: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		add := func(ctx context.Context, in struct{ X, Y int }) (int, error) { return in.X + in.Y, nil }
		if err := w.Register(worker.Task("add", add)); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			if err := w.Run(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	const n = 150
	startSoak(t, e, n)
	checkSoak(t, e, n, 60*time.Second)
}
