package memrun

import (
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
)

// machine is what the driver needs from one workflow execution's VM: run an activation, and
// serialise its state. The binding to the real VM is in vmbind.go; tests also use a fake.
type machine interface {
	// run resumes the machine with the handles settled since the previous activation and
	// runs it until it suspends or ends.
	run(act activation) (outcome, error)
	// snapshot serialises the machine's whole state.
	snapshot() ([]byte, error)
}

// program is a compiled workflow: it starts machines and restores them from snapshots.
type program interface {
	// start creates a machine for a new execution with the given Inputs and Context.
	start(inputs value.Value, ctx contextInfo) (machine, error)
	// restore rebuilds a machine from a snapshot taken by machine.snapshot.
	restore(data []byte) (machine, error)
	// version is the definition hash (Context.version).
	version() string
}

// contextInfo are the fields of the workflow's Context value.
type contextInfo struct {
	executionID string
	workflow    string
	version     string
	startedAt   time.Time
	parentID    string // "" for null
}

// activation is the input of one machine run.
type activation struct {
	now      time.Time
	random   func() float64
	resolved []resolution
}

// resolution is a handle that settled: with val, or with failure.
type resolution struct {
	handle    int
	val       value.Value
	failure   *failure // nil when fulfilled
	settledAt time.Time
}

// failReason says how a call or signal request failed.
type failReason int

const (
	reasonFailed    failReason = iota + 1 // failed after its retries
	reasonTimedOut                        // its last attempt timed out, or no signal came in time
	reasonCancelled                       // it was cancelled
)

// failure describes a rejected handle; the machine builds the error the workflow sees from it
// ({code, message, details, cause, task|workflow, executionId}).
type failure struct {
	reason failReason
	// err is the task's or child's own error object {code?, message?, details?} (null when
	// unknown): message and details are passed on, code becomes cause.
	err         value.Value
	executionID string
}

// status is how an activation ended.
type status int

const (
	suspended status = iota
	completed
	failed
)

// outcome is the result of one machine run.
type outcome struct {
	status  status
	output  value.Value // when completed
	err     value.Value // when failed: the error object, with line and column
	effects []effect
	// waiting are the handles the machine waits on when suspended; nil when unknown (the
	// machine is then woken by any settlement). An empty non-nil list waits on nothing.
	waiting []int
	// waitLine and waitColumn are the position of the await the machine is suspended at.
	waitLine, waitColumn int
}

// effectKind says what an effect does.
type effectKind int

const (
	effTask effectKind = iota
	effWorkflow
	effTimer
	effSignal
	effLog
)

// backoff is the retry schedule of a task or workflow call (spec §12.3).
type backoff struct {
	initial, max time.Duration
	factor       float64
}

// defaultBackoff is the spec's default: {initial: "1s", factor: 2, max: "5m"}.
var defaultBackoff = backoff{initial: time.Second, max: 5 * time.Minute, factor: 2}

// delay is the wait before the n-th retry (n ≥ 1): min(initial × factor^(n−1), max).
func (b backoff) delay(n int) time.Duration {
	d := float64(b.initial)
	for i := 1; i < n && d < float64(b.max); i++ {
		d *= b.factor
	}
	if d > float64(b.max) {
		return b.max
	}
	return time.Duration(d)
}

// effect is one thing an activation asks the driver to do, in the order the workflow did it.
type effect struct {
	kind   effectKind
	handle int // the promise handle of a task, workflow, timer or signal request

	name    string      // task, workflow or signal name
	inputs  value.Value // task or workflow inputs
	options value.Value // the options argument as passed (null when absent)

	retries    int
	timeout    time.Duration
	hasTimeout bool
	backoff    backoff
	key        string
	hasKey     bool

	delay     time.Duration // timer: Timer.delay
	until     time.Time     // timer: Timer.until
	untilText string        // the instant as written
	isUntil   bool

	line, column int    // position of the call
	text         string // log line
}
