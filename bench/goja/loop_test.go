// Package gojabench compares the Flow VM with goja, a JavaScript engine written in Go, on the
// same script. It is a separate module so that goja never enters the main go.mod:
//
//	cd bench/goja && go test -bench . -benchmem
package gojabench

import (
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/vm"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// loopBody is valid Flow and valid JavaScript: a million iterations of arithmetic and a
// property update.
const loopBody = `let o = {n: 0}
for (let i = 0; i < 1000000; i++) { o.n = o.n + i % 7 }
`

const want = 2999997

func BenchmarkLoopFlow(b *testing.B) {
	f, ds := parser.Parse("loop.flow", []byte(loopBody+"return o.n\n"))
	if len(ds) > 0 {
		b.Fatal(ds)
	}
	prog, err := compiler.Compile(f)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m, err := vm.New(prog, vm.Start{}, vm.Config{MaxSteps: 1 << 40})
		if err != nil {
			b.Fatal(err)
		}
		out, err := m.Run(vm.Activation{Now: time.Unix(0, 0)})
		if err != nil || out.Status != vm.Completed || out.Output.Num() != want {
			b.Fatalf("status %v, err %v, output %v", out.Status, err, out.Output)
		}
	}
}

func BenchmarkLoopGoja(b *testing.B) {
	prog, err := goja.Compile("loop.js", "(function(){ "+loopBody+" return o.n })()", true)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rt := goja.New()
		v, err := rt.RunProgram(prog)
		if err != nil || v.ToInteger() != want {
			b.Fatalf("got %v, err %v", v, err)
		}
	}
}
