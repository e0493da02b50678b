package format

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rhythmflow/rhythm/lang/ast"
)

// maxWidth is the column limit above which a list that would fit on one line is broken.
// A list must end one column before it, leaving room for the `;`, `,` or `)` that usually
// follows.
const maxWidth = 100

// listLimit is the last column a list written on one line may reach.
const listLimit = maxWidth - 1

// printer writes the canonical form of one file. It walks the syntax tree in source order and
// writes tokens; before each token that has a source position it first writes the comments
// that come before that position, so every comment keeps its place among the tokens.
//
// Indentation is lazy: a new line gets its indentation when its first token is written, so no
// line ends in spaces and the indentation of a line is decided by whoever writes on it.
type printer struct {
	src      []byte
	comments []*ast.Comment
	byStart  map[int]int // comment start offset -> index in comments
	ci       int         // next comment to write

	out           []byte
	col           int  // columns (code points) written on the current line
	lineStart     bool // nothing written on the current line yet
	lineIndent    int  // indentation level of the current line, once something is written
	pendingIndent int  // indentation level the current line gets when written to
	indent        int  // base indentation level of the statement or list item being written
	cont          bool // new lines inside the current construct are continuation lines (+1)
	needNL        bool // a line comment was written: the next token starts a new line
	space         bool // a space is wanted before the next token
	noBlank       bool // an opening brace was just written: no blank line may follow
	lastEnd       int  // source offset just after the last token or comment written
	started       bool // something with a source position has been written

	// Measuring: while trial is set, output stops at the first line break (stop) or when the
	// line gets longer than maxWidth (stop and overflow).
	trial     bool
	stop      bool
	overflow  bool
	multiline bool              // the trial stopped at a line break
	hugNode   ast.Node          // in a trial: the list to treat as broken
	broken    map[ast.Node]bool // lists decided broken by a caller (a hugged last argument)
}

func newPrinter(f *ast.File, src []byte) *printer {
	p := &printer{
		src:       src,
		comments:  f.Comments,
		byStart:   make(map[int]int, len(f.Comments)),
		lineStart: true,
		broken:    map[ast.Node]bool{},
	}
	for i, c := range f.Comments {
		p.byStart[c.Range.Start.Offset] = i
	}
	return p
}

// state is what a trial must restore.
type state struct {
	outLen, col, lineIndent, pendingIndent, indent, ci, lastEnd int
	lineStart, cont, needNL, space, noBlank, started            bool
}

func (p *printer) save() state {
	return state{len(p.out), p.col, p.lineIndent, p.pendingIndent, p.indent, p.ci, p.lastEnd,
		p.lineStart, p.cont, p.needNL, p.space, p.noBlank, p.started}
}

func (p *printer) restore(s state) {
	p.out = p.out[:s.outLen]
	p.col, p.lineIndent, p.pendingIndent, p.indent, p.ci, p.lastEnd = s.col, s.lineIndent, s.pendingIndent, s.indent, s.ci, s.lastEnd
	p.lineStart, p.cont, p.needNL, p.space, p.noBlank, p.started = s.lineStart, s.cont, s.needNL, s.space, s.noBlank, s.started
}

// fits reports whether render writes its first line within maxWidth, starting from the
// current state, and whether it writes more than one line. Nothing render writes is kept.
func (p *printer) fits(render func()) (ok, multiline bool) {
	s := p.save()
	p.trial, p.stop, p.overflow, p.multiline = true, false, false, false
	render()
	ok, multiline = !p.overflow, p.multiline
	p.restore(s)
	p.trial, p.stop, p.overflow, p.multiline = false, false, false, false
	return ok, multiline
}

// ---------------------------------------------------------------------------------- output

// nl ends the current line (dropping trailing blanks). In a trial it stops the output.
func (p *printer) nl() {
	if p.trial {
		p.stop, p.multiline = true, true
		return
	}
	for len(p.out) > 0 && (p.out[len(p.out)-1] == ' ' || p.out[len(p.out)-1] == '\t') {
		p.out = p.out[:len(p.out)-1]
	}
	p.out = append(p.out, '\n')
	p.lineStart, p.col, p.needNL, p.space = true, 0, false, false
}

// contIndent is the indentation of a continuation line of the current construct.
func (p *printer) contIndent() int {
	if p.cont {
		return p.indent + 1
	}
	return p.indent
}

// write appends text, which may hold line breaks only when it is verbatim source (template
// literals, block comments, unsupported constructs).
func (p *printer) write(s string) {
	if p.stop || s == "" {
		return
	}
	if p.needNL {
		p.nl()
		p.pendingIndent = p.contIndent()
		if p.stop {
			return
		}
	}
	switch {
	case p.lineStart:
		p.lineStart = false
		p.lineIndent = p.pendingIndent
		for i := 0; i < p.lineIndent; i++ {
			p.out = append(p.out, ' ', ' ')
		}
		p.col = 2 * p.lineIndent
	case p.space:
		last := p.out[len(p.out)-1]
		if last != ' ' && last != '(' && last != '[' && !strings.ContainsRune(")],;", rune(s[0])) {
			p.out = append(p.out, ' ')
			p.col++
		}
	case merges(p.out[len(p.out)-1], s[0]):
		p.out = append(p.out, ' ')
		p.col++
	}
	p.space, p.noBlank = false, false
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		if p.trial {
			p.col += utf8.RuneCountInString(s[:i])
			p.overflow = p.col > listLimit
			p.stop, p.multiline = true, true
			return
		}
		p.out = append(p.out, s...)
		p.col = utf8.RuneCountInString(s[strings.LastIndexByte(s, '\n')+1:])
		return
	}
	p.out = append(p.out, s...)
	p.col += utf8.RuneCountInString(s)
	if p.trial && p.col > listLimit {
		p.overflow, p.stop = true, true
	}
}

// hardSpace writes a space now unless the line is empty or ends in a space or an opening
// bracket.
func (p *printer) hardSpace() {
	if p.stop || p.lineStart || p.needNL || len(p.out) == 0 {
		return
	}
	if last := p.out[len(p.out)-1]; last != ' ' && last != '(' && last != '[' {
		p.out = append(p.out, ' ')
		p.col++
	}
	p.space = false
}

// merges reports whether two adjacent characters would read as one token.
func merges(a, b byte) bool {
	switch {
	case isWordByte(a) && isWordByte(b):
		return true
	case a == '+' && b == '+', a == '-' && b == '-', a == '/' && (b == '/' || b == '*'):
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// newline starts a new line at the base indentation (nothing if the line is still empty).
func (p *printer) newline() {
	if p.stop {
		return
	}
	if !p.lineStart {
		p.nl()
	}
	p.needNL = false
	p.pendingIndent = p.indent
}

// newlineBlank is newline, plus one blank line when the source has a blank line right after
// the last thing written (and no opening brace was just written).
func (p *printer) newlineBlank() {
	p.newline()
	if p.stop || p.trial {
		return
	}
	if p.started && !p.noBlank && p.blankAfter(p.lastEnd) && len(p.out) > 0 && !endsWithBlankLine(p.out) {
		p.out = append(p.out, '\n')
	}
}

func endsWithBlankLine(b []byte) bool {
	return len(b) >= 2 && b[len(b)-1] == '\n' && b[len(b)-2] == '\n'
}

// contBreak starts a continuation line inside an expression.
func (p *printer) contBreak() {
	if p.stop {
		return
	}
	if !p.lineStart {
		p.nl()
	}
	p.needNL = false
	p.pendingIndent = p.contIndent()
}

// ----------------------------------------------------------------------- source positions

// tok writes a token found at source offset off (negative when the token is not in the
// source), after the comments that come before it.
func (p *printer) tok(off int, s string) {
	if p.stop {
		return
	}
	if off >= 0 {
		p.flushBefore(off)
	}
	p.write(s)
	if off >= 0 && off+len(s) > p.lastEnd {
		p.lastEnd = off + len(s)
		p.started = true
	}
}

// tokAfter writes s at its source position: the first token after offset from, if it is s.
func (p *printer) tokAfter(from int, s string) int {
	off := p.next(from)
	if !p.at(off, s) {
		off = -1
	}
	p.tok(off, s)
	return off
}

// at reports whether the source has s at offset off.
func (p *printer) at(off int, s string) bool {
	return off >= 0 && off+len(s) <= len(p.src) && string(p.src[off:off+len(s)]) == s
}

// skipSpace returns the first offset at or after off that is not white space.
func (p *printer) skipSpace(off int) int {
	for off < len(p.src) {
		c := p.src[off]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			off++
			continue
		}
		if c >= 0x80 {
			r, n := utf8.DecodeRune(p.src[off:])
			if r == 0xFEFF || unicode.IsSpace(r) {
				off += n
				continue
			}
		}
		break
	}
	return off
}

// next returns the offset of the first token at or after off, skipping space and comments.
func (p *printer) next(off int) int {
	if off < 0 {
		return -1
	}
	for {
		off = p.skipSpace(off)
		i, ok := p.byStart[off]
		if !ok {
			return off
		}
		off = p.comments[i].Range.End.Offset
	}
}

// hasNL reports whether the source has a line break in [a, b).
func (p *printer) hasNL(a, b int) bool {
	if a < 0 || b <= a {
		return false
	}
	return bytes.IndexByte(p.src[a:min(b, len(p.src))], '\n') >= 0
}

// blankAfter reports whether the white space right after off holds a blank line.
func (p *printer) blankAfter(off int) bool {
	end := p.skipSpace(off)
	n := 0
	for _, c := range p.src[off:end] {
		if c == '\n' {
			n++
		}
	}
	return n >= 2
}

// ------------------------------------------------------------------------------- comments

// flushBefore writes every pending comment that starts before off.
func (p *printer) flushBefore(off int) {
	for !p.stop && p.ci < len(p.comments) && p.comments[p.ci].Range.Start.Offset < off {
		p.comment()
	}
}

// flushTrailing writes the pending comments before limit that are on the line of the last
// thing written.
func (p *printer) flushTrailing(limit int) {
	for !p.stop && p.ci < len(p.comments) {
		c := p.comments[p.ci]
		if c.Range.Start.Offset >= limit || (p.started && p.hasNL(p.lastEnd, c.Range.Start.Offset)) {
			return
		}
		p.comment()
	}
}

// comment writes the next pending comment. A comment that starts its own line in the source
// starts its own line in the output; a line comment, or a block comment followed by a line
// break, ends its line.
func (p *printer) comment() {
	c := p.comments[p.ci]
	start, end := c.Range.Start.Offset, c.Range.End.Offset
	own := p.started && p.hasNL(p.lastEnd, start)
	if own {
		if !p.lineStart {
			p.nl()
			p.pendingIndent = p.contIndent()
		}
		p.needNL = false
		if !p.trial && !p.noBlank && p.blankAfter(p.lastEnd) && len(p.out) > 0 && !endsWithBlankLine(p.out) {
			p.out = append(p.out, '\n')
		}
	} else if !c.Block {
		if !p.lineStart && !p.needNL && len(p.out) > 0 && p.out[len(p.out)-1] != ' ' {
			p.out = append(p.out, ' ')
			p.col++
		}
		p.space = false
	} else {
		p.space = true
	}
	p.write(commentText(c))
	if p.stop {
		return
	}
	p.ci++
	p.lastEnd, p.started = end, true
	switch {
	case !c.Block:
		p.needNL = true
	case p.hasNL(end, p.skipSpace(end)):
		p.needNL = true
	default:
		p.space = true
	}
}

// commentText is the comment as written, line breaks normalised to "\n".
func commentText(c *ast.Comment) string {
	if c.Block {
		return normalizeNL(c.Text)
	}
	return strings.TrimRight(c.Text, "\r")
}

// normalizeNL turns CRLF line breaks into LF.
func normalizeNL(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// skipComments drops the pending comments that start before off (they were written as part of
// verbatim text).
func (p *printer) skipComments(off int) {
	for p.ci < len(p.comments) && p.comments[p.ci].Range.Start.Offset < off {
		p.ci++
	}
}

// lineItem starts a new line for a statement, list item or case clause that starts at off:
// comments on the previous line are written there, comments on lines of their own before
// the item get lines of their own, and one blank line of the source is kept.
func (p *printer) lineItem(off int) {
	p.cont = false
	p.flushTrailing(off)
	p.newlineBlank()
	p.flushBefore(off)
	if p.needNL {
		p.newlineBlank()
	}
}

// closeLines writes the comments before a closing bracket at close, on their own lines at
// the current (inner) indentation.
func (p *printer) closeLines(close int) {
	p.cont = false
	p.flushTrailing(close)
	if p.ci < len(p.comments) && p.comments[p.ci].Range.Start.Offset < close {
		p.newlineBlank()
		p.flushBefore(close)
	}
}

// verbatim writes the source text of n as it is (line breaks normalised), with the comments
// inside it.
func (p *printer) verbatim(n ast.Node) {
	r := n.Span()
	start, end := r.Start.Offset, r.End.Offset
	if start < 0 || end > len(p.src) || end <= start {
		return
	}
	p.flushBefore(start)
	p.write(normalizeNL(string(p.src[start:end])))
	p.skipComments(end)
	if end > p.lastEnd {
		p.lastEnd, p.started = end, true
	}
}
