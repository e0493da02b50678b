package format

import "github.com/rhythmflow/rhythm/lang/ast"

// list is a bracketed, comma-separated sequence: array and object literals and patterns, call
// arguments and parameters. It is written on one line, or broken with one item per line and
// a trailing comma (see doc.go for when).
type list struct {
	node        ast.Node // identifies the list for hugging decisions
	open, close string
	openOff     int  // source offset of the opening bracket, -1 when not in the source
	closeOff    int  // source offset of the closing bracket, -1 when not in the source
	spaced      bool // `{ a }`: spaces inside the brackets on one line
	items       []item
	hug         bool // call arguments: the last item may be broken alone
	multiline   bool // may stay on its line while an item spans lines (arguments, parameters)
}

// item is one element of a list; a nil node is an array pattern hole.
type item struct {
	node       ast.Node
	start, end int // source range (start includes a leading `...`)
	print      func()
	noComma    bool // a rest element: no trailing comma after it
}

func (it item) hole() bool { return it.node == nil }

func (p *printer) list(l *list) {
	if p.stop {
		return
	}
	if len(l.items) == 0 && !p.commentsIn(l.openOff+1, l.closeOff) {
		p.tok(l.openOff, l.open)
		p.tok(l.closeOff, l.close)
		return
	}
	broken := p.broken[l.node] || p.forced(l) || (p.trial && p.hugNode == l.node && l.node != nil)
	if !broken && !p.trial {
		ok, multi := p.fits(func() { p.listFlat(l) })
		switch {
		case ok && (!multi || l.multiline):
		case !ok && p.hugs(l):
		default:
			broken = true
		}
	}
	if broken {
		p.listBroken(l)
	} else {
		p.listFlat(l)
	}
}

// hugs reports whether the last item of l can be broken alone with the first line fitting,
// and if so marks it to be printed broken.
func (p *printer) hugs(l *list) bool {
	last, ok := p.huggable(l)
	if !ok {
		return false
	}
	fit, _ := p.fits(func() {
		p.hugNode = last
		p.listFlat(l)
		p.hugNode = nil
	})
	if fit {
		p.broken[last] = true
	}
	return fit
}

// huggable returns the list that may be broken alone while the other arguments of a call
// stay on the call's line: the last argument when it is a non-empty object or array literal,
// or the literal an arrow function of the last argument returns (`(x) => ({ ... })`).
func (p *printer) huggable(l *list) (ast.Node, bool) {
	if !l.hug || len(l.items) == 0 {
		return nil, false
	}
	n := l.items[len(l.items)-1].node
	if a, ok := n.(*ast.ArrowFunc); ok {
		n = a.Body
		for {
			pe, ok := n.(*ast.ParenExpr)
			if !ok {
				break
			}
			n = pe.X
		}
	}
	switch n := n.(type) {
	case *ast.ObjectLit:
		return n, len(n.Props) > 0
	case *ast.ArrayLit:
		return n, len(n.Elems) > 0
	}
	return nil, false
}

// forced reports whether the source layout forces the list to be broken: a line break right
// after the opening bracket, or a comment between the items that is a line comment or sits
// next to a line break.
func (p *printer) forced(l *list) bool {
	if l.openOff < 0 || l.closeOff < 0 {
		return false
	}
	first := l.closeOff
	for _, it := range l.items {
		if !it.hole() {
			first = it.start
			break
		}
	}
	if p.hasNL(l.openOff+1, first) {
		return true
	}
	gapStart := l.openOff + 1
	for _, it := range l.items {
		if it.hole() {
			continue
		}
		if p.gapForces(gapStart, it.start) {
			return true
		}
		gapStart = it.end
	}
	return p.gapForces(gapStart, l.closeOff)
}

// gapForces reports whether [a, b) holds a line comment, or a comment and a line break.
func (p *printer) gapForces(a, b int) bool {
	any := false
	for i := p.firstCommentAt(a); i < len(p.comments); i++ {
		c := p.comments[i]
		if c.Range.Start.Offset >= b {
			break
		}
		if !c.Block {
			return true
		}
		any = true
	}
	return any && p.hasNL(a, b)
}

// commentsIn reports whether a comment starts in [a, b).
func (p *printer) commentsIn(a, b int) bool {
	i := p.firstCommentAt(a)
	return i < len(p.comments) && p.comments[i].Range.Start.Offset < b
}

// firstCommentAt returns the index of the first comment starting at or after off.
func (p *printer) firstCommentAt(off int) int {
	lo, hi := 0, len(p.comments)
	for lo < hi {
		m := (lo + hi) / 2
		if p.comments[m].Range.Start.Offset < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// comma writes the comma after an item: the source's when there is one right after pos.
// It returns the offset after it.
func (p *printer) comma(pos int, write bool) int {
	off := p.next(pos)
	if p.at(off, ",") {
		if write {
			p.tok(off, ",")
		}
		return off + 1
	}
	if write {
		p.tok(-1, ",")
	}
	return pos
}

func (p *printer) listFlat(l *list) {
	p.tok(l.openOff, l.open)
	if l.spaced {
		p.space = true
	}
	pos := l.openOff + 1
	for i, it := range l.items {
		if i > 0 {
			if l.items[i-1].hole() {
				p.hardSpace()
			}
			pos = p.comma(pos, true)
			p.space = true
		}
		if !it.hole() {
			it.print()
			pos = it.end
		}
	}
	if n := len(l.items); n > 0 && l.items[n-1].hole() {
		p.hardSpace()
		p.comma(pos, true)
	}
	if l.spaced {
		p.space = true
	}
	p.tok(l.closeOff, l.close)
}

func (p *printer) listBroken(l *list) {
	p.tok(l.openOff, l.open)
	if p.stop {
		return
	}
	saveIndent, saveCont := p.indent, p.cont
	open := p.lineIndent
	p.indent = open + 1
	p.noBlank = true
	pos := l.openOff + 1
	for _, it := range l.items {
		if it.hole() {
			p.lineItem(p.next(pos))
		} else {
			p.lineItem(it.start)
		}
		p.cont = true
		if !it.hole() {
			it.print()
			pos = it.end
		}
		pos = p.comma(pos, !it.noComma)
	}
	p.closeLines(l.closeOff)
	p.indent = open
	p.newline()
	p.tok(l.closeOff, l.close)
	p.indent, p.cont = saveIndent, saveCont
}
