package check

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// label is an enclosing labelled statement.
type label struct {
	name string
	loop bool // the label denotes a loop (continue may target it)
}

// flow is the control context of the statement being checked: the loops, switches and labels
// that enclose it within the current function (§9: none of them crosses a function).
type flow struct {
	loops     int // enclosing loops
	breakable int // enclosing loops and switches
	labels    []label
}

// walk checks every statement and expression of the file (everything but name resolution).
func (c *checker) walk() {
	c.stmtList(c.file.Stmts, &flow{})
}

// stmtList checks a list of statements and reports the first unreachable one.
func (c *checker) stmtList(list []ast.Stmt, fl *flow) {
	dead := false
	for i, s := range list {
		if dead && reportableDead(s) {
			last := list[len(list)-1]
			r := source.Range{Start: s.Span().Start, End: last.Span().End}
			d := c.warnf(diag.CodeUnreachable, r, "unreachable code")
			if !c.hasComment(r) {
				d.Fixes = append(d.Fixes, fix("remove the unreachable code", r, ""))
			}
			dead = false
			// The rest is still checked, but unreachable is reported once per list.
			for _, rest := range list[i:] {
				c.stmt(rest, fl)
			}
			return
		}
		c.stmt(s, fl)
		if c.terminates(s) {
			dead = true
		}
	}
}

// reportableDead reports whether an unreachable statement deserves a warning (an empty
// statement or a hoisted function declaration does not).
func reportableDead(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.EmptyStmt, *ast.FuncDecl, *ast.BadStmt:
		return false
	}
	return true
}

// terminates reports whether control never continues after s normally (it always returns,
// throws, breaks or continues). It is conservative: loops, switches and labelled statements are
// assumed to complete, and a break or continue already reported as invalid is ignored (no
// cascade of warnings). s must have been checked already.
func (c *checker) terminates(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.BlockStmt, *ast.IfStmt, *ast.TryStmt:
		// Compound statements are asked again by every enclosing list: remember the answer so
		// that deep nesting stays linear.
		if t, ok := c.term[s]; ok {
			return t
		}
		t := c.terminatesNow(s)
		c.term[s] = t
		return t
	}
	return c.terminatesNow(s)
}

func (c *checker) terminatesNow(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.ThrowStmt:
		return true
	case *ast.BranchStmt:
		return !c.badBranch[s]
	case *ast.BlockStmt:
		return s != nil && c.listTerminates(s.Stmts)
	case *ast.IfStmt:
		return s.Else != nil && c.terminates(s.Then) && c.terminates(s.Else)
	case *ast.TryStmt:
		if s.Finally != nil && c.listTerminates(s.Finally.Stmts) {
			return true
		}
		return s.Block != nil && c.listTerminates(s.Block.Stmts) && (s.Catch == nil || c.listTerminates(s.Catch.Stmts))
	}
	return false
}

func (c *checker) listTerminates(list []ast.Stmt) bool {
	for _, s := range list {
		if c.terminates(s) {
			return true
		}
	}
	return false
}

// body checks the single-statement body of an if, loop or label: a declaration is not allowed
// there (spec §3).
func (c *checker) body(s ast.Stmt, owner string, fl *flow) {
	if s == nil {
		return
	}
	switch s.(type) {
	case *ast.VarDecl, *ast.FuncDecl:
		what := "a declaration"
		if _, ok := s.(*ast.FuncDecl); ok {
			what = "a function declaration"
		}
		d := c.errorf(diag.CodeDeclarationBody, s.Span(), "%s cannot be the body of `%s`; wrap it in braces", what, owner)
		r := s.Span()
		d.Fixes = append(d.Fixes, diag.Fix{Title: "wrap in braces", Edits: []diag.Edit{
			{Range: point(r.Start), NewText: "{ "},
			{Range: point(r.End), NewText: " }"},
		}})
	}
	c.stmt(s, fl)
}

// loopBody checks the body of a loop, which `break` and `continue` may leave.
func (c *checker) loopBody(s ast.Stmt, owner string, fl *flow) {
	fl.loops++
	fl.breakable++
	c.body(s, owner, fl)
	fl.loops--
	fl.breakable--
}

func (c *checker) stmt(s ast.Stmt, fl *flow) {
	switch s := s.(type) {
	case *ast.VarDecl:
		c.varDecl(s)
	case *ast.ExprStmt:
		c.exprStmt(s)
	case *ast.BlockStmt:
		if s != nil {
			c.stmtList(s.Stmts, fl)
		}
	case *ast.IfStmt:
		c.expr(s.Cond)
		c.body(s.Then, "if", fl)
		c.body(s.Else, "else", fl)
	case *ast.SwitchStmt:
		c.expr(s.Disc)
		fl.breakable++
		for _, cl := range s.Cases {
			if cl != nil {
				c.expr(cl.Test)
				c.stmtList(cl.Body, fl)
			}
		}
		fl.breakable--
	case *ast.WhileStmt:
		c.expr(s.Cond)
		c.loopBody(s.Body, "while", fl)
	case *ast.DoWhileStmt:
		c.loopBody(s.Body, "do", fl)
		c.expr(s.Cond)
	case *ast.ForStmt:
		c.stmt(s.Init, fl)
		c.expr(s.Test)
		c.expr(s.Update)
		c.loopBody(s.Body, "for", fl)
	case *ast.ForOfStmt:
		c.forOf(s)
		word := "for…in"
		if s.Of {
			word = "for…of"
		}
		c.loopBody(s.Body, word, fl)
	case *ast.BranchStmt:
		c.branch(s, fl)
	case *ast.ReturnStmt:
		c.expr(s.X)
	case *ast.ThrowStmt:
		c.expr(s.X)
	case *ast.TryStmt:
		c.stmt(s.Block, fl)
		walkPattern(c, s.Param)
		c.stmt(s.Catch, fl)
		c.stmt(s.Finally, fl)
	case *ast.LabeledStmt:
		c.labeled(s, fl)
	case *ast.FuncDecl:
		c.functionsUnsupported(s, s.Body)
		c.function(s.Params, s.Body)
	case *ast.UnsupportedStmt:
		c.unsupportedStmt(s)
	}
}

// varDecl checks a declaration: `var`, `const` without initialiser, patterns and initialisers.
func (c *checker) varDecl(v *ast.VarDecl) {
	if v.Kind == ast.Var {
		kw := source.Range{Start: v.Range.Start, End: advance(v.Range.Start, len("var"))}
		d := c.errorf(diag.CodeUnsupported, kw, "`var` is not part of Flow; use `let` or `const`")
		d.Fixes = append(d.Fixes, fix("replace `var` with `let`", kw, "let"))
	}
	for _, d := range v.Decls {
		if d == nil {
			continue
		}
		if v.Kind == ast.Const && d.Init == nil {
			e := c.errorf(diag.CodeConstNoInit, d.Range, "`const` declaration without an initialiser; give it a value or use `let`")
			if len(v.Decls) == 1 {
				kw := source.Range{Start: v.Range.Start, End: advance(v.Range.Start, len("const"))}
				e.Fixes = append(e.Fixes, fix("declare with `let`", kw, "let"))
			}
		}
		walkPattern(c, d.Target)
		c.expr(d.Init)
	}
}

// forOf checks the head of a for-of/for-in loop.
func (c *checker) forOf(s *ast.ForOfStmt) {
	if s.Kind == ast.Var {
		r := s.Range
		if s.Target != nil {
			r = s.Target.Span()
		}
		c.errorf(diag.CodeUnsupported, r, "`var` is not part of Flow; declare the loop variable with `let` or `const`")
	}
	if s.Kind == 0 {
		walkTarget(c, s.Target, Write, false)
	} else {
		walkPattern(c, s.Target)
	}
	c.expr(s.Iter)
}

// branch checks the target of break/continue; an invalid one is remembered in c.badBranch.
func (c *checker) branch(s *ast.BranchStmt, fl *flow) {
	n := len(c.diags)
	defer func() {
		if len(c.diags) > n {
			c.badBranch[s] = true
		}
	}()
	word := "break"
	if s.Continue {
		word = "continue"
	}
	if s.Label != nil {
		name := s.Label.Name
		for i := len(fl.labels) - 1; i >= 0; i-- {
			l := fl.labels[i]
			if l.name != name {
				continue
			}
			if s.Continue && !l.loop {
				c.errorf(diag.CodeContinueOutside, s.Label.Range, "`continue %s`: the label `%s` is not on a loop", name, name)
			}
			return
		}
		var names []string
		for _, l := range fl.labels {
			names = append(names, l.name)
		}
		d := c.errorf(diag.CodeUnknownLabel, s.Label.Range, "unknown label `%s`", name)
		if sug := Suggest(name, names); sug != "" {
			d.Message += "; did you mean `" + sug + "`?"
			d.Fixes = append(d.Fixes, fix("replace with `"+sug+"`", s.Label.Range, sug))
		}
		return
	}
	switch {
	case s.Continue && fl.loops == 0:
		c.errorf(diag.CodeContinueOutside, s.Range, "`continue` outside a loop")
	case !s.Continue && fl.breakable == 0:
		c.errorf(diag.CodeBreakOutsideLoop, s.Range, "`%s` outside a loop or `switch`", word)
	}
}

// labeled checks a labelled statement.
func (c *checker) labeled(s *ast.LabeledStmt, fl *flow) {
	if s.Label == nil {
		c.body(s.Body, "label", fl)
		return
	}
	for _, l := range fl.labels {
		if l.name == s.Label.Name {
			c.errorf(CodeDuplicateLabel, s.Label.Range, "the label `%s` is already used by an enclosing statement", l.name)
			break
		}
	}
	fl.labels = append(fl.labels, label{name: s.Label.Name, loop: isLoop(s.Body)})
	c.body(s.Body, s.Label.Name+":", fl)
	fl.labels = fl.labels[:len(fl.labels)-1]
}

// isLoop reports whether s is a loop, possibly behind more labels.
func isLoop(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.WhileStmt, *ast.DoWhileStmt, *ast.ForStmt, *ast.ForOfStmt:
		return true
	case *ast.LabeledStmt:
		return isLoop(s.Body)
	}
	return false
}

// function checks the parameters and body of a function (§9) in a fresh control context.
func (c *checker) function(params []*ast.Param, body ast.Node) {
	walkParams(c, params)
	switch b := body.(type) {
	case *ast.BlockStmt:
		if b != nil {
			c.stmtList(b.Stmts, &flow{})
		}
	case ast.Expr:
		c.expr(b)
	}
}
