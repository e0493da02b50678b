package parser

import (
	"bytes"
	"sort"
	"time"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// maxResyncRounds bounds how many times error regions are cut out and the text re-parsed.
const maxResyncRounds = 16

// resyncBudget bounds the time spent re-parsing: tree-sitter's error recovery can be slow on
// text that is mostly errors, and an editor re-parses on every keystroke. Past the budget the
// remaining errors are reported as they are, without further resynchronisation.
const resyncBudget = 250 * time.Millisecond

// region is a byte span [start, end) of the source.
type region struct{ start, end int }

// removed is a region cut out of the text, the statement that stands for it in the tree and
// what was reported inside it.
type removed struct {
	cut      region
	stmt     ast.Stmt
	diags    []diag.Diagnostic
	comments []*ast.Comment
}

// parseWithResync parses src and, while the tree has an ERROR region that swallowed several
// lines (or the start of a statement), reports that region's syntax errors, blanks the text
// from the start of the broken statement to the next line that starts a statement, and
// parses again. tree-sitter's own recovery can otherwise absorb the rest of a file into one
// error after an unclosed bracket; blanking keeps byte offsets, so positions stay those of
// src.
//
// The first parse reuses old when it is not nil (a tree edited to describe how src differs
// from its text; see Tree), unless the result has syntax errors: error recovery may then
// differ from a parse from scratch, which is run instead. When keep is set, the tree of the
// first parse (of src itself, before any blanking) is returned in first, owned by the caller.
//
// It returns the final tree and its comments, the text it was parsed from, and the removed
// regions.
func (c *converter) parseWithResync(src []byte, old *tsTree, keep bool) (root *cst, comments []*cst, text []byte, cuts []removed, first *tsTree) {
	text = src
	sess := newFlowSession()
	defer sess.close()
	began := time.Now()
	truncated := false
	for round := 0; ; round++ {
		if round == 0 {
			root, comments = c.firstParse(sess, src, old)
			if keep {
				first = sess.keep()
			}
		} else {
			root, comments = buildCST(sess, text)
		}
		if truncated {
			return
		}
		scratch := &converter{src: text, file: c.file, bomLen: c.bomLen}
		f, ok := scratch.resyncRegion(root)
		if !ok {
			return
		}
		cut := f.cut
		if round == maxResyncRounds || round > 0 && time.Since(began) > c.budget {
			// Out of budget: drop everything from this region on rather than report the
			// cascade of errors tree-sitter's recovery left after it.
			cut.end = len(text)
			c.truncatedAt = cut.start
			truncated = true
		}
		rm := removed{cut: cut, stmt: scratch.standIn(f.stmt, cut, src)}
		// The region's own explanation, even when it points past the cut (at the token
		// where the statement was found unfinished), then everything reported inside it.
		rm.diags = append(rm.diags, f.diags...)
		scratch.diags = nil
		scratch.reportSyntaxErrorsIn(root, cut.start, f.cut.end)
		for _, d := range scratch.diags {
			if d.Range.Start.Offset >= cut.start && d.Range.Start.Offset < f.cut.end {
				rm.diags = append(rm.diags, d)
			}
		}
		for _, cm := range comments {
			if cm.start >= cut.start && cm.end <= cut.end {
				rm.comments = append(rm.comments, scratch.comment(cm))
			}
		}
		cuts = append(cuts, rm)
		if &text[0] == &src[0] {
			text = append([]byte(nil), src...)
		}
		for i := cut.start; i < cut.end; i++ {
			if text[i] != '\n' && text[i] != '\r' {
				text[i] = ' '
			}
		}
	}
}

// firstParse parses src, reusing old when it is not nil and the result is free of errors.
func (c *converter) firstParse(sess *session, src []byte, old *tsTree) (*cst, []*cst) {
	if old == nil {
		return buildCST(sess, src)
	}
	recs := sess.reparse(src, old)
	if sess.hasError() {
		return buildCST(sess, src)
	}
	return flatten(recs)
}

// standIn returns the statement that replaces a cut region in the tree: for a declaration,
// the declaration with its broken initialisers as *ast.BadExpr, so that the names it declares
// stay known to the checker; else a *ast.BadStmt over the region's text.
func (c *converter) standIn(s *cst, cut region, src []byte) ast.Stmt {
	end := cut.end
	for end > cut.start && (src[end-1] == ' ' || src[end-1] == '\n' || src[end-1] == '\r' || src[end-1] == '\t') {
		end--
	}
	bad := &ast.BadStmt{Loc: ast.Loc{Range: c.span(cut.start, end)}}
	if s == nil || s.start != cut.start || s.kind != "lexical_declaration" && s.kind != "variable_declaration" {
		return bad
	}
	d := &ast.VarDecl{Loc: bad.Loc, Kind: declKind(c, s.child("kind"))}
	for _, dn := range s.children("declarator") {
		name := dn.child("name")
		if name == nil || name.missing || name.end > end {
			continue
		}
		dend := min(dn.end, end)
		saved := c.diags
		decl := &ast.Declarator{Loc: ast.Loc{Range: c.span(dn.start, dend)}, Target: c.bindingPattern(name)}
		c.diags = saved
		if dn.child("value") != nil || dn.hasKid("ERROR") || dn.hasKid("=") {
			decl.Init = &ast.BadExpr{Loc: ast.Loc{Range: c.span(name.end, dend)}}
		}
		d.Decls = append(d.Decls, decl)
	}
	if len(d.Decls) == 0 || d.Kind == 0 {
		return bad
	}
	return d
}

// foundCut is a region to blank, the statement it cuts into and the diagnostics that
// explain it.
type foundCut struct {
	cut   region
	stmt  *cst
	diags []diag.Diagnostic
}

// resyncRegion returns the region to blank for the first ERROR node that spans several lines
// or starts a statement inside another one. Only the first: later errors in the same tree are
// often consequences of the first, and are seen again after the re-parse.
func (c *converter) resyncRegion(root *cst) (foundCut, bool) {
	for _, e := range multilineErrors(root, c, nil) {
		if r, s, ok := c.errorRegion(e); ok {
			return foundCut{r, s, c.diags}, true
		}
	}
	return foundCut{}, false
}

// errorRegion returns the span to blank for the ERROR node e: from the start of the
// statement holding it to the first later line that starts with a statement keyword at or
// after the error, or to the end of that statement. It leaves the explanation of e in
// c.diags.
func (c *converter) errorRegion(e *cst) (region, *cst, bool) {
	s := statementAncestor(e)
	// Where the error shows: the first diagnostic of the region.
	c.diags = nil
	c.errorNodeError(e)
	at := e.start
	if len(c.diags) > 0 {
		at = c.diags[0].Range.Start.Offset
	}
	firstLine := c.file.Pos(s.start).Line
	errLine := c.file.Pos(at).Line
	start := s.start
	if c.anchor > s.start {
		// Start at the line where the statement with the unclosed bracket begins.
		for line := c.file.Pos(c.anchor).Line; line > firstLine; line-- {
			if ls := c.file.LineStart(line); startsStatement(c.src, ls) {
				start = ls
				firstLine = line
				break
			}
		}
	}
	end := s.end
	for line := firstLine + 1; line <= c.file.LineCount(); line++ {
		ls := c.file.LineStart(line)
		if ls >= s.end {
			break
		}
		if line < errLine {
			continue
		}
		if startsStatement(c.src, ls) {
			end = ls
			break
		}
	}
	if end <= start {
		return region{}, nil, false
	}
	return region{start, end}, s, true
}

// multilineErrors appends to out, in source order, the ERROR nodes (outside other ERRORs)
// that cover more than one line or that start a line with a statement keyword inside an
// earlier statement (`let b = 2 +` followed by a line `if (a) {`): tree-sitter then skipped
// the start of a statement to finish the previous one.
func multilineErrors(n *cst, c *converter, out []*cst) []*cst {
	if n.isError() {
		if bytes.ContainsAny(c.src[n.start:n.end], "\n\r") || c.startsInsideStatement(n) {
			out = append(out, n)
		}
		return out
	}
	for _, k := range n.kids {
		out = multilineErrors(k, c, out)
	}
	return out
}

// startsInsideStatement reports whether the ERROR node e begins a line with a statement
// keyword while the statement holding it began on an earlier line.
func (c *converter) startsInsideStatement(e *cst) bool {
	ls := leaves(e)
	if len(ls) == 0 || !statementKeywords[c.text(ls[0])] || !c.firstOnLine(ls[0].start) {
		return false
	}
	s := statementAncestor(e)
	return s != e && c.file.Pos(s.start).Line < c.file.Pos(ls[0].start).Line
}

// statementAncestor returns the ancestor of n (or n) that is an item of a statement list.
func statementAncestor(n *cst) *cst {
	for s := n; s.parent != nil; s = s.parent {
		switch s.parent.kind {
		case "program", "statement_block", "switch_case", "switch_default", "ERROR":
			if s.parent.kind != "ERROR" || s.parent.parent == nil {
				return s
			}
		}
	}
	return n
}

// startsStatement reports whether the line starting at off begins with a statement keyword.
func startsStatement(src []byte, off int) bool {
	i := off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	j := i
	for j < len(src) && (src[j] >= 'a' && src[j] <= 'z') {
		j++
	}
	if j == i || j < len(src) && isIdentByte(src[j]) {
		return false
	}
	return statementKeywords[string(src[i:j])]
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// insertStandIns puts the stand-in statement of every removed region into the innermost
// statement list of f that holds the region, keeping source order.
func insertStandIns(f *ast.File, cuts []removed) {
	for _, rm := range cuts {
		list := &f.Stmts
		width := -1
		ast.Inspect(f, func(n ast.Node) bool {
			var stmts *[]ast.Stmt
			switch n := n.(type) {
			case *ast.BlockStmt:
				stmts = &n.Stmts
			case *ast.CaseClause:
				stmts = &n.Body
			default:
				return true
			}
			r := n.Span()
			if r.Start.Offset < rm.cut.start && rm.cut.start < r.End.Offset && (width < 0 || r.End.Offset-r.Start.Offset < width) {
				list, width = stmts, r.End.Offset-r.Start.Offset
			}
			return true
		})
		for _, s := range *list {
			if sp := s.Span(); sp.Start.Offset <= rm.cut.start && rm.cut.start < sp.End.Offset {
				list = nil // inside a statement that is not a list: leave it out
				break
			}
		}
		if list == nil {
			continue
		}
		*list = append(*list, rm.stmt)
		sort.SliceStable(*list, func(i, j int) bool {
			return (*list)[i].Span().Start.Offset < (*list)[j].Span().Start.Offset
		})
	}
}
