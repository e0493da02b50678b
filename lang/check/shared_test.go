package check_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// A caller's resolution (Options.Scopes) and its knowledge of Bad nodes (Options.NoBadNodes)
// change nothing in what Check reports, on the corpus, with and without the parser's
// SyntaxErrors, including files whose tree has Bad nodes.
func TestCheckWithCallersResolution(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.flow")
	if err != nil || len(files) == 0 {
		t.Fatalf("corpus: %v, %d files", err, len(files))
	}
	sawBad := false
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, opts := parseExpectations(string(src))
		f, syntax := parser.Parse(path, src)
		bad := false
		ast.Inspect(f, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.BadStmt, *ast.BadExpr:
				bad = true
			}
			return true
		})
		sawBad = sawBad || bad
		for _, syn := range []bool{false, diag.HasErrors(syntax)} {
			opts.SyntaxErrors = syn
			want := check.Check(f, opts)
			shared := opts
			shared.Scopes = check.Resolve(f)
			if got := check.Check(f, shared); !reflect.DeepEqual(got, want) {
				t.Errorf("%s (syntax errors %v): with the caller's resolution:\n%v\nwant\n%v", path, syn, got, want)
			}
			shared.SyntaxErrors, shared.NoBadNodes = syn || bad, true
			if got := check.Check(f, shared); !reflect.DeepEqual(got, want) {
				t.Errorf("%s (syntax errors %v): with the Bad nodes known:\n%v\nwant\n%v", path, syn, got, want)
			}
		}
	}
	if !sawBad {
		t.Error("no corpus file has Bad nodes: the case is not covered")
	}
}
