package check_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// checkAny parses and checks src and verifies the invariants of the result: no panic, sorted
// diagnostics with valid ranges inside the text, fixes with edits inside the text.
func checkAny(t *testing.T, src []byte) {
	t.Helper()
	f, _ := parser.Parse("fuzz.flow", src)
	ds := check.Check(f, check.Options{KnownTasks: map[string]bool{"a": true}, KnownWorkflows: map[string]bool{}})
	check.Resolve(f).VisibleAt(len(src) / 2)
	for i, d := range ds {
		if i > 0 && ds[i-1].Range.Start.Offset > d.Range.Start.Offset {
			t.Fatalf("diagnostics not sorted: %v before %v", ds[i-1], d)
		}
		if !validRange(d.Range.Start.Offset, d.Range.End.Offset, len(src)) {
			t.Fatalf("%v: range %v outside the text (%d bytes)", d, d.Range, len(src))
		}
		for _, fx := range d.Fixes {
			for _, e := range fx.Edits {
				if !validRange(e.Range.Start.Offset, e.Range.End.Offset, len(src)) {
					t.Fatalf("%v: fix %q edits %v outside the text", d, fx.Title, e.Range)
				}
			}
		}
		if d.Severity != diag.Error && d.Severity != diag.Warning {
			t.Fatalf("unexpected severity %v", d)
		}
	}
}

func validRange(start, end, n int) bool { return start >= 0 && start <= end && end <= n }

// seeds returns the corpus files and the parser's test files.
func seeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, pat := range []string{"testdata/*.flow", "../parser/testdata/*.flow"} {
		files, _ := filepath.Glob(pat)
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
	}
	return out
}

// TestTruncatedSources checks about 40 prefixes of every seed: partial text is what an editor
// sends while the user types.
func TestTruncatedSources(t *testing.T) {
	t.Parallel()
	for _, src := range seeds(t) {
		step := max(len(src)/40, 3)
		for cut := 0; cut <= len(src); cut += step {
			checkAny(t, src[:cut])
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkAny(t, src)
	})
}
