package parser

import (
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// Point is a place in a text as tree-sitter counts it: a 0-based row and a 0-based column in
// bytes from the start of the row.
type Point struct {
	Row, Column int
}

// PointOf returns the Point of the byte offset off of text (clamped to the text).
func PointOf(text []byte, off int) Point {
	off = max(0, min(off, len(text)))
	p := Point{}
	lineStart := 0
	for i := 0; i < off; i++ {
		if text[i] == '\n' {
			p.Row++
			lineStart = i + 1
		}
	}
	p.Column = off - lineStart
	return p
}

// Edit describes one replacement in a text: the bytes [Start, OldEnd) of the old text became
// the bytes [Start, NewEnd) of the new one. The points are the same places as rows and byte
// columns (StartPoint and OldEndPoint in the old text, NewEndPoint in the new text).
type Edit struct {
	Start, OldEnd, NewEnd                int
	StartPoint, OldEndPoint, NewEndPoint Point
}

// EditOf returns the Edit that replaces [start, oldEnd) of old by inserted, with the points
// located from startPoint, the Point of start in old (see PointOf), and oldEndPoint, that of
// oldEnd.
func EditOf(start, oldEnd int, startPoint, oldEndPoint Point, inserted []byte) Edit {
	end := startPoint
	for i, b := range inserted {
		if b == '\n' {
			end.Row++
			end.Column = len(inserted) - i - 1
		}
	}
	if end.Row == startPoint.Row {
		end.Column = startPoint.Column + len(inserted)
	}
	return Edit{
		Start: start, OldEnd: oldEnd, NewEnd: start + len(inserted),
		StartPoint: startPoint, OldEndPoint: oldEndPoint, NewEndPoint: end,
	}
}

// Tree is the tree-sitter syntax tree of one parse, kept so that the next version of the text
// can be parsed reusing its unchanged parts (see ParseIncremental). It holds C memory, freed by
// Close or, failing that, when the Tree becomes unreachable. A Tree is safe for concurrent
// use.
type Tree struct {
	mu      sync.RWMutex
	t       *tsTree
	cleanup runtime.Cleanup
	// snap is the conversion of the text t was parsed from, when it has no syntax errors
	// (see snapshot), and edits the edits recorded since; both are only read once set.
	snap  *snapshot
	edits []Edit
}

// newTree wraps t, taking ownership of it; nil gives nil.
func newTree(t *tsTree) *Tree {
	if t == nil {
		return nil
	}
	tr := &Tree{t: t}
	tr.cleanup = runtime.AddCleanup(tr, deleteTree, t)
	return tr
}

// Clone returns an independent copy of t (cheap: the nodes are shared, copy-on-write), to be
// edited and closed separately. Cloning a closed or nil Tree gives nil.
func (t *Tree) Clone() *Tree {
	if t == nil {
		return nil
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.t == nil {
		return nil
	}
	cp := newTree(copyTree(t.t))
	cp.snap = t.snap
	cp.edits = slices.Clone(t.edits)
	return cp
}

// Edit records in t that its text changed as e says. Edits apply in order, each in the
// coordinates of the text left by the previous one. Editing a closed Tree does nothing.
func (t *Tree) Edit(e Edit) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.t != nil {
		editTree(t.t, e)
		if t.snap != nil {
			t.edits = append(t.edits, e)
		}
	}
}

// Close frees t's C memory. It is idempotent; a nil Tree may be closed.
func (t *Tree) Close() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.t != nil {
		t.cleanup.Stop()
		deleteTree(t.t)
		t.t = nil
		t.snap, t.edits = nil, nil
	}
}

// ParseIncremental is Parse for a text that old, when not nil, was the tree of before the
// edits recorded in it by Edit: the unchanged parts of old are reused, both tree-sitter's
// nodes and, when neither text has syntax errors, the converted top-level statements (moved
// to their new positions). The results equal Parse(filename, src)'s exactly. It also returns
// the tree of src, owned by the caller (Close it), to parse the next version from. old is only
// read; it stays the caller's. The returned nodes may be shared with the results of the parse
// old came from (and of the next parse): they must not be modified.
func ParseIncremental(filename string, src []byte, old *Tree) (*ast.File, []diag.Diagnostic, *Tree) {
	return parseIncremental(filename, src, old, resyncBudget)
}

// parseIncremental is ParseIncremental with a resynchronisation budget.
func parseIncremental(filename string, src []byte, old *Tree, budget time.Duration) (*ast.File, []diag.Diagnostic, *Tree) {
	// A private copy: tree-sitter trees must not be used by two threads at once.
	own := old.Clone()
	defer own.Close()
	f, ds, first, snap := parseKeep(filename, src, own, budget)
	nt := newTree(first)
	if nt != nil {
		nt.snap = snap
	}
	return f, ds, nt
}
