package format

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rhythmflow/rhythm/lang/parser"
)

// FuzzFormat checks, for every input without syntax errors, that the output parses to the
// same tree with the same comments and that formatting is idempotent.
func FuzzFormat(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.flow")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("a = b // c\n/* d */ f(x, /* e */ y)\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		before, ds := parser.Parse("", src)
		if len(SyntaxErrors(ds)) > 0 {
			if out, err := Source(src); err == nil || out != nil {
				t.Fatalf("input with syntax errors was formatted: %q", out)
			}
			// The language server may still print a partial tree: it must not panic.
			File(before, src)
			return
		}
		out, err := Source(src)
		if err != nil {
			t.Fatalf("Source: %v", err)
		}
		after, ds := parser.Parse("", out)
		if errs := SyntaxErrors(ds); len(errs) > 0 {
			t.Fatalf("output has syntax errors %v:\n%s", errs, out)
		}
		if err := equalTrees(before, after); err != nil {
			t.Fatalf("meaning changed: %v\n%s", err, out)
		}
		if err := equalComments(before, after); err != nil {
			t.Fatalf("comments changed: %v\n%s", err, out)
		}
		again, err := Source(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent (%v):\n%s", err, lineDiff(string(out), string(again)))
		}
	})
}
