// Package ast declares the typed syntax tree of a Flow source file. Every node carries its exact
// source range. The tree is produced by package parser (which may leave Bad* nodes where the
// text could not be read) and consumed by the checker, the formatter, the compiler and the
// language server.
package ast

import "github.com/rhythmflow/rhythm/lang/source"

// Node is any syntax tree node.
type Node interface {
	Span() source.Range
}

// Loc is embedded in every node: the node's source range.
type Loc struct {
	Range source.Range
}

// Span returns the node's source range.
func (l Loc) Span() source.Range { return l.Range }

// Stmt is a statement node.
type Stmt interface {
	Node
	stmtNode()
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Pattern is a binding or assignment target: *Ident, *ObjectPattern, *ArrayPattern, and (in
// assignments only) *MemberExpr and *IndexExpr.
type Pattern interface {
	Node
	patternNode()
}

// File is a whole .flow source file.
type File struct {
	Loc
	Name        string       // workflow name (file name without .flow), may be empty
	FrontMatter *FrontMatter // nil when absent
	Wrapper     *Wrapper     // non-nil when the body is wrapped in `async function main() { ... }`
	Stmts       []Stmt       // the workflow body (the wrapper's body when Wrapper != nil)
	Comments    []*Comment   // every comment in source order
}

// FrontMatter is a block fenced by three backticks at the very start of a file.
type FrontMatter struct {
	Loc
	Info    string // the word after the opening fence, if any
	Content string // the text between the fences
}

// Wrapper records the legacy `async function main() { ... }` wrapper around the body.
type Wrapper struct {
	Loc
	Name   *Ident    // "main"
	Params []Pattern // must be empty; kept so the checker can report them
	Async  bool
}

// Comment is a `// line` or `/* block */` comment. Text includes the delimiters.
type Comment struct {
	Loc
	Text  string
	Block bool
}
