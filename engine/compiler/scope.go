package compiler

import "github.com/rhythmflow/rhythm/lang/ast"

// binding is one declared variable: its slot and whether it is a const.
type binding struct {
	slot    int
	isConst bool
	// A binding declared by a statement of a switch clause records its switch and clause. When
	// some other clause (or a case test) names it, skippable is set: a jump may skip its
	// declaration, so the references from outside its clause are checked at run time.
	sw        *switchScope
	clause    int
	skippable bool
}

// switchScope is the shared block scope of a switch's clauses while they are compiled.
type switchScope struct {
	cur int // the clause being compiled; -1 while compiling the case tests
}

// varRef is a variable reference resolved at one place of the code: its slot and, for a
// reference that may run before the declaration (checked), the name index to report.
type varRef struct {
	slot, name int
	checked    bool
}

// varOf resolves a reference to b made at the current point of compilation. It is checked only
// when b is a switch binding that may be skipped and the reference is outside its clause: all
// other references use the unchecked instructions.
func (c *compiler) varOf(b *binding, name string) varRef {
	if b.skippable && b.sw.cur != b.clause {
		return varRef{slot: b.slot, name: c.nameIndex(name), checked: true}
	}
	return varRef{slot: b.slot}
}

// load pushes the value of v.
func (c *compiler) load(v varRef) {
	if v.checked {
		c.emit(OpLoadChecked, v.slot, v.name)
		return
	}
	c.emit(OpLoad, v.slot, 0)
}

// store pops the top of the stack into v.
func (c *compiler) store(v varRef) {
	if v.checked {
		c.emit(OpStoreChecked, v.slot, v.name)
		return
	}
	c.emit(OpStore, v.slot, 0)
}

// scope is one lexical block scope; start is the index of its first instruction.
type scope struct {
	names  map[string]*binding
	parent *scope
	start  int
}

// openScope opens an empty block scope.
func (c *compiler) openScope() {
	c.scope = &scope{names: map[string]*binding{}, parent: c.scope, start: c.here()}
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
	c.openScope()
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

// popScope closes the current scope and records the code range of its variables: outside it
// they are dead (a re-entered block initialises them again before any use).
func (c *compiler) popScope() {
	end := c.here()
	for _, b := range c.scope.names {
		c.prog.Live[b.slot] = Range{Start: int32(c.scope.start), End: int32(end)}
	}
	c.scope = c.scope.parent
}

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
func (c *compiler) newSlot() int { return c.newSlots(1) }

// newSlots allocates n consecutive fresh slots and returns the first. They are live
// everywhere until popScope narrows a variable's range.
func (c *compiler) newSlots(n int) int {
	s := c.prog.Slots
	c.prog.Slots += n
	for i := 0; i < n; i++ {
		c.prog.Live = append(c.prog.Live, Range{Start: 0, End: -1})
	}
	return s
}
