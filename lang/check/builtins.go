package check

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// globalNames returns the built-in top-level names of the catalogue (the universe scope).
func globalNames() []string {
	gs := catalog.Globals()
	out := make([]string, 0, len(gs))
	for _, e := range gs {
		out = append(out, e.Name)
	}
	return out
}

// builtinIdent reports whether e is an identifier that refers to the built-in global of that
// name (not shadowed by a declaration), and returns its name.
func (c *checker) builtinIdent(e ast.Expr) (string, bool) {
	id, ok := e.(*ast.Ident)
	if !ok || id == nil {
		return "", false
	}
	ref := c.scopes.Ref(id)
	if ref == nil || ref.Binding == nil || ref.Binding.Kind != KindBuiltin {
		return "", false
	}
	return id.Name, true
}

// builtinOf returns the catalogue entry an expression denotes when it is statically known: a
// built-in global (`parseInt`) or a member of a built-in namespace (`Math.floor`,
// `Task.run`), written with `.` or `?.`.
func (c *checker) builtinOf(e ast.Expr) (*catalog.Entry, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if name, ok := c.builtinIdent(e); ok {
			return catalog.Lookup(name)
		}
	case *ast.MemberExpr:
		if e.Prop == nil {
			return nil, false
		}
		if owner, ok := c.builtinIdent(ast.Unparen(e.X)); ok {
			return catalog.Member(owner, e.Prop.Name)
		}
	}
	return nil, false
}

// memberNames returns the member names of a namespace (for suggestions).
func memberNames(owner string) []string {
	var out []string
	for _, m := range catalog.Members(owner) {
		out = append(out, m.Member)
	}
	return out
}
