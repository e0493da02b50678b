package parser

import (
	"sync"

	tree_sitter "github.com/tree-sitter/go-tree-sitter"

	flow "github.com/rhythmflow/rhythm/grammar/bindings/go"
)

// cst is a Go copy of one node of the tree-sitter concrete syntax tree. The converter works on
// these copies so that it makes no further cgo calls and can look at parents and siblings
// freely.
type cst struct {
	kind    string // node kind ("identifier", "ERROR", ";", ...)
	field   string // field name in the parent, "" when none
	start   int    // byte offsets [start, end) in the source
	end     int
	named   bool
	missing bool // inserted by error recovery; zero width
	parent  *cst
	kids    []*cst
}

// isError reports whether n is an ERROR node.
func (n *cst) isError() bool { return n.kind == "ERROR" }

// child returns the first child with the given field name, or nil.
func (n *cst) child(field string) *cst {
	for _, k := range n.kids {
		if k.field == field {
			return k
		}
	}
	return nil
}

// children returns every child with the given field name.
func (n *cst) children(field string) []*cst {
	var out []*cst
	for _, k := range n.kids {
		if k.field == field {
			out = append(out, k)
		}
	}
	return out
}

// hasKid reports whether n has a direct child of the given kind.
func (n *cst) hasKid(kind string) bool {
	for _, k := range n.kids {
		if k.kind == kind {
			return true
		}
	}
	return false
}

// language tables, built once: node kind and field names by id.
var (
	langOnce   sync.Once
	lang       *tree_sitter.Language
	kindNames  []string
	fieldNames []string
)

func loadLanguage() {
	useLibcAllocator()
	lang = tree_sitter.NewLanguage(flow.Language())
	kindNames = make([]string, lang.NodeKindCount())
	for i := range kindNames {
		kindNames[i] = lang.NodeKindForId(uint16(i))
	}
	fieldNames = make([]string, lang.FieldCount()+1)
	for i := 1; i < len(fieldNames); i++ {
		fieldNames[i] = lang.FieldNameForId(uint16(i))
	}
}

// kindName returns the name of a node kind id ("ERROR" for the error symbol).
func kindName(id uint16) string {
	if int(id) < len(kindNames) {
		return kindNames[id]
	}
	return "ERROR"
}

// newFlowSession returns a parser session for Flow.
func newFlowSession() *session {
	langOnce.Do(loadLanguage)
	return newSession(flow.Language())
}

// buildCST parses src in the session and copies the tree into Go values. Comments are
// returned separately, in source order.
func buildCST(sess *session, src []byte) (root *cst, comments []*cst) {
	return flatten(sess.parse(src))
}

// flatten copies the flattened tree of a parse into Go values; comments are returned
// separately, in source order.
func flatten(recs []nodeRecord) (root *cst, comments []*cst) {
	tops, comments := flattenForest(recs)
	return tops[0], comments
}

// flattenForest copies flattened subtrees into Go values: the records with no parent (-1)
// are the roots, returned in order; the comments of every subtree are returned separately,
// in source order.
func flattenForest(recs []nodeRecord) (roots []*cst, comments []*cst) {
	nodes := make([]cst, len(recs))
	nkids := make([]int32, len(recs))
	for i := range recs {
		if p := recs[i].parent; p >= 0 {
			nkids[p]++
		}
	}
	// One backing array for every child list.
	kidStore := make([]*cst, len(recs))
	off := 0
	for i := range recs {
		r := &recs[i]
		n := &nodes[i]
		n.kind = kindName(uint16(r.symbol))
		n.start, n.end = int(r.start), int(r.end)
		n.named = r.flags&flagNamed != 0
		n.missing = r.flags&flagMissing != 0
		if r.flags&flagError != 0 {
			n.kind = "ERROR"
		}
		if f := int(r.field); f > 0 && f < len(fieldNames) {
			n.field = fieldNames[f]
		}
		n.kids = kidStore[off : off : off+int(nkids[i])]
		off += int(nkids[i])
		if p := r.parent; p >= 0 {
			n.parent = &nodes[p]
			n.parent.kids = append(n.parent.kids, n)
		} else {
			roots = append(roots, n)
		}
		if n.kind == "comment" {
			comments = append(comments, n)
		}
	}
	return roots, comments
}
