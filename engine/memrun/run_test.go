package memrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want.json sections of testdata/runs/*.txtar")

// TestRuns runs every testdata/runs/*.txtar: main.flow (with any other .flow files next to it),
// mocks.json, optional inputs.json and options.json ({"maxSteps", "maxSize"}), and compares the
// `--json` result with want.json — straight through and with a snapshot at every suspension.
func TestRuns(t *testing.T) {
	paths, err := filepath.Glob("testdata/runs/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test archives: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			t.Parallel()
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := txtar.Parse(string(text))
			dir := t.TempDir()
			for _, f := range a.Files {
				if strings.HasSuffix(f.Name, ".flow") {
					if err := os.WriteFile(filepath.Join(dir, f.Name), []byte(f.Data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			var mocks *Mocks
			if m, ok := a.Get("mocks.json"); ok {
				if mocks, err = LoadMocks([]byte(m)); err != nil {
					t.Fatal(err)
				}
			}
			opts := Options{File: filepath.Join(dir, "main.flow"), Mocks: mocks, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			if in, ok := a.Get("inputs.json"); ok {
				opts.Inputs = json.RawMessage(in)
			}
			if o, ok := a.Get("options.json"); ok {
				var lim struct{ MaxSteps, MaxSize int }
				if err := json.Unmarshal([]byte(o), &lim); err != nil {
					t.Fatal(err)
				}
				opts.MaxSteps, opts.MaxSize = lim.MaxSteps, lim.MaxSize
			}
			var got [2][]byte
			for i, snap := range []bool{false, true} {
				opts.SnapshotEverySuspension = snap
				res, err := Run(context.Background(), opts)
				if err != nil {
					t.Fatalf("Run (snapshots %v): %v", snap, err)
				}
				got[i] = res.JSON()
			}
			if !bytes.Equal(got[0], got[1]) {
				t.Fatalf("straight and snapshotted runs differ:\nstraight: %s\nsnapshot: %s", got[0], got[1])
			}
			pretty := indentJSON(t, got[0])
			if *update {
				replaced := false
				for i := range a.Files {
					if a.Files[i].Name == "want.json" {
						a.Files[i].Data, replaced = pretty, true
					}
				}
				if !replaced {
					a.Files = append(a.Files, txtar.File{Name: "want.json", Data: pretty})
				}
				if err := os.WriteFile(path, []byte(a.Format()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, ok := a.Get("want.json")
			if !ok {
				t.Fatalf("no want.json (run with -update):\n%s", pretty)
			}
			var wb bytes.Buffer
			if err := json.Compact(&wb, []byte(want)); err != nil {
				t.Fatalf("want.json: %v", err)
			}
			if !bytes.Equal(wb.Bytes(), got[0]) {
				t.Errorf("result differs:\n got %s\nwant %s", pretty, want)
			}
		})
	}
}

// indentJSON formats JSON for want.json, keeping key order.
func indentJSON(t *testing.T, b []byte) string {
	t.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	return out.String() + "\n"
}

func writeFlow(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunInvalidInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := writeFlow(t, dir, "main.flow", "return 1\n")
	for _, in := range []string{`[1]`, `5`, `"x"`, `null`, `{`} {
		_, err := Run(context.Background(), Options{File: file, Inputs: json.RawMessage(in)})
		var ie *InputError
		if !errors.As(err, &ie) || ie.Code() != CodeInvalidInput {
			t.Errorf("inputs %s: err = %v, want an InputError", in, err)
		}
	}
	_, err := Run(context.Background(), Options{File: filepath.Join(dir, "missing.flow")})
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestRunCompileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := writeFlow(t, dir, "main.flow", "return nope\n")
	_, err := Run(context.Background(), Options{File: file})
	var ce *CompileError
	if !errors.As(err, &ce) || ce.File != file || len(ce.Diagnostics) == 0 || !strings.Contains(err.Error(), "main.flow:1:8") {
		t.Fatalf("err = %v", err)
	}

	// A child run for real with compile errors is a run error too.
	file = writeFlow(t, dir, "parent.flow", "return await Workflow.run(\"broken\", {})\n")
	writeFlow(t, dir, "broken.flow", "let x = \n")
	_, err = Run(context.Background(), Options{File: file})
	if !errors.As(err, &ce) || filepath.Base(ce.File) != "broken.flow" {
		t.Fatalf("child: err = %v", err)
	}
}

func TestRunSourceAndClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	var logs []LogLine
	res, err := Run(context.Background(), Options{
		File:   "virtual/hello.flow",
		Source: []byte("await Timer.delay(\"1m\")\nconsole.log(Context.workflow, Time.now())\nreturn Math.random() < 1\n"),
		Now:    start,
		OnLog:  func(l LogLine) { logs = append(logs, l) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusCompleted || string(res.Output) != "true" {
		t.Fatalf("result = %s", res.JSON())
	}
	if len(logs) != 1 || logs[0].Text != "hello 2030-05-06T07:09:09.000Z" || !logs[0].At.Equal(start.Add(time.Minute)) || logs[0].Workflow != "hello" {
		t.Errorf("logs = %+v", logs)
	}
}

func TestRunInputsOverSizeLimit(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), Options{
		File: "big.flow", Source: []byte("return 1\n"), MaxSize: 20,
		Inputs: json.RawMessage(`{"data": "0123456789012345678901234567890"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusFailed || !strings.Contains(string(res.Error), `"code":"SizeLimit"`) {
		t.Errorf("result = %s", res.JSON())
	}
}

func TestRunStartsAtRealTimeWithoutNow(t *testing.T) {
	t.Parallel()
	before := time.Now().Add(-time.Second)
	res, err := Run(context.Background(), Options{File: "clock.flow", Source: []byte("await Timer.delay(\"7d\")\nreturn [Context.startedAt, Time.now()]\n")})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	if err := json.Unmarshal(res.Output, &out); err != nil {
		t.Fatalf("output %s: %v", res.Output, err)
	}
	started, err1 := time.Parse(time.RFC3339, out[0])
	ended, err2 := time.Parse(time.RFC3339, out[1])
	if err1 != nil || err2 != nil || started.Before(before) || started.After(time.Now()) || ended.Sub(started) != 7*24*time.Hour {
		t.Errorf("startedAt %s, now after the timer %s", out[0], out[1])
	}
}

func TestRunMocksNowWinsOverOptionsNow(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), Options{
		File: "clock.flow", Source: []byte("return Time.now()\n"),
		Mocks: &Mocks{Now: time.Date(2027, 2, 3, 4, 5, 6, 0, time.UTC)}, Now: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil || string(res.Output) != `"2027-02-03T04:05:06.000Z"` {
		t.Fatalf("output %s, %v", res.Output, err)
	}
}

func TestRunWithoutFileName(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), Options{Source: []byte("return Context.workflow\n")})
	if err != nil || string(res.Output) != `"workflow"` {
		t.Fatalf("output %v, %v", res, err)
	}
}
