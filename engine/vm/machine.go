package vm

import (
	"errors"
	"fmt"
	"time"

	"github.com/rhythmflow/rhythm/engine/builtins"
	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
)

// handler is an active try handler: where to go on a throw, and the operand stack depth to
// restore.
type handler struct {
	pc int
	sp int
}

// Machine is one workflow execution. It is not safe for concurrent use.
type Machine struct {
	prog *compiler.Program
	cfg  Config

	// Durable state (serialised by Snapshot).
	status   Status // 0 while it has not run yet
	pc       int
	stack    []value.Value
	slots    []value.Value
	handlers []handler
	handles  []*handle
	keys     map[string]int // idempotency keys: kind\x00name\x00key → handle
	output   value.Value
	failure  value.Value
	waitPos  compiler.Pos

	// Per activation.
	now     time.Time
	random  func() float64
	effects []Effect
	steps   int
	funcs   []builtins.Func // resolved built-in functions by name index (lazily)
	encoded []byte          // snapshot encoded at the last suspension
}

// ErrFinished is returned by Run on a machine whose workflow has completed or failed.
var ErrFinished = errors.New("vm: the workflow has already ended")

// New creates a machine for a new execution of prog. Inputs must be an object (not a list);
// null stands for {}.
func New(prog *compiler.Program, start Start, cfg Config) (*Machine, error) {
	if prog == nil {
		return nil, errors.New("vm: nil program")
	}
	in := start.Inputs
	switch in.Kind() {
	case value.NullKind:
		in = value.NewObject()
	case value.ObjectKind:
		in = value.DeepCopy(in)
	default:
		return nil, fmt.Errorf("vm: workflow inputs must be an object, got %s", value.Describe(in))
	}
	m := newMachine(prog, cfg)
	if b, err := value.ToJSON(in, "workflow inputs"); err != nil {
		return nil, fmt.Errorf("vm: %w", err)
	} else if len(b) > m.cfg.MaxSize {
		return nil, fmt.Errorf("vm: %w", sizeError("the workflow inputs", len(b), m.cfg.MaxSize))
	}
	m.slots = make([]value.Value, prog.Slots)
	m.slots[compiler.SlotInputs] = in
	m.slots[compiler.SlotContext] = contextValue(start.Context)
	return m, nil
}

func newMachine(prog *compiler.Program, cfg Config) *Machine {
	return &Machine{
		prog:  prog,
		cfg:   cfg.withDefaults(),
		keys:  map[string]int{},
		funcs: make([]builtins.Func, len(prog.Names)),
	}
}

// isoTime formats t as JavaScript's Date#toISOString does.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func contextValue(ci ContextInfo) value.Value {
	o := value.NewObjectCap(5)
	o.Set("executionId", value.Str(ci.ExecutionID))
	o.Set("workflow", value.Str(ci.Workflow))
	o.Set("version", value.Str(ci.Version))
	o.Set("startedAt", value.Str(isoTime(ci.StartedAt)))
	if ci.ParentID == "" {
		o.Set("parentId", value.Null)
	} else {
		o.Set("parentId", value.Str(ci.ParentID))
	}
	return value.ObjectValue(o)
}

// Status returns how the last activation ended (0 before the first Run).
func (m *Machine) Status() Status { return m.status }

// Now implements builtins.Env: the activation's virtual time.
func (m *Machine) Now() time.Time { return m.now }

// MaxSize implements builtins.Env: the size limit of the workflow, in bytes. It bounds the
// strings the built-ins build as well as the JSON at every durable boundary.
func (m *Machine) MaxSize() int { return m.cfg.MaxSize }

// Random implements builtins.Env: the activation's random source (0 when there is none).
func (m *Machine) Random() float64 {
	if m.random == nil {
		return 0
	}
	return m.random()
}

// Run applies the resolutions of act and runs the workflow until it suspends on an unsettled
// handle, completes or fails. An error means the activation broke the driver contract (an
// unknown or already settled handle, a run after the end); the machine is then unchanged.
func (m *Machine) Run(act Activation) (out Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			// Only a damaged state can get here; report it instead of crashing the worker.
			out, err = Outcome{}, fmt.Errorf("vm: internal error at pc %d: %v", m.pc, r)
		}
	}()
	if m.status == Completed || m.status == FailedStatus {
		return Outcome{}, ErrFinished
	}
	seen := map[int]bool{}
	for _, r := range act.Resolved {
		if seen[r.Handle] {
			return Outcome{}, fmt.Errorf("vm: handle %d is settled twice", r.Handle)
		}
		seen[r.Handle] = true
		if r.Handle < 0 || r.Handle >= len(m.handles) || m.handles[r.Handle].kind == hCombinator {
			return Outcome{}, fmt.Errorf("vm: resolution of unknown handle %d", r.Handle)
		}
		if m.handles[r.Handle].state != pending {
			return Outcome{}, fmt.Errorf("vm: handle %d is already settled", r.Handle)
		}
	}
	m.now = act.Now.Round(0)
	m.random = act.Random
	m.effects = nil
	m.steps = 0
	m.encoded = nil
	for _, r := range act.Resolved {
		if f := m.settleLeaf(r); f != nil {
			m.fail(f)
			return m.outcome(), nil
		}
	}
	m.settleCombinators()
	m.exec()
	out = m.outcome()
	if m.status == Suspended {
		data, err := m.encode()
		if err != nil {
			m.fail(&fatalError{code: value.CodeSizeLimit, msg: err.Error(), pos: m.waitPos})
			return m.outcome(), nil
		}
		if len(data) > m.cfg.MaxSize {
			m.fail(&fatalError{code: value.CodeSizeLimit, msg: sizeError("the workflow state", len(data), m.cfg.MaxSize).Message, pos: m.waitPos})
			out = m.outcome()
			out.Steps = m.steps
			return out, nil
		}
		m.encoded = data
	}
	return out, nil
}

func (m *Machine) outcome() Outcome {
	out := Outcome{Status: m.status, Output: value.Null, Error: value.Null, Effects: m.effects, Steps: m.steps}
	switch m.status {
	case Completed:
		out.Output = m.output
	case FailedStatus:
		out.Error = m.failure
	case Suspended:
		out.WaitLine, out.WaitColumn = int(m.waitPos.Line), int(m.waitPos.Col)
		if len(m.stack) > 0 {
			if h := m.stack[len(m.stack)-1].Handle(); h >= 0 {
				out.Waiting = m.leaves(h, nil, map[int]bool{})
			}
		}
		if out.Waiting == nil {
			out.Waiting = []int{}
		}
	}
	return out
}

// sizeError is the SizeLimit error of what, n bytes of JSON over the limit max (n < 0: the
// conversion stopped as soon as it was over, without the exact size).
func sizeError(what string, n, max int) *value.Error {
	if n < 0 {
		return value.Errorf(value.CodeSizeLimit, "%s: over the size limit of %d bytes", what, max)
	}
	return value.Errorf(value.CodeSizeLimit, "%s: %d bytes, over the size limit of %d bytes", what, n, max)
}

// fatalError is an uncatchable failure (StepLimit, SizeLimit): it ends the activation at once.
type fatalError struct {
	code, msg string
	pos       compiler.Pos
}

func (m *Machine) fail(f *fatalError) {
	o := value.NewObjectCap(4)
	o.Set("code", value.Str(f.code))
	o.Set("message", value.Str(f.msg))
	o.Set("line", value.Num(float64(f.pos.Line)))
	o.Set("column", value.Num(float64(f.pos.Col)))
	m.status = FailedStatus
	m.failure = value.ObjectValue(o)
	m.output = value.Null
}
