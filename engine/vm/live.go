package vm

import "github.com/rhythmflow/rhythm/engine/value"

// liveHandles marks the handles the workflow can still observe: those reachable from the
// operand stack, the slots of variables in scope, the idempotency keys and the output, through lists, objects,
// bound methods, combinator elements and the values of live handles. A snapshot keeps the
// settled value of live handles only, so that a long loop of awaited tasks does not carry
// every past result in its state.
func (m *Machine) liveHandles() []bool {
	live := make([]bool, len(m.handles))
	seen := map[any]bool{}
	var work []int
	var visit func(v value.Value)
	visit = func(v value.Value) {
		switch v.Kind() {
		case value.PromiseKind:
			if id := v.Handle(); id < len(live) && !live[id] {
				live[id] = true
				work = append(work, id)
			}
		case value.ArrayKind:
			a := v.Arr()
			if seen[a] {
				return
			}
			seen[a] = true
			for _, e := range a.Elems {
				visit(e)
			}
		case value.ObjectKind:
			o := v.Obj()
			if seen[o] {
				return
			}
			seen[o] = true
			for i := 0; i < o.Len(); i++ {
				_, x := o.KeyAt(i)
				visit(x)
			}
		case value.FuncKind:
			if r, ok := v.Receiver(); ok {
				visit(r)
			}
		}
	}
	for _, v := range m.stack {
		visit(v)
	}
	for i, v := range m.slots {
		if i >= len(m.prog.Live) || m.prog.Live[i].Contains(m.pc) {
			visit(v)
		}
	}
	visit(m.output)
	visit(m.failure)
	for _, id := range m.keys {
		visit(value.Promise(id))
	}
	for len(work) > 0 {
		id := work[len(work)-1]
		work = work[:len(work)-1]
		h := m.handles[id]
		visit(h.value)
		for _, e := range h.elems {
			visit(e)
		}
	}
	return live
}
