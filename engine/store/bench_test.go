package store_test

import (
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

// BenchmarkEnqueue measures bulk enqueueing of standalone tasks, 500 per statement.
func BenchmarkEnqueue(b *testing.B) {
	s := store.New(pgtest.DB(b), store.Options{})
	batch := make([]store.NewExecution, 500)
	for i := range batch {
		batch[i] = task("noop")
	}
	b.ResetTimer()
	for n := 0; n < b.N; n += len(batch) {
		if _, err := s.Enqueue(ctx, nil, batch[:min(len(batch), b.N-n)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
}

// BenchmarkClaimComplete measures the worker side for no-op tasks: claim 100 at a time, complete
// them in one batch.
func BenchmarkClaimComplete(b *testing.B) {
	s := store.New(pgtest.DB(b), store.Options{})
	batch := make([]store.NewExecution, 1000)
	for i := range batch {
		batch[i] = task("noop")
	}
	for n := 0; n < b.N; n += len(batch) {
		if _, err := s.Enqueue(ctx, nil, batch[:min(len(batch), b.N-n)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for done := 0; done < b.N; {
		jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: "bench", Limit: 100, Lease: time.Minute})
		if err != nil || len(jobs) == 0 {
			b.Fatalf("claim: %d jobs, %v", len(jobs), err)
		}
		cs := make([]store.Completion, len(jobs))
		for i, j := range jobs {
			cs[i] = store.Completion{Lease: store.Lease{ID: j.ID, Claim: j.Claim}}
		}
		ids, err := s.Complete(ctx, "bench", cs)
		if err != nil {
			b.Fatal(err)
		}
		done += len(ids)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
}
