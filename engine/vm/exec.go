package vm

import (
	"fmt"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
)

func (f *fatalError) Error() string { return f.code + ": " + f.msg }

func (m *Machine) push(v value.Value) { m.stack = append(m.stack, v) }

func (m *Machine) pop() value.Value {
	v := m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	return v
}

func (m *Machine) top() value.Value { return m.stack[len(m.stack)-1] }

// popN removes the top n values and returns them (a fresh slice).
func (m *Machine) popN(n int) []value.Value {
	k := len(m.stack) - n
	out := make([]value.Value, n)
	copy(out, m.stack[k:])
	m.stack = m.stack[:k]
	return out
}

// popArgs pops call arguments: argc values, or for argc < 0 one list holding them.
func (m *Machine) popArgs(argc int) []value.Value {
	if argc >= 0 {
		return m.popN(argc)
	}
	a := m.pop().Arr()
	return append([]value.Value(nil), a.Elems...)
}

// exec runs instructions from m.pc until the workflow suspends, completes or fails.
func (m *Machine) exec() {
	code := m.prog.Code
	maxSteps := m.cfg.MaxSteps
	m.status = Suspended
	for {
		if m.steps >= maxSteps {
			m.fail(&fatalError{code: value.CodeStepLimit,
				msg: fmt.Sprintf("the activation executed more than %d steps without suspending", maxSteps),
				pos: m.prog.Pos[m.pc]})
			return
		}
		m.steps++
		pc := m.pc
		in := code[pc]
		m.pc = pc + 1
		var err error
		switch in.Op {
		case compiler.OpNop:
		case compiler.OpNull:
			m.push(value.Null)
		case compiler.OpTrue:
			m.push(value.True)
		case compiler.OpFalse:
			m.push(value.False)
		case compiler.OpConst:
			m.push(m.prog.Consts[in.A])
		case compiler.OpNum:
			m.push(value.Num(float64(in.A)))
		case compiler.OpPop:
			m.stack = m.stack[:len(m.stack)-1]
		case compiler.OpDup:
			m.push(m.top())
		case compiler.OpSwap:
			n := len(m.stack)
			m.stack[n-1], m.stack[n-2] = m.stack[n-2], m.stack[n-1]
		case compiler.OpLoad:
			m.push(m.slots[in.A])
		case compiler.OpStore:
			m.slots[in.A] = m.pop()
		case compiler.OpUninit:
			m.slots[in.A] = value.Uninit
		case compiler.OpLoadChecked:
			if v := m.slots[in.A]; !v.IsUninit() {
				m.push(v)
			} else {
				err = m.uninitialised(int(in.B))
			}
		case compiler.OpStoreChecked:
			v := m.pop()
			if !m.slots[in.A].IsUninit() {
				m.slots[in.A] = v
			} else {
				err = m.uninitialised(int(in.B))
			}

		case compiler.OpNewArray:
			m.push(value.NewArray(m.popN(int(in.A))))
		case compiler.OpArrayPush:
			v := m.pop()
			m.top().Arr().Push(v)
		case compiler.OpArraySpread:
			v := m.pop()
			var elems []value.Value
			if elems, err = iterElems(v, "spread"); err == nil {
				m.top().Arr().Push(elems...)
			}
		case compiler.OpNewObject:
			m.push(value.NewObject())
		case compiler.OpObjSet:
			v := m.pop()
			m.top().Obj().Set(m.prog.Names[in.A], v)
		case compiler.OpObjSetKey:
			v := m.pop()
			k := m.pop()
			err = m.objSetKey(m.top().Obj(), k, v)
		case compiler.OpObjSpread:
			src := m.pop()
			spreadInto(m.top().Obj(), src)

		case compiler.OpGetProp:
			n := len(m.stack) - 1
			if o := m.stack[n].Obj(); o != nil {
				m.stack[n], _ = o.Get(m.prog.Names[in.A])
			} else {
				m.stack[n], err = m.getProp(m.stack[n], m.prog.Names[in.A])
			}
		case compiler.OpGetIndex:
			k := m.pop()
			n := len(m.stack) - 1
			m.stack[n], err = m.getIndex(m.stack[n], k)
		case compiler.OpSetProp:
			n := len(m.stack) - 2
			x, v := m.stack[n], m.stack[n+1]
			m.stack[n] = v
			m.stack = m.stack[:n+1]
			if o := x.Obj(); o != nil {
				o.Set(m.prog.Names[in.A], v)
			} else {
				err = setProp(x, m.prog.Names[in.A], v)
			}
			if in.B == 1 {
				m.stack = m.stack[:n]
			}
		case compiler.OpSetIndex:
			v := m.pop()
			k := m.pop()
			x := m.pop()
			err = m.setIndex(x, k, v)
			if in.B == 0 {
				m.push(v)
			}
		case compiler.OpDelProp:
			x := m.pop()
			err = deleteKey(x, value.Str(m.prog.Names[in.A]))
			m.push(value.True)
		case compiler.OpDelIndex:
			k := m.pop()
			x := m.pop()
			err = m.deleteKey(x, k)
			m.push(value.True)
		case compiler.OpHasKey:
			k := m.pop()
			x := m.pop()
			var has bool
			has, err = m.hasKey(x, k)
			m.push(value.Bool(has))

		case compiler.OpAdd:
			y := m.pop()
			n := len(m.stack) - 1
			x := m.stack[n]
			if x.Kind() == value.NumberKind && y.Kind() == value.NumberKind {
				m.stack[n] = value.Num(x.Num() + y.Num())
			} else {
				m.stack[n], err = m.add(x, y)
			}
		case compiler.OpSub, compiler.OpMul, compiler.OpDiv, compiler.OpMod, compiler.OpPow:
			n := len(m.stack) - 2
			x, y := m.stack[n], m.stack[n+1]
			m.stack = m.stack[:n+1]
			if x.Kind() == value.NumberKind && y.Kind() == value.NumberKind {
				a, b := x.Num(), y.Num()
				switch in.Op {
				case compiler.OpSub:
					m.stack[n] = value.Num(a - b)
				case compiler.OpMul:
					m.stack[n] = value.Num(a * b)
				case compiler.OpDiv:
					m.stack[n] = value.Num(a / b)
				case compiler.OpMod:
					m.stack[n] = value.Num(mod(a, b))
				default:
					m.stack[n] = value.Num(pow(a, b))
				}
			} else {
				m.stack[n], err = arith(in.Op, x, y)
			}
		case compiler.OpEq:
			y := m.pop()
			n := len(m.stack) - 1
			m.stack[n] = value.Bool(value.StrictEquals(m.stack[n], y))
		case compiler.OpNe:
			y := m.pop()
			n := len(m.stack) - 1
			m.stack[n] = value.Bool(!value.StrictEquals(m.stack[n], y))
		case compiler.OpLt, compiler.OpLe, compiler.OpGt, compiler.OpGe:
			y := m.pop()
			n := len(m.stack) - 1
			x := m.stack[n]
			if x.Kind() == value.NumberKind && y.Kind() == value.NumberKind {
				a, b := x.Num(), y.Num()
				var r bool
				switch in.Op {
				case compiler.OpLt:
					r = a < b
				case compiler.OpLe:
					r = a <= b
				case compiler.OpGt:
					r = a > b
				default:
					r = a >= b
				}
				m.stack[n] = value.Bool(r)
			} else {
				m.stack[n], err = compare(in.Op, x, y)
			}
		case compiler.OpIn:
			x := m.pop()
			n := len(m.stack) - 1
			m.stack[n], err = m.inOp(m.stack[n], x)
		case compiler.OpNot:
			n := len(m.stack) - 1
			m.stack[n] = value.Bool(!value.Truthy(m.stack[n]))
		case compiler.OpNeg, compiler.OpPlus:
			n := len(m.stack) - 1
			x := m.stack[n]
			if x.Kind() != value.NumberKind {
				op := "-"
				if in.Op == compiler.OpPlus {
					op = "+"
				}
				err = value.TypeErrorf("unary %s needs a number, got %s", op, value.Describe(x))
			} else if in.Op == compiler.OpNeg {
				m.stack[n] = value.Num(-x.Num())
			}
		case compiler.OpTypeof:
			n := len(m.stack) - 1
			m.stack[n] = value.Str(value.TypeOf(m.stack[n]))
		case compiler.OpInc:
			n := len(m.stack) - 1
			x := m.stack[n]
			if x.Kind() != value.NumberKind {
				op := "++"
				if in.A == 1 {
					op = "--"
				}
				err = value.TypeErrorf("%s needs a number, got %s", op, value.Describe(x))
			} else if in.A == 0 {
				m.stack[n] = value.Num(x.Num() + 1)
			} else {
				m.stack[n] = value.Num(x.Num() - 1)
			}

		case compiler.OpIncSlot:
			x := m.slots[in.A]
			if x.Kind() != value.NumberKind {
				op := "++"
				if in.B == 1 {
					op = "--"
				}
				err = value.TypeErrorf("%s needs a number, got %s", op, value.Describe(x))
			} else if in.B == 0 {
				m.slots[in.A] = value.Num(x.Num() + 1)
			} else {
				m.slots[in.A] = value.Num(x.Num() - 1)
			}
		case compiler.OpTypeError:
			err = value.TypeErrorf("%s", m.prog.Consts[in.A].Str())
		case compiler.OpNamespace:
			m.push(namespaceValue(m.prog.Names[in.A]))
		case compiler.OpJump:
			m.pc = int(in.A)
		case compiler.OpJumpIfFalse:
			if !value.Truthy(m.pop()) {
				m.pc = int(in.A)
			}
		case compiler.OpJumpIfTrue:
			if value.Truthy(m.pop()) {
				m.pc = int(in.A)
			}
		case compiler.OpJumpIfFalseKeep:
			if !value.Truthy(m.top()) {
				m.pc = int(in.A)
			} else {
				m.pop()
			}
		case compiler.OpJumpIfTrueKeep:
			if value.Truthy(m.top()) {
				m.pc = int(in.A)
			} else {
				m.pop()
			}
		case compiler.OpJumpIfNotNullKeep:
			if !m.top().IsNull() {
				m.pc = int(in.A)
			} else {
				m.pop()
			}
		case compiler.OpJumpIfNull:
			if m.top().IsNull() {
				m.pc = int(in.A)
			}

		case compiler.OpCallFunc:
			args := m.popArgs(int(in.B))
			var r value.Value
			r, err = m.callFunc(int(in.A), m.prog.Names[in.A], value.Null, args, pc)
			m.push(r)
		case compiler.OpCallMethod:
			args := m.popArgs(int(in.B))
			recv := m.pop()
			var r value.Value
			r, err = m.callMethod(recv, m.prog.Names[in.A], args, pc)
			m.push(r)
		case compiler.OpCallValue:
			args := m.popArgs(int(in.B))
			f := m.pop()
			var r value.Value
			r, err = m.callValue(f, args, pc)
			m.push(r)

		case compiler.OpAwait:
			x := m.top()
			h := x.Handle()
			if h < 0 {
				break
			}
			hd := m.handles[h]
			switch hd.state {
			case pending:
				m.pc = pc
				m.steps--
				m.waitPos = m.prog.Pos[pc]
				return
			case fulfilled:
				m.stack[len(m.stack)-1] = hd.value
			default:
				m.pop()
				err = &thrown{val: withPos(hd.value, m.prog.Pos[pc]), pos: m.prog.Pos[pc]}
			}

		case compiler.OpThrow:
			err = &thrown{val: m.pop(), pos: m.prog.Pos[pc], userThrow: true}
		case compiler.OpPushHandler:
			m.handlers = append(m.handlers, handler{pc: int(in.A), sp: len(m.stack)})
		case compiler.OpPopHandler:
			m.handlers = m.handlers[:len(m.handlers)-1]
		case compiler.OpCatchStore:
			// The handler pushed the exception and saved its throw position in slot A+1.
			m.slots[in.A] = m.pop()
		case compiler.OpRethrow:
			pos, user := m.prog.Pos[pc], false
			if p := m.slots[in.A+1].Arr(); p != nil {
				pos = compiler.Pos{Line: int32(p.Get(0).Num()), Col: int32(p.Get(1).Num())}
				user = p.Get(2).Bool()
			}
			err = &thrown{val: m.slots[in.A], pos: pos, userThrow: user}
		case compiler.OpReturn:
			v := m.pop()
			if err = m.checkOutput(v, pc); err != nil {
				break
			}
			m.status = Completed
			m.output = v
			m.stack = m.stack[:0]
			return

		case compiler.OpIterInit:
			var elems []value.Value
			x := m.pop()
			if x.Kind() == value.ArrayKind {
				m.slots[in.A] = x
			} else if elems, err = iterElems(x, "for…of"); err == nil {
				m.slots[in.A] = value.NewArray(elems)
			}
			m.slots[in.A+1] = value.Num(0)
		case compiler.OpIterNext:
			a := m.slots[in.A].Arr()
			i := int(m.slots[in.A+1].Num())
			if i >= len(a.Elems) {
				m.pc = int(in.B)
				break
			}
			m.slots[in.A+1] = value.Num(float64(i + 1))
			m.push(a.Elems[i])
		case compiler.OpForInInit:
			x := m.pop()
			m.slots[in.A] = x
			m.slots[in.A+1] = value.NewArray(forInKeys(x))
			m.slots[in.A+2] = value.Num(0)
		case compiler.OpForInNext:
			src := m.slots[in.A]
			keys := m.slots[in.A+1].Arr()
			i := int(m.slots[in.A+2].Num())
			found := false
			for i < len(keys.Elems) {
				k := keys.Elems[i]
				i++
				if stillPresent(src, k.Str()) {
					m.push(k)
					found = true
					break
				}
			}
			m.slots[in.A+2] = value.Num(float64(i))
			if !found {
				m.pc = int(in.B)
			}
		case compiler.OpToIterable:
			x := m.top()
			if x.Kind() != value.ArrayKind {
				var elems []value.Value
				if elems, err = iterElems(x, "destructuring"); err == nil {
					m.stack[len(m.stack)-1] = value.NewArray(elems)
				}
			}
		case compiler.OpNotNull:
			if m.top().IsNull() {
				err = value.TypeErrorf("cannot destructure null")
			}
		case compiler.OpObjRest:
			keys := m.popN(int(in.A))
			src := m.pop()
			var rest value.Value
			rest, err = m.objRest(src, keys)
			m.push(rest)
		case compiler.OpArrayRest:
			a := m.pop().Arr()
			var rest []value.Value
			if int(in.A) < len(a.Elems) {
				rest = append(rest, a.Elems[in.A:]...)
			}
			if rest == nil {
				rest = []value.Value{}
			}
			m.push(value.NewArray(rest))
		case compiler.OpLength:
			m.push(value.Num(float64(m.pop().Arr().Len())))
		default:
			err = fmt.Errorf("vm: bad opcode %d at %d", in.Op, pc)
		}
		if err != nil && !m.raise(err, pc) {
			return
		}
	}
}

// uninitialised is the ReferenceError of a use of the switch binding called Names[name] whose
// declaration has not run (a jump to a later clause skipped it), as JavaScript's temporal dead
// zone. It is kept out of line so that the interpreter loop stays small.
//
//go:noinline
func (m *Machine) uninitialised(name int) error {
	return value.Errorf(value.CodeReferenceError, "cannot access %s before its declaration has run (a switch jumped over it)", m.prog.Names[name])
}

// thrown is a Flow value being thrown, with the position of the throw.
type thrown struct {
	val value.Value
	pos compiler.Pos
	// userThrow is set for a `throw` statement (and its re-throws): the uncaught result gets
	// the throw's position only if the value has none of its own.
	userThrow bool
}

func (t *thrown) Error() string { return "thrown " + value.ToString(t.val) }

// raise throws err at instruction pc: a catchable error goes to the innermost handler (and
// raise returns true); an uncaught or uncatchable one fails the workflow (false).
func (m *Machine) raise(err error, pc int) bool {
	var t *thrown
	switch e := err.(type) {
	case *fatalError:
		m.fail(e)
		return false
	case *thrown:
		t = e
	case *value.Error:
		if e.Code == value.CodeSizeLimit {
			// A built-in refused to build a string over the size limit: uncatchable.
			m.fail(&fatalError{code: e.Code, msg: e.Message, pos: m.prog.Pos[pc]})
			return false
		}
		t = &thrown{val: errorObject(e, m.prog.Pos[pc]), pos: m.prog.Pos[pc]}
	default:
		t = &thrown{val: errorObject(value.TypeErrorf("%v", err), m.prog.Pos[pc]), pos: m.prog.Pos[pc]}
	}
	if len(m.handlers) == 0 {
		// The failure result copies the thrown value and becomes JSON: measure it first, so
		// that a huge value (a list shared many times over) is a SizeLimit, not a huge copy.
		if _, err := value.LogLineMax([]value.Value{t.val}, m.cfg.MaxSize); err != nil {
			m.fail(&fatalError{code: value.CodeSizeLimit, msg: sizeError("the thrown value", -1, m.cfg.MaxSize).Message, pos: t.pos})
			return false
		}
		m.status = FailedStatus
		m.failure = failureResult(t)
		m.output = value.Null
		m.stack = m.stack[:0]
		return false
	}
	h := m.handlers[len(m.handlers)-1]
	m.handlers = m.handlers[:len(m.handlers)-1]
	m.stack = append(m.stack[:h.sp], t.val)
	m.pc = h.pc
	// A finally handler starts with CatchStore A: keep the throw position beside the value.
	if in := m.prog.Code[h.pc]; in.Op == compiler.OpCatchStore {
		m.slots[in.A+1] = value.NewArray([]value.Value{
			value.Num(float64(t.pos.Line)), value.Num(float64(t.pos.Col)), value.Bool(t.userThrow)})
	}
	return true
}

// errorObject builds the thrown object of a runtime error: {code, message, …fields, line,
// column}.
func errorObject(e *value.Error, pos compiler.Pos) value.Value {
	o := value.NewObjectCap(4)
	o.Set("code", value.Str(e.Code))
	o.Set("message", value.Str(e.Message))
	if e.Fields != nil {
		for i := 0; i < e.Fields.Len(); i++ {
			k, v := e.Fields.KeyAt(i)
			o.Set(k, v)
		}
	}
	o.Set("line", value.Num(float64(pos.Line)))
	o.Set("column", value.Num(float64(pos.Col)))
	return value.ObjectValue(o)
}

// withPos returns a shallow copy of an error object with line and column set to pos.
func withPos(errVal value.Value, pos compiler.Pos) value.Value {
	src := errVal.Obj()
	if src == nil {
		return errVal
	}
	o := value.NewObjectCap(src.Len() + 2)
	for i := 0; i < src.Len(); i++ {
		k, v := src.KeyAt(i)
		o.Set(k, v)
	}
	o.Set("line", value.Num(float64(pos.Line)))
	o.Set("column", value.Num(float64(pos.Col)))
	return value.ObjectValue(o)
}

// failureResult is the error result of an uncaught throw (spec §7, §12.5): the thrown object
// when it has a string code (keeping numeric line/column it has, else adding the throw's),
// else {code: "Thrown", message, value}; parts that cannot be converted to JSON are replaced by
// their string forms. The thrown value itself is never modified.
func failureResult(t *thrown) value.Value {
	v := t.val
	if o := v.Obj(); o != nil {
		if c, ok := o.Get("code"); ok && c.Kind() == value.StringKind {
			r := value.JSONSafe(v).Obj()
			line, _ := r.Get("line")
			col, _ := r.Get("column")
			if line.Kind() != value.NumberKind || col.Kind() != value.NumberKind {
				r.Set("line", value.Num(float64(t.pos.Line)))
				r.Set("column", value.Num(float64(t.pos.Col)))
			}
			return value.ObjectValue(r)
		}
	}
	o := value.NewObjectCap(5)
	o.Set("code", value.Str(value.CodeThrown))
	o.Set("message", value.Str(value.ToString(v)))
	o.Set("value", value.JSONSafe(v))
	o.Set("line", value.Num(float64(t.pos.Line)))
	o.Set("column", value.Num(float64(t.pos.Col)))
	return value.ObjectValue(o)
}
