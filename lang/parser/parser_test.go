package parser

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
)

func TestFileName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"workflows/process_order.flow", "process_order"},
		{"a.flow", "a"},
		{"noext", "noext"},
		{"", ""},
	} {
		f, ds := Parse(tc.in, []byte("let a = 1\n"))
		if f.Name != tc.want {
			t.Errorf("Parse(%q).Name = %q, want %q", tc.in, f.Name, tc.want)
		}
		if len(ds) != 0 {
			t.Errorf("Parse(%q): unexpected diagnostics %v", tc.in, ds)
		}
	}
}

func TestEmptyInputs(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "\n\n", "// c\n/* d */", "\xef\xbb\xbf", "```\n```\n"} {
		f, ds := Parse("e.flow", []byte(src))
		if f == nil || len(f.Stmts) != 0 || len(ds) != 0 {
			t.Errorf("Parse(%q) = %v stmts, %v; want an empty workflow without diagnostics", src, f, ds)
		}
	}
}

// TestPositionsCountCodePoints checks that columns count code points and that offsets are
// byte offsets of the original text, BOM included.
func TestPositionsCountCodePoints(t *testing.T) {
	t.Parallel()
	src := "\xef\xbb\xbflet s = \"日本\"; let x = s\nlet 😀y = 1"
	f, ds := Parse("p.flow", []byte(src))
	if len(f.Stmts) != 3 {
		t.Fatalf("got %d statements, want 3", len(f.Stmts))
	}
	x := f.Stmts[1].(*ast.VarDecl).Decls[0].Target.(*ast.Ident)
	// "let s = \"日本\"; let " is 18 code points; the BOM is not a column (spec §1: ignored).
	if got := x.Range.Start; got.Line != 1 || got.Col != 19 || got.Offset != 3+len("let s = \"日本\"; let ") {
		t.Errorf("x at %+v", got)
	}
	// The emoji is not an identifier character: one error at line 2, column 5.
	if len(ds) == 0 || ds[0].Range.Start.Line != 2 || ds[0].Range.Start.Col != 5 {
		t.Errorf("diagnostics %v, want one at 2:5", ds)
	}
}

func TestDiagnosticsSorted(t *testing.T) {
	t.Parallel()
	src := "let a = 007\nlet b = [1,,2]\nx = }\nlet c = a ?? b || 1\n"
	_, ds := Parse("s.flow", []byte(src))
	if len(ds) < 4 {
		t.Fatalf("got %d diagnostics, want at least 4: %v", len(ds), ds)
	}
	for i := 1; i < len(ds); i++ {
		if ds[i].Range.Start.Offset < ds[i-1].Range.Start.Offset {
			t.Fatalf("diagnostics not sorted: %v", ds)
		}
	}
	if !diag.HasErrors(ds) {
		t.Fatal("want errors")
	}
}

// TestLaterStatementsSurviveErrors checks that statements after several syntax errors are
// still in the tree.
func TestLaterStatementsSurviveErrors(t *testing.T) {
	t.Parallel()
	src := "let a = (1\nf(2, 3\nlet b = [\nlet c = 1\nlet d = c\n"
	f, ds := Parse("r.flow", []byte(src))
	if len(ds) < 2 {
		t.Errorf("want an error per broken statement, got %v", ds)
	}
	names := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if d, ok := n.(*ast.Declarator); ok {
			if id, ok := d.Target.(*ast.Ident); ok {
				names[id.Name] = true
			}
		}
		return true
	})
	if !names["c"] || !names["d"] {
		t.Errorf("declarations of c and d lost; have %v", names)
	}
}

func TestWrapper(t *testing.T) {
	t.Parallel()
	f, ds := Parse("w.flow", []byte("// c\nasync function main() {\n  return 1\n}\n"))
	if len(ds) != 0 || f.Wrapper == nil || f.Wrapper.Name.Name != "main" || len(f.Stmts) != 1 {
		t.Fatalf("wrapper not recognised: %+v %v", f, ds)
	}
	if _, ok := f.Stmts[0].(*ast.ReturnStmt); !ok {
		t.Errorf("body statement is %T, want *ast.ReturnStmt", f.Stmts[0])
	}
	// A non-async main, or main with other statements, is an ordinary function.
	for _, src := range []string{"function main() {}\n", "async function main() {}\nlet x = 1\n", "async function other() {}\n"} {
		f, _ := Parse("w.flow", []byte(src))
		if f.Wrapper != nil {
			t.Errorf("%q: unexpected wrapper", src)
		}
		if _, ok := f.Stmts[0].(*ast.FuncDecl); !ok {
			t.Errorf("%q: first statement is %T, want *ast.FuncDecl", src, f.Stmts[0])
		}
	}
}

func TestConcurrentParses(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := fmt.Sprintf("let a%d = %d\nfor (const x of [1, 2]) { a%d += x }\n", i, i, i)
			f, ds := Parse("c.flow", []byte(src))
			if len(ds) != 0 || len(f.Stmts) != 2 {
				errs <- fmt.Errorf("parse %d: %v, %d statements", i, ds, len(f.Stmts))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestLargeFileParsesWithoutErrors(t *testing.T) {
	t.Parallel()
	src := benchSource(2000)
	f, ds := Parse("big.flow", src)
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics: %v", ds[0])
	}
	if len(f.Stmts) < 500 {
		t.Fatalf("only %d statements", len(f.Stmts))
	}
}

// TestManyBrokenStatementsDoNotCascade checks that a file with more broken statements than
// the parser resynchronises after reports each broken statement it reached once, and nothing
// for the text it gave up on.
func TestManyBrokenStatementsDoNotCascade(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "let a%d = (1 +\nconst b%d = 2\n", i, i)
	}
	_, ds := Parse("many.flow", []byte(b.String()))
	if len(ds) == 0 || len(ds) > maxResyncRounds+1 {
		t.Fatalf("got %d diagnostics, want 1 to %d", len(ds), maxResyncRounds+1)
	}
	for i, d := range ds {
		if want := 2 * (i + 1); d.Range.Start.Line != want || !strings.HasPrefix(d.Message, "expected `)` to close the `(`") {
			t.Errorf("diagnostic %d = %v, want the unclosed `(` reported on line %d", i, d, want)
		}
	}
}
