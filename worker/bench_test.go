package worker_test

import (
	"context"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/worker"
)

// newBenchEnv is an env whose pool has room for a busy worker.
func newBenchEnv(b *testing.B) *env {
	pool := pgtest.Pool(b, pgtest.URL(b), 16)
	return &env{t: b, pool: pool, client: client.New(pool)}
}

// benchConfig is the default configuration, quiet.
func benchConfig() worker.Config {
	return worker.Config{Logger: testLogger(), Retention: -1, ShutdownGrace: 2 * time.Second}
}

// drained waits until no execution is left unfinished: the queue is empty (a task's completion
// wakes its parent workflow in the same statement, so a workflow waiting on a task always has a
// queue row or a task with one). It counts the small queue table, which costs the system under
// measurement next to nothing.
func drained(b *testing.B, e *env) {
	ctx := context.Background()
	for {
		var left int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM rhythm.queue`).Scan(&left); err != nil {
			b.Fatal(err)
		}
		if left == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// BenchmarkStandaloneTasks measures how fast one worker drains queued no-op tasks (claim, run,
// batched completion).
func BenchmarkStandaloneTasks(b *testing.B) {
	e := newBenchEnv(b)
	ctx := context.Background()
	for range b.N {
		if _, err := e.client.EnqueueTask(ctx, "noop", nil, client.TaskOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	cfg := benchConfig()
	b.ResetTimer()
	e.start(cfg, worker.Task("noop", func(ctx context.Context, in struct{}) (int, error) { return 1, nil }))
	drained(b, e)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
}

// BenchmarkWorkflows measures how fast one worker drains queued workflows of three sequential
// tasks.
func BenchmarkWorkflows(b *testing.B) {
	e := newBenchEnv(b)
	e.workflow("process_order", orderFlow)
	ctx := context.Background()
	in := map[string]any{"order": map[string]any{"id": "A1", "total": 42, "sku": "S"}, "email": "a@b.c"}
	for range b.N {
		if _, err := e.client.StartWorkflow(ctx, "process_order", in, client.StartOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	cfg := benchConfig()
	b.ResetTimer()
	e.start(cfg, orderTasks()...)
	drained(b, e)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "workflows/s")
}
