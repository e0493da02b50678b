package ast

type (
	// ObjectPattern is `{a, b: c, d = 1, [k]: e, ...rest}` in a declaration or assignment.
	ObjectPattern struct {
		Loc
		Props []*PatternProp
		Rest  Pattern // nil when absent
	}

	// PatternProp is one property of an object pattern. Key is an *Ident, *StringLit or
	// *NumberLit, or any expression when Computed. For shorthand `{a}` / `{a = 1}`, Shorthand
	// is true and Target is the same name as Key. Default is nil when absent.
	PatternProp struct {
		Loc
		Key       Expr
		Computed  bool
		Shorthand bool
		Target    Pattern
		Default   Expr
	}

	// ArrayPattern is `[x, , y = 2, ...more]`. A nil element is a hole (skipped index).
	ArrayPattern struct {
		Loc
		Elems []*PatternElem
		Rest  Pattern // nil when absent
	}

	// PatternElem is one element of an array pattern with an optional default.
	PatternElem struct {
		Loc
		Target  Pattern
		Default Expr
	}
)

func (*Ident) patternNode()         {}
func (*MemberExpr) patternNode()    {}
func (*IndexExpr) patternNode()     {}
func (*ObjectPattern) patternNode() {}
func (*ArrayPattern) patternNode()  {}
func (*BadExpr) patternNode()       {}
