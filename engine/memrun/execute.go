package memrun

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
)

// runSpec is a run with everything resolved: the compiled root, its inputs, the mocks and how
// to load children.
type runSpec struct {
	name      string
	prog      program
	inputs    value.Value
	mocks     *Mocks
	start     time.Time
	seed      uint64
	snapshots bool
	onLog     func(LogLine)
	onEvent   func(Event)
	loadChild func(name string) (program, bool, error)
}

// execute runs the root workflow of spec to its end in virtual time.
func execute(ctx context.Context, spec runSpec) (*Result, error) {
	mocks := spec.mocks
	if mocks == nil {
		mocks = &Mocks{}
	}
	d := &driver{
		ctx:       ctx,
		mocks:     mocks,
		random:    rand.New(rand.NewPCG(spec.seed, 0x5eed)).Float64,
		snapshots: spec.snapshots,
		onLog:     spec.onLog,
		onEvent:   spec.onEvent,
		loadChild: spec.loadChild,
		now:       spec.start,
		cursors:   map[string]int{},
	}
	root, err := d.newExecution(d.newID(), spec.name, spec.prog, spec.inputs, nil)
	var ve *value.Error
	if errors.As(err, &ve) {
		// The machine refused to start (inputs over the size limit): the run fails before its
		// first instruction, so the error has no position.
		o := value.NewObjectCap(2)
		o.Set("code", value.Str(ve.Code))
		o.Set("message", value.Str(ve.Message))
		return &Result{Status: StatusFailed, Output: json.RawMessage("null"), Error: rawJSON(value.ObjectValue(o))}, nil
	}
	if err != nil {
		return nil, err
	}
	d.root = root
	signals := slices.Clone(mocks.Signals)
	slices.SortStableFunc(signals, func(a, b Signal) int {
		switch {
		case a.After < b.After:
			return -1
		case a.After > b.After:
			return 1
		}
		return 0
	})
	for i := range signals {
		d.queue.schedule(&event{at: spec.start.Add(signals[i].After), kind: evSignal, signal: &signals[i]})
	}
	if err := d.loop(); err != nil {
		return nil, err
	}
	if d.err != nil {
		return nil, d.err
	}
	res := &Result{Status: StatusCompleted, Calls: root.calls, Logs: root.logs}
	if !d.end.failed {
		out, err := value.ToJSON(d.end.output, "workflow output")
		if err == nil {
			res.Output = out
			return res, nil
		}
		d.end = &runEnd{failed: true, err: errorObject(value.CodeTypeError, err.Error(), 0, 0)}
		var ve *value.Error
		if errors.As(err, &ve) {
			d.end.err = errorObject(ve.Code, ve.Message, 0, 0)
		}
	}
	res.Status = StatusFailed
	res.Output = json.RawMessage("null")
	res.Error = rawJSON(d.end.err)
	return res, nil
}
