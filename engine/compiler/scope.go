package compiler

import "github.com/rhythmflow/rhythm/lang/ast"

// binding is one declared variable: its slot and whether it is a const.
type binding struct {
	slot    int
	isConst bool
}

// scope is one lexical block scope.
type scope struct {
	names  map[string]*binding
	parent *scope
}

func (s *scope) lookup(name string) *binding {
	for ; s != nil; s = s.parent {
		if b, ok := s.names[name]; ok {
			return b
		}
	}
	return nil
}

// pushScope opens a block scope and declares (hoists) the let/const names of stmts in it, as
// JavaScript does: a binding's scope is its whole block.
func (c *compiler) pushScope(stmts []ast.Stmt) {
	c.scope = &scope{names: map[string]*binding{}, parent: c.scope}
	for _, st := range stmts {
		if d, ok := st.(*ast.VarDecl); ok {
			for _, decl := range d.Decls {
				if decl == nil {
					continue
				}
				c.declarePattern(decl.Target, d.Kind == ast.Const)
			}
		}
	}
}

func (c *compiler) popScope() { c.scope = c.scope.parent }

// declarePattern declares every name bound by pattern p in the current scope.
func (c *compiler) declarePattern(p ast.Pattern, isConst bool) {
	switch p := p.(type) {
	case *ast.Ident:
		if _, ok := c.scope.names[p.Name]; !ok {
			c.scope.names[p.Name] = &binding{slot: c.newSlot(), isConst: isConst}
		}
	case *ast.ObjectPattern:
		for _, prop := range p.Props {
			if prop == nil {
				c.fail(p, "invalid pattern property")
			}
			c.declarePattern(prop.Target, isConst)
		}
		if p.Rest != nil {
			c.declarePattern(p.Rest, isConst)
		}
	case *ast.ArrayPattern:
		for _, el := range p.Elems {
			if el != nil {
				c.declarePattern(el.Target, isConst)
			}
		}
		if p.Rest != nil {
			c.declarePattern(p.Rest, isConst)
		}
	case nil:
	default:
		c.fail(p, "invalid binding pattern")
	}
}

// newSlot allocates a fresh variable slot.
func (c *compiler) newSlot() int {
	s := c.prog.Slots
	c.prog.Slots++
	return s
}

// newSlots allocates n consecutive fresh slots and returns the first.
func (c *compiler) newSlots(n int) int {
	s := c.prog.Slots
	c.prog.Slots += n
	return s
}
