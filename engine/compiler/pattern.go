package compiler

import (
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/ast"
)

// bindDecl stores the value on top of the stack into the (already declared) names of a
// declaration pattern.
func (c *compiler) bindDecl(p ast.Pattern) { c.destructure(p, true) }

// assignPattern stores the value on top of the stack into an assignment target pattern.
func (c *compiler) assignPattern(p ast.Pattern) { c.destructure(p, false) }

func (c *compiler) destructure(p ast.Pattern, decl bool) {
	if p == nil {
		c.fail(nil, "missing binding target")
	}
	save := c.enter(p)
	defer c.leave(save)
	switch p := p.(type) {
	case *ast.Ident:
		if decl {
			b := c.scope.lookup(p.Name)
			if b == nil {
				c.fail(p, "undeclared variable %s", p.Name)
			}
			c.emit(OpStore, b.slot, 0)
			return
		}
		c.store(c.assignableVar(p))
	case *ast.MemberExpr, *ast.IndexExpr:
		if decl {
			c.fail(p, "a declaration cannot bind a member")
		}
		tmp := c.newSlot()
		c.emit(OpStore, tmp, 0)
		r := c.prepareRef(p.(ast.Expr))
		c.emit(OpLoad, tmp, 0)
		c.storeRef(r, false)
	case *ast.ObjectPattern:
		c.emit(OpNotNull, 0, 0)
		src := c.newSlot()
		c.emit(OpStore, src, 0)
		keys := make([]func(), 0, len(p.Props))
		for _, prop := range p.Props {
			if prop == nil {
				c.fail(p, "invalid pattern property")
			}
			psave := c.enter(prop)
			var loadKey func()
			if prop.Computed {
				k := c.newSlot()
				c.expr(prop.Key)
				c.emit(OpStore, k, 0)
				loadKey = func() { c.emit(OpLoad, k, 0) }
			} else {
				name := c.propKey(prop.Key)
				loadKey = func() { c.emitConst(value.Str(name)) }
			}
			keys = append(keys, loadKey)
			var jEnd int = -1
			if prop.Default != nil {
				c.emit(OpLoad, src, 0)
				loadKey()
				c.emit(OpHasKey, 0, 0)
				jHas := c.emit(OpJumpIfTrue, 0, 0)
				c.expr(prop.Default)
				jEnd = c.emit(OpJump, 0, 0)
				c.patch(jHas)
			}
			c.emit(OpLoad, src, 0)
			loadKey()
			c.emit(OpGetIndex, 0, 0)
			if jEnd >= 0 {
				c.patch(jEnd)
			}
			c.leave(psave)
			c.destructure(prop.Target, decl)
		}
		if p.Rest != nil {
			c.emit(OpLoad, src, 0)
			for _, k := range keys {
				k()
			}
			c.emit(OpObjRest, len(keys), 0)
			c.destructure(p.Rest, decl)
		}
		c.emit(OpNull, 0, 0)
		c.emit(OpStore, src, 0)
	case *ast.ArrayPattern:
		c.emit(OpToIterable, 0, 0)
		src := c.newSlot()
		c.emit(OpStore, src, 0)
		for i, el := range p.Elems {
			if el == nil {
				continue
			}
			esave := c.enter(el)
			jEnd := -1
			if el.Default != nil {
				c.emit(OpLoad, src, 0)
				c.emit(OpNum, i, 0)
				c.emit(OpHasKey, 0, 0)
				jHas := c.emit(OpJumpIfTrue, 0, 0)
				c.expr(el.Default)
				jEnd = c.emit(OpJump, 0, 0)
				c.patch(jHas)
			}
			c.emit(OpLoad, src, 0)
			c.emit(OpNum, i, 0)
			c.emit(OpGetIndex, 0, 0)
			if jEnd >= 0 {
				c.patch(jEnd)
			}
			c.leave(esave)
			c.destructure(el.Target, decl)
		}
		if p.Rest != nil {
			c.emit(OpLoad, src, 0)
			c.emit(OpArrayRest, len(p.Elems), 0)
			c.destructure(p.Rest, decl)
		}
		c.emit(OpNull, 0, 0)
		c.emit(OpStore, src, 0)
	case *ast.BadExpr:
		c.fail(p, "invalid binding target")
	default:
		c.fail(p, "invalid binding target %T", p)
	}
}
