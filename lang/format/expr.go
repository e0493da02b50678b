package format

import (
	"github.com/rhythmflow/rhythm/lang/ast"
)

func start(n ast.Node) int { return n.Span().Start.Offset }

func end(n ast.Node) int { return n.Span().End.Offset }

// softBreak separates an operator from the operand at next: a continuation line when the
// source has a line break there, else a space.
func (p *printer) softBreak(next int) {
	if p.hasNL(p.lastEnd, next) {
		p.flushTrailing(next)
		p.contBreak()
		return
	}
	p.space = true
}

// breakBefore starts a continuation line before the operator at op when the source has a
// line break between the operand before it and op.
func (p *printer) breakBefore(op int) {
	if op >= 0 && p.hasNL(p.lastEnd, op) {
		p.flushTrailing(op)
		p.contBreak()
		return
	}
	p.space = true
}

func (p *printer) expr(e ast.Expr) {
	if p.stop || e == nil {
		return
	}
	switch e := e.(type) {
	case *ast.Ident:
		p.tok(start(e), e.Name)
	case *ast.NullLit:
		p.tok(start(e), "null")
	case *ast.BoolLit:
		if e.Value {
			p.tok(start(e), "true")
		} else {
			p.tok(start(e), "false")
		}
	case *ast.NumberLit:
		p.tok(start(e), e.Raw)
	case *ast.StringLit:
		p.tok(start(e), quoteString(e.Raw, e.Value))
	case *ast.TemplateLit:
		p.verbatim(e)
	case *ast.ArrayLit:
		l := &list{node: e, open: "[", close: "]", openOff: start(e), closeOff: end(e) - 1}
		for _, el := range e.Elems {
			el := el
			l.items = append(l.items, item{node: el, start: start(el), end: end(el), print: func() { p.expr(el) }})
		}
		p.list(l)
	case *ast.ObjectLit:
		l := &list{node: e, open: "{", close: "}", openOff: start(e), closeOff: end(e) - 1, spaced: true}
		for _, pr := range e.Props {
			pr := pr
			l.items = append(l.items, item{node: pr, start: start(pr), end: end(pr), print: func() { p.property(pr) }})
		}
		p.list(l)
	case *ast.SpreadElem:
		p.tok(start(e), "...")
		p.expr(e.X)
	case *ast.UnaryExpr:
		p.tok(start(e), e.Op)
		if isWordOp(e.Op) {
			p.space = true
		}
		p.expr(e.X)
	case *ast.AwaitExpr:
		p.tok(start(e), "await")
		p.space = true
		p.expr(e.X)
	case *ast.UpdateExpr:
		if e.Prefix {
			p.tok(start(e), e.Op)
			p.expr(e.X)
		} else {
			p.expr(e.X)
			p.tokAfter(end(e.X), e.Op)
		}
	case *ast.BinaryExpr:
		p.binary(e.X, e.Op, e.Y)
	case *ast.LogicalExpr:
		p.binary(e.X, e.Op, e.Y)
	case *ast.AssignExpr:
		p.pattern(e.Target)
		p.space = true
		p.tokAfter(end(e.Target), e.Op)
		p.softBreak(start(e.Value))
		p.expr(e.Value)
	case *ast.CondExpr:
		p.expr(e.Test)
		q := p.next(end(e.Test))
		p.breakBefore(q)
		p.tokAfter(end(e.Test), "?")
		p.space = true
		p.expr(e.Then)
		c := p.next(end(e.Then))
		p.breakBefore(c)
		p.tokAfter(end(e.Then), ":")
		p.space = true
		p.expr(e.Else)
	case *ast.CallExpr:
		p.expr(e.Callee)
		pos := end(e.Callee)
		if e.Optional {
			if off := p.tokAfter(pos, "?."); off >= 0 {
				pos = off + 2
			}
		}
		p.args(e, pos)
	case *ast.MemberExpr:
		p.expr(e.X)
		if n, ok := e.X.(*ast.NumberLit); ok && !e.Optional && isDigits(n.Raw) {
			p.hardSpace()
		}
		dot := "."
		if e.Optional {
			dot = "?."
		}
		p.chainBreak(end(e.X), dot)
		p.tokAfter(end(e.X), dot)
		if e.Prop != nil {
			p.tok(start(e.Prop), e.Prop.Name)
		}
	case *ast.IndexExpr:
		p.expr(e.X)
		pos := end(e.X)
		if e.Optional {
			p.chainBreak(pos, "?.")
			if off := p.tokAfter(pos, "?."); off >= 0 {
				pos = off + 2
			}
		}
		p.tokAfter(pos, "[")
		p.expr(e.Index)
		p.tokAfter(end(e.Index), "]")
	case *ast.ParenExpr:
		p.tok(start(e), "(")
		p.expr(e.X)
		p.tokAfter(end(e.X), ")")
	case *ast.ArrowFunc:
		p.arrow(e)
	case *ast.FuncExpr:
		p.function(start(e), e.Async, e.Name, e.Params, e.Body, false)
	default: // *ast.UnsupportedExpr, *ast.BadExpr
		p.verbatim(e)
	}
}

// chainBreak keeps a line break of the source before the `.` / `?.` of a member chain.
func (p *printer) chainBreak(after int, dot string) {
	off := p.next(after)
	if p.at(off, dot) && p.hasNL(p.lastEnd, off) {
		p.flushTrailing(off)
		p.contBreak()
	}
}

func (p *printer) binary(x ast.Expr, op string, y ast.Expr) {
	p.expr(x)
	off := p.next(end(x))
	if !p.at(off, op) {
		off = -1
	}
	p.breakBefore(off)
	p.tok(off, op)
	p.softBreak(start(y))
	p.expr(y)
}

func isWordOp(op string) bool {
	return op == "typeof" || op == "delete" || op == "void"
}

// isDigits reports whether a number literal is a plain integer, which needs a space before a
// member dot (`1 .toString()`).
func isDigits(raw string) bool {
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return raw != ""
}

// args writes the arguments of a call whose `(` follows offset pos.
func (p *printer) args(c *ast.CallExpr, pos int) {
	open := p.next(pos)
	if !p.at(open, "(") {
		open = -1
	}
	close := end(c) - 1
	if !p.at(close, ")") {
		close = -1
	}
	l := &list{node: c, open: "(", close: ")", openOff: open, closeOff: close, hug: true, multiline: true}
	for _, a := range c.Args {
		a := a
		l.items = append(l.items, item{node: a, start: start(a), end: end(a), print: func() { p.expr(a) }})
	}
	p.list(l)
}

func (p *printer) property(pr *ast.Property) {
	switch pr.Kind {
	case ast.PropShorthand:
		p.expr(pr.Value)
	case ast.PropSpread:
		p.tok(start(pr), "...")
		p.expr(pr.Value)
	default:
		p.propKey(pr.Key, pr.Computed, start(pr))
		p.tokAfter(p.keyEnd(pr.Key, pr.Computed), ":")
		p.softBreak(start(pr.Value))
		p.expr(pr.Value)
	}
}

// propKey writes an object key; a computed key's `[` is at open.
func (p *printer) propKey(k ast.Expr, computed bool, open int) {
	if computed {
		if !p.at(open, "[") {
			open = p.next(open)
		}
		if !p.at(open, "[") {
			open = -1
		}
		p.tok(open, "[")
		p.expr(k)
		p.tokAfter(end(k), "]")
		return
	}
	p.expr(k)
}

// keyEnd is the source offset after a key (after the `]` of a computed key).
func (p *printer) keyEnd(k ast.Expr, computed bool) int {
	e := end(k)
	if computed {
		if off := p.next(e); p.at(off, "]") {
			return off + 1
		}
	}
	return e
}

// params builds the parameter list whose `(` is the first token after pos.
func (p *printer) params(node ast.Node, ps []*ast.Param, pos int) *list {
	open := p.next(pos)
	l := &list{node: node, open: "(", close: ")", openOff: open, closeOff: -1, multiline: true}
	if !p.at(open, "(") {
		l.openOff = -1
	}
	last := pos
	for _, pr := range ps {
		pr := pr
		l.items = append(l.items, item{node: pr, start: start(pr), end: end(pr), noComma: pr.Rest, print: func() { p.param(pr) }})
		last = end(pr)
	}
	if l.openOff >= 0 {
		if len(ps) == 0 {
			last = open + 1
		}
		off := p.next(last)
		if p.at(off, ",") {
			off = p.next(off + 1)
		}
		if p.at(off, ")") {
			l.closeOff = off
		}
	}
	return l
}

func (p *printer) param(pr *ast.Param) {
	if pr.Rest {
		off := start(pr)
		if !p.at(off, "...") {
			off = -1
		}
		p.tok(off, "...")
	}
	p.pattern(pr.Target)
	if pr.Default != nil {
		p.space = true
		p.tokAfter(end(pr.Target), "=")
		p.space = true
		p.expr(pr.Default)
	}
}

// listEnd returns the source offset after a parameter list (its `)`), or after.
func listEnd(l *list, after int) int {
	if l.closeOff >= 0 {
		return l.closeOff + 1
	}
	return after
}

func (p *printer) arrow(e *ast.ArrowFunc) {
	pos := start(e)
	if e.Async {
		p.tok(pos, "async")
		p.space = true
		pos = p.next(pos + len("async"))
	}
	l := p.params(e, e.Params, pos)
	if l.openOff < 0 {
		// A single parameter without parentheses: the printer adds them, after the comments
		// before the parameter.
		l.closeOff = -1
		if len(e.Params) > 0 {
			p.flushBefore(start(e.Params[0]))
		}
	}
	p.list(l)
	after := pos
	if len(e.Params) > 0 {
		after = end(e.Params[len(e.Params)-1])
	}
	after = listEnd(l, after)
	p.space = true
	p.tokAfter(after, "=>")
	p.space = true
	switch b := e.Body.(type) {
	case *ast.BlockStmt:
		p.funcBody(b)
	case ast.Expr:
		p.expr(b)
	}
}

// function writes a function declaration or expression.
func (p *printer) function(pos int, async bool, name *ast.Ident, ps []*ast.Param, body *ast.BlockStmt, decl bool) {
	if async {
		p.tok(pos, "async")
		p.space = true
		pos = p.next(pos + len("async"))
	}
	if !p.at(pos, "function") {
		pos = p.next(pos)
	}
	p.tok(pos, "function")
	after := pos + len("function")
	if name != nil {
		p.space = true
		p.tok(start(name), name.Name)
		after = end(name)
	} else if !decl {
		p.space = true
	}
	l := p.params(nil, ps, after)
	p.list(l)
	p.space = true
	if body != nil {
		p.funcBody(body)
	}
}

// funcBody writes the block of a function, indented from the line it starts on.
func (p *printer) funcBody(b *ast.BlockStmt) {
	p.block(b, p.lineIndent)
}

func (p *printer) pattern(t ast.Pattern) {
	if p.stop || t == nil {
		return
	}
	switch t := t.(type) {
	case *ast.Ident:
		p.tok(start(t), t.Name)
	case *ast.MemberExpr:
		p.expr(t)
	case *ast.IndexExpr:
		p.expr(t)
	case *ast.ObjectPattern:
		l := &list{node: t, open: "{", close: "}", openOff: start(t), closeOff: end(t) - 1, spaced: true}
		pos := start(t) + 1
		for _, pp := range t.Props {
			pp := pp
			l.items = append(l.items, item{node: pp, start: start(pp), end: end(pp), print: func() { p.patternProp(pp) }})
			pos = p.comma(end(pp), false)
		}
		if t.Rest != nil {
			l.items = append(l.items, p.restItem(t.Rest, pos))
		}
		p.list(l)
	case *ast.ArrayPattern:
		l := &list{node: t, open: "[", close: "]", openOff: start(t), closeOff: end(t) - 1}
		pos := start(t) + 1
		for _, el := range t.Elems {
			el := el
			if el == nil {
				l.items = append(l.items, item{})
				pos = p.comma(pos, false)
				continue
			}
			l.items = append(l.items, item{node: el, start: start(el), end: end(el), print: func() { p.patternElem(el) }})
			pos = p.comma(end(el), false)
		}
		if t.Rest != nil {
			l.items = append(l.items, p.restItem(t.Rest, pos))
		}
		p.list(l)
	default: // *ast.BadExpr
		p.verbatim(t)
	}
}

// restItem is the `...rest` item of a pattern whose previous item ends at pos.
func (p *printer) restItem(rest ast.Pattern, pos int) item {
	dots := p.next(pos)
	if !p.at(dots, "...") {
		dots = -1
	}
	st := dots
	if st < 0 {
		st = start(rest)
	}
	return item{node: rest, start: st, end: end(rest), noComma: true, print: func() {
		p.tok(dots, "...")
		p.pattern(rest)
	}}
}

func (p *printer) patternProp(pp *ast.PatternProp) {
	if !pp.Shorthand {
		p.propKey(pp.Key, pp.Computed, start(pp))
		p.tokAfter(p.keyEnd(pp.Key, pp.Computed), ":")
		p.space = true
	}
	p.pattern(pp.Target)
	if pp.Default != nil {
		p.space = true
		p.tokAfter(end(pp.Target), "=")
		p.space = true
		p.expr(pp.Default)
	}
}

func (p *printer) patternElem(el *ast.PatternElem) {
	p.pattern(el.Target)
	if el.Default != nil {
		p.space = true
		p.tokAfter(end(el.Target), "=")
		p.space = true
		p.expr(el.Default)
	}
}
