package parser

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// An edit in a large file changes one or a few of its top-level statements. When the text
// has no syntax errors, the parse converts every top-level node (statement, comment, front
// matter) on its own and keeps the results with the tree (a snapshot); the next parse then
// converts only the top-level nodes that tree-sitter re-built or that an edit touched, and
// takes the others from the snapshot, moved to their new offsets and lines. Only the nodes it
// converts are copied out of tree-sitter.
//
// Converting a top-level node depends on its own text and syntax tree alone (the text before
// it on its line too, through the columns of its positions), so a node whose text, syntax
// tree and line prefix are unchanged converts to the same statements, comments and
// diagnostics, moved.

// snapshot is what the parse of a text without syntax errors leaves to the next parse.
type snapshot struct {
	src   []byte // a copy of the text
	items []*item
}

// item is the conversion of one child of the root of the syntax tree. It is not modified once
// made: the snapshots of several versions of the text may share it.
type item struct {
	kind       string // node kind
	start, end int    // byte range of the node
	// reach is the end of the text the results depend on: past end when a diagnostic
	// reaches further.
	reach       int
	line        int // line of start
	stmts       []ast.Stmt
	frontMatter *ast.FrontMatter // of a front_matter node
	comments    []*ast.Comment
	syntax      []diag.Diagnostic // reported by reportSyntaxErrors
	diags       []diag.Diagnostic // reported by the conversion
	moved       bool              // a moved copy of the item of an earlier version
}

// fileNode returns the *ast.File of src with no content yet.
func fileNode(c *converter, filename string, src []byte) *ast.File {
	f := &ast.File{
		Loc:  ast.Loc{Range: c.span(0, len(src))},
		Name: strings.TrimSuffix(filepath.Base(filename), ".flow"),
	}
	if filename == "" {
		f.Name = ""
	}
	return f
}

// parseKeep is ParseIncremental's parse: like parse with keep set, reusing old's tree-sitter
// tree and, when old has one and src has no syntax errors, old's snapshot. It returns the
// snapshot of src (nil when src has syntax errors or the legacy wrapper).
func parseKeep(filename string, src []byte, old *Tree, budget time.Duration) (*ast.File, []diag.Diagnostic, *tsTree, *snapshot) {
	var ot *tsTree
	var prev *snapshot
	var edits []Edit
	if old != nil {
		ot, prev, edits = old.t, old.snap, old.edits
	}
	sess := newFlowSession()
	defer sess.close()
	top, changed, ok := sess.reparseTop(src, ot, prev != nil)
	if !ok {
		// Syntax errors: error recovery in an incremental parse may differ from a parse from
		// scratch, which parse runs.
		f, ds, first := parse(filename, src, nil, true, budget)
		return f, ds, first, nil
	}
	c := newConverter(filename, src, budget)
	f, ds, snap, ok := c.convertItems(sess, filename, top, changed, prev, edits)
	if !ok {
		// The legacy wrapper: the whole tree, which has no syntax errors to resynchronise
		// after.
		root, comments := flatten(sess.walk())
		f, ds = c.convert(filename, src, root, comments, nil)
	}
	return f, ds, sess.keep(), snap
}

// convertItems converts the tree of the session's last parse, which has no syntax errors,
// top-level node by top-level node, taking from prev those that did not change. top is the
// root and its children (see session.reparseTop), changed the ranges where the tree differs
// from the one prev was made with, edits the edits from prev.src to c.src. It returns false
// (and nothing) for a file in the legacy wrapper, which convertItems does not handle.
func (c *converter) convertItems(sess *session, filename string, top []nodeRecord, changed []region, prev *snapshot, edits []Edit) (*ast.File, []diag.Diagnostic, *snapshot, bool) {
	roots, _ := flattenForest(top)
	root := roots[0]
	kids := root.kids
	var only *cst
	count := 0
	for _, k := range kids {
		if k.kind != "front_matter" && k.kind != "comment" {
			only = k
			count++
		}
	}
	if count == 1 && only.kind == "function_declaration" {
		return nil, nil, nil, false
	}

	items := make([]*item, len(kids))
	if prev != nil {
		c.reuse(items, kids, changed, prev, edits)
	}
	var dirty []uint32
	for i, it := range items {
		if it == nil {
			dirty = append(dirty, uint32(i))
		}
	}
	if len(dirty) > 0 {
		subtrees, comments := flattenForest(sess.children(dirty))
		byTop := make(map[*cst][]*cst)
		for _, cm := range comments {
			t := cm
			for t.parent != nil {
				t = t.parent
			}
			byTop[t] = append(byTop[t], cm)
		}
		for j, i := range dirty {
			n := subtrees[j]
			n.parent = root
			kids[i] = n
		}
		for j, i := range dirty {
			items[i] = c.convertItem(subtrees[j], byTop[subtrees[j]])
		}
	}

	f := fileNode(c, filename, c.src)
	var syntax, front, diags []diag.Diagnostic
	for _, it := range items {
		f.Comments = append(f.Comments, it.comments...)
		syntax = append(syntax, it.syntax...)
		if it.kind == "front_matter" {
			f.FrontMatter = it.frontMatter
			front = append(front, it.diags...)
			continue
		}
		f.Stmts = append(f.Stmts, it.stmts...)
		diags = append(diags, it.diags...)
	}
	// The order of a conversion of the whole tree: reportSyntaxErrors, then program.
	ds := append(append(syntax, front...), diags...)
	diag.Sort(ds)
	ds = dedupe(ds)
	return f, ds, &snapshot{src: bytes.Clone(c.src), items: items}, true
}

// convertItem converts the child n of the root, whose comments (in source order) are
// comments.
func (c *converter) convertItem(n *cst, comments []*cst) *item {
	it := &item{kind: n.kind, start: n.start, end: n.end, reach: n.end, line: c.file.Pos(n.start).Line}
	c.diags = nil
	c.reportSyntaxErrorsIn(n, 0, len(c.src)+1)
	it.syntax = c.diags
	c.diags = nil
	switch n.kind {
	case "front_matter":
		it.frontMatter = c.frontMatter(n)
	case "comment":
	default:
		it.stmts = c.stmtList([]*cst{n})
	}
	it.diags = c.diags
	c.diags = nil
	for _, cm := range comments {
		it.comments = append(it.comments, c.comment(cm))
	}
	from := it.start
	for _, ds := range [][]diag.Diagnostic{it.syntax, it.diags} {
		for _, d := range ds {
			rs := []source.Range{d.Range}
			for _, r := range d.Related {
				rs = append(rs, r.Range)
			}
			for _, fx := range d.Fixes {
				for _, e := range fx.Edits {
					rs = append(rs, e.Range)
				}
			}
			for _, r := range rs {
				from = min(from, r.Start.Offset)
				it.reach = max(it.reach, r.End.Offset)
			}
		}
	}
	if from < it.start {
		// A diagnostic before the node (none is known): the item is never reused, as its
		// reach lies past the end of any later version that keeps the text up to it.
		it.reach = len(c.src) + 1
	}
	return it
}

// reuse fills items[i], for each child kids[i] of the new root that stands for an item of
// prev unchanged, with that item moved to its new place; the others stay nil.
func (c *converter) reuse(items []*item, kids []*cst, changed []region, prev *snapshot, edits []Edit) {
	// Where each item of prev went, for those no edit touched, in the order of prev.items
	// (which edits keep).
	type moved struct {
		it         *item
		start, end int // the node's range in the new text
		reach      int
	}
	var cands []moved
	for _, it := range prev.items {
		if it.kind == "front_matter" {
			continue
		}
		start, end, reach, ok := it.start, it.end, it.reach, true
		for _, e := range edits {
			// The results depend on the text [start, reach) and on the character at reach
			// (see syntaxError); the text before start on its line is compared below.
			if e.Start <= reach && e.OldEnd > start {
				ok = false
				break
			}
			if e.OldEnd <= start {
				d := e.NewEnd - e.OldEnd
				start, end, reach = start+d, end+d, reach+d
			}
		}
		if ok {
			cands = append(cands, moved{it, start, end, reach})
		}
	}
	j, r := 0, 0
	for i, k := range kids {
		for j < len(cands) && cands[j].start < k.start {
			j++
		}
		if j == len(cands) {
			break
		}
		m := cands[j]
		if m.start != k.start || m.end != k.end || m.it.kind != k.kind || m.reach > len(c.src) {
			continue
		}
		// Skip the changed ranges that end before the node (tree-sitter's ranges are
		// half-open; one of no width at the node's start is not skipped); one that reaches
		// the node rules it out.
		for r < len(changed) && changed[r].end <= k.start && changed[r].start < k.start {
			r++
		}
		if r < len(changed) && changed[r].start <= m.reach {
			continue
		}
		it := m.it
		if !bytes.Equal(prev.src[it.start:it.reach], c.src[m.start:m.reach]) || !sameLinePrefix(prev.src, it.start, c.src, m.start) {
			continue
		}
		line := c.file.Pos(m.start).Line
		if m.start == it.start && line == it.line {
			items[i] = it
			continue
		}
		if moved := shiftItem(it, m.start-it.start, line-it.line); moved != nil {
			items[i] = moved
		}
	}
}

// sameLinePrefix reports whether the text before offset a of x on its line is the text before
// offset b of y on its line, so that columns at and after them agree. Columns of the first
// line do not count a byte order mark.
func sameLinePrefix(x []byte, a int, y []byte, b int) bool {
	px, okx := linePrefix(x, a)
	py, oky := linePrefix(y, b)
	return okx && oky && bytes.Equal(px, py)
}

// linePrefix returns the text that columns count before offset a of src on its line, and
// false inside a byte order mark.
func linePrefix(src []byte, a int) ([]byte, bool) {
	l := bytes.LastIndexByte(src[:a], '\n') + 1
	if l == 0 && bytes.HasPrefix(src, bom) {
		if a < len(bom) {
			return nil, false
		}
		l = len(bom)
	}
	return src[l:a], true
}

// shiftItem returns a copy of it moved by off bytes and lines lines, or nil when it holds a
// node shifter does not know.
func shiftItem(it *item, off, lines int) *item {
	s := &shifter{off: off, lines: lines}
	cp := &item{
		kind: it.kind, start: it.start + off, end: it.end + off, reach: it.reach + off, line: it.line + lines,
		stmts: s.stmts(it.stmts), moved: true,
	}
	if s.failed {
		return nil
	}
	if it.comments != nil {
		cp.comments = make([]*ast.Comment, len(it.comments))
		for i, cm := range it.comments {
			cp.comments[i] = s.comment(cm)
		}
	}
	cp.syntax = shiftDiags(s, it.syntax)
	cp.diags = shiftDiags(s, it.diags)
	return cp
}

func shiftDiags(s *shifter, ds []diag.Diagnostic) []diag.Diagnostic {
	if ds == nil {
		return nil
	}
	out := slices.Clone(ds)
	for i := range out {
		out[i] = s.diag(out[i])
	}
	return out
}

// newConverter returns a converter for src.
func newConverter(filename string, src []byte, budget time.Duration) *converter {
	c := &converter{src: src, file: source.NewFile(filename, src), budget: budget}
	if bytes.HasPrefix(src, bom) {
		c.bomLen = len(bom)
	}
	return c
}
