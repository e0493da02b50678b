package ide

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Document is an immutable snapshot of one open file: its text and line table, and, computed
// on first use, the parsed syntax tree, the parser's diagnostics and the name resolution (so
// that applying an edit is cheap and a burst of keystrokes parses once). It is safe for
// concurrent use.
type Document struct {
	// Name is the file name given to the parser (a path; the workflow name is its base name
	// without .flow).
	Name string
	// Version is the editor's version number of the text.
	Version int32
	// Text is the document's content. It must not be modified.
	Text []byte
	// File is the line table of Text.
	File *source.File

	// treeMu guards ts and pending. ts is the tree-sitter tree of Text once parsed; pending,
	// until then, is a tree of an earlier version edited to describe the changes since, which
	// the parse reuses (see parser.ParseIncremental). Both are owned by this snapshot (freed
	// when it becomes unreachable); others take clones.
	treeMu     sync.Mutex
	ts         *parser.Tree
	pending    *parser.Tree
	parseOnce  sync.Once
	tree       *ast.File
	syntax     []diag.Diagnostic
	scopesOnce sync.Once
	scopes     *check.Scopes
	nodesOnce  sync.Once
	nodes      treeNodes
	// stmtNodes is what treeNodes found in each top-level statement: d's own once computed,
	// until then those of the version d was derived from. The parser reuses the unchanged
	// statements of that version (the very same nodes), which are not walked again.
	stmtNodes atomic.Pointer[map[ast.Stmt]treeNodes]
}

// treeNodes is what a walk over a document's tree, or one of its statements, finds for the
// diagnostics.
type treeNodes struct {
	bad   bool            // the parser left a Bad statement or expression
	calls []*ast.CallExpr // the calls with two arguments or more, in source order
}

// NewDocument returns the snapshot of text; it is parsed on first use.
func NewDocument(name string, version int32, text []byte) *Document {
	return &Document{Name: name, Version: version, Text: text, File: source.NewFile(name, text)}
}

// parse runs the parser once, reusing the pending tree of an earlier version if there is one.
func (d *Document) parse() {
	d.parseOnce.Do(func() {
		d.treeMu.Lock()
		old := d.pending
		d.treeMu.Unlock()
		var ts *parser.Tree
		d.tree, d.syntax, ts = parser.ParseIncremental(d.Name, d.Text, old)
		d.treeMu.Lock()
		d.ts, d.pending = ts, nil
		d.treeMu.Unlock()
		old.Close()
	})
}

// editableTree returns a clone of the tree to derive the next version's from: d's own tree,
// else its pending one, else (a snapshot never parsed) the tree of parsing d now.
func (d *Document) editableTree() *parser.Tree {
	for range 2 {
		d.treeMu.Lock()
		base := d.ts
		if base == nil {
			base = d.pending
		}
		t := base.Clone()
		d.treeMu.Unlock()
		if t != nil {
			return t
		}
		d.parse()
	}
	return nil
}

// Tree returns the parsed file (partial when the text has syntax errors), never nil.
func (d *Document) Tree() *ast.File {
	d.parse()
	return d.tree
}

// SyntaxDiagnostics returns the parser's diagnostics, sorted.
func (d *Document) SyntaxDiagnostics() []diag.Diagnostic {
	d.parse()
	return d.syntax
}

// Scopes returns the document's name resolution (computed once).
func (d *Document) Scopes() *check.Scopes {
	d.scopesOnce.Do(func() { d.scopes = check.Resolve(d.Tree()) })
	return d.scopes
}

// treeNodes walks the tree once (the first time it is asked) for the Bad nodes and the calls
// the diagnostics look at, taking what it found in the statements of the previous version
// the parse reused.
func (d *Document) treeNodes() *treeNodes {
	d.nodesOnce.Do(func() {
		var prev map[ast.Stmt]treeNodes
		if p := d.stmtNodes.Load(); p != nil {
			prev = *p
		}
		stmts := d.Tree().Stmts
		own := make(map[ast.Stmt]treeNodes, len(stmts))
		for _, s := range stmts {
			found, ok := prev[s]
			if !ok {
				found = walkNodes(s)
			}
			own[s] = found
			d.nodes.bad = d.nodes.bad || found.bad
			d.nodes.calls = append(d.nodes.calls, found.calls...)
		}
		d.stmtNodes.Store(&own)
	})
	return &d.nodes
}

// walkNodes walks n for the Bad nodes and the calls the diagnostics look at.
func walkNodes(n ast.Node) treeNodes {
	var found treeNodes
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BadStmt, *ast.BadExpr:
			found.bad = true
		case *ast.CallExpr:
			if len(n.Args) >= 2 {
				found.calls = append(found.calls, n)
			}
		}
		return true
	})
	return found
}

// Position is a place in the editor's coordinates: a 0-based line and a 0-based column
// counted in UTF-16 code units (the Language Server Protocol's convention).
type Position struct {
	Line      int
	Character int
}

// Offset converts an editor position to a byte offset of d's text. Positions past the end of
// a line stop at the line's end; lines past the end of the text give the text's length.
func (d *Document) Offset(p Position) int { return d.File.OffsetOfUTF16(p.Line, p.Character) }

// Position converts a byte offset of d's text to an editor position.
func (d *Document) Position(off int) Position { return PositionOf(d.File, off) }

// PositionOf converts a byte offset of f to an editor position.
func PositionOf(f *source.File, off int) Position {
	p := f.Pos(off)
	return Position{Line: p.Line - 1, Character: f.UTF16Col(p)}
}

// Change is one edit sent by the editor: Text replaces the text between Start and End, or
// the whole document when Whole is set.
type Change struct {
	Whole      bool
	Start, End Position
	Text       string
}

// Apply returns a new snapshot with the changes applied in order (each change's positions
// refer to the text left by the previous one). Unless a change replaces the whole text, the
// new snapshot's parse reuses the unchanged parts of d's (parsing d first if it never was).
func (d *Document) Apply(version int32, changes []Change) (*Document, error) {
	text := d.Text
	f := d.File
	var tree *parser.Tree
	if !slices.ContainsFunc(changes, func(c Change) bool { return c.Whole }) {
		tree = d.editableTree()
	}
	for i, c := range changes {
		if c.Whole {
			text = []byte(c.Text)
		} else {
			start, end := f.OffsetOfUTF16(c.Start.Line, c.Start.Character), f.OffsetOfUTF16(c.End.Line, c.End.Character)
			if end < start {
				tree.Close()
				return nil, fmt.Errorf("change %d: end %d:%d before start %d:%d", i, c.End.Line, c.End.Character, c.Start.Line, c.Start.Character)
			}
			if tree != nil {
				tree.Edit(parser.EditOf(start, end, treePoint(f, start), treePoint(f, end), []byte(c.Text)))
			}
			buf := make([]byte, 0, len(text)-(end-start)+len(c.Text))
			buf = append(buf, text[:start]...)
			buf = append(buf, c.Text...)
			buf = append(buf, text[end:]...)
			text = buf
		}
		if i < len(changes)-1 {
			f = source.NewFile(d.Name, text)
		}
	}
	nd := NewDocument(d.Name, version, text)
	nd.pending = tree
	nd.stmtNodes.Store(d.stmtNodes.Load())
	return nd, nil
}

// treePoint returns the parser Point (row, byte column) of the byte offset off of f.
func treePoint(f *source.File, off int) parser.Point {
	line := f.Pos(off).Line
	return parser.Point{Row: line - 1, Column: off - f.LineStart(line)}
}
