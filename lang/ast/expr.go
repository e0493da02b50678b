package ast

type (
	// Ident is an identifier. As a Pattern it is a binding or assignment target.
	Ident struct {
		Loc
		Name string
	}

	// NullLit is `null`.
	NullLit struct {
		Loc
	}

	// BoolLit is `true` or `false`.
	BoolLit struct {
		Loc
		Value bool
	}

	// NumberLit is a numeric literal; Raw is its source text.
	NumberLit struct {
		Loc
		Value float64
		Raw   string
	}

	// StringLit is a quoted string; Value is the decoded text, Raw the source text with quotes.
	StringLit struct {
		Loc
		Value string
		Raw   string
	}

	// TemplateLit is “ `a${x}b` “: Quasis are the decoded text parts (len(Exprs)+1 of them),
	// RawQuasis their source text.
	TemplateLit struct {
		Loc
		Quasis    []string
		RawQuasis []string
		Exprs     []Expr
	}

	// ArrayLit is `[a, ...b]`. Elements may be *SpreadElem.
	ArrayLit struct {
		Loc
		Elems []Expr
	}

	// ObjectLit is `{a: 1, b, [k]: v, ...o}`.
	ObjectLit struct {
		Loc
		Props []*Property
	}

	// SpreadElem is `...X` inside an array literal, object literal or call arguments.
	SpreadElem struct {
		Loc
		X Expr
	}

	// UnaryExpr is a prefix operator: Op is one of "!", "-", "+", "typeof", "delete", and the
	// unsupported "void" (reported by the checker).
	UnaryExpr struct {
		Loc
		Op string
		X  Expr
	}

	// AwaitExpr is `await X`.
	AwaitExpr struct {
		Loc
		X Expr
	}

	// UpdateExpr is `++x`, `x++`, `--x`, `x--`; Op is "++" or "--".
	UpdateExpr struct {
		Loc
		Op     string
		Prefix bool
		X      Expr
	}

	// BinaryExpr is an arithmetic, comparison or `in` operation: Op is one of
	// "+ - * / % ** == != === !== < <= > >= in" (and the unsupported "instanceof").
	BinaryExpr struct {
		Loc
		Op   string
		X, Y Expr
	}

	// LogicalExpr is `X && Y`, `X || Y` or `X ?? Y`.
	LogicalExpr struct {
		Loc
		Op   string
		X, Y Expr
	}

	// AssignExpr is `Target Op Value` with Op one of
	// "= += -= *= /= %= **= ??= ||= &&=". Target is an *Ident, *MemberExpr or *IndexExpr,
	// or for "=" an *ObjectPattern / *ArrayPattern (destructuring assignment).
	AssignExpr struct {
		Loc
		Op     string
		Target Pattern
		Value  Expr
	}

	// CondExpr is `Test ? Then : Else`.
	CondExpr struct {
		Loc
		Test, Then, Else Expr
	}

	// CallExpr is `Callee(Args)`; Optional marks `Callee?.(Args)`.
	CallExpr struct {
		Loc
		Callee   Expr
		Args     []Expr
		Optional bool
	}

	// MemberExpr is `X.Prop` (or `X?.Prop` when Optional). Prop may be a reserved word.
	MemberExpr struct {
		Loc
		X        Expr
		Prop     *Ident
		Optional bool
	}

	// IndexExpr is `X[Index]` (or `X?.[Index]` when Optional).
	IndexExpr struct {
		Loc
		X        Expr
		Index    Expr
		Optional bool
	}

	// ParenExpr is `(X)`. Kept so that optional chains stop at parentheses and the formatter
	// can keep meaningful parentheses.
	ParenExpr struct {
		Loc
		X Expr
	}

	// ArrowFunc is `[async] (Params) => Body` (§9: parsed, not yet supported). Body is an Expr
	// or a *BlockStmt.
	ArrowFunc struct {
		Loc
		Async  bool
		Params []*Param
		Body   Node
	}

	// FuncExpr is `[async] function [Name](Params) { Body }` (§9: parsed, not yet supported).
	FuncExpr struct {
		Loc
		Async  bool
		Name   *Ident
		Params []*Param
		Body   *BlockStmt
	}

	// Param is one function parameter: a pattern with an optional default, or a rest parameter.
	Param struct {
		Loc
		Target  Pattern
		Default Expr
		Rest    bool
	}

	// UnsupportedExpr is a JavaScript expression Flow does not have (`new X()`, `this`,
	// `yield`, regular expression literals, ...). Keyword names it.
	UnsupportedExpr struct {
		Loc
		Keyword string
	}

	// BadExpr stands where the parser could not read an expression.
	BadExpr struct {
		Loc
	}
)

// PropKind says how an object literal property is written.
type PropKind int

// Object literal property forms.
const (
	PropInit      PropKind = iota + 1 // key: value
	PropShorthand                     // {a}
	PropSpread                        // {...o}
)

// Property is one entry of an object literal. Key is an *Ident, *StringLit or *NumberLit, or
// any expression when Computed. For PropShorthand, Key and Value are the same *Ident; for
// PropSpread, Key is nil and Value is the spread expression.
type Property struct {
	Loc
	Kind     PropKind
	Key      Expr
	Computed bool
	Value    Expr
}

func (*Ident) exprNode()           {}
func (*NullLit) exprNode()         {}
func (*BoolLit) exprNode()         {}
func (*NumberLit) exprNode()       {}
func (*StringLit) exprNode()       {}
func (*TemplateLit) exprNode()     {}
func (*ArrayLit) exprNode()        {}
func (*ObjectLit) exprNode()       {}
func (*SpreadElem) exprNode()      {}
func (*UnaryExpr) exprNode()       {}
func (*AwaitExpr) exprNode()       {}
func (*UpdateExpr) exprNode()      {}
func (*BinaryExpr) exprNode()      {}
func (*LogicalExpr) exprNode()     {}
func (*AssignExpr) exprNode()      {}
func (*CondExpr) exprNode()        {}
func (*CallExpr) exprNode()        {}
func (*MemberExpr) exprNode()      {}
func (*IndexExpr) exprNode()       {}
func (*ParenExpr) exprNode()       {}
func (*ArrowFunc) exprNode()       {}
func (*FuncExpr) exprNode()        {}
func (*UnsupportedExpr) exprNode() {}
func (*BadExpr) exprNode()         {}
