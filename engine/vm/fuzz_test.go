package vm_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/engine/vm"
	"github.com/rhythmflow/rhythm/internal/txtar"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// simpleRun runs prog to its end, settling every started handle with its own id (odd ids
// reject) one second after it started, in order; with resume it snapshots and restores at
// every suspension. It returns a transcript of effects and the outcome.
func simpleRun(t *testing.T, prog *compiler.Program, resume bool) string {
	var out strings.Builder
	cfg := vm.Config{MaxSteps: 20_000, MaxSize: 1 << 20}
	m, err := vm.New(prog, vm.Start{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1000, 0)
	type pend struct {
		id int
		at time.Time
	}
	var queue []pend
	act := vm.Activation{Now: now, Random: func() float64 { return 0.5 }}
	for step := 0; step < 200; step++ {
		if resume {
			data, err := m.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			if m, err = vm.Restore(prog, data, cfg); err != nil {
				t.Fatalf("restore: %v", err)
			}
		}
		o, err := m.Run(act)
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		for _, e := range o.Effects {
			fmt.Fprintf(&out, "%v %d %s %s %s\n", e.Kind, e.Handle, e.Name, e.InputsJSON, e.Text)
			if e.Kind != vm.Log {
				queue = append(queue, pend{e.Handle, now.Add(time.Second)})
			}
		}
		if o.Status != vm.Suspended {
			fmt.Fprintf(&out, "%v %s %s\n", o.Status, value.LogString(o.Output), value.LogString(o.Error))
			return out.String()
		}
		if len(queue) == 0 {
			fmt.Fprintf(&out, "stuck %v\n", o.Waiting)
			return out.String()
		}
		p := queue[0]
		queue = queue[1:]
		if p.at.After(now) {
			now = p.at
		}
		r := vm.Resolution{Handle: p.id, Value: value.Num(float64(p.id)), SettledAt: now}
		if p.id%2 == 1 {
			r.Failure = &vm.Failure{Reason: vm.Failed, Error: value.Str("odd")}
		}
		act = vm.Activation{Now: now, Random: func() float64 { return 0.5 }, Resolved: []vm.Resolution{r}}
	}
	return out.String() + "too many activations\n"
}

// FuzzPrograms checks, for any program that compiles, that the VM neither crashes nor
// behaves differently when suspended and resumed at every await.
func FuzzPrograms(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range cases(txtar.Parse(string(data))) {
			f.Add(c.src)
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, _ := parser.Parse("fuzz.flow", []byte(src))
		prog, err := compiler.Compile(file)
		if err != nil {
			if strings.Contains(err.Error(), "internal compiler error") {
				t.Fatal(err)
			}
			return
		}
		a := simpleRun(t, prog, false)
		b := simpleRun(t, prog, true)
		if a != b {
			t.Fatalf("straight and resumed runs differ:\n%s---\n%s", a, b)
		}
	})
}
