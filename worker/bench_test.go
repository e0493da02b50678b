package worker_test

import (
	"context"
	"testing"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/worker"
)

// BenchmarkStandaloneTasks measures no-op standalone tasks end to end (enqueue, claim, run,
// batched completion) on one worker.
func BenchmarkStandaloneTasks(b *testing.B) {
	e := newEnv(b)
	cfg := testConfig()
	cfg.Queues = map[string]int{"default": 50}
	e.start(cfg, worker.Task("noop", func(ctx context.Context, in struct{}) (int, error) { return 1, nil }))
	ctx := context.Background()
	b.ResetTimer()
	ids := make([]string, 0, b.N)
	for range b.N {
		id, err := e.client.EnqueueTask(ctx, "noop", nil, client.TaskOptions{})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if x, err := e.client.Wait(ctx, id); err != nil || x.Status != client.StatusCompleted {
			b.Fatal(err)
		}
	}
}

// BenchmarkWorkflows measures workflows of three sequential tasks end to end.
func BenchmarkWorkflows(b *testing.B) {
	e := newEnv(b)
	e.workflow("process_order", orderFlow)
	cfg := testConfig()
	cfg.Queues = map[string]int{"default": 50}
	e.start(cfg, orderTasks()...)
	ctx := context.Background()
	in := map[string]any{"order": map[string]any{"id": "A1", "total": 42, "sku": "S"}, "email": "a@b.c"}
	b.ResetTimer()
	ids := make([]string, 0, b.N)
	for range b.N {
		id, err := e.client.StartWorkflow(ctx, "process_order", in, client.StartOptions{})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if x, err := e.client.Wait(ctx, id); err != nil || x.Status != client.StatusCompleted {
			b.Fatal(err)
		}
	}
}
