package compiler

import (
	"fmt"

	"github.com/rhythmflow/rhythm/engine/builtins"
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

var binaryOps = map[string]Op{
	"+": OpAdd, "-": OpSub, "*": OpMul, "/": OpDiv, "%": OpMod, "**": OpPow,
	"==": OpEq, "===": OpEq, "!=": OpNe, "!==": OpNe,
	"<": OpLt, "<=": OpLe, ">": OpGt, ">=": OpGe, "in": OpIn,
}

var compoundOps = map[string]Op{
	"+=": OpAdd, "-=": OpSub, "*=": OpMul, "/=": OpDiv, "%=": OpMod, "**=": OpPow,
}

// expr compiles e so that it pushes exactly one value.
func (c *compiler) expr(e ast.Expr) {
	if e == nil {
		c.emit(OpNull, 0, 0)
		return
	}
	save := c.enter(e)
	defer c.leave(save)
	switch e := e.(type) {
	case *ast.NullLit:
		c.emit(OpNull, 0, 0)
	case *ast.BoolLit:
		if e.Value {
			c.emit(OpTrue, 0, 0)
		} else {
			c.emit(OpFalse, 0, 0)
		}
	case *ast.NumberLit:
		c.emitConst(value.Num(e.Value))
	case *ast.StringLit:
		c.emitConst(value.Str(e.Value))
	case *ast.TemplateLit:
		if len(e.Quasis) != len(e.Exprs)+1 {
			c.fail(e, "malformed template literal")
		}
		c.emitConst(value.Str(e.Quasis[0]))
		for i, x := range e.Exprs {
			c.expr(x)
			c.emit(OpAdd, 0, 0)
			if e.Quasis[i+1] != "" {
				c.emitConst(value.Str(e.Quasis[i+1]))
				c.emit(OpAdd, 0, 0)
			}
		}
	case *ast.Ident:
		c.ident(e)
	case *ast.ParenExpr:
		c.expr(e.X)
	case *ast.ArrayLit:
		c.arrayLit(e.Elems)
	case *ast.ObjectLit:
		c.objectLit(e)
	case *ast.UnaryExpr:
		c.unary(e)
	case *ast.AwaitExpr:
		c.expr(e.X)
		c.emit(OpAwait, 0, 0)
	case *ast.UpdateExpr:
		c.update(e)
	case *ast.BinaryExpr:
		op, ok := binaryOps[e.Op]
		if !ok {
			c.fail(e, "operator %s is not part of the language", e.Op)
		}
		c.expr(e.X)
		c.expr(e.Y)
		c.emit(op, 0, 0)
	case *ast.LogicalExpr:
		c.expr(e.X)
		var j int
		switch e.Op {
		case "&&":
			j = c.emit(OpJumpIfFalseKeep, 0, 0)
		case "||":
			j = c.emit(OpJumpIfTrueKeep, 0, 0)
		case "??":
			j = c.emit(OpJumpIfNotNullKeep, 0, 0)
		default:
			c.fail(e, "unknown logical operator %s", e.Op)
		}
		c.expr(e.Y)
		c.patch(j)
	case *ast.CondExpr:
		c.expr(e.Test)
		jElse := c.emit(OpJumpIfFalse, 0, 0)
		c.expr(e.Then)
		jEnd := c.emit(OpJump, 0, 0)
		c.patch(jElse)
		c.expr(e.Else)
		c.patch(jEnd)
	case *ast.AssignExpr:
		c.assign(e)
	case *ast.MemberExpr, *ast.IndexExpr, *ast.CallExpr:
		var nulls []int
		c.chain(e, &nulls)
		for _, j := range nulls {
			c.patch(j)
		}
	case *ast.SpreadElem:
		c.fail(e, "spread is only allowed in list literals, object literals and arguments")
	case *ast.ArrowFunc, *ast.FuncExpr:
		c.fail(e, "functions are not supported yet")
	case *ast.UnsupportedExpr:
		c.fail(e, "%s is not part of the language", e.Keyword)
	case *ast.BadExpr:
		c.fail(e, "invalid expression")
	default:
		c.fail(e, "unsupported expression %T", e)
	}
}

// exprDiscard compiles e for its effects only (an expression statement, a for update),
// with shorter code for the common variable updates and assignments.
func (c *compiler) exprDiscard(e ast.Expr) {
	switch x := e.(type) {
	case *ast.UpdateExpr:
		if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && (x.Op == "++" || x.Op == "--") {
			save := c.enter(x)
			v := c.assignableVar(id)
			if !v.checked {
				dir := 0
				if x.Op == "--" {
					dir = 1
				}
				c.emit(OpIncSlot, v.slot, dir)
				c.leave(save)
				return
			}
			c.leave(save)
		}
	case *ast.AssignExpr:
		if id, ok := x.Target.(*ast.Ident); ok && x.Op == "=" {
			save := c.enter(x)
			v := c.assignableVar(id)
			c.expr(x.Value)
			c.store(v)
			c.leave(save)
			return
		}
		if x.Op == "=" {
			switch x.Target.(type) {
			case *ast.MemberExpr, *ast.IndexExpr:
				c.expr(e)
				// The assignment ends with SetProp/SetIndex: make it drop its value.
				if last := &c.prog.Code[len(c.prog.Code)-1]; last.Op == OpSetProp || last.Op == OpSetIndex {
					last.B = 1
					return
				}
				c.emit(OpPop, 0, 0)
				return
			}
		}
	}
	c.expr(e)
	c.emit(OpPop, 0, 0)
}

// ident pushes the value of a variable or a built-in global.
func (c *compiler) ident(e *ast.Ident) {
	if b := c.scope.lookup(e.Name); b != nil {
		c.load(c.varOf(b, e.Name))
		return
	}
	switch e.Name {
	case "Inputs":
		c.emit(OpLoad, SlotInputs, 0)
		return
	case "Context":
		c.emit(OpLoad, SlotContext, 0)
		return
	}
	if ent, ok := catalog.Lookup(e.Name); ok && ent.Owner == "" {
		if ent.Kind == catalog.KindFunction {
			c.emitConst(value.Func(ent.Name))
			return
		}
		if ent.Kind == catalog.KindNamespace {
			c.emit(OpNamespace, c.nameIndex(ent.Name), 0)
			return
		}
		if ent.Kind == catalog.KindConstant {
			c.constant(e, ent.Name)
			return
		}
	}
	c.fail(e, "undeclared variable %s", e.Name)
}

// constant pushes the value of a built-in constant (`NaN`, `Math.PI`).
func (c *compiler) constant(at ast.Node, name string) {
	v, ok := builtins.Constant(name)
	if !ok {
		c.fail(at, "unknown constant %s", name)
	}
	c.emitConst(v)
}

// namespaceOf returns the built-in namespace x names, when x is an identifier naming one that
// no declaration shadows.
func (c *compiler) namespaceOf(x ast.Expr) (string, bool) {
	id, ok := x.(*ast.Ident)
	if !ok || c.scope.lookup(id.Name) != nil {
		return "", false
	}
	if catalog.IsNamespace(id.Name) {
		return id.Name, true
	}
	return "", false
}

// builtinFunc returns the qualified name of the built-in function a callee names (`Math.floor`,
// `parseInt`), if it names one.
func (c *compiler) builtinFunc(callee ast.Expr) (string, bool) {
	switch x := callee.(type) {
	case *ast.Ident:
		if c.scope.lookup(x.Name) != nil {
			return "", false
		}
		if ent, ok := catalog.Lookup(x.Name); ok && ent.Owner == "" && ent.Kind == catalog.KindFunction {
			return ent.Name, true
		}
	case *ast.MemberExpr:
		if ns, ok := c.namespaceOf(x.X); ok && x.Prop != nil {
			if ent, ok := catalog.Member(ns, x.Prop.Name); ok && ent.Kind == catalog.KindFunction {
				return ent.Name, true
			}
			c.fail(x.Prop, "%s has no function %s", ns, x.Prop.Name)
		}
	}
	return "", false
}

func isChain(e ast.Expr) bool {
	switch e.(type) {
	case *ast.MemberExpr, *ast.IndexExpr, *ast.CallExpr:
		return true
	}
	return false
}

// chainObject compiles the object part of a chain link, continuing the chain (optional links
// short-circuit to the end of the whole chain).
func (c *compiler) chainObject(x ast.Expr, nulls *[]int) {
	if isChain(x) {
		c.chain(x, nulls)
	} else {
		c.expr(x)
	}
}

// chain compiles a member, index or call expression that is part of an optional chain; nulls
// collects the jumps taken when an optional link meets null (the whole chain yields null).
func (c *compiler) chain(e ast.Expr, nulls *[]int) {
	save := c.enter(e)
	defer c.leave(save)
	switch e := e.(type) {
	case *ast.MemberExpr:
		if e.Prop == nil {
			c.fail(e, "member expression without a property")
		}
		if ns, ok := c.namespaceOf(e.X); ok {
			ent, ok := catalog.Member(ns, e.Prop.Name)
			if !ok {
				c.fail(e.Prop, "%s has no member %s", ns, e.Prop.Name)
			}
			switch ent.Kind {
			case catalog.KindFunction:
				c.emitConst(value.Func(ent.Name))
			case catalog.KindConstant:
				c.constant(e, ent.Name)
			default:
				c.fail(e, "%s is not a value", ent.Name)
			}
			return
		}
		c.chainObject(e.X, nulls)
		if e.Optional {
			*nulls = append(*nulls, c.emit(OpJumpIfNull, 0, 0))
		}
		c.emit(OpGetProp, c.nameIndex(e.Prop.Name), 0)
	case *ast.IndexExpr:
		c.chainObject(e.X, nulls)
		if e.Optional {
			*nulls = append(*nulls, c.emit(OpJumpIfNull, 0, 0))
		}
		c.expr(e.Index)
		c.emit(OpGetIndex, 0, 0)
	case *ast.CallExpr:
		c.call(e, nulls)
	}
}

func (c *compiler) call(e *ast.CallExpr, nulls *[]int) {
	if !e.Optional {
		if name, ok := c.builtinFunc(e.Callee); ok {
			argc := c.args(e.Args)
			c.emit(OpCallFunc, c.nameIndex(name), argc)
			return
		}
		if m, ok := e.Callee.(*ast.MemberExpr); ok && m.Prop != nil {
			c.chainObject(m.X, nulls)
			if m.Optional {
				*nulls = append(*nulls, c.emit(OpJumpIfNull, 0, 0))
			}
			argc := c.args(e.Args)
			c.emit(OpCallMethod, c.nameIndex(m.Prop.Name), argc)
			return
		}
	}
	c.chainObject(e.Callee, nulls)
	if e.Optional {
		*nulls = append(*nulls, c.emit(OpJumpIfNull, 0, 0))
	}
	argc := c.args(e.Args)
	c.emit(OpCallValue, 0, argc)
}

// args compiles call arguments and returns the count to put in the call instruction: the
// number of values pushed, or -1 when a spread made them one list.
func (c *compiler) args(args []ast.Expr) int {
	for _, a := range args {
		if _, ok := a.(*ast.SpreadElem); ok {
			c.arrayLit(args)
			return -1
		}
	}
	for _, a := range args {
		c.expr(a)
	}
	return len(args)
}

func (c *compiler) arrayLit(elems []ast.Expr) {
	spread := false
	for _, el := range elems {
		if _, ok := el.(*ast.SpreadElem); ok {
			spread = true
		}
	}
	if !spread {
		for _, el := range elems {
			c.expr(el)
		}
		c.emit(OpNewArray, len(elems), 0)
		return
	}
	c.emit(OpNewArray, 0, 0)
	for _, el := range elems {
		if sp, ok := el.(*ast.SpreadElem); ok {
			save := c.enter(sp)
			c.expr(sp.X)
			c.emit(OpArraySpread, 0, 0)
			c.leave(save)
			continue
		}
		c.expr(el)
		c.emit(OpArrayPush, 0, 0)
	}
}

// propKey returns the string key of a non-computed property key.
func (c *compiler) propKey(k ast.Expr) string {
	switch k := k.(type) {
	case *ast.Ident:
		return k.Name
	case *ast.StringLit:
		return k.Value
	case *ast.NumberLit:
		return value.FormatNumber(k.Value)
	}
	c.fail(k, "invalid property key")
	return ""
}

func (c *compiler) objectLit(e *ast.ObjectLit) {
	c.emit(OpNewObject, 0, 0)
	for _, p := range e.Props {
		if p == nil {
			c.fail(e, "invalid property")
		}
		save := c.enter(p)
		switch {
		case p.Kind == ast.PropSpread:
			c.expr(p.Value)
			c.emit(OpObjSpread, 0, 0)
		case p.Computed:
			c.expr(p.Key)
			c.expr(p.Value)
			c.emit(OpObjSetKey, 0, 0)
		default:
			key := c.propKey(p.Key)
			c.expr(p.Value)
			c.emit(OpObjSet, c.nameIndex(key), 0)
		}
		c.leave(save)
	}
}

func (c *compiler) unary(e *ast.UnaryExpr) {
	switch e.Op {
	case "!":
		c.expr(e.X)
		c.emit(OpNot, 0, 0)
	case "-":
		c.expr(e.X)
		c.emit(OpNeg, 0, 0)
	case "+":
		c.expr(e.X)
		c.emit(OpPlus, 0, 0)
	case "typeof":
		c.expr(e.X)
		c.emit(OpTypeof, 0, 0)
	case "delete":
		c.deleteExpr(e)
	default:
		c.fail(e, "operator %s is not part of the language", e.Op)
	}
}

func (c *compiler) deleteExpr(e *ast.UnaryExpr) {
	x := e.X
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	var nulls []int
	switch x := x.(type) {
	case *ast.MemberExpr:
		if ns, ok := c.namespaceOf(x.X); ok {
			c.readOnly("delete", ns, x.Prop)
			return
		}
		c.chainObject(x.X, &nulls)
		if x.Optional {
			nulls = append(nulls, c.emit(OpJumpIfNull, 0, 0))
		}
		c.emit(OpDelProp, c.nameIndex(x.Prop.Name), 0)
	case *ast.IndexExpr:
		c.chainObject(x.X, &nulls)
		if x.Optional {
			nulls = append(nulls, c.emit(OpJumpIfNull, 0, 0))
		}
		c.expr(x.Index)
		c.emit(OpDelIndex, 0, 0)
	default:
		c.fail(e, "delete needs a member or index expression")
	}
	if len(nulls) > 0 {
		jEnd := c.emit(OpJump, 0, 0)
		for _, j := range nulls {
			c.patch(j)
		}
		c.emit(OpPop, 0, 0)
		c.emit(OpTrue, 0, 0)
		c.patch(jEnd)
	}
}

// update compiles ++/--.
func (c *compiler) update(e *ast.UpdateExpr) {
	dir := 0
	if e.Op == "--" {
		dir = 1
	} else if e.Op != "++" {
		c.fail(e, "unknown update operator %s", e.Op)
	}
	switch x := ast.Unparen(e.X).(type) {
	case *ast.Ident:
		v := c.assignableVar(x)
		c.load(v)
		if e.Prefix {
			c.emit(OpInc, dir, 0)
			c.emit(OpDup, 0, 0)
		} else {
			c.emit(OpDup, 0, 0)
			c.emit(OpInc, dir, 0)
		}
		c.store(v)
	case *ast.MemberExpr, *ast.IndexExpr:
		r := c.prepareRef(x)
		c.loadRef(r)
		if e.Prefix {
			c.emit(OpInc, dir, 0)
			c.storeRef(r, true)
			return
		}
		c.emit(OpDup, 0, 0)
		c.emit(OpInc, dir, 0)
		c.storeRef(r, false)
	default:
		c.fail(e, "invalid update target")
	}
}

// readOnly emits the TypeError of a write to a member of a built-in namespace (which
// JavaScript's strict mode raises for its read-only built-ins). The instructions after it are
// unreachable.
func (c *compiler) readOnly(what, ns string, prop *ast.Ident) {
	name := ns
	if prop != nil {
		name += "." + prop.Name
	}
	c.emit(OpTypeError, c.constIndex(value.Str(fmt.Sprintf("cannot %s %s: built-in namespaces are read-only", what, name))), 0)
}

// ref is an assignable member or index whose object (and key) are held in temporary slots.
type ref struct {
	obj, key int // slots; key < 0 for a member
	name     int // name index of a member
}

func (c *compiler) prepareRef(x ast.Expr) ref {
	switch x := x.(type) {
	case *ast.MemberExpr:
		if x.Optional {
			c.fail(x, "an optional chain cannot be assigned to")
		}
		r := ref{obj: c.newSlot(), key: -1, name: c.nameIndex(x.Prop.Name)}
		if ns, ok := c.namespaceOf(x.X); ok {
			c.readOnly("assign to", ns, x.Prop)
			return r
		}
		c.expr(x.X)
		c.emit(OpStore, r.obj, 0)
		return r
	case *ast.IndexExpr:
		if x.Optional {
			c.fail(x, "an optional chain cannot be assigned to")
		}
		c.expr(x.X)
		r := ref{obj: c.newSlot(), key: c.newSlot()}
		c.expr(x.Index)
		c.emit(OpStore, r.key, 0)
		c.emit(OpStore, r.obj, 0)
		return r
	}
	c.fail(x, "invalid assignment target")
	return ref{}
}

// loadRef pushes the current value of r.
func (c *compiler) loadRef(r ref) {
	c.emit(OpLoad, r.obj, 0)
	if r.key < 0 {
		c.emit(OpGetProp, r.name, 0)
		return
	}
	c.emit(OpLoad, r.key, 0)
	c.emit(OpGetIndex, 0, 0)
}

// storeRef stores the value on top of the stack into r; keep leaves the value on the stack.
func (c *compiler) storeRef(r ref, keep bool) {
	tmp := c.newSlot()
	c.emit(OpStore, tmp, 0)
	c.emit(OpLoad, r.obj, 0)
	if r.key < 0 {
		c.emit(OpLoad, tmp, 0)
		c.emit(OpSetProp, r.name, 0)
	} else {
		c.emit(OpLoad, r.key, 0)
		c.emit(OpLoad, tmp, 0)
		c.emit(OpSetIndex, 0, 0)
	}
	if !keep {
		c.emit(OpPop, 0, 0)
	}
}

// assignableVar resolves a variable being assigned to.
func (c *compiler) assignableVar(id *ast.Ident) varRef {
	if b := c.scope.lookup(id.Name); b != nil {
		if b.isConst {
			c.fail(id, "assignment to constant %s", id.Name)
		}
		return c.varOf(b, id.Name)
	}
	switch id.Name {
	case "Inputs", "Context":
		c.fail(id, "cannot assign to the built-in %s (modify its properties instead)", id.Name)
	}
	if catalog.IsGlobal(id.Name) {
		c.fail(id, "cannot assign to the built-in %s", id.Name)
	}
	c.fail(id, "undeclared variable %s", id.Name)
	return varRef{}
}

func (c *compiler) assign(e *ast.AssignExpr) {
	target := e.Target
	if px, ok := target.(ast.Expr); ok {
		if t, ok := ast.Unparen(px).(ast.Pattern); ok {
			target = t
		}
	}
	if e.Op == "=" {
		switch t := target.(type) {
		case *ast.Ident:
			v := c.assignableVar(t)
			c.expr(e.Value)
			c.emit(OpDup, 0, 0)
			c.store(v)
		case *ast.MemberExpr:
			if t.Optional {
				c.fail(t, "an optional chain cannot be assigned to")
			}
			if ns, ok := c.namespaceOf(t.X); ok {
				c.expr(e.Value)
				c.readOnly("assign to", ns, t.Prop)
				return
			}
			c.expr(t.X)
			c.expr(e.Value)
			save := c.enter(e)
			c.emit(OpSetProp, c.nameIndex(t.Prop.Name), 0)
			c.leave(save)
		case *ast.IndexExpr:
			if t.Optional {
				c.fail(t, "an optional chain cannot be assigned to")
			}
			c.expr(t.X)
			c.expr(t.Index)
			c.expr(e.Value)
			save := c.enter(e)
			c.emit(OpSetIndex, 0, 0)
			c.leave(save)
		case *ast.ObjectPattern, *ast.ArrayPattern:
			c.expr(e.Value)
			c.emit(OpDup, 0, 0)
			c.assignPattern(t)
		default:
			c.fail(e, "invalid assignment target")
		}
		return
	}
	var r ref
	var v varRef
	isVar := false
	switch t := target.(type) {
	case *ast.Ident:
		v, isVar = c.assignableVar(t), true
		c.load(v)
	case *ast.MemberExpr, *ast.IndexExpr:
		r = c.prepareRef(t.(ast.Expr))
		c.loadRef(r)
	default:
		c.fail(e, "invalid compound assignment target")
	}
	store := func() {
		if isVar {
			c.emit(OpDup, 0, 0)
			c.store(v)
		} else {
			c.storeRef(r, true)
		}
	}
	if op, ok := compoundOps[e.Op]; ok {
		c.expr(e.Value)
		c.emit(op, 0, 0)
		store()
		return
	}
	var j int
	switch e.Op {
	case "??=":
		j = c.emit(OpJumpIfNotNullKeep, 0, 0)
	case "||=":
		j = c.emit(OpJumpIfTrueKeep, 0, 0)
	case "&&=":
		j = c.emit(OpJumpIfFalseKeep, 0, 0)
	default:
		c.fail(e, "unknown assignment operator %s", e.Op)
	}
	c.expr(e.Value)
	store()
	c.patch(j)
}
