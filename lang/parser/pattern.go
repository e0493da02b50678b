package parser

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// ident converts any identifier-like node (identifier, property_identifier,
// statement_identifier, shorthand identifiers) without checking reserved words.
func (c *converter) ident(n *cst) *ast.Ident {
	if n == nil {
		return &ast.Ident{}
	}
	return &ast.Ident{Loc: c.loc(n), Name: c.text(n)}
}

// refIdent converts an identifier used as a variable reference; reserved words are reported.
func (c *converter) refIdent(n *cst) *ast.Ident {
	id := c.ident(n)
	if n != nil && !n.missing {
		c.checkName(n, id.Name)
	}
	return id
}

// bindingIdent converts an identifier that declares a name; reserved words are reported.
func (c *converter) bindingIdent(n *cst) *ast.Ident { return c.refIdent(n) }

// optBindingIdent is bindingIdent for an optional name (nil stays nil).
func (c *converter) optBindingIdent(n *cst) *ast.Ident {
	if n == nil {
		return nil
	}
	return c.bindingIdent(n)
}

// checkName reports a reserved word used as a variable name.
func (c *converter) checkName(n *cst, name string) {
	switch reservedWords[name] {
	case reservedFlow:
		c.errorOn(diag.CodeSyntax, n, "`%s` is a reserved word and cannot be used as a name", name)
	case reservedJS:
		c.errorOn(diag.CodeUnsupported, n, "`%s` is not part of Flow and cannot be used as a name", name)
	}
}

// bindingPattern converts the target of a declaration, parameter, `catch` or `for` head.
func (c *converter) bindingPattern(n *cst) ast.Pattern {
	if n == nil || n.missing {
		return c.badPattern(n)
	}
	switch n.kind {
	case "identifier":
		return c.bindingIdent(n)
	case "object_pattern":
		p := &ast.ObjectPattern{Loc: c.loc(n)}
		members := n.children("member")
		for i, m := range members {
			switch m.kind {
			case "pair_pattern":
				key, computed := c.propertyKey(m.child("key"))
				target, def := c.bindingWithDefault(m.child("value"))
				p.Props = append(p.Props, &ast.PatternProp{Loc: c.loc(m), Key: key, Computed: computed, Target: target, Default: def})
			case "shorthand_property_identifier_pattern":
				p.Props = append(p.Props, &ast.PatternProp{Loc: c.loc(m), Key: c.ident(m), Shorthand: true, Target: c.bindingIdent(m)})
			case "object_assignment_pattern":
				left := m.child("left")
				p.Props = append(p.Props, &ast.PatternProp{Loc: c.loc(m), Key: c.ident(left), Shorthand: true, Target: c.bindingIdent(left), Default: c.exprField(m, "right")})
			case "rest_pattern":
				c.checkRestLast(m, i == len(members)-1, "object")
				arg := m.child("argument")
				if arg != nil && arg.kind != "identifier" {
					c.errorOn(diag.CodeSyntax, arg, "the rest element of an object pattern must be a name")
				}
				p.Rest = c.bindingPattern(arg)
			}
		}
		return p
	case "array_pattern":
		p := &ast.ArrayPattern{Loc: c.loc(n)}
		c.arrayElems(n, func(el *cst, last bool) {
			if el == nil {
				p.Elems = append(p.Elems, nil)
				return
			}
			if el.kind == "rest_pattern" {
				c.checkRestLast(el, last, "array")
				p.Rest = c.bindingPattern(el.child("argument"))
				return
			}
			target, def := c.bindingWithDefault(el)
			p.Elems = append(p.Elems, &ast.PatternElem{Loc: c.loc(el), Target: target, Default: def})
		})
		return p
	}
	return c.badPattern(n)
}

// bindingWithDefault converts `pattern` or `pattern = default`.
func (c *converter) bindingWithDefault(n *cst) (ast.Pattern, ast.Expr) {
	if n != nil && n.kind == "assignment_pattern" {
		return c.bindingPattern(n.child("left")), c.exprField(n, "right")
	}
	return c.bindingPattern(n), nil
}

// arrayElems calls f for each element of an array literal or pattern in order, with nil for
// a hole; last tells whether the element is the final one and not followed by a comma.
func (c *converter) arrayElems(n *cst, f func(el *cst, last bool)) {
	have := false
	var pending *cst
	for _, k := range n.kids {
		switch {
		case k.field == "element":
			pending = k
			have = true
		case k.kind == ",":
			if !have {
				f(nil, false)
			} else {
				f(pending, false)
			}
			have, pending = false, nil
		}
	}
	if have {
		f(pending, true)
	}
}

// checkRestLast reports a rest element that is not the last element of its pattern.
func (c *converter) checkRestLast(rest *cst, last bool, what string) {
	if !last {
		c.errorOn(diag.CodeSyntax, rest, "the rest element must be the last element of an %s pattern, without a trailing comma", what)
	}
}

// badPattern stands for a target that could not be read.
func (c *converter) badPattern(n *cst) ast.Pattern {
	if n == nil {
		return &ast.BadExpr{}
	}
	return &ast.BadExpr{Loc: c.loc(n)}
}

// assignTarget converts the left side of an assignment or of a `for (x of …)` head. With
// destructure, array and object literals are read as patterns (`[a, b] = [b, a]`);
// otherwise (compound assignment) only a variable, member or index is accepted.
func (c *converter) assignTarget(n *cst, destructure bool) ast.Pattern {
	if n == nil || n.missing || n.isError() {
		return c.badPattern(n)
	}
	switch n.kind {
	case "identifier":
		return c.refIdent(n)
	case "member_expression", "subscript_expression":
		if inOptionalChain(n) {
			c.errorOn(diag.CodeInvalidAssignment, n, "an optional chain (`?.`) cannot be assigned to")
		}
		return c.expr(n).(ast.Pattern)
	case "parenthesized_expression":
		inner := n.child("expression")
		if inner != nil && isSimpleTarget(inner) {
			return c.assignTarget(inner, false)
		}
	case "array":
		if destructure {
			return c.arrayTarget(n)
		}
	case "object":
		if destructure {
			return c.objectTarget(n)
		}
	}
	c.errorOn(diag.CodeInvalidAssignment, n, "invalid assignment target: expected a variable, property, index or destructuring pattern")
	return c.badPattern(n)
}

// targetWithDefault converts an element of a destructuring assignment: `target` or
// `target = default`.
func (c *converter) targetWithDefault(n *cst) (ast.Pattern, ast.Expr) {
	if n.kind == "assignment_expression" {
		return c.assignTarget(n.child("left"), true), c.exprField(n, "right")
	}
	return c.assignTarget(n, true), nil
}

// arrayTarget reads an array literal as an array pattern.
func (c *converter) arrayTarget(n *cst) *ast.ArrayPattern {
	p := &ast.ArrayPattern{Loc: c.loc(n)}
	c.arrayElems(n, func(el *cst, last bool) {
		if el == nil {
			p.Elems = append(p.Elems, nil)
			return
		}
		if el.kind == "spread_element" {
			c.checkRestLast(el, last, "array")
			p.Rest = c.assignTarget(el.child("argument"), true)
			return
		}
		target, def := c.targetWithDefault(el)
		p.Elems = append(p.Elems, &ast.PatternElem{Loc: c.loc(el), Target: target, Default: def})
	})
	return p
}

// objectTarget reads an object literal as an object pattern.
func (c *converter) objectTarget(n *cst) *ast.ObjectPattern {
	p := &ast.ObjectPattern{Loc: c.loc(n)}
	members := n.children("member")
	for i, m := range members {
		switch m.kind {
		case "pair":
			key, computed := c.propertyKey(m.child("key"))
			target, def := c.targetWithDefault(m.child("value"))
			p.Props = append(p.Props, &ast.PatternProp{Loc: c.loc(m), Key: key, Computed: computed, Target: target, Default: def})
		case "shorthand_property_identifier":
			p.Props = append(p.Props, &ast.PatternProp{Loc: c.loc(m), Key: c.ident(m), Shorthand: true, Target: c.refIdent(m)})
		case "object_default":
			left := m.child("left")
			p.Props = append(p.Props, &ast.PatternProp{Loc: c.loc(m), Key: c.ident(left), Shorthand: true, Target: c.refIdent(left), Default: c.exprField(m, "right")})
		case "spread_element":
			c.checkRestLast(m, i == len(members)-1 && !trailingComma(n), "object")
			p.Rest = c.assignTarget(m.child("argument"), false)
		}
	}
	return p
}

// inOptionalChain reports whether the member, index or call chain ending at n uses `?.`.
func inOptionalChain(n *cst) bool {
	for n != nil {
		switch n.kind {
		case "member_expression", "subscript_expression":
			if n.child("optional_chain") != nil {
				return true
			}
			n = n.child("object")
		case "call_expression":
			if n.child("optional_chain") != nil {
				return true
			}
			n = n.child("function")
		default:
			return false
		}
	}
	return false
}

// trailingComma reports whether the last element of a bracketed list is followed by a comma.
func trailingComma(n *cst) bool {
	for i := len(n.kids) - 1; i >= 0; i-- {
		k := n.kids[i]
		if k.kind == "comment" || k.kind == "}" || k.kind == "]" || k.kind == ")" {
			continue
		}
		return k.kind == ","
	}
	return false
}

// params converts formal_parameters.
func (c *converter) params(n *cst) []*ast.Param {
	if n == nil {
		return nil
	}
	var out []*ast.Param
	ps := n.children("parameter")
	for i, p := range ps {
		switch p.kind {
		case "rest_pattern":
			if i != len(ps)-1 || trailingComma(n) {
				c.errorOn(diag.CodeSyntax, p, "the rest parameter must be the last parameter, without a trailing comma")
			}
			out = append(out, &ast.Param{Loc: c.loc(p), Target: c.bindingPattern(p.child("argument")), Rest: true})
		default:
			target, def := c.bindingWithDefault(p)
			out = append(out, &ast.Param{Loc: c.loc(p), Target: target, Default: def})
		}
	}
	return out
}
