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

// buildCST parses src with tree-sitter and copies the tree into Go values. Comments are
// returned separately, in source order.
func buildCST(src []byte) (root *cst, comments []*cst) {
	langOnce.Do(loadLanguage)
	p := tree_sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(lang); err != nil {
		// The grammar is compiled into the binary: a version mismatch is a build error.
		panic("parser: incompatible tree-sitter language: " + err.Error())
	}
	tree := p.Parse(src, nil)
	defer tree.Close()
	top := tree.RootNode()
	cur := top.Walk()
	defer cur.Close()

	arena := make([]cst, 0, top.DescendantCount())
	newNode := func(parent *cst) *cst {
		n := cur.Node()
		start, end := n.ByteRange()
		if len(arena) == cap(arena) {
			// Never reallocate: earlier nodes point into the old chunk.
			arena = make([]cst, 0, 1024)
		}
		arena = append(arena, cst{
			kind:    kindName(n.KindId()),
			start:   int(start),
			end:     int(end),
			named:   n.IsNamed(),
			missing: n.IsMissing(),
			parent:  parent,
		})
		c := &arena[len(arena)-1]
		if parent != nil {
			if id := cur.FieldId(); id != 0 && int(id) < len(fieldNames) {
				c.field = fieldNames[id]
			}
		}
		if n.IsError() {
			c.kind = "ERROR"
		}
		return c
	}
	root = newNode(nil)
	stack := []*cst{root}
	for {
		parent := stack[len(stack)-1]
		if cur.GotoFirstChild() {
			n := newNode(parent)
			parent.kids = append(parent.kids, n)
			if n.kind == "comment" {
				comments = append(comments, n)
			}
			stack = append(stack, n)
			continue
		}
		for {
			if len(stack) == 1 {
				return root, comments
			}
			stack = stack[:len(stack)-1]
			if cur.GotoNextSibling() {
				parent := stack[len(stack)-1]
				n := newNode(parent)
				parent.kids = append(parent.kids, n)
				if n.kind == "comment" {
					comments = append(comments, n)
				}
				stack = append(stack, n)
				break
			}
			cur.GotoParent()
		}
	}
}
