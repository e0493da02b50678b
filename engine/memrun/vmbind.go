package memrun

import (
	"fmt"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/engine/vm"
	"github.com/rhythmflow/rhythm/lang/ast"
)

// vmProgram binds a compiled program to the driver's program interface.
type vmProgram struct {
	prog *compiler.Program
	hash string
	cfg  vm.Config
}

// compileProgram compiles a checked syntax tree for the VM.
func compileProgram(f *ast.File, hash string, cfg machineConfig) (program, error) {
	prog, err := compiler.Compile(f)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", f.Name, err)
	}
	return &vmProgram{prog: prog, hash: hash, cfg: vm.Config{MaxSteps: cfg.maxSteps, MaxSize: cfg.maxSize}}, nil
}

func (p *vmProgram) version() string { return p.hash }

func (p *vmProgram) start(inputs value.Value, ci contextInfo) (machine, error) {
	m, err := vm.New(p.prog, vm.Start{Inputs: inputs, Context: vm.ContextInfo{
		ExecutionID: ci.executionID,
		Workflow:    ci.workflow,
		Version:     ci.version,
		StartedAt:   ci.startedAt,
		ParentID:    ci.parentID,
	}}, p.cfg)
	if err != nil {
		return nil, err
	}
	return &vmMachine{m: m}, nil
}

func (p *vmProgram) restore(data []byte) (machine, error) {
	m, err := vm.Restore(p.prog, data, p.cfg)
	if err != nil {
		return nil, err
	}
	return &vmMachine{m: m}, nil
}

// vmMachine binds a VM machine to the driver's machine interface.
type vmMachine struct {
	m *vm.Machine
}

func (m *vmMachine) snapshot() ([]byte, error) { return m.m.Snapshot() }

var vmReasons = map[failReason]vm.FailReason{
	reasonFailed:    vm.Failed,
	reasonTimedOut:  vm.TimedOut,
	reasonCancelled: vm.Cancelled,
}

func (m *vmMachine) run(act activation) (outcome, error) {
	va := vm.Activation{Now: act.now, Random: act.random, Resolved: make([]vm.Resolution, len(act.resolved))}
	for i, r := range act.resolved {
		vr := vm.Resolution{Handle: r.handle, Value: r.val, SettledAt: r.settledAt}
		if f := r.failure; f != nil {
			vr.Failure = &vm.Failure{Reason: vmReasons[f.reason], Error: f.err, ExecutionID: f.executionID}
		}
		va.Resolved[i] = vr
	}
	vo, err := m.m.Run(va)
	if err != nil {
		return outcome{}, err
	}
	out := outcome{
		output:     vo.Output,
		err:        vo.Error,
		waiting:    vo.Waiting,
		waitLine:   vo.WaitLine,
		waitColumn: vo.WaitColumn,
		effects:    make([]effect, 0, len(vo.Effects)),
	}
	switch vo.Status {
	case vm.Suspended:
		out.status = suspended
		if out.waiting == nil {
			out.waiting = []int{}
		}
	case vm.Completed:
		out.status = completed
	case vm.FailedStatus:
		out.status = failed
	default:
		return outcome{}, fmt.Errorf("vm: unexpected status %v", vo.Status)
	}
	for _, ve := range vo.Effects {
		e := effect{handle: ve.Handle, name: ve.Name, line: ve.Line, column: ve.Column}
		switch ve.Kind {
		case vm.StartTask, vm.StartWorkflow:
			e.kind = effTask
			if ve.Kind == vm.StartWorkflow {
				e.kind = effWorkflow
			}
			o := ve.Options
			e.inputs, e.options = ve.Inputs, o.Raw
			e.retries, e.timeout, e.hasTimeout = o.Retries, o.Timeout, o.HasTimeout
			e.backoff = backoff{initial: o.Backoff.Initial, max: o.Backoff.Max, factor: o.Backoff.Factor}
			e.key, e.hasKey = o.Key, o.HasKey
		case vm.StartTimer:
			e.kind = effTimer
			e.delay, e.until, e.untilText, e.isUntil = ve.Delay, ve.Until, ve.UntilText, ve.IsUntil
		case vm.SignalRequest:
			e.kind = effSignal
			e.options = ve.Options.Raw
			e.timeout, e.hasTimeout = ve.Timeout, ve.HasTimeout
		case vm.Log:
			e.kind = effLog
			e.text = ve.Text
		default:
			return outcome{}, fmt.Errorf("vm: unknown effect %v", ve.Kind)
		}
		out.effects = append(out.effects, e)
	}
	return out, nil
}
