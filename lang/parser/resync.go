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

// parseWithResync parses src and, while the tree has an ERROR region that swallowed several
// lines, reports that region's syntax errors, blanks the text from the start of the broken
// statement to the next line that starts a statement, and parses again. tree-sitter's own
// recovery can otherwise absorb the rest of a file into one error after an unclosed bracket;
// blanking keeps byte offsets, so positions stay those of src.
//
// It returns the final tree and its comments, the text it was parsed from, and the removed
// regions with their diagnostics and comments.
func (c *converter) parseWithResync(src []byte) (root *cst, comments []*cst, text []byte, cuts []region, removedDiags []diag.Diagnostic, removedComments []*ast.Comment) {
	text = src
	sess := newFlowSession()
	defer sess.close()
	began := time.Now()
	for round := 0; ; round++ {
		root, comments = buildCST(sess, text)
		if round == maxResyncRounds || round > 0 && time.Since(began) > resyncBudget {
			return
		}
		scratch := &converter{src: text, file: c.file, bomLen: c.bomLen}
		found := scratch.resyncRegions(root)
		if len(found) == 0 {
			return
		}
		scratch.diags = nil
		scratch.reportSyntaxErrors(root)
		reported := scratch.diags
		for _, f := range found {
			cut := f.cut
			// The region's own explanation, even when it points past the cut (at the
			// token where the statement was found unfinished), then everything reported
			// inside it.
			removedDiags = append(removedDiags, f.diags...)
			for _, d := range reported {
				if d.Range.Start.Offset >= cut.start && d.Range.Start.Offset < cut.end {
					removedDiags = append(removedDiags, d)
				}
			}
			for _, cm := range comments {
				if cm.start >= cut.start && cm.end <= cut.end {
					removedComments = append(removedComments, scratch.comment(cm))
				}
			}
			cuts = append(cuts, cut)
			if &text[0] == &src[0] {
				text = append([]byte(nil), src...)
			}
			for i := cut.start; i < cut.end; i++ {
				if text[i] != '\n' && text[i] != '\r' {
					text[i] = ' '
				}
			}
			from, to := c.file.Pos(cut.start), c.file.Pos(cut.end)
			sess.edit(cut.start, cut.end, from.Line-1, cut.start-c.file.LineStart(from.Line), to.Line-1, cut.end-c.file.LineStart(to.Line))
		}
	}
}

// foundCut is a region to blank and the diagnostics that explain it.
type foundCut struct {
	cut   region
	diags []diag.Diagnostic
}

// resyncRegions returns, in source order and without overlaps, the regions to blank for
// every ERROR node that spans several lines.
func (c *converter) resyncRegions(root *cst) []foundCut {
	var out []foundCut
	for _, e := range multilineErrors(root, c, nil) {
		r, ok := c.resyncRegion(e)
		if !ok || len(out) > 0 && r.start < out[len(out)-1].cut.end {
			continue
		}
		out = append(out, foundCut{r, c.diags})
	}
	return out
}

// resyncRegion returns the span to blank for the multi-line ERROR node e: from the start of
// the statement holding it to the first later line that starts with a statement keyword at
// or after the error, or to the end of that statement. It leaves the explanation of e in
// c.diags.
func (c *converter) resyncRegion(e *cst) (region, bool) {
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
		return region{}, false
	}
	return region{start, end}, true
}

// multilineErrors appends to out the ERROR nodes (outside other ERRORs) that cover more than
// one line, in source order.
func multilineErrors(n *cst, c *converter, out []*cst) []*cst {
	if n.isError() {
		if bytes.ContainsAny(c.src[n.start:n.end], "\n\r") {
			out = append(out, n)
		}
		return out
	}
	for _, k := range n.kids {
		out = multilineErrors(k, c, out)
	}
	return out
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

// addCutStmts puts a *ast.BadStmt in stmts for every removed region that is not inside one of
// them, keeping source order.
func (c *converter) addCutStmts(stmts []ast.Stmt, cuts []region, src []byte) []ast.Stmt {
	added := false
	for _, r := range cuts {
		inside := false
		for _, s := range stmts {
			if sp := s.Span(); sp.Start.Offset <= r.start && r.start < sp.End.Offset {
				inside = true
				break
			}
		}
		if !inside {
			end := r.end
			for end > r.start && (src[end-1] == ' ' || src[end-1] == '\n' || src[end-1] == '\r' || src[end-1] == '\t') {
				end--
			}
			stmts = append(stmts, &ast.BadStmt{Loc: ast.Loc{Range: c.span(r.start, end)}})
			added = true
		}
	}
	if added {
		sort.SliceStable(stmts, func(i, j int) bool {
			return stmts[i].Span().Start.Offset < stmts[j].Span().Start.Offset
		})
	}
	return stmts
}
