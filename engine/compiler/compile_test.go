package compiler_test

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/parser"
	"github.com/rhythmflow/rhythm/lang/source"
)

// flowSources returns the programs of the VM's test archives.
func flowSources(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../vm/testdata/*.txtar")
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(string(data), "\n-- ")
		for _, p := range parts {
			name, body, ok := strings.Cut(p, " --\n")
			if ok && strings.HasSuffix(name, ".flow") {
				out = append(out, body)
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no sources")
	}
	return out
}

func compileNoCrash(t *testing.T, src string) {
	t.Helper()
	f, _ := parser.Parse("x.flow", []byte(src))
	_, err := compiler.Compile(f)
	if err != nil && strings.Contains(err.Error(), "internal compiler error") {
		t.Fatalf("%v\nsource:\n%s", err, src)
	}
}

// TestCompileDamagedSources compiles the partial trees the parser makes of damaged programs:
// the compiler may refuse them but must never crash.
func TestCompileDamagedSources(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewSource(1))
	for _, src := range flowSources(t) {
		compileNoCrash(t, src)
		for k := 0; k < 8 && len(src) > 2; k++ {
			i := rnd.Intn(len(src))
			j := i + 1 + rnd.Intn(min(8, len(src)-i))
			compileNoCrash(t, src[:i]+src[j:])
		}
	}
}

// TestCompileBadTrees compiles hand-made trees with missing and Bad nodes.
func TestCompileBadTrees(t *testing.T) {
	t.Parallel()
	p := source.Pos{Line: 1, Col: 1}
	loc := ast.Loc{Range: source.Range{Start: p, End: p}}
	bad := &ast.BadExpr{Loc: loc}
	trees := [][]ast.Stmt{
		{&ast.BadStmt{Loc: loc}},
		{&ast.ExprStmt{Loc: loc, X: bad}},
		{&ast.IfStmt{Loc: loc}},
		{&ast.WhileStmt{Loc: loc}},
		{&ast.ForStmt{Loc: loc}},
		{&ast.ForOfStmt{Loc: loc, Of: true, Kind: ast.Const, Target: bad}},
		{&ast.VarDecl{Loc: loc, Kind: ast.Let, Decls: []*ast.Declarator{{Loc: loc, Target: bad}}}},
		{&ast.VarDecl{Loc: loc, Kind: ast.Let, Decls: []*ast.Declarator{{Loc: loc}}}},
		{&ast.ExprStmt{Loc: loc, X: &ast.AssignExpr{Loc: loc, Op: "=", Target: bad, Value: bad}}},
		{&ast.ExprStmt{Loc: loc, X: &ast.MemberExpr{Loc: loc}}},
		{&ast.ExprStmt{Loc: loc, X: &ast.CallExpr{Loc: loc}}},
		{&ast.ExprStmt{Loc: loc, X: &ast.TemplateLit{Loc: loc}}},
		{&ast.ExprStmt{Loc: loc, X: &ast.UnaryExpr{Loc: loc, Op: "delete"}}},
		{&ast.ExprStmt{Loc: loc, X: &ast.UpdateExpr{Loc: loc, Op: "++"}}},
		{&ast.ExprStmt{Loc: loc, X: &ast.ObjectLit{Loc: loc, Props: []*ast.Property{{Loc: loc, Kind: ast.PropInit}}}}},
		{&ast.TryStmt{Loc: loc}},
		{&ast.TryStmt{Loc: loc, Block: &ast.BlockStmt{Loc: loc}, Catch: &ast.BlockStmt{Loc: loc}, Param: bad}},
		{&ast.SwitchStmt{Loc: loc, Cases: []*ast.CaseClause{nil}}},
		{&ast.LabeledStmt{Loc: loc}},
		{&ast.BranchStmt{Loc: loc}},
		{&ast.ExprStmt{Loc: loc, X: &ast.ArrowFunc{Loc: loc}}},
		{&ast.FuncDecl{Loc: loc}},
		{&ast.UnsupportedStmt{Loc: loc, Keyword: "class"}},
		{&ast.ExprStmt{Loc: loc, X: &ast.UnsupportedExpr{Loc: loc, Keyword: "new"}}},
		{&ast.ExprStmt{Loc: loc, X: &ast.Ident{Loc: loc, Name: "undeclared"}}},
		{&ast.VarDecl{Loc: loc, Kind: ast.Var}},
	}
	for i, stmts := range trees {
		prog, err := compiler.Compile(&ast.File{Loc: loc, Stmts: stmts})
		if err == nil {
			continue
		}
		if prog != nil || strings.Contains(err.Error(), "internal compiler error") {
			t.Errorf("tree %d: %v", i, err)
		}
	}
	if _, err := compiler.Compile(nil); err == nil {
		t.Error("nil file compiled")
	}
}

func TestCompileFingerprint(t *testing.T) {
	t.Parallel()
	compile := func(src string) *compiler.Program {
		f, _ := parser.Parse("x.flow", []byte(src))
		p, err := compiler.Compile(f)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b, c := compile("return 1 + 2"), compile("return 1 + 2 // same code"), compile("return 1 + 3")
	if a.Fingerprint != b.Fingerprint || a.Fingerprint == c.Fingerprint {
		t.Fatalf("fingerprints %x %x %x", a.Fingerprint, b.Fingerprint, c.Fingerprint)
	}
	if len(a.Code) != len(a.Pos) {
		t.Fatal("positions do not match the code")
	}
}

func TestDisassemble(t *testing.T) {
	t.Parallel()
	f, _ := parser.Parse("d.flow", []byte("let o = {n: 1}\no.n += await Task.run(\"t\")\nreturn o"))
	p, err := compiler.Compile(f)
	if err != nil {
		t.Fatal(err)
	}
	want := `program "d": 21 instructions, 5 slots
   0    1:9   NewObject         
   1    1:13  Num                1
   2    1:10  ObjSet             "n"
   3    1:5   Store              2
   4    2:1   Load               2
   5    2:1   Store              3
   6    2:1   Load               3
   7    2:1   GetProp            "n"
   8    2:23  Const              "t"
   9    2:14  CallFunc           Task.run argc=1
  10    2:8   Await             
  11    2:1   Add               
  12    2:1   Store              4
  13    2:1   Load               3
  14    2:1   Load               4
  15    2:1   SetProp            "n" discard=0
  16    2:1   Pop               
  17    3:8   Load               2
  18    3:1   Return            
  19    0:0   Null              
  20    0:0   Return            
`
	got := p.Disassemble()
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
