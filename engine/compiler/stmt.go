package compiler

import (
	"sort"

	"github.com/rhythmflow/rhythm/lang/ast"
)

func (c *compiler) stmt(s ast.Stmt) {
	if s == nil {
		return
	}
	save := c.enter(s)
	defer c.leave(save)
	labels := c.labels
	c.labels = nil
	switch s := s.(type) {
	case *ast.VarDecl:
		if s.Kind != ast.Let && s.Kind != ast.Const {
			c.fail(s, "%s is not part of the language: use let or const", s.Kind)
		}
		for _, d := range s.Decls {
			if d == nil {
				c.fail(s, "invalid declaration")
			}
			save := c.enter(d)
			if d.Init != nil {
				c.expr(d.Init)
			} else {
				if s.Kind == ast.Const {
					c.fail(d, "const declaration without initialiser")
				}
				c.emit(OpNull, 0, 0)
			}
			c.bindDecl(d.Target)
			c.leave(save)
		}
	case *ast.ExprStmt:
		c.exprDiscard(s.X)
	case *ast.EmptyStmt:
	case *ast.BlockStmt:
		c.block(s.Stmts, labels)
	case *ast.IfStmt:
		c.expr(s.Cond)
		jElse := c.emit(OpJumpIfFalse, 0, 0)
		c.stmt(s.Then)
		if s.Else != nil {
			jEnd := c.emit(OpJump, 0, 0)
			c.patch(jElse)
			c.stmt(s.Else)
			c.patch(jEnd)
		} else {
			c.patch(jElse)
		}
	case *ast.WhileStmt:
		e := c.pushCtx(ctxLoop, labels)
		start := c.here()
		c.expr(s.Cond)
		e.breakJumps = append(e.breakJumps, c.emit(OpJumpIfFalse, 0, 0))
		c.stmt(s.Body)
		c.emit(OpJump, start, 0)
		c.popLoop(e, start, c.here())
	case *ast.DoWhileStmt:
		e := c.pushCtx(ctxLoop, labels)
		start := c.here()
		c.stmt(s.Body)
		cont := c.here()
		c.expr(s.Cond)
		c.emit(OpJumpIfTrue, start, 0)
		c.popLoop(e, cont, c.here())
	case *ast.ForStmt:
		var init []ast.Stmt
		if s.Init != nil {
			init = []ast.Stmt{s.Init}
		}
		c.pushScope(init)
		c.stmt(s.Init)
		e := c.pushCtx(ctxLoop, labels)
		test := c.here()
		if s.Test != nil {
			c.expr(s.Test)
			e.breakJumps = append(e.breakJumps, c.emit(OpJumpIfFalse, 0, 0))
		}
		c.stmt(s.Body)
		cont := c.here()
		if s.Update != nil {
			c.exprDiscard(s.Update)
		}
		c.emit(OpJump, test, 0)
		c.popLoop(e, cont, c.here())
		c.popScope()
	case *ast.ForOfStmt:
		c.forOf(s, labels)
	case *ast.SwitchStmt:
		c.switchStmt(s, labels)
	case *ast.LabeledStmt:
		if s.Label == nil {
			c.fail(s, "label without a name")
		}
		all := append(labels, s.Label.Name)
		switch s.Body.(type) {
		case *ast.WhileStmt, *ast.DoWhileStmt, *ast.ForStmt, *ast.ForOfStmt, *ast.LabeledStmt:
			c.labels = all
			c.stmt(s.Body)
		default:
			e := c.pushCtx(ctxLabel, all)
			c.stmt(s.Body)
			c.popCtx()
			for _, j := range e.breakJumps {
				c.patch(j)
			}
		}
	case *ast.BranchStmt:
		c.branch(s)
	case *ast.ReturnStmt:
		if s.X != nil {
			c.expr(s.X)
		} else {
			c.emit(OpNull, 0, 0)
		}
		c.unwind(0)
		c.emit(OpReturn, 0, 0)
	case *ast.ThrowStmt:
		c.expr(s.X)
		c.emit(OpThrow, 0, 0)
	case *ast.TryStmt:
		c.tryStmt(s)
	case *ast.FuncDecl:
		c.fail(s, "functions are not supported yet")
	case *ast.UnsupportedStmt:
		c.fail(s, "%s is not part of the language", s.Keyword)
	case *ast.BadStmt:
		c.fail(s, "invalid statement")
	default:
		c.fail(s, "unsupported statement %T", s)
	}
}

// block compiles a block of statements in a new scope. A labelled block gets a break target.
func (c *compiler) block(stmts []ast.Stmt, labels []string) {
	var e *ctxEntry
	if len(labels) > 0 {
		e = c.pushCtx(ctxLabel, labels)
	}
	c.pushScope(stmts)
	for _, st := range stmts {
		c.stmt(st)
	}
	c.popScope()
	if e != nil {
		c.popCtx()
		for _, j := range e.breakJumps {
			c.patch(j)
		}
	}
}

func (c *compiler) pushCtx(kind ctxKind, labels []string) *ctxEntry {
	e := &ctxEntry{kind: kind, labels: labels}
	c.ctx = append(c.ctx, e)
	return e
}

func (c *compiler) popCtx() { c.ctx = c.ctx[:len(c.ctx)-1] }

// popLoop closes a loop context: continues go to cont, breaks to end.
func (c *compiler) popLoop(e *ctxEntry, cont, end int) {
	c.popCtx()
	for _, j := range e.continueJumps {
		c.patchTo(j, cont)
	}
	for _, j := range e.breakJumps {
		c.patchTo(j, end)
	}
}

// unwind emits what leaving every context above depth needs: popping try handlers and running
// (inline copies of) the finally blocks crossed, innermost first.
func (c *compiler) unwind(depth int) {
	for i := len(c.ctx) - 1; i >= depth; i-- {
		e := c.ctx[i]
		switch e.kind {
		case ctxCatch:
			c.emit(OpPopHandler, 0, 0)
		case ctxFinally:
			c.emit(OpPopHandler, 0, 0)
			savedCtx, savedScope, savedLabels := c.ctx, c.scope, c.labels
			c.ctx = append([]*ctxEntry(nil), c.ctx[:i]...)
			c.scope = e.scope
			c.labels = nil
			c.block(e.finally.Stmts, nil)
			c.ctx, c.scope, c.labels = savedCtx, savedScope, savedLabels
		}
	}
}

func hasLabel(e *ctxEntry, name string) bool {
	for _, l := range e.labels {
		if l == name {
			return true
		}
	}
	return false
}

func (c *compiler) branch(s *ast.BranchStmt) {
	for i := len(c.ctx) - 1; i >= 0; i-- {
		e := c.ctx[i]
		var ok bool
		switch {
		case s.Label != nil:
			ok = hasLabel(e, s.Label.Name) && (!s.Continue || e.kind == ctxLoop)
			if hasLabel(e, s.Label.Name) && !ok {
				c.fail(s, "continue target %s is not a loop", s.Label.Name)
			}
		case s.Continue:
			ok = e.kind == ctxLoop
		default:
			ok = e.kind == ctxLoop || e.kind == ctxSwitch
		}
		if !ok {
			continue
		}
		c.unwind(i + 1)
		j := c.emit(OpJump, 0, 0)
		if s.Continue {
			e.continueJumps = append(e.continueJumps, j)
		} else {
			e.breakJumps = append(e.breakJumps, j)
		}
		return
	}
	switch {
	case s.Label != nil:
		c.fail(s, "undefined label %s", s.Label.Name)
	case s.Continue:
		c.fail(s, "continue outside a loop")
	default:
		c.fail(s, "break outside a loop or switch")
	}
}

func (c *compiler) forOf(s *ast.ForOfStmt, labels []string) {
	c.expr(s.Iter)
	var base int
	save := c.cur
	if s.Iter != nil {
		c.cur = posOf(s.Iter)
	}
	if s.Of {
		base = c.newSlots(2)
		c.emit(OpIterInit, base, 0)
	} else {
		base = c.newSlots(3)
		c.emit(OpForInInit, base, 0)
	}
	c.cur = save
	e := c.pushCtx(ctxLoop, labels)
	next := c.here()
	if s.Of {
		e.breakJumps = append(e.breakJumps, c.emit(OpIterNext, base, 0))
	} else {
		e.breakJumps = append(e.breakJumps, c.emit(OpForInNext, base, 0))
	}
	c.openScope()
	if s.Kind != 0 {
		if s.Kind != ast.Let && s.Kind != ast.Const {
			c.fail(s, "%s is not part of the language: use let or const", s.Kind)
		}
		c.declarePattern(s.Target, s.Kind == ast.Const)
		c.bindDecl(s.Target)
	} else {
		c.assignPattern(s.Target)
	}
	c.stmt(s.Body)
	c.popScope()
	c.emit(OpJump, next, 0)
	c.popLoop(e, next, c.here())
	// Drop the iteration state so that it does not stay in the snapshot.
	c.emit(OpNull, 0, 0)
	c.emit(OpStore, base, 0)
	c.emit(OpNull, 0, 0)
	c.emit(OpStore, base+1, 0)
}

func (c *compiler) switchStmt(s *ast.SwitchStmt, labels []string) {
	for _, cl := range s.Cases {
		if cl == nil {
			c.fail(s, "invalid switch clause")
		}
	}
	c.expr(s.Disc)
	disc := c.newSlot()
	c.emit(OpStore, disc, 0)
	var all []ast.Stmt
	for _, cl := range s.Cases {
		all = append(all, cl.Body...)
	}
	c.pushScope(all)
	sw := c.switchBindings(s)
	e := c.pushCtx(ctxSwitch, labels)
	jumps := make([]int, len(s.Cases))
	def := -1
	sw.cur = -1
	for i, cl := range s.Cases {
		if cl.Test == nil {
			def = i
			continue
		}
		save := c.enter(cl)
		c.emit(OpLoad, disc, 0)
		c.expr(cl.Test)
		c.emit(OpEq, 0, 0)
		jumps[i] = c.emit(OpJumpIfTrue, 0, 0)
		c.leave(save)
	}
	jDefault := c.emit(OpJump, 0, 0)
	for i, cl := range s.Cases {
		if cl.Test == nil {
			c.patch(jDefault)
		} else {
			c.patch(jumps[i])
		}
		sw.cur = i
		for _, st := range cl.Body {
			c.stmt(st)
		}
	}
	if def < 0 {
		c.patch(jDefault)
	}
	c.popCtx()
	for _, j := range e.breakJumps {
		c.patch(j)
	}
	c.popScope()
	c.emit(OpNull, 0, 0)
	c.emit(OpStore, disc, 0)
}

// switchBindings records, for each binding the clauses of s declare (already hoisted into the
// current scope), its clause; marks skippable those that another clause or a case test names
// (the clause holding the declaration may be jumped over or not reached yet); and resets their
// slots to uninitialised, so that each run of the switch starts with them in their dead zone.
// Bindings only their own clause names are always initialised when read (their declaration
// comes first in the clause) and keep the unchecked instructions.
func (c *compiler) switchBindings(s *ast.SwitchStmt) *switchScope {
	sw := &switchScope{}
	var declared []map[string]bool // names declared by each clause
	for _, cl := range s.Cases {
		names := map[string]bool{}
		for _, st := range cl.Body {
			if d, ok := st.(*ast.VarDecl); ok {
				for _, decl := range d.Decls {
					if decl != nil {
						patternNames(decl.Target, names)
					}
				}
			}
		}
		declared = append(declared, names)
	}
	// named[i] holds the identifiers clause i mentions; tests those of the case tests.
	named := make([]map[string]bool, len(s.Cases))
	tests := map[string]bool{}
	for i, cl := range s.Cases {
		named[i] = map[string]bool{}
		for _, st := range cl.Body {
			identNames(st, named[i])
		}
		if cl.Test != nil {
			identNames(cl.Test, tests)
		}
	}
	for i := range s.Cases {
		for name := range declared[i] {
			b := c.scope.names[name]
			if b == nil || b.sw != nil {
				continue // a repeated declaration: the first one owns the binding
			}
			b.sw, b.clause = sw, i
			b.skippable = tests[name]
			for j := range s.Cases {
				if j != i && named[j][name] {
					b.skippable = true
				}
			}
		}
	}
	// Reset in slot order, so that the code does not depend on map iteration.
	var slots []int
	for _, b := range c.scope.names {
		if b.skippable {
			slots = append(slots, b.slot)
		}
	}
	sort.Ints(slots)
	for _, slot := range slots {
		c.emit(OpUninit, slot, 0)
	}
	return sw
}

// patternNames adds the names a declaration pattern binds to names (as declarePattern
// declares them).
func patternNames(p ast.Pattern, names map[string]bool) {
	switch p := p.(type) {
	case *ast.Ident:
		names[p.Name] = true
	case *ast.ObjectPattern:
		for _, prop := range p.Props {
			if prop != nil {
				patternNames(prop.Target, names)
			}
		}
		patternNames(p.Rest, names)
	case *ast.ArrayPattern:
		for _, el := range p.Elems {
			if el != nil {
				patternNames(el.Target, names)
			}
		}
		patternNames(p.Rest, names)
	}
}

// identNames adds every identifier under n to names (a superset of the variables n refers to:
// property names count too, which at worst checks a binding that did not need it).
func identNames(n ast.Node, names map[string]bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			names[id.Name] = true
		}
		return true
	})
}

// tryStmt compiles try/catch/finally. A try with both is compiled as
// try { try {B} catch {C} } finally {F}.
func (c *compiler) tryStmt(s *ast.TryStmt) {
	if s.Block == nil || (s.Catch == nil && s.Finally == nil) {
		c.fail(s, "try needs a catch or a finally block")
	}
	if s.Finally == nil {
		c.tryCatch(s)
		return
	}
	outer := c.scope
	h := c.emit(OpPushHandler, 0, 0)
	e := c.pushCtx(ctxFinally, nil)
	e.finally, e.scope = s.Finally, outer
	if s.Catch != nil {
		c.tryCatch(s)
	} else {
		c.block(s.Block.Stmts, nil)
	}
	c.popCtx()
	c.emit(OpPopHandler, 0, 0)
	c.block(s.Finally.Stmts, nil)
	jEnd := c.emit(OpJump, 0, 0)
	c.patch(h)
	exc := c.newSlots(2)
	c.emit(OpCatchStore, exc, 0)
	c.block(s.Finally.Stmts, nil)
	c.emit(OpRethrow, exc, 0)
	c.patch(jEnd)
}

func (c *compiler) tryCatch(s *ast.TryStmt) {
	h := c.emit(OpPushHandler, 0, 0)
	c.pushCtx(ctxCatch, nil)
	c.block(s.Block.Stmts, nil)
	c.popCtx()
	c.emit(OpPopHandler, 0, 0)
	jEnd := c.emit(OpJump, 0, 0)
	c.patch(h)
	c.openScope()
	if s.Param != nil {
		c.declarePattern(s.Param, false)
		c.bindDecl(s.Param)
	} else {
		c.emit(OpPop, 0, 0)
	}
	c.block(s.Catch.Stmts, nil)
	c.popScope()
	c.patch(jEnd)
}
