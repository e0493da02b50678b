package ast

// Unparen returns e without the parentheses around it: `((x))` gives `x`. Any other expression,
// nil included, is returned as it is.
func Unparen(e Expr) Expr {
	for {
		p, ok := e.(*ParenExpr)
		if !ok || p == nil {
			return e
		}
		e = p.X
	}
}
