package rhythmtest

import (
	"encoding/json"
	"fmt"

	"github.com/rhythmflow/rhythm/engine/memrun"
)

// Result is the outcome of a run: the workflow's output or error, the calls it made and its log
// lines.
type Result struct {
	t   TB
	res *memrun.Result
}

// Completed reports whether the workflow completed (rather than failed).
func (r *Result) Completed() bool { return r.res.Status == memrun.StatusCompleted }

// Output decodes the workflow's output into v (as json.Unmarshal does). It fails the test if
// the workflow failed or the output does not decode.
func (r *Result) Output(v any) {
	r.t.Helper()
	if !r.Completed() {
		r.t.Fatalf("rhythmtest: the workflow failed: %v", r.Err())
		return
	}
	if err := json.Unmarshal(r.res.Output, v); err != nil {
		r.t.Fatalf("rhythmtest: decode output %s: %v", r.res.Output, err)
	}
}

// OutputJSON returns the JSON of the workflow's output ("null" when it failed).
func (r *Result) OutputJSON() json.RawMessage { return r.res.Output }

// Err returns the workflow's error, or nil when it completed.
func (r *Result) Err() *WorkflowError {
	if r.Completed() {
		return nil
	}
	f := r.res.Failure()
	return &WorkflowError{Code: f.Code, Message: f.Message, Line: f.Line, Column: f.Column, Raw: r.res.Error}
}

// Calls returns the calls the workflow made to the task, workflow or signal called name, in
// order (name "" gives the timers). Calls answered from an idempotency key are not listed.
func (r *Result) Calls(name string) []Call {
	var out []Call
	for _, c := range r.AllCalls() {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// AllCalls returns every call that started something, in the order the workflow made them.
func (r *Result) AllCalls() []Call {
	out := make([]Call, len(r.res.Calls))
	for i, c := range r.res.Calls {
		out[i] = Call{Kind: c.Kind, Name: c.Name, Inputs: c.Inputs, Options: c.Options}
		if c.Attempts != nil {
			out[i].Attempts = *c.Attempts
		}
	}
	return out
}

// Logs returns the workflow's console.log lines (not those of children run for real).
func (r *Result) Logs() []string { return append([]string(nil), r.res.Logs...) }

// JSON returns the result in the shape `rhythm run --mock --json` prints.
func (r *Result) JSON() []byte { return r.res.JSON() }

// Call is one durable call of the workflow.
type Call struct {
	// Kind is "task", "workflow", "timer" or "signal".
	Kind string
	// Name is the task, workflow or signal name ("" for a timer).
	Name string
	// Inputs is the JSON of the inputs: the object passed to a task or workflow, a timer's
	// duration in seconds (or its instant for Timer.until), a signal request's options (or null).
	Inputs json.RawMessage
	// Options is the JSON of the options argument as passed ({} when absent).
	Options json.RawMessage
	// Attempts counts the attempts started (tasks and workflows; 0 for timers and signals).
	Attempts int
}

// DecodeInputs decodes the call's inputs into v.
func (c Call) DecodeInputs(v any) error {
	if err := json.Unmarshal(c.Inputs, v); err != nil {
		return fmt.Errorf("decode inputs of %s %q: %w", c.Kind, c.Name, err)
	}
	return nil
}

// DecodeOptions decodes the call's options into v.
func (c Call) DecodeOptions(v any) error {
	if err := json.Unmarshal(c.Options, v); err != nil {
		return fmt.Errorf("decode options of %s %q: %w", c.Kind, c.Name, err)
	}
	return nil
}

// WorkflowError is the error a failed workflow ended with.
type WorkflowError struct {
	// Code is the error's code: the code of a thrown object, a runtime error code (TypeError,
	// TaskFailed, ...), or one of the in-memory runner's: Stuck, NotMocked.
	Code    string
	Message string
	// Line and Column locate the failing expression (1-based; 0 when unknown).
	Line, Column int
	// Raw is the whole error object as JSON (a thrown object keeps its own fields).
	Raw json.RawMessage
}

// Error returns "Code: message (line L, column C)".
func (e *WorkflowError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: %s (line %d, column %d)", e.Code, e.Message, e.Line, e.Column)
	}
	return e.Code + ": " + e.Message
}
