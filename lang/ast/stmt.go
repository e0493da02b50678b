package ast

// DeclKind is the keyword of a declaration.
type DeclKind int

// Declaration keywords. Var is parsed only so that the checker can reject it with a clear
// message.
const (
	Let DeclKind = iota + 1
	Const
	Var
)

// String returns the keyword.
func (k DeclKind) String() string {
	switch k {
	case Let:
		return "let"
	case Const:
		return "const"
	case Var:
		return "var"
	}
	return "?"
}

type (
	// VarDecl is `let a = 1, b` / `const {x} = o`.
	VarDecl struct {
		Loc
		Kind  DeclKind
		Decls []*Declarator
	}

	// Declarator is one `target = init` of a declaration. Init is nil when absent.
	Declarator struct {
		Loc
		Target Pattern
		Init   Expr
	}

	// ExprStmt is an expression used as a statement.
	ExprStmt struct {
		Loc
		X Expr
	}

	// BlockStmt is `{ ... }`.
	BlockStmt struct {
		Loc
		Stmts []Stmt
	}

	// EmptyStmt is a lone `;`.
	EmptyStmt struct {
		Loc
	}

	// IfStmt is `if (Cond) Then else Else`; Else is nil when absent.
	IfStmt struct {
		Loc
		Cond Expr
		Then Stmt
		Else Stmt
	}

	// SwitchStmt is `switch (Disc) { case ...: ... default: ... }`.
	SwitchStmt struct {
		Loc
		Disc  Expr
		Cases []*CaseClause
	}

	// CaseClause is `case Test:` followed by statements; Test is nil for `default:`.
	CaseClause struct {
		Loc
		Test Expr
		Body []Stmt
	}

	// WhileStmt is `while (Cond) Body`.
	WhileStmt struct {
		Loc
		Cond Expr
		Body Stmt
	}

	// DoWhileStmt is `do Body while (Cond)`.
	DoWhileStmt struct {
		Loc
		Body Stmt
		Cond Expr
	}

	// ForStmt is `for (Init; Test; Update) Body`. Init is a *VarDecl, an *ExprStmt or nil;
	// Test and Update may be nil.
	ForStmt struct {
		Loc
		Init   Stmt
		Test   Expr
		Update Expr
		Body   Stmt
	}

	// ForOfStmt is `for (const x of Iter) Body` (Of) or `for (const k in Iter) Body` (!Of).
	// Kind is 0 when the target is an existing assignable expression (`for (x of xs)`).
	ForOfStmt struct {
		Loc
		Of     bool
		Kind   DeclKind
		Target Pattern
		Iter   Expr
		Body   Stmt
	}

	// BranchStmt is `break`/`continue` with an optional label.
	BranchStmt struct {
		Loc
		Continue bool
		Label    *Ident // nil when absent
	}

	// ReturnStmt is `return X`; X is nil when absent.
	ReturnStmt struct {
		Loc
		X Expr
	}

	// ThrowStmt is `throw X`.
	ThrowStmt struct {
		Loc
		X Expr
	}

	// TryStmt is `try Block catch (Param) Catch finally Finally`. Param may be nil (optional
	// catch binding); Catch or Finally may be nil, not both.
	TryStmt struct {
		Loc
		Block   *BlockStmt
		Param   Pattern
		Catch   *BlockStmt
		Finally *BlockStmt
	}

	// LabeledStmt is `label: Body`.
	LabeledStmt struct {
		Loc
		Label *Ident
		Body  Stmt
	}

	// FuncDecl is `[async] function Name(Params) { Body }` (§9: parsed, not yet supported).
	FuncDecl struct {
		Loc
		Async  bool
		Name   *Ident
		Params []*Param
		Body   *BlockStmt
	}

	// UnsupportedStmt is a JavaScript statement that Flow does not have (class, import,
	// export, with, ...). Keyword names it.
	UnsupportedStmt struct {
		Loc
		Keyword string
	}

	// BadStmt stands where the parser could not read a statement.
	BadStmt struct {
		Loc
	}
)

func (*VarDecl) stmtNode()         {}
func (*ExprStmt) stmtNode()        {}
func (*BlockStmt) stmtNode()       {}
func (*EmptyStmt) stmtNode()       {}
func (*IfStmt) stmtNode()          {}
func (*SwitchStmt) stmtNode()      {}
func (*WhileStmt) stmtNode()       {}
func (*DoWhileStmt) stmtNode()     {}
func (*ForStmt) stmtNode()         {}
func (*ForOfStmt) stmtNode()       {}
func (*BranchStmt) stmtNode()      {}
func (*ReturnStmt) stmtNode()      {}
func (*ThrowStmt) stmtNode()       {}
func (*TryStmt) stmtNode()         {}
func (*LabeledStmt) stmtNode()     {}
func (*FuncDecl) stmtNode()        {}
func (*UnsupportedStmt) stmtNode() {}
func (*BadStmt) stmtNode()         {}
