package memrun

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Run statuses.
const (
	StatusCompleted = "completed"
	StatusFailed    = "failed"
)

// Call kinds.
const (
	KindTask     = "task"
	KindWorkflow = "workflow"
	KindTimer    = "timer"
	KindSignal   = "signal"
)

// Result is the outcome of an in-memory run. Its JSON form (field order as declared) is the
// object `rhythm run --mock --json` prints:
//
//	{"status", "output", "error", "calls": [{"kind", "name", "inputs", "options", "attempts"?}], "logs"}
type Result struct {
	// Status is StatusCompleted or StatusFailed.
	Status string `json:"status"`
	// Output is the JSON of the workflow's result; "null" when the run failed.
	Output json.RawMessage `json:"output"`
	// Error is the JSON of the workflow's error ({code, message, ..., line, column}); "null"
	// when the run completed.
	Error json.RawMessage `json:"error"`
	// Calls lists every call that started something, in the order the workflow made them. A
	// call answered from an idempotency key is not listed, nor are the calls of child workflows
	// run for real.
	Calls []Call `json:"calls"`
	// Logs are the workflow's console.log lines, in order (not those of its children).
	Logs []string `json:"logs"`
}

// Call is one durable call the workflow made.
type Call struct {
	// Kind is KindTask, KindWorkflow, KindTimer or KindSignal.
	Kind string `json:"kind"`
	// Name is the task, workflow or signal name; "" for timers.
	Name string `json:"name"`
	// Inputs is the JSON of the call's inputs: the inputs object of a task or workflow; the
	// duration in seconds of Timer.delay, the instant string of Timer.until; the options object
	// of Signal.next, or null.
	Inputs json.RawMessage `json:"inputs"`
	// Options is the JSON of the options argument as passed ({} when absent).
	Options json.RawMessage `json:"options"`
	// Attempts counts the attempts started, for tasks and workflows (a child workflow run for
	// real counts 1); nil for timers and signals.
	Attempts *int `json:"attempts,omitempty"`
}

// JSON returns the result as one compact JSON object in the `--json` shape, without a
// trailing newline. Characters such as `<` and `&` are written as they are.
func (r *Result) JSON() []byte {
	b, err := r.MarshalJSON()
	if err != nil {
		// Every field holds valid JSON produced by the driver: this cannot happen.
		panic("memrun: marshal result: " + err.Error())
	}
	return b
}

// MarshalJSON writes the `--json` shape, with null for absent output or error and [] for
// empty lists.
func (r *Result) MarshalJSON() ([]byte, error) {
	type plain Result
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode((*plain)(r.normalised())); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (r *Result) normalised() *Result {
	n := *r
	if len(n.Output) == 0 {
		n.Output = json.RawMessage("null")
	}
	if len(n.Error) == 0 {
		n.Error = json.RawMessage("null")
	}
	if n.Calls == nil {
		n.Calls = []Call{}
	}
	if n.Logs == nil {
		n.Logs = []string{}
	}
	return &n
}

// Failure is the decoded error of a failed run.
type Failure struct {
	// Code is the error's code (a thrown object's code, a runtime error code, or the runner's
	// Stuck and NotMocked).
	Code    string
	Message string
	// Line and Column locate the failing expression (1-based; 0 when unknown).
	Line, Column int
}

// Failure decodes the run's error; nil when the run completed.
func (r *Result) Failure() *Failure {
	if r.Status != StatusFailed {
		return nil
	}
	var f struct {
		Code    string  `json:"code"`
		Message string  `json:"message"`
		Line    float64 `json:"line"`
		Column  float64 `json:"column"`
	}
	// The error is always an object produced by the run; fields of other kinds stay empty.
	_ = json.Unmarshal(r.Error, &f)
	return &Failure{Code: f.Code, Message: f.Message, Line: int(f.Line), Column: int(f.Column)}
}

// String formats the failure as "Code: message (line:column)", the form `rhythm run` prints.
func (f *Failure) String() string {
	if f.Line > 0 {
		return fmt.Sprintf("%s: %s (%d:%d)", f.Code, f.Message, f.Line, f.Column)
	}
	return f.Code + ": " + f.Message
}
