package vm_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/engine/vm"
)

func suspendedMachine(t *testing.T) (*vm.Machine, []byte) {
	t.Helper()
	p := compileSource(t, bigStateSource)
	m, err := vm.New(p, vm.Start{Inputs: value.MustParseJSON(`{"a":[1,{"b":2}]}`)}, vm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Run(vm.Activation{Now: time.Unix(100, 0)})
	if err != nil || out.Status != vm.Suspended {
		t.Fatalf("%v %v", out.Status, err)
	}
	data, err := m.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	return m, data
}

func TestSnapshotVersionAndProgram(t *testing.T) {
	t.Parallel()
	_, data := suspendedMachine(t)
	p := compileSource(t, bigStateSource)
	newer := append([]byte(nil), data...)
	newer[5] = vm.SnapshotVersion + 1
	if _, err := vm.Restore(p, newer, vm.Config{}); !errors.Is(err, vm.ErrSnapshotVersion) {
		t.Fatalf("newer version: %v", err)
	}
	other := compileSource(t, `await Timer.delay(1)`)
	if _, err := vm.Restore(other, data, vm.Config{}); !errors.Is(err, vm.ErrProgramMismatch) {
		t.Fatalf("other program: %v", err)
	}
	if _, err := vm.Restore(p, []byte("garbage"), vm.Config{}); !errors.Is(err, vm.ErrCorruptSnapshot) {
		t.Fatalf("garbage: %v", err)
	}
}

// TestSnapshotCorruption damages a snapshot in many ways: Restore must return an error or a
// machine, never panic, and a restored machine's Run must not panic either.
func TestSnapshotCorruption(t *testing.T) {
	t.Parallel()
	p := compileSource(t, `
let shared = {k: [1, 2.5, "s", null, true]}
let list = [shared, shared, "😀".slice(0, 1)]
const a = Task.run("a", {n: 1}, {key: "x"})
const all = Promise.allSettled({a, t: Timer.delay(5), v: 3})
try {
  for (const x of list) {
    try { await all } finally { list.push(x) }
  }
} catch (e) {}
return list.length`)
	m, err := vm.New(p, vm.Start{}, vm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := m.Run(vm.Activation{Now: time.Unix(100, 0)}); err != nil || out.Status != vm.Suspended {
		t.Fatalf("%v %v", out.Status, err)
	}
	data, _ := m.Snapshot()
	try := func(d []byte) {
		m, err := vm.Restore(p, d, vm.Config{MaxSteps: 10_000})
		if err != nil {
			if !errors.Is(err, vm.ErrCorruptSnapshot) && !errors.Is(err, vm.ErrSnapshotVersion) && !errors.Is(err, vm.ErrProgramMismatch) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		_, _ = m.Run(vm.Activation{Now: time.Unix(200, 0), Resolved: []vm.Resolution{{Handle: 0, SettledAt: time.Unix(200, 0)}}})
	}
	for n := 0; n < len(data); n++ {
		try(data[:n])
	}
	for i := 14; i < len(data); i++ {
		for _, b := range []byte{0, 1, 0x7f, 0x80, 0xff} {
			d := append([]byte(nil), data...)
			d[i] = b
			try(d)
		}
	}
}

func TestSnapshotResumeEquivalence(t *testing.T) {
	t.Parallel()
	m, data := suspendedMachine(t)
	p := compileSource(t, bigStateSource)
	m2, err := vm.Restore(p, data, vm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	act := vm.Activation{Now: time.Unix(101, 0), Resolved: []vm.Resolution{{Handle: 0, SettledAt: time.Unix(101, 0)}}}
	o1, err1 := m.Run(act)
	o2, err2 := m2.Run(act)
	if err1 != nil || err2 != nil || o1.Status != vm.Completed || o2.Status != vm.Completed || o1.Output.Num() != o2.Output.Num() || o1.Output.Num() != 1005 {
		t.Fatalf("%v %v %v %v %v %v", o1.Status, o2.Status, err1, err2, o1.Output, o2.Output)
	}
	// A finished machine snapshots and restores as finished.
	done, _ := m2.Snapshot()
	m3, err := vm.Restore(p, done, vm.Config{})
	if err != nil || m3.Status() != vm.Completed {
		t.Fatalf("restored finished machine: %v %v", err, m3)
	}
	if _, err := m3.Run(vm.Activation{}); !errors.Is(err, vm.ErrFinished) {
		t.Fatalf("run after end: %v", err)
	}
}

func TestRunContractErrors(t *testing.T) {
	t.Parallel()
	m, _ := suspendedMachine(t)
	if _, err := m.Run(vm.Activation{Resolved: []vm.Resolution{{Handle: 7}}}); err == nil {
		t.Fatal("unknown handle accepted")
	}
	if _, err := m.Run(vm.Activation{Resolved: []vm.Resolution{{Handle: 0}, {Handle: 0}}}); err == nil {
		t.Fatal("double settlement accepted")
	}
}

func TestNewRejectsBadInputs(t *testing.T) {
	t.Parallel()
	p := compileSource(t, `return Inputs`)
	for _, in := range []string{`[1]`, `"s"`, `3`} {
		if _, err := vm.New(p, vm.Start{Inputs: value.MustParseJSON(in)}, vm.Config{}); err == nil {
			t.Errorf("inputs %s accepted", in)
		}
	}
	if _, err := vm.New(p, vm.Start{Inputs: value.MustParseJSON(`{"s":"` + strings.Repeat("x", 50) + `"}`)}, vm.Config{MaxSize: 20}); err == nil {
		t.Error("oversized inputs accepted")
	}
	in := value.MustParseJSON(`{"list":[1]}`)
	m, err := vm.New(p, vm.Start{Inputs: in}, vm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := m.Run(vm.Activation{})
	out.Output.Obj().Set("changed", value.True)
	if in.Obj().Has("changed") {
		t.Error("the machine shares its inputs with the caller")
	}
}
