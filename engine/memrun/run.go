package memrun

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// CodeInvalidInput is the code of invocation errors: inputs that are not a JSON object, a
// workflow file that cannot be read.
const CodeInvalidInput = "InvalidInput"

// Options configure Run.
type Options struct {
	// File is the path of the workflow (`workflows/process_order.flow`). The workflow's name is
	// its base name without ".flow"; child workflows without a mock are looked up as NAME.flow
	// in the same folder.
	File string
	// Source, when not nil, is the workflow's text (File is then not read, but still names the
	// workflow and locates its children).
	Source []byte
	// Inputs is the JSON of the workflow's Inputs; nil or empty means {}. Anything but a JSON
	// object is an *InputError.
	Inputs json.RawMessage
	// Mocks stub the tasks, workflows and signals; nil stubs nothing.
	Mocks *Mocks
	// MaxSteps limits the instructions of one activation (0: the default, 10,000,000).
	MaxSteps int
	// MaxSize limits, in bytes of JSON, inputs, outputs, payloads and the state (0: 16 MiB).
	MaxSize int
	// SnapshotEverySuspension serialises and restores every machine at every suspension (the
	// spec's invariant: the result must not change).
	SnapshotEverySuspension bool
	// Now is where virtual time starts when the mocks give no "now"; zero means the real time.
	Now time.Time
	// Seed seeds the numbers of Math.random (runs are reproducible).
	Seed uint64
	// OnLog, when not nil, receives every log line as it is written, children's included.
	OnLog func(LogLine)
	// OnEvent, when not nil, receives the run's progress as it happens (calls, attempts,
	// settlements, signal arrivals, log lines), children's included.
	OnEvent func(Event)
}

// InputError is an invocation error (code InvalidInput): inputs that are not a JSON object, or a
// workflow file that cannot be read.
type InputError struct {
	Message string
	Err     error // the underlying error, if any
}

// Error returns the message.
func (e *InputError) Error() string { return e.Message }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// Code returns CodeInvalidInput.
func (e *InputError) Code() string { return CodeInvalidInput }

// CompileError reports a workflow (the one run, or a child run for real) with compile errors.
// Diagnostics holds every diagnostic of the file (errors and warnings), sorted by position.
type CompileError struct {
	File        string
	Source      []byte
	Diagnostics []diag.Diagnostic
}

// Error summarises the first error diagnostic: "path:line:col: message".
func (e *CompileError) Error() string {
	n := 0
	first := ""
	for _, d := range e.Diagnostics {
		if d.Severity == diag.Error {
			if n == 0 {
				first = fmt.Sprintf("%s:%s: %s", e.File, d.Range.Start, d.Message)
			}
			n++
		}
	}
	if n > 1 {
		return fmt.Sprintf("%s (and %d more errors)", first, n-1)
	}
	return first
}

// Run runs a workflow in memory against mocks, in virtual time, until it completes, fails or is
// stuck, and returns its Result. The error is an *InputError for bad inputs or an unreadable
// file, a *CompileError when the workflow or a child run for real does not compile, a
// *MockError never (mocks are parsed by LoadMocks), and ctx's error if ctx ends first.
func Run(ctx context.Context, opts Options) (*Result, error) {
	src := opts.Source
	if src == nil {
		b, err := os.ReadFile(opts.File)
		if err != nil {
			return nil, &InputError{Message: fmt.Sprintf("cannot read workflow: %v", err), Err: err}
		}
		src = b
	}
	inputs := value.NewObject()
	if len(strings.TrimSpace(string(opts.Inputs))) > 0 {
		v, err := value.FromJSON(opts.Inputs)
		if err != nil {
			return nil, &InputError{Message: fmt.Sprintf("inputs are not valid JSON: %v", err), Err: err}
		}
		if v.Kind() != value.ObjectKind {
			return nil, &InputError{Message: fmt.Sprintf("inputs must be a JSON object, not %s", kindName(v))}
		}
		inputs = v
	}
	cfg := machineConfig{maxSteps: opts.MaxSteps, maxSize: opts.MaxSize}
	root, err := compileWorkflow(opts.File, src, cfg)
	if err != nil {
		return nil, err
	}
	mocks := opts.Mocks
	if mocks == nil {
		mocks = &Mocks{}
	}
	start := mocks.Now
	if start.IsZero() {
		start = opts.Now
	}
	if start.IsZero() {
		start = time.Now().Truncate(time.Millisecond)
	}
	dir := filepath.Dir(opts.File)
	children := map[string]program{}
	loadChild := func(name string) (program, bool, error) {
		if p, ok := children[name]; ok {
			return p, true, nil
		}
		if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
			return nil, false, nil
		}
		path := filepath.Join(dir, name+".flow")
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, &InputError{Message: fmt.Sprintf("cannot read child workflow: %v", err), Err: err}
		}
		p, err := compileWorkflow(path, b, cfg)
		if err != nil {
			return nil, false, err
		}
		children[name] = p
		return p, true, nil
	}
	return execute(ctx, runSpec{
		name:      workflowName(opts.File),
		prog:      root,
		inputs:    inputs,
		mocks:     mocks,
		start:     start,
		snapshots: opts.SnapshotEverySuspension,
		onLog:     opts.OnLog,
		onEvent:   opts.OnEvent,
		seed:      opts.Seed,
		loadChild: loadChild,
	})
}

// workflowName is a file's base name without ".flow" ("workflow" when there is no path).
func workflowName(path string) string {
	if path == "" {
		return "workflow"
	}
	return strings.TrimSuffix(filepath.Base(path), ".flow")
}

// machineConfig holds the limits passed to every machine.
type machineConfig struct {
	maxSteps, maxSize int
}

// compileWorkflow parses, checks and compiles a workflow. Diagnostics with errors are a
// *CompileError.
func compileWorkflow(path string, src []byte, cfg machineConfig) (program, error) {
	f, diags := parser.Parse(path, src)
	diags = append(diags, check.Check(f, check.Options{})...)
	diag.Sort(diags)
	if diag.HasErrors(diags) {
		return nil, &CompileError{File: path, Source: src, Diagnostics: diags}
	}
	sum := sha256.Sum256(src)
	return compileProgram(f, hex.EncodeToString(sum[:]), cfg)
}
