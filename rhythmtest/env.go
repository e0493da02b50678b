package rhythmtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rhythmflow/rhythm/engine/memrun"
	"github.com/rhythmflow/rhythm/lang/catalog"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// TB is the part of testing.TB the environment uses; *testing.T and *testing.B satisfy it.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// Env is the test environment of one workflow file: its stubs, its signals and its clock. Set
// it up, then call Run (as many times as needed: a run does not change the environment).
// An Env is not safe for concurrent use.
type Env struct {
	t        TB
	file     string
	source   []byte
	mocks    memrun.Mocks
	maxSteps int
	maxSize  int
	seed     uint64
}

// New returns an environment for the workflow at file (a .flow path, relative to the test's
// working directory). Child workflows without a stub run for real from NAME.flow in the same
// folder. Virtual time starts at 2026-01-01T00:00:00Z unless SetNow says otherwise.
func New(t TB, file string) *Env {
	return &Env{
		t:     t,
		file:  file,
		mocks: memrun.Mocks{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
}

// NewSource returns an environment for a workflow given as source text; name is its workflow
// name (children are looked up in the working directory).
func NewSource(t TB, name string, src string) *Env {
	e := New(t, name+".flow")
	e.source = []byte(src)
	return e
}

// SetNow sets the instant virtual time starts at (Date.now(), Time.now(), Context.startedAt).
func (e *Env) SetNow(t time.Time) *Env {
	e.mocks.Now = t
	return e
}

// SetMaxSteps sets the step limit of one activation (0: the default, 10,000,000).
func (e *Env) SetMaxSteps(n int) *Env {
	e.maxSteps = n
	return e
}

// SetMaxSize sets the size limit in bytes of JSON (0: the default, 16 MiB).
func (e *Env) SetMaxSize(n int) *Env {
	e.maxSize = n
	return e
}

// SetSeed seeds Math.random.
func (e *Env) SetSeed(seed uint64) *Env {
	e.seed = seed
	return e
}

// OnTask returns the stub of task name. Add replies to it with Return, Fail or Cancel.
func (e *Env) OnTask(name string) *Stub {
	if e.mocks.Tasks == nil {
		e.mocks.Tasks = map[string][]memrun.Reply{}
	}
	return &Stub{env: e, table: e.mocks.Tasks, name: name}
}

// OnWorkflow returns the stub of child workflow name; a stubbed child does not run for real.
func (e *Env) OnWorkflow(name string) *Stub {
	if e.mocks.Workflows == nil {
		e.mocks.Workflows = map[string][]memrun.Reply{}
	}
	return &Stub{env: e, table: e.mocks.Workflows, name: name}
}

// Signal sends signal name with payload (anything encoding/json can encode; nil is null) to the
// workflow, arriving after the given virtual time from the start of the run (a duration such as
// "1h30m" or "500ms"; "" is 0). Signals arrive in order of that time, ties in the order of the
// Signal calls, and are matched to Signal.next requests first come, first served.
func (e *Env) Signal(name string, payload any, after string) *Env {
	e.t.Helper()
	raw := e.encode(payload, fmt.Sprintf("payload of signal %q", name))
	e.mocks.Signals = append(e.mocks.Signals, memrun.Signal{Name: name, Payload: raw, After: e.duration(after)})
	return e
}

// Run runs the workflow with inputs (anything that encodes as a JSON object; nil is {}) and
// returns its result. Setup problems (a file that does not compile, inputs that are not an
// object, a context that ends) fail the test at once. Log lines are passed to t.Logf.
func (e *Env) Run(inputs any) *Result {
	e.t.Helper()
	return e.RunContext(context.Background(), inputs)
}

// RunContext is Run with a context that bounds the run in real time.
func (e *Env) RunContext(ctx context.Context, inputs any) *Result {
	e.t.Helper()
	var raw json.RawMessage
	if inputs != nil {
		raw = e.encode(inputs, "inputs")
	}
	res, err := memrun.Run(ctx, memrun.Options{
		File:                    e.file,
		Source:                  e.source,
		Inputs:                  raw,
		Mocks:                   &e.mocks,
		MaxSteps:                e.maxSteps,
		MaxSize:                 e.maxSize,
		SnapshotEverySuspension: true,
		Seed:                    e.seed,
		OnLog: func(l memrun.LogLine) {
			if l.Depth == 0 {
				e.t.Logf("%s: %s", l.Workflow, l.Text)
			} else {
				e.t.Logf("%s (child): %s", l.Workflow, l.Text)
			}
		},
	})
	if err != nil {
		var ce *memrun.CompileError
		if errors.As(err, &ce) {
			msg := ""
			for _, d := range ce.Diagnostics {
				if d.Severity == diag.Error {
					msg += fmt.Sprintf("\n\t%s:%s: %s [%s]", ce.File, d.Range.Start, d.Message, d.Code)
				}
			}
			e.t.Fatalf("rhythmtest: %s does not compile:%s", ce.File, msg)
		}
		e.t.Fatalf("rhythmtest: run %s: %v", e.file, err)
		return nil
	}
	return &Result{t: e.t, res: res}
}

// encode converts v to JSON or fails the test.
func (e *Env) encode(v any, what string) json.RawMessage {
	e.t.Helper()
	if raw, ok := v.(json.RawMessage); ok {
		return raw
	}
	b, err := json.Marshal(v)
	if err != nil {
		e.t.Fatalf("rhythmtest: %s cannot be encoded as JSON: %v", what, err)
	}
	return b
}

// duration parses a Flow duration or fails the test.
func (e *Env) duration(s string) time.Duration {
	e.t.Helper()
	if s == "" {
		return 0
	}
	d, err := catalog.ParseDuration(s)
	if err != nil {
		e.t.Fatalf("rhythmtest: %v", err)
	}
	return d
}
