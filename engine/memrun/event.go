package memrun

import (
	"fmt"
	"time"
)

// EventKind says what an Event reports.
type EventKind int

// The kinds of progress events.
const (
	// EventCall: the workflow made a call that started something (Call is set).
	EventCall EventKind = iota + 1
	// EventAttempt: an attempt of a task or mocked workflow started (Attempt is its number), or
	// a child workflow started running for real.
	EventAttempt
	// EventSettled: a call settled (Outcome says how).
	EventSettled
	// EventSignal: a mocked signal arrived (Call.Name is its name).
	EventSignal
	// EventLog: the workflow wrote a log line (Text).
	EventLog
)

// Event is one step of a run's progress, in virtual time, for live display (`rhythm run`).
type Event struct {
	Kind EventKind
	// At is the virtual time of the event.
	At time.Time
	// Workflow is the name of the workflow the event belongs to; Depth is 0 for the workflow
	// being run and 1, 2, ... for children run for real.
	Workflow string
	Depth    int
	// Call is the call concerned (for EventSignal only its Name is set).
	Call Call
	// Attempt is the attempt number of an EventAttempt.
	Attempt int
	// Outcome of an EventSettled: "completed", "failed", "timed out" or "cancelled".
	Outcome string
	// Text is the log line of an EventLog.
	Text string
}

// String describes the event in one line, without its time: `task "charge" attempt 2`,
// `timer 90s settled: completed`, `log: hello`.
func (e Event) String() string {
	what := e.Call.Kind + " " + fmt.Sprintf("%q", e.Call.Name)
	if e.Call.Kind == KindTimer {
		what = "timer " + string(e.Call.Inputs)
	}
	switch e.Kind {
	case EventCall:
		return what + " called"
	case EventAttempt:
		return fmt.Sprintf("%s attempt %d", what, e.Attempt)
	case EventSettled:
		return what + " settled: " + e.Outcome
	case EventSignal:
		return fmt.Sprintf("signal %q arrived", e.Call.Name)
	case EventLog:
		return "log: " + e.Text
	}
	return "event"
}

// emit sends an event of execution x to the observer, if any.
func (d *driver) emit(x *execution, ev Event) {
	if d.onEvent == nil {
		return
	}
	ev.At = d.now
	ev.Workflow, ev.Depth = x.name, x.depth
	d.onEvent(ev)
}
