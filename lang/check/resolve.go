package check

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Resolve performs name resolution over f: it builds the lexical scopes (spec §5, §12.2, §12.9),
// links every variable reference to its binding, and records references to undeclared names
// and duplicate declarations. It never fails and reports nothing by itself; Check turns its
// result into diagnostics, and the language server uses it for go-to-definition, references,
// rename and completion.
//
// Rules: a let/const binding belongs to its whole block but is ready only after the end of its
// declarator (a for-of/for-in binding after the iterated expression, a catch parameter after
// itself); the clauses of a switch share one scope; a catch parameter shares the scope of its
// block, and function parameters the scope of the function body, so redeclaring them there is a
// duplicate; function declarations (§9) are ready in their whole block. `var` is treated as
// `let`. Resolve does not modify f and is safe for concurrent use; the result is read-only.
func Resolve(f *ast.File) *Scopes {
	r := &resolver{s: &Scopes{
		refs:  map[*ast.Ident]*Ref{},
		decls: map[*ast.Ident]*Binding{},
	}}
	u := &Scope{names: map[string]*Binding{}}
	for _, name := range globalNames() {
		b := &Binding{Name: name, Kind: KindBuiltin, Scope: u}
		u.names[name] = b
		u.Bindings = append(u.Bindings, b)
	}
	r.s.Universe = u
	root := r.open(f, f.Range, false)
	r.s.Root = root
	r.declareStmts(f.Stmts)
	r.stmts(f.Stmts)
	r.close()
	return r.s
}

type resolver struct {
	s   *Scopes
	cur *Scope
}

// open starts a child scope of the current one (of the universe when there is none).
func (r *resolver) open(n ast.Node, rng source.Range, fn bool) *Scope {
	parent := r.cur
	if parent == nil {
		parent = r.s.Universe
	}
	sc := &Scope{Node: n, Range: rng, Parent: parent, Func: fn, names: map[string]*Binding{}}
	parent.Children = append(parent.Children, sc)
	r.cur = sc
	return sc
}

func (r *resolver) close() { r.cur = r.cur.Parent }

// declare enters a binding for id in the current scope, or records a duplicate, and returns
// it (nil for a missing name).
func (r *resolver) declare(id *ast.Ident, kind Kind, decl ast.Node, d *ast.Declarator, ready int, loop bool) *Binding {
	if id == nil || id.Name == "" {
		return nil
	}
	b := &Binding{Name: id.Name, Kind: kind, Ident: id, Decl: decl, Declarator: d, Loop: loop, Scope: r.cur, Ready: ready}
	r.s.decls[id] = b
	if r.cur.names[id.Name] != nil {
		r.s.Duplicates = append(r.s.Duplicates, b)
		return b
	}
	r.cur.names[id.Name] = b
	r.cur.Bindings = append(r.cur.Bindings, b)
	r.s.all = append(r.s.all, b)
	return b
}

// declarePattern declares every identifier bound by the pattern p.
func (r *resolver) declarePattern(p ast.Pattern, kind Kind, decl ast.Node, d *ast.Declarator, ready int, loop bool) {
	eachPatternName(p, false, func(id *ast.Ident, shorthand bool) {
		if b := r.declare(id, kind, decl, d, ready, loop); b != nil {
			b.Shorthand = shorthand
		}
	})
	markRestSiblings(p, func(id *ast.Ident) {
		if b := r.s.decls[id]; b != nil {
			b.restSibling = true
		}
	})
}

// markRestSiblings calls f for the identifiers that are direct properties of an object pattern
// with a rest element (`const {a, ...others} = o`): they may be declared only to leave their
// key out of the rest.
func markRestSiblings(p ast.Pattern, f func(*ast.Ident)) {
	switch p := p.(type) {
	case *ast.ObjectPattern:
		for _, pp := range p.Props {
			if pp == nil {
				continue
			}
			if id, ok := pp.Target.(*ast.Ident); ok && p.Rest != nil && id != nil {
				f(id)
			}
			markRestSiblings(pp.Target, f)
		}
	case *ast.ArrayPattern:
		for _, e := range p.Elems {
			if e != nil {
				markRestSiblings(e.Target, f)
			}
		}
	}
}

// PatternNames returns the identifiers a binding pattern declares, in source order (member and
// index targets, which only appear in assignments, declare nothing).
func PatternNames(p ast.Pattern) []*ast.Ident {
	var out []*ast.Ident
	eachPatternName(p, false, func(id *ast.Ident, _ bool) { out = append(out, id) })
	return out
}

// eachPatternName calls f for every identifier of the pattern p in source order, telling
// whether it is written as a shorthand property (`{a}` or `{a = 1}`).
func eachPatternName(p ast.Pattern, shorthand bool, f func(id *ast.Ident, shorthand bool)) {
	switch p := p.(type) {
	case *ast.Ident:
		if p != nil {
			f(p, shorthand)
		}
	case *ast.ObjectPattern:
		for _, pp := range p.Props {
			if pp != nil {
				eachPatternName(pp.Target, pp.Shorthand, f)
			}
		}
		if p.Rest != nil {
			eachPatternName(p.Rest, false, f)
		}
	case *ast.ArrayPattern:
		for _, e := range p.Elems {
			if e != nil {
				eachPatternName(e.Target, false, f)
			}
		}
		if p.Rest != nil {
			eachPatternName(p.Rest, false, f)
		}
	}
}

// declareStmts declares the bindings that the statements of one block introduce directly.
func (r *resolver) declareStmts(list []ast.Stmt) {
	for _, s := range list {
		switch s := s.(type) {
		case *ast.VarDecl:
			r.declareVarDecl(s, false)
		case *ast.FuncDecl:
			r.declare(s.Name, KindFunc, s, nil, 0, false)
		}
	}
}

func (r *resolver) declareVarDecl(v *ast.VarDecl, loop bool) {
	kind := KindLet
	if v.Kind == ast.Const {
		kind = KindConst
	}
	for _, d := range v.Decls {
		if d != nil {
			r.declarePattern(d.Target, kind, v, d, d.Range.End.Offset, loop)
		}
	}
}

func (r *resolver) stmts(list []ast.Stmt) {
	for _, s := range list {
		r.stmt(s)
	}
}

// block resolves a block statement in a new scope.
func (r *resolver) block(b *ast.BlockStmt) {
	if b == nil {
		return
	}
	r.open(b, b.Range, false)
	r.declareStmts(b.Stmts)
	r.stmts(b.Stmts)
	r.close()
}

// body resolves the single-statement body of if/while/for, giving a declaration there (an
// error reported by Check) a scope of its own.
func (r *resolver) body(s ast.Stmt) {
	if s == nil {
		return
	}
	switch s.(type) {
	case *ast.VarDecl, *ast.FuncDecl:
		r.open(s, s.Span(), false)
		r.declareStmts([]ast.Stmt{s})
		r.stmt(s)
		r.close()
	default:
		r.stmt(s)
	}
}

func (r *resolver) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.VarDecl:
		for _, d := range s.Decls {
			if d == nil {
				continue
			}
			walkPattern(r, d.Target)
			r.expr(d.Init)
		}
	case *ast.ExprStmt:
		r.discarded(s.X)
	case *ast.BlockStmt:
		r.block(s)
	case *ast.IfStmt:
		r.expr(s.Cond)
		r.body(s.Then)
		r.body(s.Else)
	case *ast.SwitchStmt:
		r.expr(s.Disc)
		rng := s.Range
		if n := len(s.Cases); n > 0 && s.Cases[0] != nil && s.Cases[n-1] != nil {
			rng = source.Range{Start: s.Cases[0].Range.Start, End: s.Cases[n-1].Range.End}
		}
		r.open(s, rng, false)
		for _, c := range s.Cases {
			if c != nil {
				r.declareStmts(c.Body)
			}
		}
		for _, c := range s.Cases {
			if c != nil {
				r.expr(c.Test)
				r.stmts(c.Body)
			}
		}
		r.close()
	case *ast.WhileStmt:
		r.expr(s.Cond)
		r.body(s.Body)
	case *ast.DoWhileStmt:
		r.body(s.Body)
		r.expr(s.Cond)
	case *ast.ForStmt:
		r.open(s, s.Range, false)
		if v, ok := s.Init.(*ast.VarDecl); ok {
			r.declareVarDecl(v, true)
		}
		r.stmt(s.Init)
		r.expr(s.Test)
		r.discarded(s.Update)
		r.body(s.Body)
		r.close()
	case *ast.ForOfStmt:
		if s.Kind == 0 {
			walkTarget(r, s.Target, Write, false)
			r.expr(s.Iter)
			r.body(s.Body)
			return
		}
		r.open(s, s.Range, false)
		kind := KindLet
		if s.Kind == ast.Const {
			kind = KindConst
		}
		ready := s.Range.End.Offset
		if s.Iter != nil {
			ready = s.Iter.Span().End.Offset
		}
		r.declarePattern(s.Target, kind, s, nil, ready, true)
		walkPattern(r, s.Target)
		r.expr(s.Iter)
		r.body(s.Body)
		r.close()
	case *ast.ReturnStmt:
		r.expr(s.X)
	case *ast.ThrowStmt:
		r.expr(s.X)
	case *ast.TryStmt:
		r.block(s.Block)
		if s.Catch != nil {
			rng := s.Catch.Range
			if s.Param != nil {
				rng.Start = s.Param.Span().Start
			}
			r.open(s.Catch, rng, false)
			if s.Param != nil {
				r.declarePattern(s.Param, KindCatch, s, nil, s.Param.Span().End.Offset, false)
				walkPattern(r, s.Param)
			}
			r.declareStmts(s.Catch.Stmts)
			r.stmts(s.Catch.Stmts)
			r.close()
		}
		r.block(s.Finally)
	case *ast.LabeledStmt:
		r.body(s.Body)
	case *ast.FuncDecl:
		r.function(s, s.Range, nil, s.Params, s.Body)
	}
}

// function resolves a function (§9): one scope for its name (function expressions), its
// parameters and its body.
func (r *resolver) function(n ast.Node, rng source.Range, name *ast.Ident, params []*ast.Param, body ast.Node) {
	r.open(n, rng, true)
	if name != nil {
		r.declare(name, KindFunc, n, nil, 0, false)
	}
	for _, p := range params {
		if p != nil {
			r.declarePattern(p.Target, KindParam, p, nil, p.Range.End.Offset, false)
		}
	}
	if b, ok := body.(*ast.BlockStmt); ok && b != nil {
		r.declareStmts(b.Stmts)
	}
	walkParams(r, params)
	switch b := body.(type) {
	case *ast.BlockStmt:
		if b != nil {
			r.stmts(b.Stmts)
		}
	case ast.Expr:
		r.expr(b)
	}
	r.close()
}

// discarded resolves an expression whose value is not used (an expression statement or a for
// update): a compound assignment or ++/-- there only writes its variable.
func (r *resolver) discarded(e ast.Expr) {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok || p == nil {
			break
		}
		e = p.X
	}
	switch e := e.(type) {
	case *ast.UpdateExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			r.use(id, Write)
			return
		}
	case *ast.AssignExpr:
		if id, ok := e.Target.(*ast.Ident); ok && e.Op != "=" {
			r.use(id, Write)
			r.expr(e.Value)
			return
		}
	}
	r.expr(e)
}

// use records a reference to the name id and returns it.
func (r *resolver) use(id *ast.Ident, acc Access) *Ref {
	if id == nil {
		return &Ref{}
	}
	ref := &Ref{Ident: id, Access: acc, Scope: r.cur}
	r.s.refs[id] = ref
	if b := r.cur.LookupParent(id.Name); b != nil {
		ref.Binding = b
		ref.Early = id.Range.Start.Offset < b.Ready
		b.Refs = append(b.Refs, ref)
		return ref
	}
	r.s.Unresolved = append(r.s.Unresolved, ref)
	return ref
}

// expr resolves the names in an expression.
func (r *resolver) expr(e ast.Expr) { walkExpr(r, e) }

// visitExpr does nothing: only names and functions matter to the resolver.
func (r *resolver) visitExpr(ast.Expr) {}

// visitRef records a reference.
func (r *resolver) visitRef(id *ast.Ident, acc Access, shorthand bool) {
	ref := r.use(id, acc)
	if shorthand {
		ref.Shorthand = true
	}
}

// visitFunc resolves a function expression or an arrow function in its own scope.
func (r *resolver) visitFunc(n ast.Node, name *ast.Ident, params []*ast.Param, body ast.Node) {
	r.function(n, n.Span(), name, params, body)
}
