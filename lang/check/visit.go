package check

import "github.com/rhythmflow/rhythm/lang/ast"

// visitor is a pass over the expressions of a file: the checker and the resolver. walkExpr,
// walkPattern and walkTarget reach every expression and pattern in source order and call the
// visitor on the way, so a new kind of expression is walked here, once, for both.
type visitor interface {
	// visitExpr is called for every expression before its parts.
	visitExpr(e ast.Expr)
	// visitRef is called for every identifier that refers to a variable, with how the variable
	// is accessed: read in an expression, read and written by ++/--, written (or read and
	// written, for a compound operator) as an assignment target. shorthand tells a property
	// written `{a}` (object literals and assignment patterns).
	visitRef(id *ast.Ident, acc Access, shorthand bool)
	// visitFunc is called for a function expression or an arrow function (name nil) instead of
	// walking its parameters and body: the visitor walks them (walkParams and its own pass over
	// a block body) in its own context.
	visitFunc(n ast.Node, name *ast.Ident, params []*ast.Param, body ast.Node)
}

// walkExpr walks e and everything inside it.
func walkExpr(v visitor, e ast.Expr) {
	if e == nil {
		return
	}
	v.visitExpr(e)
	switch e := e.(type) {
	case *ast.Ident:
		v.visitRef(e, Read, false)
	case *ast.TemplateLit:
		for _, x := range e.Exprs {
			walkExpr(v, x)
		}
	case *ast.ArrayLit:
		for _, x := range e.Elems {
			walkExpr(v, x)
		}
	case *ast.ObjectLit:
		for _, p := range e.Props {
			if p == nil {
				continue
			}
			if p.Computed {
				walkExpr(v, p.Key)
			}
			if id, ok := p.Value.(*ast.Ident); ok && p.Kind == ast.PropShorthand {
				v.visitRef(id, Read, true)
			} else {
				walkExpr(v, p.Value)
			}
		}
	case *ast.SpreadElem:
		walkExpr(v, e.X)
	case *ast.UnaryExpr:
		walkExpr(v, e.X)
	case *ast.AwaitExpr:
		walkExpr(v, e.X)
	case *ast.UpdateExpr:
		// Operands that cannot be updated are reported by the parser.
		if id, ok := e.X.(*ast.Ident); ok {
			v.visitRef(id, ReadWrite, false)
		} else {
			walkExpr(v, e.X)
		}
	case *ast.BinaryExpr:
		walkExpr(v, e.X)
		walkExpr(v, e.Y)
	case *ast.LogicalExpr:
		walkExpr(v, e.X)
		walkExpr(v, e.Y)
	case *ast.AssignExpr:
		acc := Write
		if e.Op != "=" {
			acc = ReadWrite
		}
		walkTarget(v, e.Target, acc, false)
		walkExpr(v, e.Value)
	case *ast.CondExpr:
		walkExpr(v, e.Test)
		walkExpr(v, e.Then)
		walkExpr(v, e.Else)
	case *ast.CallExpr:
		walkExpr(v, e.Callee)
		for _, a := range e.Args {
			walkExpr(v, a)
		}
	case *ast.MemberExpr:
		walkExpr(v, e.X)
	case *ast.IndexExpr:
		walkExpr(v, e.X)
		walkExpr(v, e.Index)
	case *ast.ParenExpr:
		walkExpr(v, e.X)
	case *ast.ArrowFunc:
		v.visitFunc(e, nil, e.Params, e.Body)
	case *ast.FuncExpr:
		v.visitFunc(e, e.Name, e.Params, e.Body)
	}
}

// walkPattern walks the expressions inside a declaration pattern: computed keys and defaults.
// The names it declares are not references.
func walkPattern(v visitor, p ast.Pattern) { walkTarget(v, p, declared, false) }

// declared is the access walkTarget is given for a declaration pattern, whose identifiers are
// declared rather than accessed (and whose other targets the parser reports).
const declared Access = 0

// walkTarget walks the target of an assignment (and of a for-of/for-in loop without
// declaration): its identifiers are references accessed as acc, member and index targets are
// walked as expressions. shorthand tells a target written as a shorthand property. The parser
// reports targets that cannot be assigned, optional chains (`o?.a = 1`) included. With acc
// declared, only the computed keys and defaults are walked (see walkPattern).
func walkTarget(v visitor, p ast.Pattern, acc Access, shorthand bool) {
	switch p := p.(type) {
	case *ast.Ident:
		if acc != declared {
			v.visitRef(p, acc, shorthand)
		}
	case *ast.MemberExpr, *ast.IndexExpr:
		if acc != declared {
			walkExpr(v, p.(ast.Expr))
		}
	case *ast.ObjectPattern:
		for _, pp := range p.Props {
			if pp == nil {
				continue
			}
			if pp.Computed {
				walkExpr(v, pp.Key)
			}
			walkTarget(v, pp.Target, acc, pp.Shorthand)
			walkExpr(v, pp.Default)
		}
		walkTarget(v, p.Rest, acc, false)
	case *ast.ArrayPattern:
		for _, el := range p.Elems {
			if el != nil {
				walkTarget(v, el.Target, acc, false)
				walkExpr(v, el.Default)
			}
		}
		walkTarget(v, p.Rest, acc, false)
	}
}

// walkParams walks the parameters of a function: their patterns and defaults.
func walkParams(v visitor, params []*ast.Param) {
	for _, p := range params {
		if p != nil {
			walkPattern(v, p.Target)
			walkExpr(v, p.Default)
		}
	}
}
