package vm

import (
	"strconv"
	"time"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
)

type handleKind uint8

const (
	hTask handleKind = iota + 1
	hWorkflow
	hTimer
	hSignal
	hCombinator
)

type hstate uint8

const (
	pending hstate = iota
	fulfilled
	rejected
	// dead marks, in a snapshot, a combinator the workflow can no longer reach: its elements
	// and value are dropped and it is never evaluated again.
	dead
)

// handle is one entry of the promise handle table: a leaf (task, child workflow, timer, signal
// request) settled by the driver, or a combinator derived from its elements.
type handle struct {
	kind      handleKind
	name      string // leaf: task, workflow or signal name; combinator: all, allSettled, …
	state     hstate
	value     value.Value // the fulfilled value, or the rejection's error object (no position)
	settledAt time.Time

	// Combinators only.
	elems   []value.Value
	keys    []string // the keys of an object input; nil for a list
	created time.Time
	pos     compiler.Pos
}

func (m *Machine) newHandle(h *handle) int {
	m.handles = append(m.handles, h)
	return len(m.handles) - 1
}

// settleLeaf applies one resolution. A payload over the size limit is fatal.
func (m *Machine) settleLeaf(r Resolution) *fatalError {
	h := m.handles[r.Handle]
	h.settledAt = r.SettledAt.Round(0)
	if r.Failure == nil {
		v := r.Value
		b, err := value.ToJSON(v, "the result of "+h.describe())
		if err != nil {
			// The driver hands over JSON data; anything else is kept in its string form.
			v = value.JSONSafe(v)
			b, _ = value.ToJSON(v, "")
		}
		if len(b) > m.cfg.MaxSize {
			return &fatalError{code: value.CodeSizeLimit, msg: sizeError("the result of "+h.describe(), len(b), m.cfg.MaxSize).Message, pos: m.waitPos}
		}
		h.state = fulfilled
		h.value = value.DeepCopy(v)
		return nil
	}
	h.state = rejected
	h.value = m.leafError(h, r.Failure)
	return nil
}

func (h *handle) describe() string {
	switch h.kind {
	case hTask:
		return "task " + strconv.Quote(h.name)
	case hWorkflow:
		return "workflow " + strconv.Quote(h.name)
	case hTimer:
		return "a timer"
	case hSignal:
		return "signal " + strconv.Quote(h.name)
	}
	return "Promise." + h.name
}

// leafError builds the error object a failed leaf rejects with (spec §6).
func (m *Machine) leafError(h *handle, f *Failure) value.Value {
	child := value.Null
	if f.Error.Kind() == value.ObjectKind {
		child = value.JSONSafe(f.Error)
	}
	get := func(k string) value.Value {
		if o := child.Obj(); o != nil {
			v, _ := o.Get(k)
			return v
		}
		return value.Null
	}
	code := value.CodeTaskFailed
	if h.kind == hWorkflow {
		code = value.CodeWorkflowFailed
	}
	switch f.Reason {
	case TimedOut:
		code = value.CodeTimeout
	case Cancelled:
		code = value.CodeCancelled
	}
	o := value.NewObjectCap(6)
	o.Set("code", value.Str(code))
	msg := get("message")
	if f.Error.Kind() == value.StringKind {
		msg = f.Error
	}
	if msg.Kind() != value.StringKind {
		switch {
		case h.kind == hSignal && f.Reason == TimedOut:
			msg = value.Str("no signal " + strconv.Quote(h.name) + " arrived in time")
		case f.Reason == TimedOut:
			msg = value.Str(h.describe() + " timed out")
		case f.Reason == Cancelled:
			msg = value.Str(h.describe() + " was cancelled")
		default:
			msg = value.Str(h.describe() + " failed")
		}
	}
	o.Set("message", msg)
	switch h.kind {
	case hTask, hWorkflow:
		o.Set("details", get("details"))
		cause := get("code")
		if cause.Kind() != value.StringKind {
			cause = value.Null
		}
		o.Set("cause", cause)
		if h.kind == hTask {
			o.Set("task", value.Str(h.name))
		} else {
			o.Set("workflow", value.Str(h.name))
		}
		if f.ExecutionID != "" {
			o.Set("executionId", value.Str(f.ExecutionID))
		} else {
			o.Set("executionId", value.Null)
		}
	case hSignal:
		o.Set("signal", value.Str(h.name))
	}
	return value.ObjectValue(o)
}

// settleCombinators re-evaluates every pending combinator, in creation order (a combinator
// only refers to older handles, so one pass settles chains).
func (m *Machine) settleCombinators() {
	for _, h := range m.handles {
		if h.kind == hCombinator && h.state == pending {
			m.evalCombinator(h)
		}
	}
}

type elemState struct {
	state hstate
	val   value.Value
	at    time.Time
}

func (m *Machine) elemStates(h *handle) []elemState {
	out := make([]elemState, len(h.elems))
	for i, e := range h.elems {
		if id := e.Handle(); id >= 0 {
			x := m.handles[id]
			out[i] = elemState{state: x.state, val: x.value, at: x.settledAt}
		} else {
			out[i] = elemState{state: fulfilled, val: e, at: h.created}
		}
	}
	return out
}

// earliest returns the index of the earliest settled element in one of the given states (ties
// go to the first position), or -1.
func earliest(es []elemState, states ...hstate) int {
	best := -1
	for i, e := range es {
		ok := false
		for _, s := range states {
			if e.state == s {
				ok = true
			}
		}
		if ok && (best < 0 || e.at.Before(es[best].at)) {
			best = i
		}
	}
	return best
}

// latest returns the latest settlement time of es, or def for an empty list.
func latest(es []elemState, def time.Time) time.Time {
	t := def
	for i, e := range es {
		if i == 0 || e.at.After(t) {
			t = e.at
		}
	}
	return t
}

func (h *handle) collect(vals []value.Value) value.Value {
	if h.keys == nil {
		return value.NewArray(vals)
	}
	o := value.NewObjectCap(len(vals))
	for i, k := range h.keys {
		o.Set(k, vals[i])
	}
	return value.ObjectValue(o)
}

func (h *handle) keyValue(i int, v value.Value) value.Value {
	o := value.NewObjectCap(2)
	if h.keys == nil {
		o.Set("key", value.Num(float64(i)))
	} else {
		o.Set("key", value.Str(h.keys[i]))
	}
	o.Set("value", v)
	return value.ObjectValue(o)
}

func (h *handle) settle(s hstate, v value.Value, at time.Time) {
	h.state, h.value, h.settledAt = s, v, at
}

func (m *Machine) evalCombinator(h *handle) {
	es := m.elemStates(h)
	allSettled := true
	for _, e := range es {
		if e.state == pending {
			allSettled = false
		}
	}
	switch h.name {
	case "all":
		if i := earliest(es, rejected); i >= 0 {
			h.settle(rejected, es[i].val, es[i].at)
			return
		}
		if allSettled {
			vals := make([]value.Value, len(es))
			for i, e := range es {
				vals[i] = e.val
			}
			h.settle(fulfilled, h.collect(vals), latest(es, h.created))
		}
	case "allSettled":
		if !allSettled {
			return
		}
		vals := make([]value.Value, len(es))
		for i, e := range es {
			o := value.NewObjectCap(2)
			if e.state == fulfilled {
				o.Set("status", value.Str("fulfilled"))
				o.Set("value", e.val)
			} else {
				o.Set("status", value.Str("rejected"))
				o.Set("reason", withPos(e.val, h.pos))
			}
			vals[i] = value.ObjectValue(o)
		}
		h.settle(fulfilled, h.collect(vals), latest(es, h.created))
	case "any", "any_kv":
		if i := earliest(es, fulfilled); i >= 0 {
			v := es[i].val
			if h.name == "any_kv" {
				v = h.keyValue(i, v)
			}
			h.settle(fulfilled, v, es[i].at)
			return
		}
		if allSettled {
			errs := make([]value.Value, len(es))
			for i, e := range es {
				errs[i] = withPos(e.val, h.pos)
			}
			o := value.NewObjectCap(3)
			o.Set("code", value.Str(value.CodeAggregateError))
			o.Set("message", value.Str("all promises were rejected"))
			o.Set("errors", value.NewArray(errs))
			h.settle(rejected, value.ObjectValue(o), latest(es, h.created))
		}
	case "race", "race_kv":
		if i := earliest(es, fulfilled, rejected); i >= 0 {
			v := es[i].val
			if h.name == "race_kv" && es[i].state == fulfilled {
				v = h.keyValue(i, v)
			}
			h.settle(es[i].state, v, es[i].at)
		}
	}
}

// leaves appends the pending leaf handles handle id waits on.
func (m *Machine) leaves(id int, out []int, seen map[int]bool) []int {
	if seen[id] {
		return out
	}
	seen[id] = true
	h := m.handles[id]
	if h.state != pending {
		return out
	}
	if h.kind != hCombinator {
		return append(out, id)
	}
	for _, e := range h.elems {
		if x := e.Handle(); x >= 0 {
			out = m.leaves(x, out, seen)
		}
	}
	return out
}
