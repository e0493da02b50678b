package vm_test

import (
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/vm"
	"github.com/rhythmflow/rhythm/lang/parser"
)

func compileSource(tb testing.TB, src string) *compiler.Program {
	tb.Helper()
	f, diags := parser.Parse("bench.flow", []byte(src))
	if len(diags) > 0 {
		tb.Fatalf("parse: %v", diags)
	}
	p, err := compiler.Compile(f)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkLoop runs one million iterations of arithmetic and a property update.
func BenchmarkLoop(b *testing.B) {
	p := compileSource(b, `let o = {n: 0}; for (let i = 0; i < 1000000; i++) { o.n = o.n + i % 7 }; return o.n`)
	b.ReportAllocs()
	for b.Loop() {
		m, err := vm.New(p, vm.Start{}, vm.Config{MaxSteps: 1 << 40})
		if err != nil {
			b.Fatal(err)
		}
		out, err := m.Run(vm.Activation{Now: time.Unix(0, 0)})
		if err != nil || out.Status != vm.Completed || out.Output.Num() != 2999997 {
			b.Fatalf("%v %v %v", out.Status, err, out.Error)
		}
	}
}

const bigStateSource = `
let items = []
for (let i = 0; i < 1000; i++) {
  items.push({id: i, name: "item number " + i, tags: ["a", "b", "c"], price: i * 1.25, ok: i % 2 === 0})
}
let alias = items[5]
await Timer.delay(1)
return items.length + alias.id
`

// BenchmarkSnapshotRoundTrip snapshots and restores a suspended machine holding about 100 KB
// of data (a thousand small objects).
func BenchmarkSnapshotRoundTrip(b *testing.B) {
	p := compileSource(b, bigStateSource)
	m, err := vm.New(p, vm.Start{}, vm.Config{})
	if err != nil {
		b.Fatal(err)
	}
	if out, err := m.Run(vm.Activation{Now: time.Unix(0, 0)}); err != nil || out.Status != vm.Suspended {
		b.Fatalf("%v %v", out.Status, err)
	}
	data, _ := m.Snapshot()
	b.ReportAllocs()
	for b.Loop() {
		m2, err := vm.Restore(p, data, vm.Config{})
		if err != nil {
			b.Fatal(err)
		}
		// Snapshot of a freshly restored machine encodes the state again.
		if _, err := m2.Snapshot(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)), "snapshot-bytes")
}
