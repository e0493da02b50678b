package ide

import (
	"strconv"
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/source"
)

// SymbolKind says what a document symbol is.
type SymbolKind int

// Symbol kinds.
const (
	SymbolVariable SymbolKind = iota + 1 // a let binding
	SymbolConstant                       // a const binding
	SymbolBlock                          // a control statement holding other symbols
	SymbolTask                           // a Task.run call with a literal name
	SymbolWorkflow                       // a Workflow.run call with a literal name
	SymbolSignal                         // a Signal.next call with a literal name
	SymbolTimer                          // a Timer.delay or Timer.until call
	SymbolFunction                       // a function declaration (§9)
)

// Symbol is one entry of the document outline.
type Symbol struct {
	Name   string
	Detail string
	Kind   SymbolKind
	// Range is the whole construct; Selection the part to highlight (its name).
	Range, Selection source.Range
	Children         []Symbol
}

// Symbols returns the document outline: variables and constants, the durable operations
// (tasks, child workflows, signals, timers) with their literal names, and the control
// statements (if, loops, switch, try, blocks) that contain any of those, nested as in the
// text.
func Symbols(d *Document) []Symbol {
	return stmtSymbols(d, d.Tree().Stmts)
}

func stmtSymbols(d *Document, list []ast.Stmt) []Symbol {
	var out []Symbol
	for _, s := range list {
		out = append(out, stmtSymbol(d, s)...)
	}
	return out
}

// stmtSymbol returns the symbols of one statement.
func stmtSymbol(d *Document, s ast.Stmt) []Symbol {
	switch s := s.(type) {
	case nil:
		return nil
	case *ast.VarDecl:
		var out []Symbol
		for _, dc := range s.Decls {
			if dc == nil {
				continue
			}
			calls := exprSymbols(d, dc.Init)
			for _, id := range check.PatternNames(dc.Target) {
				kind := SymbolVariable
				if s.Kind == ast.Const {
					kind = SymbolConstant
				}
				var detail string
				if b := d.Scopes().BindingOf(id); b != nil {
					if k := bindingKind(d, b, 0); k != "" {
						detail = string(k)
					}
				}
				out = append(out, Symbol{Name: id.Name, Detail: detail, Kind: kind, Range: dc.Range, Selection: id.Range, Children: calls})
				calls = nil
			}
		}
		return out
	case *ast.ExprStmt:
		return exprSymbols(d, s.X)
	case *ast.ReturnStmt:
		return exprSymbols(d, s.X)
	case *ast.ThrowStmt:
		return exprSymbols(d, s.X)
	case *ast.BlockStmt:
		return block(d, "{}", s.Range, s.Range, stmtSymbols(d, s.Stmts))
	case *ast.IfStmt:
		kids := append(exprSymbols(d, s.Cond), stmtSymbol(d, s.Then)...)
		kids = append(kids, stmtSymbol(d, s.Else)...)
		return block(d, "if ("+headText(d, s.Cond)+")", s.Range, keywordRange(d, s.Range, 2), kids)
	case *ast.WhileStmt:
		kids := append(exprSymbols(d, s.Cond), stmtSymbol(d, s.Body)...)
		return block(d, "while ("+headText(d, s.Cond)+")", s.Range, keywordRange(d, s.Range, 5), kids)
	case *ast.DoWhileStmt:
		kids := append(stmtSymbol(d, s.Body), exprSymbols(d, s.Cond)...)
		return block(d, "do … while ("+headText(d, s.Cond)+")", s.Range, keywordRange(d, s.Range, 2), kids)
	case *ast.ForStmt:
		kids := append(stmtSymbol(d, s.Init), exprSymbols(d, s.Test)...)
		kids = append(kids, stmtSymbol(d, s.Body)...)
		return block(d, "for (…)", s.Range, keywordRange(d, s.Range, 3), kids)
	case *ast.ForOfStmt:
		word := " in "
		if s.Of {
			word = " of "
		}
		head := headText(d, s.Target) + word + headText(d, s.Iter)
		if s.Kind != 0 {
			head = s.Kind.String() + " " + head
		}
		var kids []Symbol
		for _, id := range check.PatternNames(s.Target) {
			kind := SymbolVariable
			if s.Kind == ast.Const {
				kind = SymbolConstant
			}
			if s.Kind != 0 {
				kids = append(kids, Symbol{Name: id.Name, Kind: kind, Range: id.Range, Selection: id.Range})
			}
		}
		kids = append(kids, exprSymbols(d, s.Iter)...)
		kids = append(kids, stmtSymbol(d, s.Body)...)
		return block(d, "for ("+head+")", s.Range, keywordRange(d, s.Range, 3), kids)
	case *ast.SwitchStmt:
		kids := exprSymbols(d, s.Disc)
		for _, c := range s.Cases {
			if c != nil {
				kids = append(kids, exprSymbols(d, c.Test)...)
				kids = append(kids, stmtSymbols(d, c.Body)...)
			}
		}
		return block(d, "switch ("+headText(d, s.Disc)+")", s.Range, keywordRange(d, s.Range, 6), kids)
	case *ast.TryStmt:
		var kids []Symbol
		if s.Block != nil {
			kids = append(kids, stmtSymbols(d, s.Block.Stmts)...)
		}
		if s.Param != nil {
			for _, id := range check.PatternNames(s.Param) {
				kids = append(kids, Symbol{Name: id.Name, Detail: "catch parameter", Kind: SymbolVariable, Range: id.Range, Selection: id.Range})
			}
		}
		if s.Catch != nil {
			kids = append(kids, stmtSymbols(d, s.Catch.Stmts)...)
		}
		if s.Finally != nil {
			kids = append(kids, stmtSymbols(d, s.Finally.Stmts)...)
		}
		return block(d, "try", s.Range, keywordRange(d, s.Range, 3), kids)
	case *ast.LabeledStmt:
		return stmtSymbol(d, s.Body)
	case *ast.FuncDecl:
		if s.Name == nil {
			return nil
		}
		var kids []Symbol
		if s.Body != nil {
			kids = stmtSymbols(d, s.Body.Stmts)
		}
		return []Symbol{{Name: s.Name.Name, Kind: SymbolFunction, Range: s.Range, Selection: s.Name.Range, Children: kids}}
	}
	return nil
}

// block returns a container symbol when it has children, else nothing.
func block(d *Document, name string, r, sel source.Range, kids []Symbol) []Symbol {
	if len(kids) == 0 {
		return nil
	}
	return []Symbol{{Name: name, Kind: SymbolBlock, Range: r, Selection: sel, Children: kids}}
}

// keywordRange is the first n bytes of r (a statement's keyword).
func keywordRange(d *Document, r source.Range, n int) source.Range {
	end := min(r.Start.Offset+n, r.End.Offset)
	return d.File.Range(r.Start.Offset, end)
}

// headText is a node's text on one line, shortened to 40 characters.
func headText(d *Document, n ast.Node) string {
	if n == nil {
		return ""
	}
	r := n.Span()
	s := strings.Join(strings.Fields(string(d.Text[r.Start.Offset:r.End.Offset])), " ")
	if rs := []rune(s); len(rs) > 40 {
		s = string(rs[:39]) + "…"
	}
	return s
}

// exprSymbols returns the durable operations an expression starts, in source order.
func exprSymbols(d *Document, e ast.Expr) []Symbol {
	if e == nil {
		return nil
	}
	var out []Symbol
	ast.Inspect(e, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		en, ok := builtinOf(d, call.Callee)
		if !ok {
			return true
		}
		var kind SymbolKind
		switch en.Name {
		case "Task.run":
			kind = SymbolTask
		case "Workflow.run":
			kind = SymbolWorkflow
		case "Signal.next":
			kind = SymbolSignal
		case "Timer.delay", "Timer.until":
			kind = SymbolTimer
		default:
			return true
		}
		name := en.Name
		sel := call.Callee.Span()
		if len(call.Args) > 0 {
			switch a := ast.Unparen(call.Args[0]).(type) {
			case *ast.StringLit:
				if kind == SymbolTimer {
					name += " " + a.Raw
				} else {
					name = a.Value
				}
				sel = a.Range
			case *ast.NumberLit:
				name += " " + strconv.Quote(a.Raw)[1:len(a.Raw)+1]
			}
		}
		out = append(out, Symbol{Name: name, Detail: en.Name, Kind: kind, Range: call.Range, Selection: sel})
		return true
	})
	return out
}
