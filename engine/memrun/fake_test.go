package memrun

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// The fake machine runs a workflow written in Go by replaying it from the start at every
// activation against the settlements recorded so far (its whole durable state), so that the
// driver's event loop can be tested without the real VM, with and without snapshots.

type fakeProgram struct {
	body func(w *fakeW) value.Value
}

func (p *fakeProgram) version() string { return "fake" }

func (p *fakeProgram) start(inputs value.Value, ci contextInfo) (machine, error) {
	in, _ := value.ToJSON(inputs, "inputs")
	parent := value.Null
	if ci.parentID != "" {
		parent = value.Str(ci.parentID)
	}
	cx, _ := value.ToJSON(obj("executionId", ci.executionID, "workflow", ci.workflow, "version", ci.version,
		"startedAt", isoTime(ci.startedAt), "parentId", parent), "context")
	return &fakeMachine{prog: p, state: fakeState{Inputs: in, Context: cx, Resolved: map[int]fakeRes{}}}, nil
}

func (p *fakeProgram) restore(data []byte) (machine, error) {
	m := &fakeMachine{prog: p}
	if err := json.Unmarshal(data, &m.state); err != nil {
		return nil, err
	}
	m.restored = true
	return m, nil
}

type fakeRes struct {
	Val         json.RawMessage
	Err         json.RawMessage
	Reason      failReason
	ExecutionID string
	SettledAt   time.Time
}

type fakeState struct {
	Inputs   json.RawMessage
	Context  json.RawMessage
	Resolved map[int]fakeRes
	Nows     []time.Time
	Emitted  int
}

type fakeMachine struct {
	prog     *fakeProgram
	state    fakeState
	restored bool
}

func (m *fakeMachine) snapshot() ([]byte, error) { return json.Marshal(m.state) }

type fakeSuspend struct {
	waiting []int
	line    int
}

type fakeThrow struct{ err value.Value }

func (m *fakeMachine) run(act activation) (out outcome, err error) {
	for _, r := range act.resolved {
		fr := fakeRes{SettledAt: r.settledAt}
		if f := r.failure; f != nil {
			fr.Reason, fr.ExecutionID = f.reason, f.executionID
			fr.Err, _ = value.ToJSON(f.err, "err")
		} else {
			fr.Val, _ = value.ToJSON(r.val, "val")
		}
		m.state.Resolved[r.handle] = fr
	}
	w := &fakeW{m: m, now: act.now}
	w.Inputs = value.MustParseJSON(string(m.state.Inputs))
	w.Context = value.MustParseJSON(string(m.state.Context))
	defer func() {
		if p := recover(); p != nil {
			switch p := p.(type) {
			case fakeSuspend:
				out.status = suspended
				out.waiting = p.waiting
				out.waitLine, out.waitColumn = p.line, 1
			case fakeThrow:
				out.status = failed
				out.err = p.err
			default:
				panic(p)
			}
		}
		out.effects = w.effects[m.state.Emitted:]
		m.state.Emitted = len(w.effects)
	}()
	v := m.prog.body(w)
	out.status = completed
	out.output = v
	return out, nil
}

// fakeW is the API a fake workflow body uses.
type fakeW struct {
	m       *fakeMachine
	now     time.Time
	effects []effect
	handles int
	nowRead int
	Inputs  value.Value
	Context value.Value
}

func (w *fakeW) newHandle() int { w.handles++; return w.handles }

// opts parses an options JSON text as the VM does.
func parseFakeOptions(eff *effect, opts string) {
	eff.backoff = defaultBackoff
	if opts == "" {
		return
	}
	eff.options = value.MustParseJSON(opts)
	o := eff.options.Obj()
	for i := 0; i < o.Len(); i++ {
		k, v := o.KeyAt(i)
		switch k {
		case "retries":
			eff.retries = int(v.Num())
		case "timeout":
			eff.timeout, eff.hasTimeout = fakeDuration(v), true
		case "key":
			eff.key, eff.hasKey = v.Str(), true
		case "backoff":
			b := v.Obj()
			if x, ok := b.Get("initial"); ok {
				eff.backoff.initial = fakeDuration(x)
			}
			if x, ok := b.Get("max"); ok {
				eff.backoff.max = fakeDuration(x)
			}
			if x, ok := b.Get("factor"); ok {
				eff.backoff.factor = x.Num()
			}
		}
	}
}

func fakeDuration(v value.Value) time.Duration {
	if v.Kind() == value.NumberKind {
		d, err := catalog.DurationSeconds(v.Num())
		if err != nil {
			panic(err)
		}
		return d
	}
	d, err := catalog.ParseDuration(v.Str())
	if err != nil {
		panic(err)
	}
	return d
}

func (w *fakeW) call(kind effectKind, name, inputs, opts string, line int) int {
	if inputs == "" {
		inputs = "{}"
	}
	eff := effect{kind: kind, handle: w.newHandle(), name: name, inputs: value.MustParseJSON(inputs), line: line, column: 1}
	parseFakeOptions(&eff, opts)
	w.effects = append(w.effects, eff)
	return eff.handle
}

// Task starts a task; line is the position reported for the call.
func (w *fakeW) Task(name, inputs, opts string, line int) int {
	return w.call(effTask, name, inputs, opts, line)
}

// Workflow starts a child workflow.
func (w *fakeW) Workflow(name, inputs, opts string, line int) int {
	return w.call(effWorkflow, name, inputs, opts, line)
}

// Delay starts a timer.
func (w *fakeW) Delay(d time.Duration) int {
	eff := effect{kind: effTimer, handle: w.newHandle(), delay: d}
	w.effects = append(w.effects, eff)
	return eff.handle
}

// Until starts a Timer.until timer.
func (w *fakeW) Until(instant string) int {
	t, err := time.Parse(time.RFC3339Nano, instant)
	if err != nil {
		panic(err)
	}
	eff := effect{kind: effTimer, handle: w.newHandle(), until: t, untilText: instant, isUntil: true}
	w.effects = append(w.effects, eff)
	return eff.handle
}

// Signal makes a Signal.next request.
func (w *fakeW) Signal(name, opts string) int {
	eff := effect{kind: effSignal, handle: w.newHandle(), name: name}
	parseFakeOptions(&eff, opts)
	w.effects = append(w.effects, eff)
	return eff.handle
}

// Log writes a log line.
func (w *fakeW) Log(format string, args ...any) {
	w.effects = append(w.effects, effect{kind: effLog, text: fmt.Sprintf(format, args...)})
}

// Now reads the clock (recorded, so a replay reads the same instant).
func (w *fakeW) Now() time.Time {
	i := w.nowRead
	w.nowRead++
	if i < len(w.m.state.Nows) {
		return w.m.state.Nows[i]
	}
	w.m.state.Nows = append(w.m.state.Nows, w.now)
	return w.now
}

// Since is the virtual time elapsed since start, in seconds.
func (w *fakeW) Since(start time.Time) float64 { return w.Now().Sub(start).Seconds() }

// Await waits for handle h (line is the await's position) and returns its value or throws.
func (w *fakeW) Await(h, line int) value.Value {
	r, ok := w.m.state.Resolved[h]
	if !ok {
		panic(fakeSuspend{waiting: []int{h}, line: line})
	}
	if r.Reason != 0 {
		panic(fakeThrow{err: w.errorFor(h, r)})
	}
	return value.MustParseJSON(string(r.Val))
}

// Race returns the index of the earliest settled handle (ties by position).
func (w *fakeW) Race(line int, hs ...int) int {
	best := -1
	for i, h := range hs {
		r, ok := w.m.state.Resolved[h]
		if !ok {
			continue
		}
		if best < 0 || r.SettledAt.Before(w.m.state.Resolved[hs[best]].SettledAt) {
			best = i
		}
	}
	if best < 0 {
		panic(fakeSuspend{waiting: append([]int{}, hs...), line: line})
	}
	return best
}

// Try runs f, returning the error object it throws (null when none).
func (w *fakeW) Try(f func()) (caught value.Value) {
	defer func() {
		if p := recover(); p != nil {
			if t, ok := p.(fakeThrow); ok {
				caught = t.err
				return
			}
			panic(p)
		}
	}()
	f()
	return value.Null
}

// Throw fails with an error object.
func (w *fakeW) Throw(code, msg string) {
	panic(fakeThrow{err: errorObject(code, msg, 0, 0)})
}

// obj builds an object from alternating keys and values.
func obj(kv ...any) value.Value {
	o := value.NewObjectCap(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		var v value.Value
		switch x := kv[i+1].(type) {
		case value.Value:
			v = x
		case string:
			v = value.Str(x)
		case float64:
			v = value.Num(x)
		case int:
			v = value.Num(float64(x))
		case bool:
			v = value.Bool(x)
		case nil:
			v = value.Null
		default:
			panic(fmt.Sprintf("obj: %T", x))
		}
		o.Set(kv[i].(string), v)
	}
	return value.ObjectValue(o)
}

// errorFor builds the error a rejected handle throws, as the VM does.
func (w *fakeW) errorFor(h int, r fakeRes) value.Value {
	var eff effect
	for _, e := range w.effects {
		if e.handle == h && e.kind != effLog {
			eff = e
		}
	}
	own := value.MustParseJSON(string(r.Err))
	get := func(k string) value.Value {
		if o := own.Obj(); o != nil {
			v, _ := o.Get(k)
			return v
		}
		return value.Null
	}
	code := map[failReason]string{reasonTimedOut: value.CodeTimeout, reasonCancelled: value.CodeCancelled}[r.Reason]
	if eff.kind == effSignal {
		return obj("code", code, "message", get("message"), "signal", eff.name)
	}
	kind := "task"
	if code == "" {
		code = value.CodeTaskFailed
	}
	if eff.kind == effWorkflow {
		kind = "workflow"
		if code == value.CodeTaskFailed {
			code = value.CodeWorkflowFailed
		}
	}
	return obj("code", code, "message", get("message"), "details", get("details"), "cause", get("code"), kind, eff.name, "executionId", r.ExecutionID)
}
