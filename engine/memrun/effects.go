package memrun

import (
	"encoding/json"
	"fmt"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// perform carries out one effect of an activation of e.
func (d *driver) perform(e *execution, eff effect) {
	switch eff.kind {
	case effLog:
		d.log(e, eff.text)
	case effTask:
		d.startCall(e, eff, KindTask)
	case effWorkflow:
		d.startCall(e, eff, KindWorkflow)
	case effTimer:
		d.startTimer(e, eff)
	case effSignal:
		d.requestSignal(e, eff)
	}
}

// rawJSON encodes a value for the calls list (the driver only sees JSON-compatible values
// there; anything else is written as its string form).
func rawJSON(v value.Value) json.RawMessage {
	b, err := value.ToJSON(v, "call")
	if err != nil {
		return json.RawMessage(value.QuoteJSON(value.ToString(v)))
	}
	return b
}

// optionsJSON is the options argument as passed, {} when absent.
func optionsJSON(v value.Value) json.RawMessage {
	if v.IsNull() {
		return json.RawMessage("{}")
	}
	return rawJSON(v)
}

// listCall appends a call to e's calls list, records it as what handle h stands for, and
// returns its index.
func (d *driver) listCall(e *execution, h int, c Call) int {
	e.calls = append(e.calls, c)
	i := len(e.calls) - 1
	if info := e.handles[h]; info != nil {
		info.listed = i
	}
	d.emit(e, Event{Kind: EventCall, Call: c})
	return i
}

// startCall starts a task or child workflow: answered from an idempotency key, by the mocks,
// or (a workflow) by running NAME.flow for real.
func (d *driver) startCall(e *execution, eff effect, kind string) {
	if eff.hasKey {
		k := kind + "\x00" + eff.name + "\x00" + eff.key
		if first := e.keys[k]; first != nil {
			e.handles[eff.handle] = &handleInfo{kind: kind, name: eff.name, call: first, listed: -1}
			first.aliases = append(first.aliases, eff.handle)
			if first.settled {
				d.settle(e, eff.handle, first.result)
			}
			return
		}
	}
	c := &call{exec: e, handle: eff.handle, eff: eff, kind: kind}
	if eff.hasKey {
		e.keys[kind+"\x00"+eff.name+"\x00"+eff.key] = c
	}
	e.handles[eff.handle] = &handleInfo{kind: kind, name: eff.name, call: c, listed: -1}
	table := d.mocks.Tasks
	if kind == KindWorkflow {
		table = d.mocks.Workflows
	}
	replies := table[eff.name]
	mocked := len(replies) > 0
	var prog program
	if !mocked {
		found := false
		if kind == KindWorkflow && d.loadChild != nil {
			var err error
			prog, found, err = d.loadChild(eff.name)
			if err != nil {
				d.fatal(err)
				return
			}
		}
		if !found {
			msg := fmt.Sprintf("task %q is not mocked", eff.name)
			if kind == KindWorkflow {
				msg = fmt.Sprintf("workflow %q is not mocked and has no file %s.flow", eff.name, eff.name)
			}
			d.failRun(e, eff.line, eff.column, value.Errorf("NotMocked", "%s", msg))
			return
		}
	}
	c.id = d.newID()
	c.listed = d.listCall(e, eff.handle, Call{Kind: kind, Name: eff.name, Inputs: rawJSON(eff.inputs), Options: optionsJSON(eff.options), Attempts: new(int)})
	if mocked {
		c.replies = replies
		d.startAttempt(c)
		return
	}
	c.attempts = 1
	*e.calls[c.listed].Attempts = 1
	d.emit(e, Event{Kind: EventAttempt, Call: e.calls[c.listed], Attempt: 1})
	child, err := d.newExecution(c.id, eff.name, prog, eff.inputs, c)
	if err != nil {
		d.fatal(err)
		return
	}
	c.child = child
	if eff.hasTimeout {
		d.queue.schedule(&event{at: d.now.Add(eff.timeout), kind: evChildTimeout, call: c})
	}
}

// fatal stops the run with a Go error (a child that does not compile, a broken VM).
func (d *driver) fatal(err error) {
	if d.err == nil {
		d.err = err
	}
	d.end = &runEnd{failed: true}
}

// nextReply consumes the next reply of a mocked call: replies are used in the order attempts
// start; when the list runs out, its last reply repeats.
func (d *driver) nextReply(c *call) Reply {
	k := c.kind + "\x00" + c.eff.name
	i := d.cursors[k]
	d.cursors[k] = i + 1
	if i >= len(c.replies) {
		i = len(c.replies) - 1
	}
	return c.replies[i]
}

// startAttempt starts the next attempt of a mocked call now.
func (d *driver) startAttempt(c *call) {
	c.attempts++
	*c.exec.calls[c.listed].Attempts = c.attempts
	d.emit(c.exec, Event{Kind: EventAttempt, Call: c.exec.calls[c.listed], Attempt: c.attempts})
	r := d.nextReply(c)
	ev := &event{kind: evAttemptEnd, call: c, attempt: c.attempts, reply: r, at: d.now.Add(r.After)}
	if c.eff.hasTimeout && r.After > c.eff.timeout {
		ev.at, ev.timeout = d.now.Add(c.eff.timeout), true
	}
	d.queue.schedule(ev)
}

// endAttempt handles the reply (or timeout) of an attempt.
func (d *driver) endAttempt(ev *event) {
	c := ev.call
	if c.settled || c.exec.done || ev.attempt != c.attempts {
		return
	}
	switch {
	case ev.timeout:
		d.attemptFailed(c, reasonTimedOut, messageObject(fmt.Sprintf("%s %q timed out after %s", c.kind, c.eff.name, catalog.FormatDuration(c.eff.timeout))))
	case ev.reply.Cancelled:
		d.settleCall(c, resolution{failure: &failure{reason: reasonCancelled, executionID: c.id,
			err: messageObject(fmt.Sprintf("%s %q was cancelled", c.kind, c.eff.name))}})
	case ev.reply.Error != nil:
		re := ev.reply.Error
		o := value.NewObjectCap(3)
		if re.Code != "" {
			o.Set("code", value.Str(re.Code))
		}
		o.Set("message", value.Str(re.Message))
		if re.Details != nil {
			details, err := parseJSON(re.Details, "error details")
			if err != nil {
				d.fatal(err)
				return
			}
			o.Set("details", details)
		}
		d.attemptFailed(c, reasonFailed, value.ObjectValue(o))
	default:
		v, err := parseJSON(ev.reply.Output, fmt.Sprintf("output of %s %q", c.kind, c.eff.name))
		if err != nil {
			d.fatal(err)
			return
		}
		d.settleCall(c, resolution{val: v})
	}
}

// messageObject returns {message: msg}.
func messageObject(msg string) value.Value {
	o := value.NewObjectCap(1)
	o.Set("message", value.Str(msg))
	return value.ObjectValue(o)
}

// attemptFailed retries a failed attempt after its backoff, or settles the call with the
// failure when its retries are spent.
func (d *driver) attemptFailed(c *call, reason failReason, errv value.Value) {
	if c.attempts <= c.eff.retries {
		d.queue.schedule(&event{at: d.now.Add(c.eff.backoff.delay(c.attempts)), kind: evAttemptStart, call: c})
		return
	}
	d.settleCall(c, resolution{failure: &failure{reason: reason, err: errv, executionID: c.id}})
}

// childTimedOut abandons a child run for real that exceeded its timeout.
func (d *driver) childTimedOut(c *call) {
	if c.settled || c.exec.done {
		return
	}
	c.child.done = true
	d.settleCall(c, resolution{failure: &failure{reason: reasonTimedOut, executionID: c.id,
		err: messageObject(fmt.Sprintf("workflow %q timed out after %s", c.eff.name, catalog.FormatDuration(c.eff.timeout)))}})
}

// startTimer schedules a timer of e.
func (d *driver) startTimer(e *execution, eff effect) {
	e.handles[eff.handle] = &handleInfo{kind: KindTimer, listed: -1}
	at := d.now.Add(eff.delay)
	inputs := json.RawMessage(value.FormatNumber(eff.delay.Seconds()))
	if eff.isUntil {
		at = eff.until
		if at.Before(d.now) {
			at = d.now
		}
		inputs = json.RawMessage(value.QuoteJSON(eff.untilText))
	}
	d.listCall(e, eff.handle, Call{Kind: KindTimer, Name: "", Inputs: inputs, Options: json.RawMessage("{}")})
	d.queue.schedule(&event{at: at, kind: evTimer, exec: e, handle: eff.handle})
}

// requestSignal makes a Signal.next request of e: it takes the oldest signal of that name that
// arrived and waits, else it waits in FIFO order for the next one (until its timeout).
func (d *driver) requestSignal(e *execution, eff effect) {
	e.handles[eff.handle] = &handleInfo{kind: KindSignal, name: eff.name, listed: -1}
	inputs := json.RawMessage("null")
	if !eff.options.IsNull() {
		inputs = rawJSON(eff.options)
	}
	d.listCall(e, eff.handle, Call{Kind: KindSignal, Name: eff.name, Inputs: inputs, Options: optionsJSON(eff.options)})
	if buf := e.sigBuf[eff.name]; len(buf) > 0 {
		e.sigBuf[eff.name] = buf[1:]
		d.deliverSignal(e, eff.handle, eff.name, buf[0])
		return
	}
	w := &signalWait{exec: e, handle: eff.handle, name: eff.name}
	e.sigReqs[eff.name] = append(e.sigReqs[eff.name], w)
	if eff.hasTimeout {
		d.queue.schedule(&event{at: d.now.Add(eff.timeout), kind: evSignalTimeout, exec: e, handle: eff.handle, req: w, timeoutAfter: eff.timeout})
	}
}

// deliverSignal settles a signal request with a payload.
func (d *driver) deliverSignal(e *execution, h int, name string, payload json.RawMessage) {
	v, err := parseJSON(payload, fmt.Sprintf("payload of signal %q", name))
	if err != nil {
		d.fatal(err)
		return
	}
	d.settle(e, h, resolution{val: v})
}

// signalArrived delivers a mocked signal to the root: to its oldest pending request for that
// name, or into the store until one is made.
func (d *driver) signalArrived(s *Signal) {
	e := d.root
	d.emit(e, Event{Kind: EventSignal, Call: Call{Kind: KindSignal, Name: s.Name}})
	reqs := e.sigReqs[s.Name]
	for len(reqs) > 0 && reqs[0].done {
		reqs = reqs[1:]
	}
	if len(reqs) == 0 {
		e.sigReqs[s.Name] = nil
		e.sigBuf[s.Name] = append(e.sigBuf[s.Name], s.Payload)
		return
	}
	w := reqs[0]
	e.sigReqs[s.Name] = reqs[1:]
	w.done = true
	d.deliverSignal(e, w.handle, s.Name, s.Payload)
}

// signalTimedOut withdraws a request that got no signal in time: awaiting it throws Timeout.
func (d *driver) signalTimedOut(ev *event) {
	w := ev.req
	if w.done || w.exec.done {
		return
	}
	w.done = true
	d.settle(w.exec, w.handle, resolution{failure: &failure{reason: reasonTimedOut,
		err: messageObject(fmt.Sprintf("no signal %q arrived within %s", w.name, catalog.FormatDuration(ev.timeoutAfter)))}})
}

// handle carries out a due event.
func (d *driver) handle(ev *event) {
	switch ev.kind {
	case evAttemptStart:
		if !ev.call.settled && !ev.call.exec.done {
			d.startAttempt(ev.call)
		}
	case evAttemptEnd:
		d.endAttempt(ev)
	case evTimer:
		if !ev.exec.done {
			d.settle(ev.exec, ev.handle, resolution{})
		}
	case evSignal:
		d.signalArrived(ev.signal)
	case evSignalTimeout:
		d.signalTimedOut(ev)
	case evChildTimeout:
		d.childTimedOut(ev.call)
	}
}
