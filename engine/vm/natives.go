package vm

import (
	"github.com/rhythmflow/rhythm/engine/builtins"
	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// namespaceValue returns a built-in namespace used as a value: a new object holding its
// functions and constants (`const M = Math; M.floor(1.5)`).
func namespaceValue(ns string) value.Value {
	members := catalog.Members(ns)
	o := value.NewObjectCap(len(members))
	for _, e := range members {
		switch e.Kind {
		case catalog.KindFunction:
			o.Set(e.Member, value.Func(e.Name))
		case catalog.KindConstant:
			if v, ok := builtins.Constant(e.Name); ok {
				o.Set(e.Member, v)
			}
		}
	}
	return value.ObjectValue(o)
}

// callFunc calls the built-in function called name (idx is its index in the program's names,
// for caching; -1 when unknown).
func (m *Machine) callFunc(idx int, name string, this value.Value, args []value.Value, pc int) (value.Value, error) {
	if idx >= 0 && m.funcs[idx] != nil {
		return m.funcs[idx](m, this, args)
	}
	e, ok := catalog.Lookup(name)
	if !ok || !e.Callable() {
		return value.Null, value.TypeErrorf("%s is not a function", name)
	}
	if e.Intrinsic {
		return m.intrinsic(e, args, pc)
	}
	f, ok := builtins.Lookup(name)
	if !ok {
		return value.Null, value.TypeErrorf("%s is not available", name)
	}
	if idx >= 0 {
		m.funcs[idx] = f
	}
	return f(m, this, args)
}

// callMethod calls recv.name(args).
func (m *Machine) callMethod(recv value.Value, name string, args []value.Value, pc int) (value.Value, error) {
	switch recv.Kind() {
	case value.StringKind, value.ArrayKind:
		if q, ok := builtins.MethodName(recv, name); ok {
			return m.callFunc(-1, q, recv, args, pc)
		}
		return value.Null, value.TypeErrorf("%s has no method %s", recv.Kind(), name)
	case value.ObjectKind:
		f, _ := recv.Obj().Get(name)
		if f.Kind() != value.FuncKind {
			return value.Null, value.TypeErrorf("%s is not a function (it is %s)", name, value.Describe(f))
		}
		return m.callValue(f, args, pc)
	case value.NullKind:
		return value.Null, value.TypeErrorf("cannot read property %q of null", name)
	}
	return value.Null, value.TypeErrorf("%s has no method %s", value.Describe(recv), name)
}

// callValue calls a function value.
func (m *Machine) callValue(f value.Value, args []value.Value, pc int) (value.Value, error) {
	if f.Kind() != value.FuncKind {
		return value.Null, value.TypeErrorf("%s is not a function", value.Describe(f))
	}
	recv, _ := f.Receiver()
	return m.callFunc(-1, f.FuncName(), recv, args, pc)
}

// intrinsic runs a built-in the VM implements itself (catalogue flag Intrinsic).
func (m *Machine) intrinsic(e *catalog.Entry, args []value.Value, pc int) (value.Value, error) {
	norm, err := builtins.CheckCall(e, value.Null, args)
	if err != nil {
		return value.Null, err
	}
	pos := m.prog.Pos[pc]
	switch e.Name {
	case "Task.run":
		return m.startRun(e, hTask, norm, pos)
	case "Workflow.run":
		return m.startRun(e, hWorkflow, norm, pos)
	case "Timer.delay":
		d, err := builtins.Duration(norm[0])
		if err != nil {
			return value.Null, err
		}
		id := m.newHandle(&handle{kind: hTimer})
		m.emitEffect(Effect{Kind: StartTimer, Handle: id, Delay: d, FireAt: m.now.Add(d)}, pos)
		return value.Promise(id), nil
	case "Timer.until":
		t, err := catalog.ParseInstant(norm[0].Str())
		if err != nil {
			return value.Null, value.TypeErrorf("Timer.until: %v", err)
		}
		id := m.newHandle(&handle{kind: hTimer})
		m.emitEffect(Effect{Kind: StartTimer, Handle: id, Until: t, UntilText: norm[0].Str(), IsUntil: true, FireAt: t}, pos)
		return value.Promise(id), nil
	case "Signal.next":
		eff := Effect{Kind: SignalRequest, Name: norm[0].Str(), Options: Options{Raw: value.DeepCopy(norm[1])}}
		if o := norm[1].Obj(); o != nil {
			if t, ok := o.Get("timeout"); ok && !t.IsNull() {
				d, err := builtins.Duration(t)
				if err != nil {
					return value.Null, err
				}
				eff.Timeout, eff.HasTimeout = d, true
			}
		}
		eff.Handle = m.newHandle(&handle{kind: hSignal, name: eff.Name})
		m.emitEffect(eff, pos)
		return value.Promise(eff.Handle), nil
	case "console.log":
		line, err := value.LogLineMax(norm, m.cfg.MaxSize)
		if err != nil {
			return value.Null, value.SizeLimitError("console.log", -1, m.cfg.MaxSize)
		}
		m.emitEffect(Effect{Kind: Log, Handle: -1, Text: line}, pos)
		return value.Null, nil
	case "Date.now":
		return value.Num(float64(m.now.UnixMilli())), nil
	case "Time.now":
		return value.Str(isoTime(m.now)), nil
	case "Math.random":
		if m.random == nil {
			return value.Null, value.TypeErrorf("Math.random: no random source in this activation")
		}
		return value.Num(m.random()), nil
	}
	if e.Owner == "Promise" {
		return m.combinator(e.Member, norm[0], pos)
	}
	return value.Null, value.TypeErrorf("%s is not available", e.Name)
}

func (m *Machine) emitEffect(eff Effect, pos compiler.Pos) {
	eff.Line, eff.Column = int(pos.Line), int(pos.Col)
	m.effects = append(m.effects, eff)
}
