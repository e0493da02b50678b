package ide

import (
	"github.com/rhythmflow/rhythm/lang/ast"
)

// pathAt returns the syntax nodes whose text contains the byte offset off, outermost first
// (the file itself first). A node also contains the offset just after its end when it is an
// identifier, so that a cursor right after a name finds it.
func pathAt(f *ast.File, off int) []ast.Node {
	path := []ast.Node{f}
	var n ast.Node = f
	for {
		var next ast.Node
		for _, c := range ast.Children(n) {
			r := c.Span()
			if r.Start.Offset <= off && off < r.End.Offset {
				next = c
				break
			}
		}
		if next == nil {
			for _, c := range ast.Children(n) {
				if id, ok := c.(*ast.Ident); ok && id.Range.End.Offset == off {
					next = c
					break
				}
			}
		}
		if next == nil {
			return path
		}
		path = append(path, next)
		n = next
	}
}

// nodeSpanning returns the innermost expression whose text is exactly [start, end), or nil.
func nodeSpanning(f *ast.File, start, end int) ast.Expr {
	var found ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		r := n.Span()
		if r.End.Offset < start || r.Start.Offset > start || r.End.Offset < end {
			return false
		}
		if e, ok := n.(ast.Expr); ok && r.Start.Offset == start && r.End.Offset == end {
			found = e
		}
		return true
	})
	return found
}

// callAt returns the innermost call expression of path, with its index in path, or nil.
func callAt(path []ast.Node) (*ast.CallExpr, int) {
	for i := len(path) - 1; i >= 0; i-- {
		if c, ok := path[i].(*ast.CallExpr); ok {
			return c, i
		}
	}
	return nil, -1
}
