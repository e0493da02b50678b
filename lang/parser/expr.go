package parser

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// expr converts an expression node. Nodes that cannot be read (ERROR, MISSING, nil) become
// *ast.BadExpr; their syntax errors are reported by reportSyntaxErrors.
func (c *converter) expr(n *cst) ast.Expr {
	if n == nil {
		return &ast.BadExpr{}
	}
	if n.missing {
		return &ast.BadExpr{Loc: c.loc(n)}
	}
	switch n.kind {
	case "identifier":
		return c.refIdent(n)
	case "number":
		return c.number(n)
	case "string":
		return c.stringLit(n)
	case "template_string":
		return c.template(n)
	case "true", "false":
		return &ast.BoolLit{Loc: c.loc(n), Value: n.kind == "true"}
	case "null":
		return &ast.NullLit{Loc: c.loc(n)}
	case "this":
		return &ast.UnsupportedExpr{Loc: c.loc(n), Keyword: "this"}
	case "regex":
		return &ast.UnsupportedExpr{Loc: c.loc(n), Keyword: "regex"}
	case "array":
		return c.arrayLit(n)
	case "object":
		return c.objectLit(n)
	case "parenthesized_expression":
		return &ast.ParenExpr{Loc: c.loc(n), X: c.exprField(n, "expression")}
	case "member_expression":
		return &ast.MemberExpr{
			Loc:      c.loc(n),
			X:        c.exprField(n, "object"),
			Prop:     c.ident(n.child("property")),
			Optional: n.child("optional_chain") != nil,
		}
	case "subscript_expression":
		return &ast.IndexExpr{
			Loc:      c.loc(n),
			X:        c.exprField(n, "object"),
			Index:    c.exprField(n, "index"),
			Optional: n.child("optional_chain") != nil,
		}
	case "call_expression":
		call := &ast.CallExpr{Loc: c.loc(n), Callee: c.exprField(n, "function"), Optional: n.child("optional_chain") != nil}
		if args := n.child("arguments"); args != nil {
			for _, a := range args.children("argument") {
				call.Args = append(call.Args, c.exprOrSpread(a))
			}
		}
		return call
	case "assignment_expression":
		c.checkAssignmentOperand(n)
		return &ast.AssignExpr{Loc: c.loc(n), Op: "=", Target: c.assignTarget(n.child("left"), true), Value: c.exprField(n, "right")}
	case "augmented_assignment_expression":
		c.checkAssignmentOperand(n)
		op := "="
		if o := n.child("operator"); o != nil {
			op = c.text(o)
		}
		return &ast.AssignExpr{Loc: c.loc(n), Op: op, Target: c.assignTarget(n.child("left"), false), Value: c.exprField(n, "right")}
	case "ternary_expression":
		return &ast.CondExpr{Loc: c.loc(n), Test: c.exprField(n, "condition"), Then: c.exprField(n, "consequence"), Else: c.exprField(n, "alternative")}
	case "binary_expression":
		return c.binary(n)
	case "unary_expression":
		op := c.text(n.child("operator"))
		if op == "~" {
			return &ast.UnsupportedExpr{Loc: c.loc(n), Keyword: "~"}
		}
		return &ast.UnaryExpr{Loc: c.loc(n), Op: op, X: c.exprField(n, "argument")}
	case "await_expression":
		return &ast.AwaitExpr{Loc: c.loc(n), X: c.exprField(n, "argument")}
	case "update_expression":
		op := n.child("operator")
		arg := n.child("argument")
		u := &ast.UpdateExpr{Loc: c.loc(n), Op: c.text(op), X: c.expr(arg)}
		u.Prefix = op != nil && arg != nil && op.start < arg.start
		switch {
		case arg != nil && !isSimpleTarget(arg):
			c.errorOn(diag.CodeInvalidAssignment, arg, "invalid operand of `%s`: expected a variable, property or index", u.Op)
		case arg != nil && inOptionalChain(arg):
			c.errorOn(diag.CodeInvalidAssignment, arg, "an optional chain (`?.`) cannot be the operand of `%s`", u.Op)
		}
		return u
	case "new_expression":
		return &ast.UnsupportedExpr{Loc: c.loc(n), Keyword: "new"}
	case "arrow_function":
		return c.arrow(n)
	case "function_expression":
		return &ast.FuncExpr{
			Loc:    c.loc(n),
			Async:  n.child("async") != nil,
			Name:   c.optBindingIdent(n.child("name")),
			Params: c.params(n.child("parameters")),
			Body:   c.block(n.child("body")),
		}
	}
	return &ast.BadExpr{Loc: c.loc(n)}
}

// checkAssignmentOperand reports an assignment that tree-sitter attached as the operand of a
// tighter operator: `a + b = 1` reads as `a + (b = 1)`, which JavaScript rejects because the
// target `a + b` is not assignable.
func (c *converter) checkAssignmentOperand(n *cst) {
	p := n.parent
	if p == nil {
		return
	}
	if p.hasKid("ERROR") {
		return // part of a syntax error already reported
	}
	switch p.kind {
	case "binary_expression", "unary_expression", "await_expression", "update_expression":
		if op := n.child("operator"); op != nil {
			c.errorAt(diag.CodeInvalidAssignment, p.start, op.end, "invalid assignment target: the left side of `%s` must be a variable, property, index or destructuring pattern", c.text(op))
		}
	}
}

// exprField converts the expression in field name of p; when it is absent (in a tree with
// errors) the result is a *ast.BadExpr at the end of p.
func (c *converter) exprField(p *cst, name string) ast.Expr {
	if n := p.child(name); n != nil {
		return c.expr(n)
	}
	return &ast.BadExpr{Loc: ast.Loc{Range: c.span(p.end, p.end)}}
}

// exprOrSpread converts an element of an array literal or an argument list.
func (c *converter) exprOrSpread(n *cst) ast.Expr {
	if n.kind == "spread_element" {
		return &ast.SpreadElem{Loc: c.loc(n), X: c.exprField(n, "argument")}
	}
	return c.expr(n)
}

// binary converts binary_expression into *ast.BinaryExpr or, for `&& || ??`,
// *ast.LogicalExpr, and reports the operator mixes JavaScript forbids.
func (c *converter) binary(n *cst) ast.Expr {
	opNode := n.child("operator")
	op := c.text(opNode)
	x, y := c.exprField(n, "left"), c.exprField(n, "right")
	switch op {
	case "&&", "||", "??":
		for _, operand := range []ast.Expr{x, y} {
			if l, ok := operand.(*ast.LogicalExpr); ok && (op == "??") != (l.Op == "??") {
				other := l.Op
				if op == "??" {
					c.errorOn(diag.CodeSyntax, opNode, "`??` cannot be mixed with `%s` without parentheses", other)
				} else {
					c.errorOn(diag.CodeSyntax, opNode, "`??` cannot be mixed with `%s` without parentheses", op)
				}
				break
			}
		}
		return &ast.LogicalExpr{Loc: c.loc(n), Op: op, X: x, Y: y}
	case "**":
		switch l := x.(type) {
		case *ast.UnaryExpr:
			c.errorAt(diag.CodeSyntax, l.Range.Start.Offset, opNode.end, "unary operator `%s` before `**` needs parentheses: write `(%s…) ** …`", l.Op, spaced(l.Op))
		case *ast.AwaitExpr:
			c.errorAt(diag.CodeSyntax, l.Range.Start.Offset, opNode.end, "unary operator `await` before `**` needs parentheses: write `(await …) ** …`")
		case *ast.UnsupportedExpr:
			if l.Keyword == "~" {
				c.errorAt(diag.CodeSyntax, l.Range.Start.Offset, opNode.end, "unary operator `~` before `**` needs parentheses")
			}
		}
	}
	return &ast.BinaryExpr{Loc: c.loc(n), Op: op, X: x, Y: y}
}

// spaced returns a unary operator as it is written before its operand.
func spaced(op string) string {
	switch op {
	case "typeof", "delete", "void":
		return op + " "
	}
	return op
}

// arrayLit converts an array literal; holes (`[1,,2]`) are reported.
func (c *converter) arrayLit(n *cst) *ast.ArrayLit {
	a := &ast.ArrayLit{Loc: c.loc(n)}
	have := false
	for _, k := range n.kids {
		switch {
		case k.field == "element":
			a.Elems = append(a.Elems, c.exprOrSpread(k))
			have = true
		case k.kind == ",":
			if !have {
				c.errorOn(diag.CodeSyntax, k, "array holes are not allowed: write `null` for an empty element")
			}
			have = false
		}
	}
	return a
}

// objectLit converts an object literal.
func (c *converter) objectLit(n *cst) *ast.ObjectLit {
	o := &ast.ObjectLit{Loc: c.loc(n)}
	for _, m := range n.children("member") {
		switch m.kind {
		case "pair":
			key, computed := c.propertyKey(m.child("key"))
			o.Props = append(o.Props, &ast.Property{Loc: c.loc(m), Kind: ast.PropInit, Key: key, Computed: computed, Value: c.exprField(m, "value")})
		case "shorthand_property_identifier":
			id := c.refIdent(m)
			o.Props = append(o.Props, &ast.Property{Loc: c.loc(m), Kind: ast.PropShorthand, Key: id, Value: id})
		case "object_default":
			c.errorOn(diag.CodeSyntax, m, "`%s` is only allowed in a destructuring pattern; use `:` to give a property a value", c.text(m))
			id := c.refIdent(m.child("left"))
			o.Props = append(o.Props, &ast.Property{Loc: c.loc(m), Kind: ast.PropShorthand, Key: id, Value: id})
		case "spread_element":
			o.Props = append(o.Props, &ast.Property{Loc: c.loc(m), Kind: ast.PropSpread, Value: c.exprField(m, "argument")})
		}
	}
	return o
}

// propertyKey converts an object key: an identifier (any word, reserved or not), a string, a
// number, or a computed `[expr]`.
func (c *converter) propertyKey(n *cst) (key ast.Expr, computed bool) {
	if n == nil {
		return &ast.BadExpr{}, false
	}
	switch n.kind {
	case "property_identifier":
		return c.ident(n), false
	case "string":
		return c.stringLit(n), false
	case "number":
		return c.number(n), false
	case "computed_property_name":
		return c.exprField(n, "expression"), true
	}
	return &ast.BadExpr{Loc: c.loc(n)}, false
}

// arrow converts an arrow function.
func (c *converter) arrow(n *cst) *ast.ArrowFunc {
	f := &ast.ArrowFunc{Loc: c.loc(n), Async: n.child("async") != nil}
	if p := n.child("parameter"); p != nil {
		id := c.bindingIdent(p)
		f.Params = []*ast.Param{{Loc: id.Loc, Target: id}}
	} else {
		f.Params = c.params(n.child("parameters"))
	}
	if b := n.child("body"); b != nil && b.kind == "statement_block" {
		f.Body = c.block(b)
	} else {
		f.Body = c.expr(b)
	}
	return f
}

// isSimpleTarget reports whether n can be assigned by a compound assignment or `++`/`--`: a
// variable, member or index, possibly in parentheses.
func isSimpleTarget(n *cst) bool {
	for n != nil && n.kind == "parenthesized_expression" {
		n = n.child("expression")
	}
	if n == nil {
		return false
	}
	switch n.kind {
	case "identifier", "member_expression", "subscript_expression":
		return true
	}
	return n.isError() || n.missing
}
