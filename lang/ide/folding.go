package ide

import (
	"sort"

	"github.com/rhythmflow/rhythm/lang/ast"
)

// Fold is a foldable region: 0-based first and last lines (the last line stays visible when
// it holds the closing bracket) and whether it is a comment.
type Fold struct {
	StartLine, EndLine int
	Comment            bool
}

// FoldingRanges returns the foldable regions of the document: blocks, object and list
// literals, argument lists and templates that span lines, switch clauses, front matter,
// block comments and runs of line comments. Sorted by start line.
func FoldingRanges(d *Document) []Fold {
	var out []Fold
	seen := map[[2]int]bool{}
	add := func(start, end int, comment bool) {
		if end > start && !seen[[2]int{start, end}] {
			seen[[2]int{start, end}] = true
			out = append(out, Fold{StartLine: start, EndLine: end, Comment: comment})
		}
	}
	bracket := func(n ast.Node) { // the closing bracket's line stays visible
		r := n.Span()
		add(r.Start.Line-1, r.End.Line-2, false)
	}
	ast.Inspect(d.Tree(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt, *ast.ObjectLit, *ast.ArrayLit, *ast.SwitchStmt, *ast.ObjectPattern, *ast.ArrayPattern:
			bracket(n)
		case *ast.CallExpr:
			if len(n.Args) > 0 {
				first := n.Args[0].Span()
				r := n.Range
				if first.Start.Line < r.End.Line {
					add(n.Callee.Span().End.Line-1, r.End.Line-2, false)
				}
			}
		case *ast.TemplateLit:
			add(n.Range.Start.Line-1, n.Range.End.Line-1, false)
		case *ast.CaseClause:
			if len(n.Body) > 0 {
				add(n.Range.Start.Line-1, n.Body[len(n.Body)-1].Span().End.Line-1, false)
			}
		}
		return true
	})
	if fm := d.Tree().FrontMatter; fm != nil {
		add(fm.Range.Start.Line-1, fm.Range.End.Line-1, true)
	}
	runStart, runEnd := -1, -1
	for _, c := range d.Tree().Comments {
		if c.Block {
			add(c.Range.Start.Line-1, c.Range.End.Line-1, true)
			continue
		}
		line := c.Range.Start.Line - 1
		if runStart >= 0 && line == runEnd+1 && onlySpace(d.Text[d.File.LineStart(line+1):c.Range.Start.Offset]) {
			runEnd = line
			continue
		}
		if runStart >= 0 {
			add(runStart, runEnd, true)
		}
		runStart, runEnd = -1, -1
		if onlySpace(d.Text[d.File.LineStart(line+1):c.Range.Start.Offset]) {
			runStart, runEnd = line, line
		}
	}
	if runStart >= 0 {
		add(runStart, runEnd, true)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].StartLine != out[j].StartLine {
			return out[i].StartLine < out[j].StartLine
		}
		return out[i].EndLine > out[j].EndLine
	})
	return out
}

// onlySpace reports whether b holds only blanks.
func onlySpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}
