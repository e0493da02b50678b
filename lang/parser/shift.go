package parser

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// shifter copies syntax trees and diagnostics of a part of the text that moved unchanged to
// another place: offsets move by off bytes and lines by lines, columns stay (the part must
// start after the same text on its line; see reuse). The originals are left untouched, since
// the previous version's tree may still be in use. A node of a type it does not know sets
// failed, and the part is then converted again.
type shifter struct {
	off, lines int
	failed     bool
}

func (s *shifter) pos(p source.Pos) source.Pos {
	p.Offset += s.off
	p.Line += s.lines
	return p
}

func (s *shifter) rng(r source.Range) source.Range {
	return source.Range{Start: s.pos(r.Start), End: s.pos(r.End)}
}

func (s *shifter) loc(l ast.Loc) ast.Loc { return ast.Loc{Range: s.rng(l.Range)} }

// diag returns d moved.
func (s *shifter) diag(d diag.Diagnostic) diag.Diagnostic {
	d.Range = s.rng(d.Range)
	if d.Related != nil {
		rel := make([]diag.Related, len(d.Related))
		for i, r := range d.Related {
			r.Range = s.rng(r.Range)
			rel[i] = r
		}
		d.Related = rel
	}
	if d.Fixes != nil {
		fixes := make([]diag.Fix, len(d.Fixes))
		for i, f := range d.Fixes {
			if f.Edits != nil {
				edits := make([]diag.Edit, len(f.Edits))
				for j, e := range f.Edits {
					e.Range = s.rng(e.Range)
					edits[j] = e
				}
				f.Edits = edits
			}
			fixes[i] = f
		}
		d.Fixes = fixes
	}
	return d
}

// comment returns a moved copy of c.
func (s *shifter) comment(c *ast.Comment) *ast.Comment {
	cp := *c
	cp.Loc = s.loc(c.Loc)
	return &cp
}

func (s *shifter) stmts(list []ast.Stmt) []ast.Stmt {
	if list == nil {
		return nil
	}
	out := make([]ast.Stmt, len(list))
	for i, st := range list {
		out[i] = s.stmt(st)
	}
	return out
}

func (s *shifter) exprs(list []ast.Expr) []ast.Expr {
	if list == nil {
		return nil
	}
	out := make([]ast.Expr, len(list))
	for i, e := range list {
		out[i] = s.expr(e)
	}
	return out
}

func (s *shifter) params(list []*ast.Param) []*ast.Param {
	if list == nil {
		return nil
	}
	out := make([]*ast.Param, len(list))
	for i, p := range list {
		if p != nil {
			cp := *p
			cp.Loc = s.loc(p.Loc)
			cp.Target = s.pattern(p.Target)
			cp.Default = s.expr(p.Default)
			p = &cp
		}
		out[i] = p
	}
	return out
}

func (s *shifter) ident(n *ast.Ident) *ast.Ident {
	if n == nil {
		return nil
	}
	cp := *n
	cp.Loc = s.loc(n.Loc)
	return &cp
}

func (s *shifter) block(n *ast.BlockStmt) *ast.BlockStmt {
	if n == nil {
		return nil
	}
	cp := *n
	cp.Loc = s.loc(n.Loc)
	cp.Stmts = s.stmts(n.Stmts)
	return &cp
}

// stmt returns a moved copy of st (typed nil pointers stay as they are).
func (s *shifter) stmt(st ast.Stmt) ast.Stmt {
	switch n := st.(type) {
	case nil:
		return nil
	case *ast.VarDecl:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		if n.Decls != nil {
			cp.Decls = make([]*ast.Declarator, len(n.Decls))
			for i, d := range n.Decls {
				if d != nil {
					dc := *d
					dc.Loc = s.loc(d.Loc)
					dc.Target = s.pattern(d.Target)
					dc.Init = s.expr(d.Init)
					d = &dc
				}
				cp.Decls[i] = d
			}
		}
		return &cp
	case *ast.ExprStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		return &cp
	case *ast.BlockStmt:
		if n == nil {
			return st
		}
		return s.block(n)
	case *ast.EmptyStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	case *ast.IfStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Cond = s.expr(n.Cond)
		cp.Then = s.stmt(n.Then)
		cp.Else = s.stmt(n.Else)
		return &cp
	case *ast.SwitchStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Disc = s.expr(n.Disc)
		if n.Cases != nil {
			cp.Cases = make([]*ast.CaseClause, len(n.Cases))
			for i, c := range n.Cases {
				if c != nil {
					cc := *c
					cc.Loc = s.loc(c.Loc)
					cc.Test = s.expr(c.Test)
					cc.Body = s.stmts(c.Body)
					c = &cc
				}
				cp.Cases[i] = c
			}
		}
		return &cp
	case *ast.WhileStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Cond = s.expr(n.Cond)
		cp.Body = s.stmt(n.Body)
		return &cp
	case *ast.DoWhileStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Body = s.stmt(n.Body)
		cp.Cond = s.expr(n.Cond)
		return &cp
	case *ast.ForStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Init = s.stmt(n.Init)
		cp.Test = s.expr(n.Test)
		cp.Update = s.expr(n.Update)
		cp.Body = s.stmt(n.Body)
		return &cp
	case *ast.ForOfStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Target = s.pattern(n.Target)
		cp.Iter = s.expr(n.Iter)
		cp.Body = s.stmt(n.Body)
		return &cp
	case *ast.BranchStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Label = s.ident(n.Label)
		return &cp
	case *ast.ReturnStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		return &cp
	case *ast.ThrowStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		return &cp
	case *ast.TryStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Block = s.block(n.Block)
		cp.Param = s.pattern(n.Param)
		cp.Catch = s.block(n.Catch)
		cp.Finally = s.block(n.Finally)
		return &cp
	case *ast.LabeledStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Label = s.ident(n.Label)
		cp.Body = s.stmt(n.Body)
		return &cp
	case *ast.FuncDecl:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Name = s.ident(n.Name)
		cp.Params = s.params(n.Params)
		cp.Body = s.block(n.Body)
		return &cp
	case *ast.UnsupportedStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	case *ast.BadStmt:
		if n == nil {
			return st
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	}
	s.failed = true
	return st
}

// expr returns a moved copy of e (typed nil pointers stay as they are).
func (s *shifter) expr(e ast.Expr) ast.Expr {
	switch n := e.(type) {
	case nil:
		return nil
	case *ast.Ident:
		if n == nil {
			return e
		}
		return s.ident(n)
	case *ast.NullLit:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	case *ast.BoolLit:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	case *ast.NumberLit:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	case *ast.StringLit:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	case *ast.TemplateLit:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Exprs = s.exprs(n.Exprs)
		return &cp
	case *ast.ArrayLit:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Elems = s.exprs(n.Elems)
		return &cp
	case *ast.ObjectLit:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		if n.Props != nil {
			cp.Props = make([]*ast.Property, len(n.Props))
			for i, p := range n.Props {
				if p != nil {
					pc := *p
					pc.Loc = s.loc(p.Loc)
					pc.Key = s.expr(p.Key)
					if p.Value == p.Key {
						// A shorthand property's key and value are one node.
						pc.Value = pc.Key
					} else {
						pc.Value = s.expr(p.Value)
					}
					p = &pc
				}
				cp.Props[i] = p
			}
		}
		return &cp
	case *ast.SpreadElem:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		return &cp
	case *ast.UnaryExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		return &cp
	case *ast.AwaitExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		return &cp
	case *ast.UpdateExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		return &cp
	case *ast.BinaryExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		cp.Y = s.expr(n.Y)
		return &cp
	case *ast.LogicalExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		cp.Y = s.expr(n.Y)
		return &cp
	case *ast.AssignExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Target = s.pattern(n.Target)
		cp.Value = s.expr(n.Value)
		return &cp
	case *ast.CondExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Test = s.expr(n.Test)
		cp.Then = s.expr(n.Then)
		cp.Else = s.expr(n.Else)
		return &cp
	case *ast.CallExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Callee = s.expr(n.Callee)
		cp.Args = s.exprs(n.Args)
		return &cp
	case *ast.MemberExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		cp.Prop = s.ident(n.Prop)
		return &cp
	case *ast.IndexExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		cp.Index = s.expr(n.Index)
		return &cp
	case *ast.ParenExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.X = s.expr(n.X)
		return &cp
	case *ast.ArrowFunc:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Params = s.params(n.Params)
		switch b := n.Body.(type) {
		case nil:
		case *ast.BlockStmt:
			if b != nil {
				cp.Body = s.block(b)
			}
		case ast.Expr:
			cp.Body = s.expr(b)
		default:
			s.failed = true
		}
		return &cp
	case *ast.FuncExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		cp.Name = s.ident(n.Name)
		cp.Params = s.params(n.Params)
		cp.Body = s.block(n.Body)
		return &cp
	case *ast.UnsupportedExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	case *ast.BadExpr:
		if n == nil {
			return e
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		return &cp
	}
	s.failed = true
	return e
}

// pattern returns a moved copy of p (typed nil pointers stay as they are).
func (s *shifter) pattern(p ast.Pattern) ast.Pattern {
	switch n := p.(type) {
	case nil:
		return nil
	case *ast.ObjectPattern:
		if n == nil {
			return p
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		if n.Props != nil {
			cp.Props = make([]*ast.PatternProp, len(n.Props))
			for i, pp := range n.Props {
				if pp != nil {
					pc := *pp
					pc.Loc = s.loc(pp.Loc)
					pc.Key = s.expr(pp.Key)
					if ast.Node(pp.Target) == ast.Node(pp.Key) {
						pc.Target = pc.Key.(ast.Pattern)
					} else {
						pc.Target = s.pattern(pp.Target)
					}
					pc.Default = s.expr(pp.Default)
					pp = &pc
				}
				cp.Props[i] = pp
			}
		}
		cp.Rest = s.pattern(n.Rest)
		return &cp
	case *ast.ArrayPattern:
		if n == nil {
			return p
		}
		cp := *n
		cp.Loc = s.loc(n.Loc)
		if n.Elems != nil {
			cp.Elems = make([]*ast.PatternElem, len(n.Elems))
			for i, el := range n.Elems {
				if el != nil {
					ec := *el
					ec.Loc = s.loc(el.Loc)
					ec.Target = s.pattern(el.Target)
					ec.Default = s.expr(el.Default)
					el = &ec
				}
				cp.Elems[i] = el
			}
		}
		cp.Rest = s.pattern(n.Rest)
		return &cp
	case ast.Expr:
		// *Ident, *MemberExpr, *IndexExpr, *BadExpr: expressions too.
		return s.expr(n).(ast.Pattern)
	}
	s.failed = true
	return p
}
