package parser

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// stmtList converts a sequence of statement nodes. ERROR nodes become *ast.BadStmt, but the
// complete statements tree-sitter kept inside them are converted too, so later code is still
// checked.
func (c *converter) stmtList(nodes []*cst) []ast.Stmt {
	var out []ast.Stmt
	for _, n := range nodes {
		switch {
		case n.kind == "comment" || !n.named && !n.isError():
			continue
		case n.isError():
			out = append(out, c.recoverStmts(n)...)
		default:
			if s := c.stmt(n); s != nil {
				out = append(out, s)
			}
		}
	}
	return out
}

// recoverStmts converts an ERROR region at statement level: whole statements inside it are
// kept, everything else becomes one *ast.BadStmt per run of unreadable text.
func (c *converter) recoverStmts(n *cst) []ast.Stmt {
	var out []ast.Stmt
	badStart, badEnd := -1, -1
	flush := func() {
		if badStart >= 0 {
			out = append(out, &ast.BadStmt{Loc: ast.Loc{Range: c.span(badStart, badEnd)}})
			badStart = -1
		}
	}
	for _, k := range n.kids {
		if k.kind == "comment" {
			continue
		}
		if isStatementKind(k.kind) && !k.missing {
			flush()
			if s := c.stmt(k); s != nil {
				out = append(out, s)
			}
			continue
		}
		if badStart < 0 {
			badStart = k.start
		}
		badEnd = k.end
	}
	if len(n.kids) == 0 {
		badStart, badEnd = n.start, n.end
	}
	flush()
	return out
}

// isStatementKind reports whether kind is a statement node kind.
func isStatementKind(kind string) bool {
	switch kind {
	case "lexical_declaration", "variable_declaration", "function_declaration", "class_declaration",
		"import_statement", "export_statement", "expression_statement", "statement_block",
		"empty_statement", "if_statement", "switch_statement", "while_statement", "do_statement",
		"for_statement", "for_in_statement", "break_statement", "continue_statement",
		"return_statement", "throw_statement", "try_statement", "labeled_statement", "with_statement":
		return true
	}
	return false
}

// blockStmts converts the statements of a statement_block.
func (c *converter) blockStmts(n *cst) []ast.Stmt {
	return c.stmtList(n.kids)
}

// stmt converts one statement node. It returns a *ast.BadStmt for nodes it cannot read.
func (c *converter) stmt(n *cst) ast.Stmt {
	if n == nil {
		return nil
	}
	if n.missing {
		return &ast.BadStmt{Loc: c.loc(n)}
	}
	switch n.kind {
	case "expression_statement":
		c.checkStatementStart(n)
		return &ast.ExprStmt{Loc: c.loc(n), X: c.exprField(n, "expression")}
	case "lexical_declaration", "variable_declaration":
		return c.varDecl(n)
	case "statement_block":
		return c.block(n)
	case "empty_statement":
		return &ast.EmptyStmt{Loc: c.loc(n)}
	case "if_statement":
		s := &ast.IfStmt{Loc: c.loc(n), Cond: c.parenInner(n.child("condition")), Then: c.body(n, n.child("consequence"))}
		if alt := n.child("alternative"); alt != nil {
			s.Else = c.body(alt, alt.child("body"))
		}
		return s
	case "switch_statement":
		return c.switchStmt(n)
	case "while_statement":
		return &ast.WhileStmt{Loc: c.loc(n), Cond: c.parenInner(n.child("condition")), Body: c.body(n, n.child("body"))}
	case "do_statement":
		return &ast.DoWhileStmt{Loc: c.loc(n), Body: c.body(n, n.child("body")), Cond: c.parenInner(n.child("condition"))}
	case "for_statement":
		return c.forStmt(n)
	case "for_in_statement":
		return c.forInStmt(n)
	case "break_statement", "continue_statement":
		s := &ast.BranchStmt{Loc: c.loc(n), Continue: n.kind == "continue_statement"}
		if l := n.child("label"); l != nil {
			s.Label = c.ident(l)
		}
		return s
	case "return_statement":
		s := &ast.ReturnStmt{Loc: c.loc(n)}
		if a := n.child("argument"); a != nil {
			s.X = c.expr(a)
		}
		return s
	case "throw_statement":
		s := &ast.ThrowStmt{Loc: c.loc(n)}
		if a := n.child("argument"); a != nil {
			s.X = c.expr(a)
		} else {
			c.errorAt(diag.CodeSyntax, n.start, n.start+len("throw"), "`throw` must be followed by an expression on the same line")
			s.X = &ast.BadExpr{Loc: ast.Loc{Range: c.span(n.start+len("throw"), n.start+len("throw"))}}
		}
		return s
	case "try_statement":
		return c.tryStmt(n)
	case "labeled_statement":
		label := n.child("label")
		if label != nil && c.text(label) != "case" && c.text(label) != "default" {
			c.checkName(label, c.text(label))
		}
		return &ast.LabeledStmt{Loc: c.loc(n), Label: c.ident(label), Body: c.body(n, n.child("body"))}
	case "function_declaration":
		return &ast.FuncDecl{
			Loc:    c.loc(n),
			Async:  n.child("async") != nil,
			Name:   c.bindingIdent(n.child("name")),
			Params: c.params(n.child("parameters")),
			Body:   c.block(n.child("body")),
		}
	case "class_declaration":
		return &ast.UnsupportedStmt{Loc: c.loc(n), Keyword: "class"}
	case "import_statement":
		return &ast.UnsupportedStmt{Loc: c.loc(n), Keyword: "import"}
	case "export_statement":
		return &ast.UnsupportedStmt{Loc: c.loc(n), Keyword: "export"}
	case "with_statement":
		return &ast.UnsupportedStmt{Loc: c.loc(n), Keyword: "with"}
	case "ERROR":
		stmts := c.recoverStmts(n)
		if len(stmts) == 1 {
			return stmts[0]
		}
		return &ast.BadStmt{Loc: c.loc(n)}
	}
	return &ast.BadStmt{Loc: c.loc(n)}
}

// checkStatementStart reports an expression statement that starts with `{` of an object
// literal or with a function expression: JavaScript reads those tokens as the start of a
// block or of a declaration, so the text means something else (or nothing) there.
func (c *converter) checkStatementStart(n *cst) {
	var first *cst
	for p := n; len(p.kids) > 0; {
		k := p.kids[0]
		if k.kind == "comment" {
			break
		}
		first, p = k, k
	}
	if first == nil || first.parent == nil || first.parent.hasKid("ERROR") {
		return
	}
	switch {
	case first.kind == "{" && first.parent.kind == "object":
		c.syntaxError(first.start, first.end, "a statement cannot start with an object literal: `{` starts a block here; wrap the expression in parentheses")
	case (first.kind == "function" || first.kind == "async") && first.parent.kind == "function_expression":
		c.syntaxError(first.start, first.end, "a statement cannot start with a function expression; wrap it in parentheses")
	}
}

// body converts the single-statement body of a compound statement; a missing body (in a
// tree with errors) becomes a *ast.BadStmt at the end of the parent.
func (c *converter) body(parent, n *cst) ast.Stmt {
	if n == nil {
		return &ast.BadStmt{Loc: ast.Loc{Range: c.span(parent.end, parent.end)}}
	}
	return c.stmt(n)
}

// block converts a statement_block (nil stays nil).
func (c *converter) block(n *cst) *ast.BlockStmt {
	if n == nil {
		return nil
	}
	return &ast.BlockStmt{Loc: c.loc(n), Stmts: c.blockStmts(n)}
}

// parenInner returns the expression inside the parentheses of a statement head
// (`if (x)`, `while (x)`, `switch (x)`).
func (c *converter) parenInner(n *cst) ast.Expr {
	if n == nil {
		return &ast.BadExpr{}
	}
	if n.kind == "parenthesized_expression" {
		if e := n.child("expression"); e != nil {
			return c.expr(e)
		}
		return &ast.BadExpr{Loc: c.loc(n)}
	}
	return c.expr(n)
}

// varDecl converts `let`/`const`/`var` declarations (also in `for` heads).
func (c *converter) varDecl(n *cst) *ast.VarDecl {
	d := &ast.VarDecl{Loc: c.loc(n), Kind: declKind(c, n.child("kind"))}
	for _, dn := range n.children("declarator") {
		decl := &ast.Declarator{Loc: c.loc(dn), Target: c.bindingPattern(dn.child("name"))}
		if v := dn.child("value"); v != nil {
			decl.Init = c.expr(v)
		}
		d.Decls = append(d.Decls, decl)
	}
	return d
}

// declKind reads the keyword node of a declaration.
func declKind(c *converter, n *cst) ast.DeclKind {
	if n == nil {
		return 0
	}
	switch c.text(n) {
	case "let":
		return ast.Let
	case "const":
		return ast.Const
	case "var":
		return ast.Var
	}
	return 0
}

func (c *converter) switchStmt(n *cst) *ast.SwitchStmt {
	s := &ast.SwitchStmt{Loc: c.loc(n), Disc: c.parenInner(n.child("value"))}
	body := n.child("body")
	if body == nil {
		return s
	}
	seenDefault := false
	for _, k := range body.kids {
		switch k.kind {
		case "switch_case":
			s.Cases = append(s.Cases, &ast.CaseClause{Loc: c.loc(k), Test: c.exprField(k, "value"), Body: c.stmtList(k.children("body"))})
		case "switch_default":
			if seenDefault {
				c.errorAt(diag.CodeSyntax, k.start, k.start+len("default"), "a `switch` can have only one `default` clause")
			}
			seenDefault = true
			s.Cases = append(s.Cases, &ast.CaseClause{Loc: c.loc(k), Body: c.stmtList(k.children("body"))})
		}
	}
	return s
}

func (c *converter) forStmt(n *cst) *ast.ForStmt {
	s := &ast.ForStmt{Loc: c.loc(n), Body: c.body(n, n.child("body"))}
	if init := n.child("initializer"); init != nil {
		switch init.kind {
		case "lexical_declaration", "variable_declaration":
			s.Init = c.varDecl(init)
		default:
			s.Init = &ast.ExprStmt{Loc: c.loc(init), X: c.expr(init)}
		}
	}
	if t := n.child("condition"); t != nil {
		s.Test = c.expr(t)
	}
	if u := n.child("increment"); u != nil {
		s.Update = c.expr(u)
	}
	return s
}

func (c *converter) forInStmt(n *cst) *ast.ForOfStmt {
	s := &ast.ForOfStmt{Loc: c.loc(n), Body: c.body(n, n.child("body"))}
	if op := n.child("operator"); op != nil {
		s.Of = c.text(op) == "of"
	}
	left := n.child("left")
	if k := n.child("kind"); k != nil {
		s.Kind = declKind(c, k)
		s.Target = c.bindingPattern(left)
	} else {
		s.Target = c.assignTarget(left, true)
	}
	s.Iter = c.exprField(n, "right")
	return s
}

func (c *converter) tryStmt(n *cst) *ast.TryStmt {
	s := &ast.TryStmt{Loc: c.loc(n), Block: c.block(n.child("body"))}
	if h := n.child("handler"); h != nil {
		if p := h.child("parameter"); p != nil {
			s.Param = c.bindingPattern(p)
		}
		s.Catch = c.block(h.child("body"))
	}
	if f := n.child("finalizer"); f != nil {
		s.Finally = c.block(f.child("body"))
	}
	if s.Catch == nil && s.Finally == nil {
		end := n.end
		if b := n.child("body"); b != nil {
			end = b.end
		}
		c.errorAt(diag.CodeSyntax, end, end, "expected `catch` or `finally` after the `try` block")
	}
	if s.Block == nil {
		s.Block = &ast.BlockStmt{Loc: ast.Loc{Range: c.span(n.end, n.end)}}
	}
	return s
}
