package format

import (
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
)

// file writes a whole file: front matter, leading comments, the wrapper or the statements,
// and the comments at the end.
func (p *printer) file(f *ast.File) {
	if fm := f.FrontMatter; fm != nil {
		s, e := start(fm), end(fm)
		text := strings.TrimRight(normalizeNL(string(p.src[s:e])), " \t\r\n")
		p.flushBefore(s)
		p.write(text)
		p.skipComments(e)
		p.lastEnd, p.started = s+len(strings.TrimRight(string(p.src[s:e]), " \t\r\n")), true
	}
	if w := f.Wrapper; w != nil {
		p.lineItem(start(w))
		p.cont = true
		p.wrapper(w, f.Stmts)
	} else {
		p.stmts(f.Stmts)
	}
	p.cont = false
	p.flushTrailing(len(p.src) + 1)
	if p.ci < len(p.comments) {
		p.newlineBlank()
		p.flushBefore(len(p.src) + 1)
	}
	if !p.lineStart {
		p.nl()
	}
}

// wrapper writes `async function main() { ... }` around the workflow body.
func (p *printer) wrapper(w *ast.Wrapper, body []ast.Stmt) {
	pos := start(w)
	if w.Async {
		p.tok(pos, "async")
		p.space = true
		pos = p.next(pos + len("async"))
	}
	p.tok(pos, "function")
	after := pos + len("function")
	if w.Name != nil {
		p.space = true
		p.tok(start(w.Name), w.Name.Name)
		after = end(w.Name)
	}
	if len(w.Params) == 0 {
		l := p.params(nil, nil, after)
		p.list(l)
		after = listEnd(l, after)
	} else if lp := p.next(after); p.at(lp, "(") {
		// Parameters are a compile error here and the tree keeps only their targets: write
		// them as they stand.
		if rp := p.matchParen(lp); rp > lp {
			p.flushBefore(lp)
			p.write(normalizeNL(string(p.src[lp : rp+1])))
			p.skipComments(rp + 1)
			p.lastEnd, after = rp+1, rp+1
		}
	}
	p.space = true
	open := p.next(after)
	close := end(w) - 1
	if !p.at(open, "{") || !p.at(close, "}") {
		open, close = -1, -1
	}
	p.braces(open, close, body, p.indent)
}

// stmts writes a statement list at the current indentation, one statement per line.
func (p *printer) stmts(list []ast.Stmt) {
	for _, s := range list {
		p.lineItem(start(s))
		p.cont = true
		p.stmt(s)
		if p.stop {
			return
		}
	}
}

// block writes a block whose lines are indented one level deeper than base.
func (p *printer) block(b *ast.BlockStmt, base int) {
	p.braces(start(b), end(b)-1, b.Stmts, base)
}

// braces writes `{ stmts }` with the braces at source offsets open and close.
func (p *printer) braces(open, close int, body []ast.Stmt, base int) {
	if p.stop {
		return
	}
	if len(body) == 0 && (close < 0 || !p.commentsIn(open+1, close)) {
		p.tok(open, "{")
		p.tok(close, "}")
		return
	}
	p.tok(open, "{")
	saveIndent, saveCont := p.indent, p.cont
	p.indent = base + 1
	p.noBlank = true
	p.stmts(body)
	if close >= 0 {
		p.closeLines(close)
	}
	p.indent = base
	p.newline()
	p.tok(close, "}")
	p.indent, p.cont = saveIndent, saveCont
}

// semi writes the `;` ending the statement s whose last part ends at after.
func (p *printer) semi(s ast.Stmt, after int) {
	off := p.next(after)
	if !p.at(off, ";") || off >= end(s) {
		off = -1
	}
	p.tok(off, ";")
}

func (p *printer) stmt(s ast.Stmt) {
	if p.stop || s == nil {
		return
	}
	switch s := s.(type) {
	case *ast.VarDecl:
		p.semi(s, p.varDecl(s))
	case *ast.ExprStmt:
		if _, ok := s.X.(*ast.ObjectLit); ok {
			// An expression statement cannot start with `{` in JavaScript: this is the
			// parser's reading of text such as an empty block `{}` before a line break.
			// Written as it stands, it reads the same again.
			p.verbatim(s)
			return
		}
		p.expr(s.X)
		p.semi(s, end(s.X))
	case *ast.BlockStmt:
		p.block(s, p.indent)
	case *ast.EmptyStmt:
		p.tok(start(s), ";")
	case *ast.IfStmt:
		p.ifStmt(s)
	case *ast.SwitchStmt:
		p.switchStmt(s)
	case *ast.WhileStmt:
		p.tok(start(s), "while")
		after := p.headExpr(start(s)+len("while"), s.Cond)
		p.body(s.Body, after)
	case *ast.DoWhileStmt:
		p.tok(start(s), "do")
		p.body(s.Body, start(s)+len("do"))
		w := p.next(end(s.Body))
		if !p.at(w, "while") {
			w = -1
		}
		p.keyword(s.Body, w, "while")
		after := p.headExpr(w+len("while"), s.Cond)
		p.semi(s, after)
	case *ast.ForStmt:
		p.forStmt(s)
	case *ast.ForOfStmt:
		p.forOfStmt(s)
	case *ast.BranchStmt:
		kw := "break"
		if s.Continue {
			kw = "continue"
		}
		p.tok(start(s), kw)
		after := start(s) + len(kw)
		if s.Label != nil {
			p.space = true
			p.tok(start(s.Label), s.Label.Name)
			after = end(s.Label)
		}
		p.semi(s, after)
	case *ast.ReturnStmt:
		p.tok(start(s), "return")
		after := start(s) + len("return")
		if s.X != nil {
			p.space = true
			p.expr(s.X)
			after = end(s.X)
		}
		p.semi(s, after)
	case *ast.ThrowStmt:
		p.tok(start(s), "throw")
		after := start(s) + len("throw")
		if s.X != nil {
			p.space = true
			p.expr(s.X)
			after = end(s.X)
		}
		p.semi(s, after)
	case *ast.TryStmt:
		p.tryStmt(s)
	case *ast.LabeledStmt:
		p.tok(start(s.Label), s.Label.Name)
		p.tokAfter(end(s.Label), ":")
		p.space = true
		p.stmt(s.Body)
	case *ast.FuncDecl:
		p.function(start(s), s.Async, s.Name, s.Params, s.Body, true)
	default: // *ast.UnsupportedStmt, *ast.BadStmt
		p.verbatim(s)
	}
}

// varDecl writes a declaration without its `;` and returns the offset after its last part.
func (p *printer) varDecl(d *ast.VarDecl) int {
	p.tok(start(d), d.Kind.String())
	after := start(d) + len(d.Kind.String())
	for i, dc := range d.Decls {
		if i > 0 {
			p.tokAfter(after, ",")
			p.softBreak(start(dc))
		} else {
			p.space = true
		}
		p.pattern(dc.Target)
		after = end(dc.Target)
		if dc.Init != nil {
			p.space = true
			p.tokAfter(after, "=")
			p.softBreak(start(dc.Init))
			p.expr(dc.Init)
			after = end(dc.Init)
		}
	}
	return after
}

// headExpr writes ` (cond)` after a keyword ending at kwEnd and returns the offset after
// the `)`.
func (p *printer) headExpr(kwEnd int, cond ast.Expr) int {
	p.space = true
	lp := p.next(kwEnd)
	if _, ok := cond.(*ast.ParenExpr); ok && start(cond) == lp {
		// The parser kept the statement's parentheses as part of the condition.
		p.expr(cond)
		return end(cond)
	}
	if !p.at(lp, "(") {
		lp = -1
	}
	p.tok(lp, "(")
	p.expr(cond)
	rp := p.tokAfter(end(cond), ")")
	if rp < 0 {
		return end(cond)
	}
	return rp + 1
}

// body writes the body of an if/else/loop whose head ends at after: a block after a space, an
// empty statement right after the head, another statement on the same line or, when the
// source has it on the next line, indented on the next line.
func (p *printer) body(s ast.Stmt, after int) {
	switch s.(type) {
	case *ast.BlockStmt:
		p.space = true
		p.stmt(s)
	case *ast.EmptyStmt:
		p.stmt(s)
	default:
		if p.hasNL(after, start(s)) {
			saveIndent, saveCont := p.indent, p.cont
			p.indent++
			p.lineItem(start(s))
			p.cont = true
			p.stmt(s)
			p.indent, p.cont = saveIndent, saveCont
			return
		}
		p.space = true
		p.stmt(s)
	}
}

// keyword writes else / catch / finally / the while of do-while at off, after the statement
// prev: on the line of prev's closing brace, else on a line of its own.
func (p *printer) keyword(prev ast.Node, off int, kw string) {
	saveCont := p.cont
	if _, ok := prev.(*ast.BlockStmt); ok {
		p.cont = false
		p.space = true
		if off >= 0 {
			p.flushBefore(off)
		}
	} else {
		lineOff := off
		if lineOff < 0 {
			lineOff = end(prev)
		}
		p.lineItem(lineOff)
	}
	p.tok(off, kw)
	p.cont = saveCont
}

func (p *printer) ifStmt(s *ast.IfStmt) {
	p.tok(start(s), "if")
	after := p.headExpr(start(s)+len("if"), s.Cond)
	p.body(s.Then, after)
	if s.Else == nil {
		return
	}
	off := p.next(end(s.Then))
	if !p.at(off, "else") {
		off = -1
	}
	p.keyword(s.Then, off, "else")
	after = off + len("else")
	if off < 0 {
		after = end(s.Then)
	}
	if _, ok := s.Else.(*ast.IfStmt); ok {
		p.space = true
		p.stmt(s.Else)
		return
	}
	p.body(s.Else, after)
}

func (p *printer) switchStmt(s *ast.SwitchStmt) {
	p.tok(start(s), "switch")
	after := p.headExpr(start(s)+len("switch"), s.Disc)
	p.space = true
	open := p.tokAfter(after, "{")
	close := end(s) - 1
	if !p.at(close, "}") {
		close = -1
	}
	if len(s.Cases) == 0 && (close < 0 || !p.commentsIn(open+1, close)) {
		p.tok(close, "}")
		return
	}
	saveIndent, saveCont := p.indent, p.cont
	base := p.indent
	p.indent = base + 1
	p.noBlank = true
	for i, c := range s.Cases {
		p.lineItem(start(c))
		p.cont = true
		colonFrom := start(c) + len("default")
		if c.Test != nil {
			p.tok(start(c), "case")
			p.space = true
			p.expr(c.Test)
			colonFrom = end(c.Test)
		} else {
			p.tok(start(c), "default")
		}
		colon := p.tokAfter(colonFrom, ":")
		if colon < 0 {
			colon = colonFrom - 1
		}
		body := c.Body
		if len(body) > 0 {
			if _, ok := body[0].(*ast.BlockStmt); ok && !p.hasNL(colon+1, start(body[0])) {
				p.space = true
				p.stmt(body[0])
				body = body[1:]
			}
		}
		p.indent++
		p.stmts(body)
		next := close
		if i+1 < len(s.Cases) {
			next = start(s.Cases[i+1])
		}
		p.deeperComments(next, c.Range.Start.Col)
		p.indent--
	}
	if close >= 0 {
		p.closeLines(close)
	}
	p.indent = base
	p.newline()
	p.tok(close, "}")
	p.indent, p.cont = saveIndent, saveCont
}

func (p *printer) forStmt(s *ast.ForStmt) {
	p.tok(start(s), "for")
	p.space = true
	lp := p.tokAfter(start(s)+len("for"), "(")
	pos := lp + 1
	if lp < 0 {
		pos = start(s) + len("for")
	}
	switch init := s.Init.(type) {
	case *ast.VarDecl:
		pos = p.varDecl(init)
	case *ast.ExprStmt:
		p.expr(init.X)
		pos = end(init.X)
	case nil:
	default:
		p.stmt(init)
		pos = end(init)
	}
	if off := p.tokAfter(pos, ";"); off >= 0 {
		pos = off + 1
	}
	if s.Test != nil {
		p.space = true
		p.expr(s.Test)
		pos = end(s.Test)
	}
	if off := p.tokAfter(pos, ";"); off >= 0 {
		pos = off + 1
	}
	if s.Update != nil {
		p.space = true
		p.expr(s.Update)
		pos = end(s.Update)
	}
	if off := p.tokAfter(pos, ")"); off >= 0 {
		pos = off + 1
	}
	p.body(s.Body, pos)
}

func (p *printer) forOfStmt(s *ast.ForOfStmt) {
	p.tok(start(s), "for")
	p.space = true
	lp := p.tokAfter(start(s)+len("for"), "(")
	if s.Kind != 0 {
		p.tok(p.next(lp+1), s.Kind.String())
		p.space = true
	}
	p.pattern(s.Target)
	op := "in"
	if s.Of {
		op = "of"
	}
	p.space = true
	p.tokAfter(end(s.Target), op)
	p.space = true
	p.expr(s.Iter)
	pos := end(s.Iter)
	if off := p.tokAfter(pos, ")"); off >= 0 {
		pos = off + 1
	}
	p.body(s.Body, pos)
}

func (p *printer) tryStmt(s *ast.TryStmt) {
	p.tok(start(s), "try")
	p.space = true
	p.block(s.Block, p.indent)
	prev := ast.Node(s.Block)
	if s.Catch != nil {
		off := p.next(end(s.Block))
		if !p.at(off, "catch") {
			off = -1
		}
		p.keyword(prev, off, "catch")
		if s.Param != nil {
			p.space = true
			p.tokAfter(off+len("catch"), "(")
			p.pattern(s.Param)
			p.tokAfter(end(s.Param), ")")
		}
		p.space = true
		p.block(s.Catch, p.indent)
		prev = s.Catch
	}
	if s.Finally != nil {
		off := p.next(end(prev))
		if !p.at(off, "finally") {
			off = -1
		}
		p.keyword(prev, off, "finally")
		p.space = true
		p.block(s.Finally, p.indent)
	}
}

// deeperComments writes, at the current indentation, the comments before limit that are on
// lines of their own indented deeper than column col in the source (the comments that end a
// case clause's statements, rather than introduce the next clause).
func (p *printer) deeperComments(limit, col int) {
	if limit < 0 {
		return
	}
	p.cont = false
	p.flushTrailing(limit)
	for !p.stop && p.ci < len(p.comments) {
		c := p.comments[p.ci]
		if c.Range.Start.Offset >= limit || c.Range.Start.Col <= col || !p.hasNL(p.lastEnd, c.Range.Start.Offset) {
			return
		}
		p.newlineBlank()
		p.comment()
	}
}

// matchParen returns the offset of the `)` closing the `(` at open, skipping comments, strings
// and template literals, or -1.
func (p *printer) matchParen(open int) int {
	depth := 0
	for i := open; i < len(p.src); i++ {
		if ci, ok := p.byStart[i]; ok {
			i = p.comments[ci].Range.End.Offset - 1
			continue
		}
		switch c := p.src[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				if c == ')' {
					return i
				}
				return -1
			}
		case '"', '\'', '`':
			for i++; i < len(p.src) && p.src[i] != c; i++ {
				if p.src[i] == '\\' {
					i++
				}
			}
		}
	}
	return -1
}
