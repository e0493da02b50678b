package check

import (
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// checkNames turns the result of Resolve into diagnostics: undeclared names, uses before
// declaration, duplicates, assignments to constants and built-ins, shadowed built-ins and
// unused variables.
func (c *checker) checkNames() {
	for _, ref := range c.scopes.Unresolved {
		c.undeclared(ref)
	}
	for _, b := range c.scopes.Duplicates {
		c.duplicate(b)
	}
	for _, b := range c.scopes.Bindings() {
		for _, ref := range b.Refs {
			if ref.Early {
				c.early(ref)
			}
			if ref.Access != Read {
				c.assignment(ref)
			}
		}
		if c.scopes.Universe.Lookup(b.Name) != nil {
			c.warnf(diag.CodeShadowBuiltin, b.Ident.Range,
				"`%s` shadows the built-in `%s` in this block", b.Name, b.Name)
		}
		c.unused(b)
	}
	for _, b := range c.scopes.Universe.Bindings {
		for _, ref := range b.Refs {
			if ref.Access != Read {
				c.errorf(diag.CodeAssignBuiltin, ref.Ident.Range,
					"cannot assign to the built-in `%s`; declare a variable with another name", b.Name)
			}
		}
	}
}

// reserved are the words that can never be variable names (spec §2); the parser reports them.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`let const if else switch case default while do for of in break
		continue return try catch finally throw await true false null function async typeof delete
		var new class instanceof void with yield import export this super enum extends static
		debugger`) {
		reserved[w] = true
	}
}

// undeclared reports a reference to a name declared nowhere visible.
func (c *checker) undeclared(ref *Ref) {
	id := ref.Ident
	if reserved[id.Name] {
		return // the parser reports a reserved word used as a name
	}
	if id.Name == "undefined" {
		d := c.errorf(diag.CodeUndeclared, id.Range, "undeclared variable `undefined`: Flow has no `undefined` value; use `null`")
		d.Fixes = append(d.Fixes, fix("replace with `null`", id.Range, "null"))
		return
	}
	var names []string
	for _, b := range c.scopes.VisibleAt(id.Range.Start.Offset) {
		names = append(names, b.Name)
	}
	msg := "undeclared variable `" + id.Name + "`"
	var related []diag.Related
	for _, b := range c.scopes.Bindings() {
		if b.Name == id.Name && len(related) < 3 {
			related = append(related, diag.Related{Range: b.Ident.Range, Message: "a `" + id.Name + "` is declared here, in a scope that does not include this use"})
		}
	}
	var fixes []diag.Fix
	if s := Suggest(id.Name, names); s != "" {
		msg += "; did you mean `" + s + "`?"
		fixes = append(fixes, fix("replace with `"+s+"`", id.Range, s))
	}
	if stmt := c.assignStmts()[id]; stmt != nil {
		fixes = append(fixes, fix("declare `"+id.Name+"` with `let`", point(stmt.Range.Start), "let "))
	}
	d := c.errorf(diag.CodeUndeclared, id.Range, "%s", msg)
	d.Related, d.Fixes = related, fixes
}

// assignStmts returns the statements `name = value` that stand in a statement list (where a
// declaration may replace them), keyed by their target identifier. Computed once.
func (c *checker) assignStmts() map[*ast.Ident]*ast.ExprStmt {
	if c.assigns != nil {
		return c.assigns
	}
	c.assigns = map[*ast.Ident]*ast.ExprStmt{}
	add := func(list []ast.Stmt) {
		for _, s := range list {
			if es, ok := s.(*ast.ExprStmt); ok {
				if a, ok := es.X.(*ast.AssignExpr); ok && a.Op == "=" {
					if id, ok := a.Target.(*ast.Ident); ok && id != nil {
						c.assigns[id] = es
					}
				}
			}
		}
	}
	ast.Inspect(c.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.File:
			add(n.Stmts)
		case *ast.BlockStmt:
			add(n.Stmts)
		case *ast.CaseClause:
			add(n.Body)
		}
		return true
	})
	return c.assigns
}

// early reports a reference before its binding is ready (spec §12.2).
func (c *checker) early(ref *Ref) {
	b := ref.Binding
	d := c.errorf(diag.CodeUseBeforeDecl, ref.Ident.Range, "`%s` is used before its declaration", b.Name)
	d.Related = []diag.Related{{Range: b.Ident.Range, Message: "`" + b.Name + "` is declared here"}}
}

// duplicate reports a second declaration of a name in one scope.
func (c *checker) duplicate(b *Binding) {
	first := b.Scope.Lookup(b.Name)
	what := "in this scope"
	switch first.Kind {
	case KindCatch:
		what = "as the catch parameter"
	case KindParam:
		what = "as a parameter"
	}
	d := c.errorf(diag.CodeDuplicateDecl, b.Ident.Range, "`%s` is already declared %s", b.Name, what)
	d.Related = []diag.Related{{Range: first.Ident.Range, Message: "first declared here"}}
	// `let x = 1` after an earlier `let x`: offer to assign the existing variable instead.
	if v, ok := b.Decl.(*ast.VarDecl); ok && len(v.Decls) == 1 && first.Kind != KindConst &&
		v.Decls[0].Target == ast.Pattern(b.Ident) && v.Decls[0].Init != nil && b.Scope.Node != v {
		d.Fixes = append(d.Fixes, fix("assign to the existing `"+b.Name+"`",
			source.Range{Start: v.Range.Start, End: b.Ident.Range.Start}, ""))
	}
}

// assignment reports a write to a constant.
func (c *checker) assignment(ref *Ref) {
	b := ref.Binding
	if b.Kind != KindConst {
		return
	}
	d := c.errorf(diag.CodeAssignConst, ref.Ident.Range, "cannot assign to `%s`: it is a constant", b.Name)
	d.Related = []diag.Related{{Range: b.Ident.Range, Message: "`" + b.Name + "` is declared here with `const`"}}
	if v, ok := b.Decl.(*ast.VarDecl); ok && v.Kind == ast.Const {
		kw := source.Range{Start: v.Range.Start, End: advance(v.Range.Start, len("const"))}
		d.Fixes = append(d.Fixes, fix("declare `"+b.Name+"` with `let`", kw, "let"))
	}
}

// unused warns about a variable whose value is never read.
func (c *checker) unused(b *Binding) {
	if b.Used() || b.restSibling || strings.HasPrefix(b.Name, "_") || c.isPartial() {
		return
	}
	switch b.Kind {
	case KindLet, KindConst, KindCatch:
	default:
		return
	}
	msg := "`" + b.Name + "` is declared but never used"
	if len(b.Refs) > 0 {
		msg = "`" + b.Name + "` is assigned but its value is never read"
	}
	if b.Declarator != nil && b.Declarator.Target == ast.Pattern(b.Ident) && len(b.Refs) == 0 {
		if call, ok := ast.Unparen(b.Declarator.Init).(*ast.CallExpr); ok {
			if en, ok := c.builtinOf(call.Callee); ok && en.Name == "Signal.next" {
				c.warnf(diag.CodeUnawaitedSignal, call.Range,
					"the handle of `Signal.next` stored in `%s` is never awaited, but the request still consumes a signal", b.Name)
			}
		}
	}
	d := c.warnf(diag.CodeUnusedVariable, b.Ident.Range, "%s", msg)
	if len(b.Refs) == 0 {
		if f, ok := c.removeBinding(b); ok {
			d.Fixes = append(d.Fixes, f)
		}
	}
	d.Fixes = append(d.Fixes, c.renameUnused(b))
}

// renameUnused renames b (and its writes) to `_name`, which marks it as intentionally unused.
func (c *checker) renameUnused(b *Binding) diag.Fix {
	f := diag.Fix{Title: "rename to `_" + b.Name + "`"}
	if b.Shorthand {
		f.Edits = append(f.Edits, diag.Edit{Range: b.Ident.Range, NewText: b.Name + ": _" + b.Name})
	} else {
		f.Edits = append(f.Edits, diag.Edit{Range: point(b.Ident.Range.Start), NewText: "_"})
	}
	for _, r := range b.Refs {
		if r.Shorthand {
			f.Edits = append(f.Edits, diag.Edit{Range: r.Ident.Range, NewText: b.Name + ": _" + b.Name})
		} else {
			f.Edits = append(f.Edits, diag.Edit{Range: point(r.Ident.Range.Start), NewText: "_"})
		}
	}
	return f
}

// removeBinding builds a fix that deletes an unused, never-assigned binding when that cannot
// change behaviour: the whole declarator when its initialiser has no effect, only `let x = `
// when it has one, or the binding of an unused catch parameter.
func (c *checker) removeBinding(b *Binding) (diag.Fix, bool) {
	switch d := b.Decl.(type) {
	case *ast.TryStmt:
		if d.Param != ast.Pattern(b.Ident) || d.Block == nil || d.Catch == nil {
			return diag.Fix{}, false
		}
		r := source.Range{Start: d.Block.Range.End, End: d.Catch.Range.Start}
		if c.hasComment(r) {
			return diag.Fix{}, false
		}
		return fix("remove the unused catch binding", r, " catch "), true
	case *ast.VarDecl:
		if b.Loop || b.Declarator == nil || b.Declarator.Target != ast.Pattern(b.Ident) {
			return diag.Fix{}, false
		}
		dl := b.Declarator
		if c.hasComment(d.Range) {
			return diag.Fix{}, false
		}
		if dl.Init != nil && !pure(dl.Init) {
			if len(d.Decls) != 1 || startsLikeStatement(dl.Init) {
				return diag.Fix{}, false
			}
			return fix("remove `"+b.Name+"`, keep the expression",
				source.Range{Start: d.Range.Start, End: dl.Init.Span().Start}, ""), true
		}
		if len(d.Decls) == 1 {
			return fix("remove the declaration of `"+b.Name+"`", d.Range, ""), true
		}
		i := 0
		for i < len(d.Decls) && d.Decls[i] != dl {
			i++
		}
		var r source.Range
		if i+1 < len(d.Decls) {
			r = source.Range{Start: dl.Range.Start, End: d.Decls[i+1].Range.Start}
		} else {
			r = source.Range{Start: d.Decls[i-1].Range.End, End: dl.Range.End}
		}
		return fix("remove `"+b.Name+"`", r, ""), true
	}
	return diag.Fix{}, false
}

// hasComment reports whether a comment lies inside r (a fix that deletes r would lose it).
func (c *checker) hasComment(r source.Range) bool {
	for _, cm := range c.file.Comments {
		if cm != nil && r.Covers(cm.Range) {
			return true
		}
	}
	return false
}

// startsLikeStatement reports whether an expression statement starting with e would be read as
// something else (a block or a function declaration).
func startsLikeStatement(e ast.Expr) bool {
	for {
		switch x := e.(type) {
		case *ast.ObjectLit, *ast.FuncExpr:
			return true
		case *ast.BinaryExpr:
			e = x.X
		case *ast.LogicalExpr:
			e = x.X
		case *ast.CondExpr:
			e = x.Test
		case *ast.CallExpr:
			e = x.Callee
		case *ast.MemberExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.AssignExpr:
			return true
		case *ast.UpdateExpr:
			if x.Prefix {
				return false
			}
			e = x.X
		default:
			return false
		}
	}
}

// pure reports whether evaluating e can have no effect and cannot throw: literals, variables
// and literals built from them.
func pure(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.NullLit, *ast.BoolLit, *ast.NumberLit, *ast.StringLit, *ast.Ident:
		return true
	case *ast.TemplateLit:
		return len(e.Exprs) == 0
	case *ast.ParenExpr:
		return pure(e.X)
	case *ast.ArrayLit:
		for _, x := range e.Elems {
			if !pure(x) {
				return false
			}
		}
		return true
	case *ast.ObjectLit:
		for _, p := range e.Props {
			if p == nil || p.Kind == ast.PropSpread || p.Computed || !pure(p.Value) {
				return false
			}
		}
		return true
	}
	return false
}
