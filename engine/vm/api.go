// Package vm is the durable Flow virtual machine. It runs a compiled program (engine/compiler)
// and is pure: no clock reads, no randomness, no goroutines, no I/O. Time, random numbers and
// the results of durable operations come in through Run's Activation; effects (tasks, child
// workflows, timers, signal requests, log lines) and the outcome come out as data. The whole
// state — pc, operand stack, variable slots, try handlers, the heap of lists and objects with
// their aliasing, and the table of promise handles — serialises with Snapshot and comes back
// with Restore, so a workflow behaves the same whether or not it was suspended and resumed.
//
// Life cycle of an execution:
//
//	prog, err := compiler.Compile(file)
//	m, err := vm.New(prog, vm.Start{Inputs: in, Context: ctx}, vm.Config{})
//	out, err := m.Run(vm.Activation{Now: t0, Random: rnd})          // first activation
//	data, err := m.Snapshot()                                        // store it
//	m, err = vm.Restore(prog, data, vm.Config{})                     // later, anywhere
//	out, err = m.Run(vm.Activation{Now: t1, Random: rnd, Resolved: []vm.Resolution{…}})
//
// Contract with the driver:
//   - Each effect that starts something (StartTask, StartWorkflow, StartTimer, SignalRequest)
//     names a fresh promise handle. The driver settles these leaf handles, and only these, by
//     passing a Resolution to a later Run. Combinator handles (Promise.all, …) are derived by
//     the VM from their elements.
//   - Resolutions must be delivered in non-decreasing order of SettledAt across activations,
//     and SettledAt must not be before the Now of the activation that started the handle. The
//     combinators pick the earliest settlement (ties by position); a handle still pending is
//     treated as settling strictly later than every settled one.
//   - For a failed task or child workflow the driver gives the reason (failed, timed out,
//     cancelled), the child's own error object ({code?, message?, details?}) and its execution
//     id; the VM builds the error the workflow sees:
//     {code: "TaskFailed"|"WorkflowFailed"|"Timeout"|"Cancelled", message, details, cause,
//     task|workflow, executionId} (spec §6), plus line and column of the await observing it.
//     A signal request that timed out rejects with {code: "Timeout", message, signal}.
//   - Effects become durable when the driver commits the activation; the VM itself never
//     repeats an effect: a restored machine continues after the calls already made.
package vm

import (
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
)

// DefaultMaxSteps is the default number of instructions one activation may execute (spec
// §12.14).
const DefaultMaxSteps = 10_000_000

// DefaultMaxSize is the default size limit, in bytes of JSON, of inputs, outputs, payloads and
// the state at every commit (spec §10).
const DefaultMaxSize = 16 << 20

// Config holds the limits of a machine. Zero fields take the defaults.
type Config struct {
	// MaxSteps is the number of instructions one activation may execute before the workflow
	// fails with StepLimit.
	MaxSteps int
	// MaxSize is the size limit, in bytes, of the JSON of the workflow inputs and output, each
	// task or child's inputs and output, signal payloads, and of the encoded state at every
	// suspension. It also bounds every string an activation builds (concatenation, templates,
	// string forms, the string built-ins, JSON.stringify, console.log lines), checked before
	// the string is built, so that memory stays bounded between commits. Exceeding it fails
	// the workflow with SizeLimit, naming what was too large.
	MaxSize int
}

func (c Config) withDefaults() Config {
	if c.MaxSteps <= 0 {
		c.MaxSteps = DefaultMaxSteps
	}
	if c.MaxSize <= 0 {
		c.MaxSize = DefaultMaxSize
	}
	return c
}

// ContextInfo are the fields of the workflow's `Context` value (spec §8).
type ContextInfo struct {
	ExecutionID string
	Workflow    string
	Version     string
	StartedAt   time.Time // written as JavaScript's toISOString does
	ParentID    string    // "" is written as null
}

// Start describes a new execution.
type Start struct {
	// Inputs is the workflow's input object (a non-list object; null stands for {}). It is
	// copied: the machine never shares lists or objects with its caller.
	Inputs  value.Value
	Context ContextInfo
}

// Activation is the input of one Run.
type Activation struct {
	// Now is the virtual time of this activation: Date.now(), Time.now(), the settlement time
	// of non-promise combinator elements, and the start of Timer.delay.
	Now time.Time
	// Random returns the numbers of Math.random() (in [0, 1)); a drawn number becomes part of
	// the state and is never drawn again. It may be nil if the workflow does not call
	// Math.random (a call then fails the workflow).
	Random func() float64
	// Resolved are the leaf handles settled since the previous activation.
	Resolved []Resolution
}

// FailReason says how a task, child workflow, timer or signal request failed.
type FailReason int

// The failure reasons.
const (
	// Failed: the task or child failed (after its retries).
	Failed FailReason = iota + 1
	// TimedOut: the last attempt ran over its timeout, or a signal did not arrive in time.
	TimedOut
	// Cancelled: the task or child was cancelled.
	Cancelled
)

// Failure describes a failed leaf handle.
type Failure struct {
	Reason FailReason
	// Error is the child's own error object {code?, message?, details?} (null when unknown):
	// its message and details are passed on, its code becomes `cause`. A string is taken as
	// the message.
	Error value.Value
	// ExecutionID is the failed task's or child's execution id ("" for null).
	ExecutionID string
}

// Resolution settles one leaf handle.
type Resolution struct {
	Handle int
	// Value is the fulfilled value (the task or child output, the signal payload; null for a
	// timer). It is copied.
	Value value.Value
	// Failure is non-nil when the handle rejects.
	Failure *Failure
	// SettledAt is the virtual time at which the handle settled.
	SettledAt time.Time
}

// Status says how an activation ended.
type Status int

// The statuses of an Outcome.
const (
	// Suspended: the workflow waits on unsettled handles (Outcome.Waiting).
	Suspended Status = iota + 1
	// Completed: the workflow returned (Outcome.Output).
	Completed
	// Failed: the workflow failed (Outcome.Error).
	FailedStatus
)

// String returns "suspended", "completed" or "failed".
func (s Status) String() string {
	switch s {
	case Suspended:
		return "suspended"
	case Completed:
		return "completed"
	case FailedStatus:
		return "failed"
	}
	return "new"
}

// Outcome is the result of one Run.
type Outcome struct {
	Status Status
	// Output is the workflow's result when Completed (JSON-convertible), else null.
	Output value.Value
	// Error is the error object when Failed: {code, message, …, line, column} (spec §7,
	// §12.5), JSON-convertible.
	Error value.Value
	// Effects are what the activation asks the driver to do, in program order.
	Effects []Effect
	// Waiting lists the pending leaf handles the suspended workflow waits on (through
	// combinators); it is empty when it waits on something that can never settle
	// (Promise.race([])).
	Waiting []int
	// WaitLine and WaitColumn are the position of the await the workflow is suspended at.
	WaitLine, WaitColumn int
	// Steps is the number of instructions the activation executed.
	Steps int
}

// EffectKind says what an Effect asks for.
type EffectKind int

// The effect kinds.
const (
	StartTask EffectKind = iota + 1
	StartWorkflow
	StartTimer
	SignalRequest
	Log
)

// String returns the kind's name.
func (k EffectKind) String() string {
	switch k {
	case StartTask:
		return "StartTask"
	case StartWorkflow:
		return "StartWorkflow"
	case StartTimer:
		return "StartTimer"
	case SignalRequest:
		return "SignalRequest"
	case Log:
		return "Log"
	}
	return "Effect?"
}

// Backoff is the retry schedule of a task or child workflow (spec §12.3), defaults filled in.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
	Factor  float64
}

// DefaultBackoff is {initial: "1s", factor: 2, max: "5m"}.
var DefaultBackoff = Backoff{Initial: time.Second, Max: 5 * time.Minute, Factor: 2}

// Options are the validated options of Task.run and Workflow.run.
type Options struct {
	// Raw is the options object as passed (null when absent), as a fresh copy.
	Raw        value.Value
	Queue      string
	Priority   int
	Retries    int
	Timeout    time.Duration
	HasTimeout bool
	Backoff    Backoff
	Key        string
	HasKey     bool
}

// Effect is one thing an activation asks the driver to do.
type Effect struct {
	Kind EffectKind
	// Handle is the leaf handle the driver settles later (-1 for Log).
	Handle int
	// Name is the task, workflow or signal name.
	Name string
	// Inputs are the task or child inputs (a fresh copy), InputsJSON their JSON text.
	Inputs     value.Value
	InputsJSON []byte
	// Options of a task or child; for a signal request only Options.Raw is set.
	Options Options
	// Timer: Delay after Now (Timer.delay), or the instant Until (Timer.until, UntilText as
	// written). FireAt is when the timer fires: Now+Delay, or Until.
	Delay     time.Duration
	Until     time.Time
	UntilText string
	IsUntil   bool
	FireAt    time.Time
	// Signal request: its timeout, if any.
	Timeout    time.Duration
	HasTimeout bool
	// Text is the log line.
	Text string
	// Line and Column are the position of the call.
	Line, Column int
}
