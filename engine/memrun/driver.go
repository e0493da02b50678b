package memrun

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
)

// LogLine is one console.log line written during a run, as streamed to Options.OnLog.
type LogLine struct {
	// At is the virtual time of the line.
	At time.Time
	// Workflow is the name of the workflow that wrote it; Depth is 0 for the workflow being
	// run and 1, 2, ... for child workflows run for real.
	Workflow string
	Depth    int
	// Text is the line, without a trailing newline.
	Text string
}

// driver is the event loop of one run: the executions (the root and the children run for
// real), the virtual clock and the queue of due events.
type driver struct {
	ctx       context.Context
	mocks     *Mocks
	random    func() float64
	snapshots bool
	onLog     func(LogLine)
	onEvent   func(Event)
	loadChild func(name string) (program, bool, error)

	now     time.Time
	queue   eventQueue
	ready   []*execution
	root    *execution
	cursors map[string]int // "task\x00NAME" → replies consumed
	nextID  int
	end     *runEnd // set when the root ends (or the run fails in the driver)
	err     error   // a Go error that stopped the run
}

// runEnd is how the root execution ended.
type runEnd struct {
	failed bool
	output value.Value
	err    value.Value
}

// execution is one workflow execution: the root, or a child run for real.
type execution struct {
	id     string
	name   string
	depth  int
	prog   program
	m      machine
	parent *call // the parent's call that runs this child (nil for the root)
	done   bool

	pending   []resolution // settled since the last activation
	waiting   []int        // handles awaited (nil: unknown)
	waitLine  int
	waitCol   int
	isReady   bool
	suspended bool

	handles map[int]*handleInfo
	keys    map[string]*call // kind, name and idempotency key → first call
	calls   []Call
	logs    []string
	sigReqs map[string][]*signalWait
	sigBuf  map[string][]json.RawMessage
}

// handleInfo is what a promise handle of an execution stands for.
type handleInfo struct {
	kind    string // KindTask, KindWorkflow, KindTimer, KindSignal
	name    string
	settled bool
	listed  int   // index in the execution's calls; -1 when not listed (idempotency key)
	call    *call // tasks and workflows
}

// call is one task or child-workflow call and its attempts.
type call struct {
	exec     *execution
	handle   int
	aliases  []int // handles of later calls with the same idempotency key
	eff      effect
	kind     string
	id       string // the executionId of the task or child
	listed   int    // index in exec.calls
	attempts int
	replies  []Reply // nil for a child run for real
	child    *execution
	settled  bool
	result   resolution
}

// signalWait is one pending Signal.next request.
type signalWait struct {
	exec   *execution
	handle int
	name   string
	done   bool
}

// newID returns the next deterministic execution id.
func (d *driver) newID() string {
	d.nextID++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", d.nextID)
}

// newExecution prepares an execution; it runs at its first activation.
func (d *driver) newExecution(id, name string, prog program, inputs value.Value, parent *call) (*execution, error) {
	e := &execution{
		id:      id,
		name:    name,
		prog:    prog,
		parent:  parent,
		handles: map[int]*handleInfo{},
		keys:    map[string]*call{},
		sigReqs: map[string][]*signalWait{},
		sigBuf:  map[string][]json.RawMessage{},
	}
	ci := contextInfo{executionID: id, workflow: name, version: prog.version(), startedAt: d.now}
	if parent != nil {
		e.depth = parent.exec.depth + 1
		ci.parentID = parent.exec.id
	}
	m, err := prog.start(inputs, ci)
	if err != nil {
		return nil, fmt.Errorf("start workflow %q: %w", name, err)
	}
	e.m = m
	d.markReady(e)
	return e, nil
}

// isoTime formats t as JavaScript's toISOString does.
func isoTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func (d *driver) markReady(e *execution) {
	if !e.isReady && !e.done {
		e.isReady = true
		d.ready = append(d.ready, e)
	}
}

// loop runs events and activations until the root ends or nothing more can happen.
func (d *driver) loop() error {
	for d.end == nil {
		if err := d.ctx.Err(); err != nil {
			return fmt.Errorf("run interrupted at virtual time %s: %w", isoTime(d.now), err)
		}
		if len(d.ready) > 0 {
			e := d.ready[0]
			d.ready = d.ready[1:]
			e.isReady = false
			if e.done {
				continue
			}
			if err := d.activate(e); err != nil {
				return err
			}
			continue
		}
		ev := d.queue.peek()
		if ev == nil {
			d.stuck()
			return nil
		}
		// Everything due at this instant happens before the workflows run again, so that
		// settlements at the same instant are seen together (ties broken by position).
		d.now = ev.at
		for ev := d.queue.peek(); ev != nil && ev.at.Equal(d.now) && d.end == nil; ev = d.queue.peek() {
			d.handle(d.queue.next())
		}
	}
	return nil
}

// activate runs one activation of e with the handles settled since the last one.
func (d *driver) activate(e *execution) error {
	act := activation{now: d.now, random: d.random, resolved: e.pending}
	e.pending = nil
	e.suspended = false
	out, err := e.m.run(act)
	if err != nil {
		return fmt.Errorf("workflow %q: %w", e.name, err)
	}
	for _, eff := range out.effects {
		d.perform(e, eff)
		if d.end != nil || e.done {
			return nil
		}
	}
	switch out.status {
	case suspended:
		e.suspended = true
		e.waiting, e.waitLine, e.waitCol = out.waiting, out.waitLine, out.waitColumn
		if d.snapshots {
			data, err := e.m.snapshot()
			if err != nil {
				return fmt.Errorf("workflow %q: snapshot: %w", e.name, err)
			}
			if e.m, err = e.prog.restore(data); err != nil {
				return fmt.Errorf("workflow %q: restore: %w", e.name, err)
			}
		}
		for _, r := range e.pending {
			if e.wakes(r.handle) {
				d.markReady(e)
				break
			}
		}
	case completed:
		d.finish(e, false, out.output, value.Null)
	case failed:
		d.finish(e, true, value.Null, out.err)
	}
	return nil
}

// wakes reports whether the settlement of handle h must wake e.
func (e *execution) wakes(h int) bool {
	if !e.suspended {
		return false
	}
	if e.waiting == nil {
		return true
	}
	for _, w := range e.waiting {
		if w == h {
			return true
		}
	}
	return false
}

// finish ends execution e: the run for the root, the parent's call for a child.
func (d *driver) finish(e *execution, isFailed bool, output, errv value.Value) {
	e.done = true
	if e.parent == nil {
		d.end = &runEnd{failed: isFailed, output: output, err: errv}
		return
	}
	c := e.parent
	if c.settled {
		return
	}
	if !isFailed {
		d.settleCall(c, resolution{val: output})
		return
	}
	d.settleCall(c, resolution{failure: &failure{reason: reasonFailed, err: errv, executionID: c.id}})
}

// parseJSON reads JSON (nil: null) into a fresh value.
func parseJSON(b []byte, what string) (value.Value, error) {
	if len(b) == 0 {
		return value.Null, nil
	}
	v, err := value.FromJSON(b)
	if err != nil {
		return value.Null, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// failRun ends the whole run with an error raised by the driver (NotMocked, SizeLimit) at the
// position of a call in execution e. A call made by a child run for real is reported at the
// root's call of that child.
func (d *driver) failRun(e *execution, line, col int, err error) {
	code, msg := "Error", err.Error()
	if ve, ok := err.(*value.Error); ok {
		code, msg = ve.Code, ve.Message
	}
	for e.parent != nil {
		msg = fmt.Sprintf("%s (in child workflow %q)", msg, e.name)
		line, col = e.parent.eff.line, e.parent.eff.column
		e = e.parent.exec
	}
	d.end = &runEnd{failed: true, err: errorObject(code, msg, line, col)}
}

// errorObject builds {code, message, line, column}.
func errorObject(code, msg string, line, col int) value.Value {
	o := value.NewObjectCap(4)
	o.Set("code", value.Str(code))
	o.Set("message", value.Str(msg))
	o.Set("line", value.Num(float64(line)))
	o.Set("column", value.Num(float64(col)))
	return value.ObjectValue(o)
}

// settle records that handle h of e settled now, and wakes e if it waits on it.
func (d *driver) settle(e *execution, h int, r resolution) {
	if info := e.handles[h]; info != nil {
		if info.settled {
			return
		}
		info.settled = true
	}
	r.handle = h
	r.settledAt = d.now
	e.pending = append(e.pending, r)
	if info := e.handles[h]; info != nil && info.listed >= 0 && d.onEvent != nil {
		outcome := StatusCompleted
		if r.failure != nil {
			outcome = map[failReason]string{reasonFailed: StatusFailed, reasonTimedOut: "timed out", reasonCancelled: "cancelled"}[r.failure.reason]
		}
		d.emit(e, Event{Kind: EventSettled, Call: e.calls[info.listed], Outcome: outcome})
	}
	if e.wakes(h) {
		d.markReady(e)
	}
}

// settleCall settles a task or workflow call and every handle aliased to it by its key.
func (d *driver) settleCall(c *call, r resolution) {
	if c.settled {
		return
	}
	c.settled = true
	c.result = r
	d.settle(c.exec, c.handle, r)
	for _, h := range c.aliases {
		d.settle(c.exec, h, r)
	}
}

// log streams and records a log line of e.
func (d *driver) log(e *execution, text string) {
	e.logs = append(e.logs, text)
	if d.onLog != nil {
		d.onLog(LogLine{At: d.now, Workflow: e.name, Depth: e.depth, Text: text})
	}
	d.emit(e, Event{Kind: EventLog, Text: text})
}

// stuck ends the run because the root waits on something that can never arrive.
func (d *driver) stuck() {
	r := d.root
	d.end = &runEnd{failed: true, err: errorObject(value.CodeStuck, "waiting for "+d.describeWait(r), r.waitLine, r.waitCol)}
}

// describeWait names what a suspended execution waits for.
func (d *driver) describeWait(e *execution) string {
	hs := e.waiting
	if hs == nil {
		for h := range e.handles {
			hs = append(hs, h)
		}
		slices.Sort(hs)
	}
	var parts []string
	seen := map[int]bool{}
	for _, h := range hs {
		info := e.handles[h]
		if info == nil || info.settled || seen[h] {
			continue
		}
		seen[h] = true
		s := info.kind + " " + value.QuoteJSON(info.name)
		switch info.kind {
		case KindTimer:
			s = "a timer"
		case KindWorkflow:
			if c := info.call; c != nil && c.child != nil && c.child.suspended && !c.child.done {
				s += ", which is waiting for " + d.describeWait(c.child)
			}
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "a promise that can never settle"
	}
	return strings.Join(parts, " and ")
}
