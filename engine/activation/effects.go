package activation

import (
	"context"
	"fmt"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/engine/vm"
)

// perform carries out the effects of one VM run inside the activation's transaction and returns
// the handles that settled at once.
func (a *act) perform(ctx context.Context, now time.Time, effects []vm.Effect) ([]vm.Resolution, error) {
	var (
		res       []vm.Resolution
		calls     []vm.Effect
		taskNames []string
		wfNames   []string
		timers    []store.StepNewTimer
		reqs      []store.StepSignalRequest
	)
	for _, eff := range effects {
		switch eff.Kind {
		case vm.Log:
			a.r.log.Info(eff.Text, "workflow", a.st.Name, "execution", a.st.ID, "line", eff.Line)
			a.step.Log(eff.Line, eff.Text)
		case vm.StartTask:
			calls = append(calls, eff)
			taskNames = append(taskNames, eff.Name)
		case vm.StartWorkflow:
			calls = append(calls, eff)
			wfNames = append(wfNames, eff.Name)
		case vm.StartTimer:
			if !eff.FireAt.After(now) {
				res = append(res, vm.Resolution{Handle: eff.Handle, Value: value.Null, SettledAt: now})
			} else {
				timers = append(timers, store.StepNewTimer{Handle: eff.Handle, FireAt: eff.FireAt})
				a.meta.Timers[eff.Handle] = eff.FireAt
			}
		case vm.SignalRequest:
			r := store.StepSignalRequest{Handle: eff.Handle, Name: eff.Name}
			if eff.HasTimeout {
				r.Deadline = now.Add(eff.Timeout)
				a.meta.SignalDeadlines[eff.Handle] = r.Deadline
			}
			reqs = append(reqs, r)
			a.meta.Signals[eff.Handle] = eff.Name
		default:
			return nil, fmt.Errorf("activation of %s: unknown effect %v", a.st.ID, eff.Kind)
		}
	}
	if len(calls) > 0 {
		r, err := a.startCalls(ctx, now, calls, taskNames, wfNames)
		if err != nil {
			return nil, err
		}
		res = append(res, r...)
	}
	if err := a.step.AddTimers(ctx, timers); err != nil {
		return nil, err
	}
	if len(reqs) > 0 {
		if err := a.step.RequestSignals(ctx, reqs); err != nil {
			return nil, err
		}
		// Signals already waiting take the new requests at once.
		hs := make([]int, len(reqs))
		for i, r := range reqs {
			hs[i] = r.Handle
		}
		ds, err := a.step.Deliveries(ctx, hs)
		if err != nil {
			return nil, err
		}
		res = append(res, a.fromDeliveries(ds)...)
	}
	return res, nil
}

// startCalls enqueues tasks and child workflows.
func (a *act) startCalls(ctx context.Context, now time.Time, calls []vm.Effect, taskNames, wfNames []string) ([]vm.Resolution, error) {
	queues, err := a.r.taskQueues(ctx, a.step, taskNames)
	if err != nil {
		return nil, err
	}
	registered, err := a.r.registered(ctx, a.step, wfNames)
	if err != nil {
		return nil, err
	}
	var res []vm.Resolution
	var execs []store.NewExecution
	var handles []int
	for _, eff := range calls {
		o := eff.Options
		e := store.NewExecution{
			Kind: store.KindTask, Name: eff.Name, Input: eff.InputsJSON, Queue: o.Queue, Priority: o.Priority,
			MaxAttempts: 1, ParentID: a.st.ID, ParentHandle: eff.Handle,
		}
		if o.HasKey {
			e.IdempotencyKey = o.Key
		}
		var p store.Policy
		if hasOption(o.Raw, "retries") {
			retries := o.Retries
			p.Retries = &retries
			e.MaxAttempts = retries + 1
		}
		if hasOption(o.Raw, "backoff") {
			p.Backoff = PolicyOf(o.Backoff)
		}
		if o.HasTimeout {
			e.Timeout = o.Timeout
			ms := o.Timeout.Milliseconds()
			p.TimeoutMS = &ms
		}
		e.Options = p.JSON()
		if eff.Kind == vm.StartWorkflow {
			if !registered[eff.Name] {
				msg := fmt.Sprintf("workflow %q is not registered", eff.Name)
				res = append(res, vm.Resolution{Handle: eff.Handle, SettledAt: now,
					Failure: &vm.Failure{Reason: vm.Failed, Error: mustValue(errorJSON("NotFound", msg))}})
				continue
			}
			e.Kind = store.KindWorkflow
			if e.Queue == "" {
				e.Queue = a.st.Queue
			}
			if o.HasTimeout {
				a.meta.Deadlines[eff.Handle] = now.Add(o.Timeout)
				e.Timeout = 0
			}
		} else if e.Queue == "" {
			e.Queue = queues[eff.Name]
		}
		execs = append(execs, e)
		handles = append(handles, eff.Handle)
	}
	enq, err := a.step.Enqueue(ctx, execs)
	if err != nil {
		return nil, err
	}
	for i, e := range enq {
		h := handles[i]
		if !e.Existing {
			a.meta.Calls[h] = e.ID
			continue
		}
		// An idempotency key named an execution this workflow started earlier.
		delete(a.meta.Deadlines, h)
		if first, ok := a.callOf(e.ID); ok {
			a.meta.Aliases[first] = append(a.meta.Aliases[first], h)
			continue
		}
		done, err := a.step.SettledExecutions(ctx, []string{e.ID})
		if err != nil {
			return nil, err
		}
		if len(done) == 0 {
			a.meta.Calls[h] = e.ID
			continue
		}
		res = append(res, settledResolution(h, done[0]))
	}
	return res, nil
}

// callOf finds the pending handle of an execution.
func (a *act) callOf(id string) (int, bool) {
	for h, x := range a.meta.Calls {
		if x == id {
			return h, true
		}
	}
	return 0, false
}

// settledResolution settles h with a finished execution's result.
func settledResolution(h int, e store.StepSettled) vm.Resolution {
	r := vm.Resolution{Handle: h, Value: value.Null, SettledAt: e.FinishedAt}
	switch e.Status {
	case "completed":
		v, err := parseJSON(e.Output)
		if err != nil {
			v = value.Str(string(e.Output))
		}
		r.Value = v
	case "cancelled":
		r.Failure = &vm.Failure{Reason: vm.Cancelled, Error: mustValue(e.Error), ExecutionID: e.ID}
	default:
		ev := mustValue(e.Error)
		reason := vm.Failed
		if ev.Kind() == value.ObjectKind {
			if c, ok := ev.Obj().Get("code"); ok && value.StrictEquals(c, value.Str("Timeout")) {
				reason = vm.TimedOut
			}
		}
		r.Failure = &vm.Failure{Reason: reason, Error: ev, ExecutionID: e.ID}
	}
	return r
}

// hasOption reports whether an options object names key.
func hasOption(raw value.Value, key string) bool {
	return raw.Kind() == value.ObjectKind && raw.Obj().Has(key)
}
