package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rhythmflow/rhythm/engine/memrun"
	"github.com/spf13/cobra"
)

type runFlags struct {
	input    string
	mock     string
	json     bool
	quiet    bool
	maxSteps int
	db       dbFlags // without --mock: the database to run on
}

func newRunCmd() *cobra.Command {
	var fl runFlags
	cmd := &cobra.Command{
		Use:   "run FILE.flow [--input JSON|@file] [--mock MOCKS.json] [--json]",
		Short: "Run a workflow on the database (or in memory against mocked tasks with --mock)",
		Long: `Without --mock, run registers FILE as the workflow named after it, starts it on the database
(--database-url, RHYTHM_DATABASE_URL, else the development database), streams its progress on
stderr — tasks queued, started and finished with their durations, retries, timers, signals and
its console.log lines — and prints its result. The tasks need a running worker that registered
them; run says which ones no worker has registered. Ctrl-C cancels the workflow.

With --mock, run runs the workflow entirely in memory: task and child-workflow results, signals and the
start time come from MOCKS.json, timers fire in virtual time, and the run takes no real time.

MOCKS.json:
  {"tasks":     {"NAME": REPLY | [REPLY, ...]},
   "workflows": {"NAME": REPLY | [REPLY, ...]},
   "signals":   {"NAME": [{"payload": ANY, "after": DURATION?}, ...]},
   "now": "RFC3339"?}
REPLY is {"output": ANY, "after": DURATION?}, {"error": {"message", "code"?, "details"?},
"after"?} or {"cancelled": true, "after"?}. A list is used attempt by attempt; its last reply
repeats. A child workflow with no mock runs for real from NAME.flow next to FILE.

Without --json the workflow's output is printed on stdout and its progress on stderr; a failed
workflow prints its error on stderr and exits 1; compile errors exit 2. With --json stdout is
one object {"status", "output", "error", "calls", "logs"}.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if fl.mock == "" {
				return runDatabase(cmd.Context(), cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], fl)
			}
			return runMocked(cmd.Context(), cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], fl)
		},
	}
	cmd.Flags().StringVar(&fl.input, "input", "", "the workflow's inputs: a JSON object, or @FILE to read it from a file (default {})")
	cmd.Flags().StringVar(&fl.mock, "mock", "", "run in memory with the mocks of this JSON file")
	cmd.Flags().BoolVar(&fl.json, "json", false, "print one JSON object with the status, output, error, calls and logs")
	cmd.Flags().BoolVarP(&fl.quiet, "quiet", "q", false, "do not print progress and logs on stderr")
	fl.db.register(cmd)
	cmd.Flags().IntVar(&fl.maxSteps, "max-steps", 10_000_000, "instructions one activation may run before it fails with StepLimit")
	return cmd
}

// runMocked is `rhythm run --mock`.
func runMocked(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer, file string, fl runFlags) error {
	invalid := func(msg string) error {
		if fl.json {
			writeJSONLine(stdout, invalidRun{Status: "invalid", Diagnostics: []jsonDiagnostic{},
				Error: &invalidError{Code: memrun.CodeInvalidInput, Message: msg}})
		}
		return exitCode(2, msg)
	}
	if fl.mock == "" {
		return invalid("--mock is required: running against PostgreSQL comes with the durable runtime; pass --mock MOCKS.json to run in memory")
	}
	if fl.maxSteps <= 0 {
		return invalid(fmt.Sprintf("--max-steps must be positive, got %d", fl.maxSteps))
	}
	inputs, err := readInput(stdin, fl.input)
	if err != nil {
		return invalid(err.Error())
	}
	mockData, err := os.ReadFile(fl.mock)
	if err != nil {
		return invalid(fmt.Sprintf("cannot read mocks %s: %v", fl.mock, unwrapPathErr(err)))
	}
	mocks, err := memrun.LoadMocks(mockData)
	if err != nil {
		return invalid(fmt.Sprintf("%s: %v", fl.mock, err))
	}
	opts := memrun.Options{File: file, Inputs: inputs, Mocks: mocks, MaxSteps: fl.maxSteps}
	if !fl.json && !fl.quiet {
		opts.OnEvent = progressPrinter(stderr)
	}
	res, err := memrun.Run(ctx, opts)
	var ce *memrun.CompileError
	var ie *memrun.InputError
	switch {
	case errors.As(err, &ce):
		if fl.json {
			writeJSONLine(stdout, invalidRun{Status: "invalid", Diagnostics: toJSONDiagnostics(ce.File, ce.Diagnostics)})
		} else {
			writeTextDiagnostics(stderr, ce.File, ce.Diagnostics)
		}
		return exitCode(2, "")
	case errors.As(err, &ie):
		return invalid(ie.Message)
	case err != nil:
		return invalid(err.Error())
	}
	if fl.json {
		stdout.Write(res.JSON())
		io.WriteString(stdout, "\n")
	} else if res.Status == memrun.StatusCompleted {
		writeIndented(stdout, res.Output)
	}
	if res.Status != memrun.StatusCompleted {
		if !fl.json {
			fmt.Fprintf(stderr, "%s: workflow failed: %s\n", file, res.Failure())
		}
		return exitCode(1, "")
	}
	return nil
}

// invalidRun is the `--json` answer of a run that could not start: compile errors, or (with
// Error set) an invocation error. Field order is part of the contract.
type invalidRun struct {
	Status      string           `json:"status"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Error       *invalidError    `json:"error,omitempty"`
}

type invalidError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// readInput decodes --input: inline JSON, @FILE, or @- for standard input; empty means {}.
func readInput(stdin io.Reader, arg string) (json.RawMessage, error) {
	if arg == "" {
		return nil, nil
	}
	data := []byte(arg)
	if strings.HasPrefix(arg, "@") {
		var err error
		if arg == "@-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(arg[1:])
		}
		if err != nil {
			return nil, fmt.Errorf("--input: cannot read %s: %v", arg[1:], unwrapPathErr(err))
		}
	}
	if !json.Valid(data) {
		return nil, fmt.Errorf("--input: not valid JSON: %s", abbreviate(string(data), 60))
	}
	return data, nil
}

func abbreviate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// progressPrinter prints run events as `+1.5s  task "charge" attempt 1`, indented by depth.
func progressPrinter(w io.Writer) func(memrun.Event) {
	var start *memrun.Event
	return func(e memrun.Event) {
		if start == nil {
			first := e
			start = &first
		}
		off := e.At.Sub(start.At)
		indent := strings.Repeat("  ", e.Depth)
		if e.Kind == memrun.EventLog {
			fmt.Fprintf(w, "%8s  %slog: %s\n", "+"+off.String(), indent, e.Text)
			return
		}
		fmt.Fprintf(w, "%8s  %s%s\n", "+"+off.String(), indent, e.String())
	}
}

// writeIndented prints JSON with two-space indentation (key order kept), then a newline.
func writeIndented(w io.Writer, raw json.RawMessage) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		w.Write(raw)
	} else {
		w.Write(buf.Bytes())
	}
	io.WriteString(w, "\n")
}

// writeJSONLine writes v as compact JSON and a newline, without HTML escaping.
func writeJSONLine(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
