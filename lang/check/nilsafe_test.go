package check_test

import (
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/check"
)

// TestZeroNodes checks that trees with absent parts (as a recovering parser may leave them,
// or as tools build them by hand) never make the checker panic.
func TestZeroNodes(t *testing.T) {
	t.Parallel()
	exprs := []ast.Expr{
		&ast.Ident{}, &ast.TemplateLit{}, &ast.ArrayLit{Elems: []ast.Expr{nil}}, &ast.ObjectLit{Props: []*ast.Property{nil, {Kind: ast.PropShorthand}}},
		&ast.SpreadElem{}, &ast.UnaryExpr{Op: "delete"}, &ast.UnaryExpr{Op: "void"}, &ast.AwaitExpr{}, &ast.UpdateExpr{Op: "++"},
		&ast.BinaryExpr{Op: "==="}, &ast.BinaryExpr{Op: "instanceof"}, &ast.LogicalExpr{}, &ast.AssignExpr{Op: "="}, &ast.CondExpr{},
		&ast.CallExpr{}, &ast.CallExpr{Callee: &ast.MemberExpr{X: &ast.Ident{Name: "Math"}}}, &ast.MemberExpr{},
		&ast.MemberExpr{X: &ast.Ident{Name: "Task"}, Prop: &ast.Ident{Name: "run"}}, &ast.IndexExpr{}, &ast.ParenExpr{},
		&ast.ArrowFunc{}, &ast.ArrowFunc{Body: (*ast.BlockStmt)(nil)}, &ast.FuncExpr{}, &ast.UnsupportedExpr{}, &ast.BadExpr{},
		&ast.CallExpr{Callee: &ast.MemberExpr{X: &ast.Ident{Name: "xs"}, Prop: &ast.Ident{Name: "map"}}, Args: []ast.Expr{&ast.ArrowFunc{}, &ast.FuncExpr{}}},
		&ast.CallExpr{Callee: &ast.MemberExpr{X: &ast.Ident{Name: "Task"}, Prop: &ast.Ident{Name: "run"}}, Args: []ast.Expr{&ast.StringLit{}, nil, &ast.ObjectLit{Props: []*ast.Property{{Kind: ast.PropInit}}}}},
	}
	var stmts []ast.Stmt
	for _, e := range exprs {
		stmts = append(stmts, &ast.ExprStmt{X: e})
	}
	stmts = append(stmts,
		&ast.ExprStmt{}, &ast.VarDecl{Kind: ast.Const, Decls: []*ast.Declarator{nil, {}}}, &ast.VarDecl{Kind: ast.Var, Decls: []*ast.Declarator{{Target: &ast.Ident{Name: "v"}}}},
		&ast.BlockStmt{}, &ast.EmptyStmt{}, &ast.IfStmt{}, &ast.IfStmt{Then: &ast.VarDecl{Kind: ast.Let}},
		&ast.SwitchStmt{Cases: []*ast.CaseClause{nil, {}}}, &ast.WhileStmt{}, &ast.DoWhileStmt{}, &ast.ForStmt{},
		&ast.ForOfStmt{}, &ast.ForOfStmt{Kind: ast.Var}, &ast.ForOfStmt{Kind: ast.Const, Target: &ast.ObjectPattern{Props: []*ast.PatternProp{nil, {Shorthand: true}}}},
		&ast.BranchStmt{}, &ast.BranchStmt{Continue: true, Label: &ast.Ident{Name: "l"}}, &ast.ReturnStmt{}, &ast.ThrowStmt{},
		&ast.TryStmt{}, &ast.TryStmt{Catch: &ast.BlockStmt{}, Param: &ast.ArrayPattern{Elems: []*ast.PatternElem{nil, {}}}},
		&ast.LabeledStmt{}, &ast.LabeledStmt{Label: &ast.Ident{Name: "l"}, Body: &ast.ForStmt{}},
		&ast.FuncDecl{}, &ast.FuncDecl{Name: &ast.Ident{Name: "f"}, Params: []*ast.Param{nil, {}}, Body: &ast.BlockStmt{}},
		&ast.UnsupportedStmt{}, &ast.BadStmt{},
	)
	f := &ast.File{Stmts: stmts, Wrapper: &ast.Wrapper{Params: []ast.Pattern{&ast.Ident{Name: "p"}}}}
	check.Check(f, check.Options{KnownTasks: map[string]bool{}, KnownWorkflows: map[string]bool{}})
	sc := check.Resolve(f)
	sc.VisibleAt(0)
	sc.IdentAt(0)
	check.Check(&ast.File{}, check.Options{})
}
