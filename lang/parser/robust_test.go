package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
)

// TestBrokenTextNeverPanics parses every testdata file cut short and with single bytes
// removed, as an editor sends half-typed code: Parse must always return a file whose nodes
// and diagnostics lie inside the text.
func TestBrokenTextNeverPanics(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "*.flow"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			for i := 0; i < len(src); i += 5 {
				checkParse(t, src[:i])
				cut := append(append([]byte(nil), src[:i]...), src[i+1:]...)
				checkParse(t, cut)
			}
		})
	}
}

func checkParse(t *testing.T, src []byte) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Parse panicked on %q: %v", src, r)
		}
	}()
	f, ds := Parse("x.flow", src)
	if f == nil {
		t.Fatalf("nil file for %q", src)
	}
	for i, d := range ds {
		if d.Range.Start.Offset < 0 || d.Range.End.Offset > len(src) || d.Range.End.Offset < d.Range.Start.Offset {
			t.Fatalf("diagnostic %v out of range for %q", d, src)
		}
		if i > 0 && ds[i-1].Range.Start.Offset > d.Range.Start.Offset {
			t.Fatalf("diagnostics not sorted for %q", src)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		r := n.Span()
		if !r.Start.IsValid() || r.End.Offset > len(src) || r.End.Offset < r.Start.Offset {
			t.Fatalf("%T has range %v outside %q", n, r, src)
		}
		return true
	})
}

// FuzzParse checks Parse's guarantees on arbitrary text (run with -fuzz=FuzzParse; the seeds
// run in every `go test`).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.flow"))
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("let x = `a${ {b: [1,,2]} }` ?? (c || d"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkParse(t, src)
	})
}
