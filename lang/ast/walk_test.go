package ast

import "testing"

func TestInspectOrderAndSkip(t *testing.T) {
	t.Parallel()
	x := &Ident{Name: "x"}
	y := &Ident{Name: "y"}
	f := &File{Stmts: []Stmt{
		&ExprStmt{X: &BinaryExpr{Op: "+", X: x, Y: y}},
		&IfStmt{Cond: &BoolLit{Value: true}, Then: &BlockStmt{}}, // nil Else must be skipped
	}}
	var names []string
	Inspect(f, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			names = append(names, id.Name)
		}
		_, isIf := n.(*IfStmt)
		return !isIf
	})
	if len(names) != 2 || names[0] != "x" || names[1] != "y" {
		t.Fatalf("visited %v, want [x y]", names)
	}
	var count int
	Inspect(f.Stmts[1], func(Node) bool { count++; return true })
	if count != 3 {
		t.Fatalf("if statement has %d nodes, want 3 (if, cond, then)", count)
	}
}

func TestUnparen(t *testing.T) {
	t.Parallel()
	x := &Ident{Name: "x"}
	if got := Unparen(&ParenExpr{X: &ParenExpr{X: x}}); got != x {
		t.Fatalf("Unparen(((x))) = %v, want x", got)
	}
	if got := Unparen(x); got != x {
		t.Fatalf("Unparen(x) = %v", got)
	}
	if got := Unparen(nil); got != nil {
		t.Fatalf("Unparen(nil) = %v", got)
	}
}
