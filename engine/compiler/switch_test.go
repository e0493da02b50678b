package compiler_test

import (
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// countOps counts the instructions of each opcode in the compiled src.
func countOps(t *testing.T, src string) map[compiler.Op]int {
	t.Helper()
	f, _ := parser.Parse("s.flow", []byte(src))
	p, err := compiler.Compile(f)
	if err != nil {
		t.Fatal(err)
	}
	n := map[compiler.Op]int{}
	for _, in := range p.Code {
		n[in.Op]++
	}
	return n
}

// TestSwitchBindingChecks pins which variable accesses are checked for a skipped declaration
// (spec §12.9): only references to a switch clause's binding from another clause or a case
// test; everything else keeps the unchecked Load and Store.
func TestSwitchBindingChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                  string
		src                   string
		uninit, loads, stores int
	}{
		{"own clause only", "switch (1) {\n case 1:\n  let x = 1\n  x = x + 1\n  break\n case 2:\n  let y = 2\n  y++\n}", 0, 0, 0},
		{"no switch", "let x = 1\nfor (let i = 0; i < 3; i++) { x = x + i }\nreturn x", 0, 0, 0},
		{"later clause", "switch (2) {\n case 1:\n  let x = 1\n case 2:\n  x = x + 1\n  return x\n}", 1, 2, 1},
		{"case test", "switch (1) {\n case 0:\n  let y = 1\n case y:\n}", 1, 1, 0},
		{"shadowed in a block", "switch (2) {\n case 1:\n  let x = 1\n case 2: {\n  let x = 2\n  return x\n }\n}", 1, 0, 0},
		{"const read", "switch (2) {\n case 1:\n  const k = 1\n default:\n  return k\n}", 1, 1, 0},
	}
	for _, tc := range tests {
		n := countOps(t, tc.src)
		if n[compiler.OpUninit] != tc.uninit || n[compiler.OpLoadChecked] != tc.loads || n[compiler.OpStoreChecked] != tc.stores {
			t.Errorf("%s: Uninit %d, LoadChecked %d, StoreChecked %d; want %d, %d, %d",
				tc.name, n[compiler.OpUninit], n[compiler.OpLoadChecked], n[compiler.OpStoreChecked], tc.uninit, tc.loads, tc.stores)
		}
	}
}

func TestDisassembleCheckedAccess(t *testing.T) {
	t.Parallel()
	f, _ := parser.Parse("s.flow", []byte("switch (2) {\n case 1:\n  let x = 1\n case 2:\n  x = 2\n  return x\n}"))
	p, err := compiler.Compile(f)
	if err != nil {
		t.Fatal(err)
	}
	d := p.Disassemble()
	for _, want := range []string{"Uninit             3", "StoreChecked       3 x", "LoadChecked        3 x"} {
		if !strings.Contains(d, want) {
			t.Errorf("disassembly lacks %q:\n%s", want, d)
		}
	}
}
