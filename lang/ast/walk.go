package ast

// Inspect traverses the tree rooted at n in depth-first source order, calling f for each node
// before its children. If f returns false, the children of that node are skipped. Nil children
// are not visited.
func Inspect(n Node, f func(Node) bool) {
	if isNil(n) || !f(n) {
		return
	}
	for _, c := range Children(n) {
		Inspect(c, f)
	}
}

// Children returns the direct children of n in source order (nil children omitted).
func Children(n Node) []Node {
	var out []Node
	add := func(cs ...Node) {
		for _, c := range cs {
			if !isNil(c) {
				out = append(out, c)
			}
		}
	}
	switch n := n.(type) {
	case *File:
		for _, s := range n.Stmts {
			add(s)
		}
	case *VarDecl:
		for _, d := range n.Decls {
			add(d)
		}
	case *Declarator:
		add(n.Target, n.Init)
	case *ExprStmt:
		add(n.X)
	case *BlockStmt:
		for _, s := range n.Stmts {
			add(s)
		}
	case *IfStmt:
		add(n.Cond, n.Then, n.Else)
	case *SwitchStmt:
		add(n.Disc)
		for _, c := range n.Cases {
			add(c)
		}
	case *CaseClause:
		add(n.Test)
		for _, s := range n.Body {
			add(s)
		}
	case *WhileStmt:
		add(n.Cond, n.Body)
	case *DoWhileStmt:
		add(n.Body, n.Cond)
	case *ForStmt:
		add(n.Init, n.Test, n.Update, n.Body)
	case *ForOfStmt:
		add(n.Target, n.Iter, n.Body)
	case *BranchStmt:
		add(n.Label)
	case *ReturnStmt:
		add(n.X)
	case *ThrowStmt:
		add(n.X)
	case *TryStmt:
		add(n.Block, n.Param, n.Catch, n.Finally)
	case *LabeledStmt:
		add(n.Label, n.Body)
	case *FuncDecl:
		add(n.Name)
		for _, p := range n.Params {
			add(p)
		}
		add(n.Body)
	case *TemplateLit:
		for _, e := range n.Exprs {
			add(e)
		}
	case *ArrayLit:
		for _, e := range n.Elems {
			add(e)
		}
	case *ObjectLit:
		for _, p := range n.Props {
			add(p)
		}
	case *Property:
		if n.Kind == PropShorthand {
			add(n.Value)
		} else {
			add(n.Key, n.Value)
		}
	case *SpreadElem:
		add(n.X)
	case *UnaryExpr:
		add(n.X)
	case *AwaitExpr:
		add(n.X)
	case *UpdateExpr:
		add(n.X)
	case *BinaryExpr:
		add(n.X, n.Y)
	case *LogicalExpr:
		add(n.X, n.Y)
	case *AssignExpr:
		add(n.Target, n.Value)
	case *CondExpr:
		add(n.Test, n.Then, n.Else)
	case *CallExpr:
		add(n.Callee)
		for _, a := range n.Args {
			add(a)
		}
	case *MemberExpr:
		add(n.X, n.Prop)
	case *IndexExpr:
		add(n.X, n.Index)
	case *ParenExpr:
		add(n.X)
	case *ArrowFunc:
		for _, p := range n.Params {
			add(p)
		}
		add(n.Body)
	case *FuncExpr:
		add(n.Name)
		for _, p := range n.Params {
			add(p)
		}
		add(n.Body)
	case *Param:
		add(n.Target, n.Default)
	case *ObjectPattern:
		for _, p := range n.Props {
			add(p)
		}
		add(n.Rest)
	case *PatternProp:
		if n.Shorthand {
			add(n.Target, n.Default)
		} else {
			add(n.Key, n.Target, n.Default)
		}
	case *ArrayPattern:
		for _, e := range n.Elems {
			if e != nil {
				add(e)
			}
		}
		add(n.Rest)
	case *PatternElem:
		add(n.Target, n.Default)
	}
	return out
}

// isNil reports whether n is nil or a typed nil pointer stored in the interface.
func isNil(n Node) bool {
	if n == nil {
		return true
	}
	switch v := n.(type) {
	case *Ident:
		return v == nil
	case *BlockStmt:
		return v == nil
	case *Declarator:
		return v == nil
	case *CaseClause:
		return v == nil
	case *Property:
		return v == nil
	case *PatternProp:
		return v == nil
	case *PatternElem:
		return v == nil
	case *Param:
		return v == nil
	}
	return false
}
