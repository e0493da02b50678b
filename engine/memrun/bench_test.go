package memrun

import (
	"context"
	"testing"
	"time"
)

// BenchmarkRun1000Tasks runs a workflow awaiting 1,000 mocked tasks one after the other
// (1,001 activations), straight through and with a snapshot at every suspension.
func BenchmarkRun1000Tasks(b *testing.B) {
	src := []byte(`
let total = 0
for (let i = 0; i < 1000; i++) {
  const r = await Task.run("add", { i }, { retries: 1 })
  total += r.n
}
return total
`)
	mocks := &Mocks{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Tasks: map[string][]Reply{"add": {{Output: []byte(`{"n": 2}`), After: time.Second}}}}
	for _, snap := range []bool{false, true} {
		name := "straight"
		if snap {
			name = "snapshots"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				res, err := Run(context.Background(), Options{File: "bench.flow", Source: src, Mocks: mocks, SnapshotEverySuspension: snap})
				if err != nil || string(res.Output) != "2000" {
					b.Fatalf("%v %s", err, res.JSON())
				}
			}
		})
	}
}
