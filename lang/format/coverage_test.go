package format

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// The golden fixtures hold every kind of node (except the parser's Bad* placeholders), every
// declaration keyword and operator form that prints differently, and comments of both kinds.
func TestFixturesCoverEveryForm(t *testing.T) {
	t.Parallel()
	want := []any{
		&ast.Ident{}, &ast.NullLit{}, &ast.BoolLit{}, &ast.NumberLit{}, &ast.StringLit{},
		&ast.TemplateLit{}, &ast.ArrayLit{}, &ast.ObjectLit{}, &ast.SpreadElem{}, &ast.UnaryExpr{},
		&ast.AwaitExpr{}, &ast.UpdateExpr{}, &ast.BinaryExpr{}, &ast.LogicalExpr{}, &ast.AssignExpr{},
		&ast.CondExpr{}, &ast.CallExpr{}, &ast.MemberExpr{}, &ast.IndexExpr{}, &ast.ParenExpr{},
		&ast.ArrowFunc{}, &ast.FuncExpr{}, &ast.Param{}, &ast.UnsupportedExpr{}, &ast.Property{},
		&ast.ObjectPattern{}, &ast.PatternProp{}, &ast.ArrayPattern{}, &ast.PatternElem{},
		&ast.VarDecl{}, &ast.Declarator{}, &ast.ExprStmt{}, &ast.BlockStmt{}, &ast.EmptyStmt{},
		&ast.IfStmt{}, &ast.SwitchStmt{}, &ast.CaseClause{}, &ast.WhileStmt{}, &ast.DoWhileStmt{},
		&ast.ForStmt{}, &ast.ForOfStmt{}, &ast.BranchStmt{}, &ast.ReturnStmt{}, &ast.ThrowStmt{},
		&ast.TryStmt{}, &ast.LabeledStmt{}, &ast.FuncDecl{}, &ast.UnsupportedStmt{},
		&ast.FrontMatter{}, &ast.Wrapper{},
	}
	seen := map[string]bool{}
	files, _ := filepath.Glob("testdata/*.flow")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := parser.Parse(file, src)
		if f.FrontMatter != nil {
			seen["*ast.FrontMatter"] = true
		}
		if f.Wrapper != nil {
			seen["*ast.Wrapper"] = true
		}
		for _, c := range f.Comments {
			seen[fmt.Sprintf("comment block=%v", c.Block)] = true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			seen[fmt.Sprintf("%T", n)] = true
			switch n := n.(type) {
			case *ast.VarDecl:
				seen["decl "+n.Kind.String()] = true
			case *ast.ForOfStmt:
				seen[fmt.Sprintf("for of=%v kind=%d", n.Of, n.Kind)] = true
			case *ast.Property:
				seen[fmt.Sprintf("property kind=%d computed=%v", n.Kind, n.Computed)] = true
			case *ast.CallExpr:
				seen[fmt.Sprintf("call optional=%v", n.Optional)] = true
			case *ast.UpdateExpr:
				seen[fmt.Sprintf("update prefix=%v", n.Prefix)] = true
			case *ast.ArrayPattern:
				for _, e := range n.Elems {
					if e == nil {
						seen["pattern hole"] = true
					}
				}
			}
			return true
		})
	}
	for _, w := range want {
		if k := fmt.Sprintf("%T", w); !seen[k] {
			t.Errorf("no fixture holds a %s", k)
		}
	}
	for _, k := range []string{
		"decl let", "decl const", "decl var",
		"for of=true kind=1", "for of=true kind=2", "for of=false kind=2", "for of=true kind=0", "for of=false kind=0",
		"property kind=1 computed=false", "property kind=1 computed=true", "property kind=2 computed=false",
		"property kind=3 computed=false", "call optional=true", "update prefix=true", "update prefix=false",
		"pattern hole", "comment block=true", "comment block=false",
	} {
		if !seen[k] {
			t.Errorf("no fixture holds a %s", k)
		}
	}
}
