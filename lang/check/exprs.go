package check

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// expr checks an expression and everything inside it.
func (c *checker) expr(e ast.Expr) { walkExpr(c, e) }

// visitExpr checks one expression (walkExpr checks its parts).
func (c *checker) visitExpr(e ast.Expr) {
	switch e := e.(type) {
	case *ast.UnaryExpr:
		switch e.Op {
		case "void":
			c.errorf(diag.CodeUnsupported, e.Range, "`void` is not part of Flow (there is no `undefined`; use `null`)")
		case "delete":
			c.deleteTarget(e)
		}
	case *ast.BinaryExpr:
		if e.Op == "instanceof" {
			c.errorf(diag.CodeUnsupported, e.Range, "`instanceof` is not part of Flow (there are no classes); use `typeof` or `Array.isArray`")
		}
		c.selfComparison(e)
	case *ast.CallExpr:
		c.call(e)
	case *ast.MemberExpr:
		c.member(e)
	case *ast.UnsupportedExpr:
		c.errorf(diag.CodeUnsupported, e.Range, "%s", unsupportedMessage(e.Keyword))
	}
}

// visitRef does nothing: Check reports names from the resolver's result.
func (c *checker) visitRef(*ast.Ident, Access, bool) {}

// visitFunc reports a function expression and checks it.
func (c *checker) visitFunc(n ast.Node, _ *ast.Ident, params []*ast.Param, body ast.Node) {
	c.functionsUnsupported(n, body)
	c.function(params, body)
}

// exprStmt checks an expression statement.
func (c *checker) exprStmt(s *ast.ExprStmt) {
	if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
		if en, ok := c.builtinOf(call.Callee); ok {
			switch {
			case en.Name == "Signal.next":
				d := c.warnf(diag.CodeUnawaitedSignal, call.Range,
					"the result of `Signal.next` is neither awaited nor stored, but the request still consumes a signal")
				d.Fixes = append(d.Fixes, fix("await the signal", point(call.Range.Start), "await "))
			case en.Owner == "Timer" || en.Owner == "Promise":
				// Unlike a task or a child workflow, a timer or a combinator does nothing
				// unless awaited.
				d := c.warnf(CodeDiscardedPromise, call.Range,
					"the handle of `%s` is discarded: the workflow does not wait for it; write `await %s(…)`", en.Name, en.Name)
				d.Fixes = append(d.Fixes, fix("await it", point(call.Range.Start), "await "))
			}
		}
	}
	c.expr(s.X)
}

// deleteTarget checks the operand of delete (spec §12.7).
func (c *checker) deleteTarget(u *ast.UnaryExpr) {
	switch x := ast.Unparen(u.X).(type) {
	case *ast.MemberExpr, *ast.IndexExpr, *ast.BadExpr, nil:
	case *ast.Ident:
		c.errorf(diag.CodeInvalidDelete, u.Range, "cannot delete the variable `%s`: `delete` takes a property or an index (`delete o.key`, `delete o[k]`)", x.Name)
	default:
		c.errorf(diag.CodeInvalidDelete, u.Range, "`delete` takes a property or an index (`delete o.key`, `delete o[k]`)")
	}
}

// functionsUnsupported reports a function (spec §9) on its header.
func (c *checker) functionsUnsupported(n ast.Node, body ast.Node) {
	r := n.Span()
	switch f := n.(type) {
	case *ast.FuncDecl:
		r.End = headerEnd(r.Start, f.Async, f.Name)
	case *ast.FuncExpr:
		r.End = headerEnd(r.Start, f.Async, f.Name)
	case *ast.ArrowFunc:
		// The parameters and the arrow.
		if b, isBlock := body.(*ast.BlockStmt); body != nil && (!isBlock || b != nil) && body.Span().Start.Offset > r.Start.Offset {
			r.End = body.Span().Start
		}
	}
	c.errorf(diag.CodeFunctions, r, "functions are not supported yet")
}

// headerEnd returns where the `[async] function [name]` header of a function ends.
func headerEnd(start source.Pos, async bool, name *ast.Ident) source.Pos {
	if name != nil {
		return name.Range.End
	}
	if async {
		return advance(start, len("async"))
	}
	return advance(start, len("function"))
}

// unsupportedStmt reports a JavaScript statement Flow does not have.
func (c *checker) unsupportedStmt(s *ast.UnsupportedStmt) {
	c.errorf(diag.CodeUnsupported, s.Range, "%s", unsupportedMessage(s.Keyword))
}

// unsupportedMessage explains why a JavaScript construct is rejected.
func unsupportedMessage(kw string) string {
	switch kw {
	case "var":
		return "`var` is not part of Flow; use `let` or `const`"
	case "new":
		return "`new` is not part of Flow: there are no classes or constructors"
	case "class":
		return "classes are not part of Flow"
	case "import", "export":
		return "`" + kw + "` is not part of Flow: a workflow is one self-contained file"
	case "this", "super":
		return "`" + kw + "` is not part of Flow: there are no objects with methods"
	case "yield":
		return "`yield` is not part of Flow: there are no generators"
	case "with":
		return "`with` is not part of Flow"
	case "void":
		return "`void` is not part of Flow (there is no `undefined`; use `null`)"
	case "instanceof":
		return "`instanceof` is not part of Flow (there are no classes); use `typeof` or `Array.isArray`"
	case "":
		return "this JavaScript construct is not part of Flow"
	}
	return "`" + kw + "` is not part of Flow"
}
