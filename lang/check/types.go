package check

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// receiverOwner returns the catalogue owner of the methods of e's value ("string" or "array")
// when the checker knows it statically: string, template and list literals; results of
// built-ins and methods whose catalogue type says so (`JSON.stringify(x)`, `s.split(",")`);
// `+` with a string operand; and variables that are never reassigned and whose initialiser is
// one of those. It returns "" when the kind is unknown.
func (c *checker) receiverOwner(e ast.Expr) string { return c.receiverOwnerDepth(e, 0) }

// maxTypeDepth bounds the inference through variables and calls.
const maxTypeDepth = 8

// staticType infers the catalogue type of e (only TypeString and TypeList are of interest),
// or "" when unknown.
func (c *checker) staticType(e ast.Expr, depth int) catalog.Type {
	if depth > maxTypeDepth {
		return ""
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.StringLit, *ast.TemplateLit:
		return catalog.TypeString
	case *ast.ArrayLit:
		return catalog.TypeList
	case *ast.BinaryExpr:
		if x.Op == "+" && (c.staticType(x.X, depth+1) == catalog.TypeString || c.staticType(x.Y, depth+1) == catalog.TypeString) {
			return catalog.TypeString
		}
	case *ast.UnaryExpr:
		if x.Op == "typeof" {
			return catalog.TypeString
		}
	case *ast.CallExpr:
		if x.Optional {
			return ""
		}
		if en, ok := c.builtinOf(x.Callee); ok && en.Callable() {
			return en.Type
		}
		if m, ok := ast.Unparen(x.Callee).(*ast.MemberExpr); ok && m.Prop != nil && !m.Optional {
			if owner := c.receiverOwnerDepth(m.X, depth+1); owner != "" {
				if en, ok := catalog.Member(owner, m.Prop.Name); ok && en.Callable() {
					return en.Type
				}
			}
		}
	case *ast.Ident:
		return c.identType(x, depth)
	}
	return ""
}

func (c *checker) receiverOwnerDepth(e ast.Expr, depth int) string {
	switch c.staticType(e, depth) {
	case catalog.TypeString:
		return catalog.OwnerString
	case catalog.TypeList:
		return catalog.OwnerArray
	}
	return ""
}

// identType infers the type of a variable that is never reassigned: the type of its
// initialiser. A list may be modified in place, but stays a list.
func (c *checker) identType(id *ast.Ident, depth int) catalog.Type {
	ref := c.scopes.Ref(id)
	if ref == nil || ref.Binding == nil || ref.Early {
		return ""
	}
	b := ref.Binding
	if (b.Kind != KindConst && b.Kind != KindLet) || b.Declarator == nil || b.Declarator.Target != ast.Pattern(b.Ident) || b.Declarator.Init == nil {
		return ""
	}
	for _, r := range b.Refs {
		if r.Access != Read {
			return ""
		}
	}
	return c.staticType(b.Declarator.Init, depth+1)
}
