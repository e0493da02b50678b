package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/rhythmflow/rhythm/engine/activation"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/engine/vm"
)

// Causes of a task context's cancellation.
var (
	errCancelled = errors.New("the execution was cancelled")
	errLeaseLost = errors.New("the worker lost the task's lease")
)

// result is what a task function produced.
type result struct {
	out json.RawMessage
	err error
}

// runTask runs one attempt of a claimed task and hands its result to the completer.
func (w *Worker) runTask(base context.Context, j *job) {
	start := time.Now()
	w.mu.Lock()
	def := w.tasks[j.Name]
	w.mu.Unlock()
	log := taskLog{l: w.log, name: j.Name, id: j.ID, attempt: j.Attempt}
	if def == nil {
		w.done.fail(j, store.FailedAttempt{Lease: j.lease(), Error: errorJSON(&Error{Code: "UnknownTask",
			Message: fmt.Sprintf("worker %s does not serve task %q", w.cfg.ID, j.Name)})})
		return
	}
	policy := store.ParsePolicy(j.Options)
	timeout := j.Timeout
	if timeout <= 0 {
		timeout = def.opts.Timeout
	}
	ctx, cancel := context.WithCancelCause(base)
	defer cancel(nil)
	j.setCancel(cancel)
	if timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeout(ctx, timeout)
		defer stop()
	}
	ctx = context.WithValue(ctx, infoKey{}, Info{ExecutionID: j.ID, Task: j.Name, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, ParentID: j.ParentID})
	log.Debug("task started")

	ch := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- result{err: &Error{Code: "Panic", Message: fmt.Sprintf("panic: %v", p), Details: map[string]string{"stack": string(debug.Stack())}}}
			}
		}()
		out, err := def.call(ctx, j.Input)
		ch <- result{out: out, err: err}
	}()
	var r result
	select {
	case r = <-ch:
	case <-ctx.Done():
		// A function that ignores its context does not hold the slot past its deadline.
		select {
		case r = <-ch:
		case <-time.After(10 * time.Millisecond):
			r = result{err: ctx.Err()}
		}
	}
	if j.dropped.Load() {
		log.Warn("task result dropped", "cause", context.Cause(ctx))
		w.untrack(j.ID)
		return
	}
	elapsed := time.Since(start)
	if r.err == nil {
		log.Debug("task completed", "duration", elapsed)
		w.done.complete(j, store.Completion{Lease: j.lease(), Output: r.out})
		return
	}
	if errors.Is(r.err, ErrAsync) {
		log.Info("task handed off for external completion", "duration", elapsed)
		if _, err := w.store.HandOff(context.WithoutCancel(base), w.cfg.ID, []store.Lease{j.lease()}); err != nil {
			log.Error("hand off", "error", err)
		}
		w.untrack(j.ID)
		return
	}
	fa := store.FailedAttempt{Lease: j.lease()}
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, errCancelled):
		fa.Error = errorJSON(&Error{Code: "Cancelled", Message: fmt.Sprintf("task %q was cancelled", j.Name)})
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && timeout > 0:
		fa.Error = errorJSON(&Error{Code: "Timeout", Message: fmt.Sprintf("task %q timed out after %s", j.Name, timeout)})
	default:
		fa.Error = errorJSON(r.err)
	}
	if !errors.Is(cause, errCancelled) {
		w.scheduleRetry(base, j, def, policy, &fa)
	}
	log.Warn("task attempt failed", "duration", elapsed, "error", r.err, "retry_at", fa.RetryAt)
	w.done.fail(j, fa)
}

// scheduleRetry sets the retry time of a failed attempt when attempts remain, applying the
// task's defaults to what the caller did not set.
func (w *Worker) scheduleRetry(ctx context.Context, j *job, def *TaskDef, p store.Policy, fa *store.FailedAttempt) {
	maxAttempts := j.MaxAttempts
	if p.Retries == nil && def.opts.Retries+1 > maxAttempts {
		maxAttempts = def.opts.Retries + 1
		if err := w.store.RaiseMaxAttempts(context.WithoutCancel(ctx), []string{j.ID}, []int{maxAttempts}); err != nil {
			w.log.Error("apply the task's retry default", "execution", j.ID, "error", err)
			return
		}
	}
	if j.Attempt >= maxAttempts {
		return
	}
	b := vm.DefaultBackoff
	switch {
	case p.Backoff != nil:
		b = activation.BackoffOf(*p.Backoff)
	case def.opts.Backoff != (Backoff{}):
		b = vm.Backoff{Initial: def.opts.Backoff.Initial, Max: def.opts.Backoff.Max, Factor: def.opts.Backoff.Factor}
		if b.Initial <= 0 {
			b.Initial = vm.DefaultBackoff.Initial
		}
		if b.Max <= 0 {
			b.Max = vm.DefaultBackoff.Max
		}
		if b.Factor < 1 {
			b.Factor = vm.DefaultBackoff.Factor
		}
	}
	fa.RetryAt = w.store.Now().Add(activation.RetryDelay(b, j.Attempt))
}

// errorJSON encodes a task error as the object a workflow sees: {code?, message, details?}.
func errorJSON(err error) json.RawMessage {
	type obj struct {
		Code    string `json:"code,omitempty"`
		Message string `json:"message"`
		Details any    `json:"details,omitempty"`
	}
	o := obj{Message: err.Error()}
	var te *Error
	if errors.As(err, &te) {
		o = obj{Code: te.Code, Message: te.Message, Details: te.Details}
	}
	b, mErr := json.Marshal(o)
	if mErr != nil {
		b, _ = json.Marshal(obj{Code: o.Code, Message: o.Message})
	}
	return b
}
