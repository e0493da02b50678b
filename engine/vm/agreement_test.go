package vm_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/internal/txtar"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// TestCheckerAgreement checks, on every test program, that the engine never refuses a program
// the checker accepts (the editor and the engine must agree, DESIGN.md).
func TestCheckerAgreement(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases(txtar.Parse(string(data))) {
			f, pd := parser.Parse(c.name+".flow", []byte(c.src))
			if diag.HasErrors(pd) {
				continue
			}
			cd := check.Check(f, check.Options{})
			_, cerr := compiler.Compile(f)
			if cerr != nil && !diag.HasErrors(cd) {
				t.Errorf("%s/%s: the checker accepts it, the compiler refuses it: %v", filepath.Base(file), c.name, cerr)
			}
			if cerr == nil && diag.HasErrors(cd) {
				for _, d := range cd {
					if d.Severity == diag.Error {
						t.Logf("%s/%s: checker error the compiler does not need: %s %s", filepath.Base(file), c.name, d.Range.Start, d.Message)
					}
				}
			}
		}
	}
}
