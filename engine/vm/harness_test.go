package vm_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/engine/vm"
	"github.com/rhythmflow/rhythm/internal/txtar"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

var update = flag.Bool("update", false, "rewrite the expected transcripts in testdata/*.txtar")

// testCase is one program of an archive: NAME.flow with optional NAME.mocks and NAME.want.
type testCase struct {
	name  string
	src   string
	mocks string
	want  string
	wantI int // index of the want section in the archive, -1 when absent
}

func cases(a *txtar.Archive) []*testCase {
	var out []*testCase
	byName := map[string]*testCase{}
	for i, f := range a.Files {
		ext := filepath.Ext(f.Name)
		base := strings.TrimSuffix(f.Name, ext)
		c := byName[base]
		if c == nil {
			c = &testCase{name: base, wantI: -1}
			byName[base] = c
			out = append(out, c)
		}
		switch ext {
		case ".flow":
			c.src = f.Data
		case ".mocks":
			c.mocks = f.Data
		case ".want":
			c.want, c.wantI = f.Data, i
		}
	}
	return out
}

func TestPrograms(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		a := txtar.Parse(string(data))
		cs := cases(a)
		changed := false
		t.Run(filepath.Base(file), func(t *testing.T) {
			for _, c := range cs {
				straight := runCase(t, c, false)
				resumed := runCase(t, c, true)
				if straight != resumed {
					t.Errorf("%s: run straight through and run with snapshots differ:\n--- straight\n%s--- resumed\n%s", c.name, straight, resumed)
					continue
				}
				if *update {
					if c.wantI < 0 {
						a.Files = append(a.Files, txtar.File{Name: c.name + ".want"})
						c.wantI = len(a.Files) - 1
					}
					if a.Files[c.wantI].Data != straight {
						a.Files[c.wantI].Data = straight
						changed = true
					}
					continue
				}
				if c.want != straight {
					t.Errorf("%s:\n--- got\n%s--- want\n%s", c.name, straight, c.want)
				}
			}
		})
		if changed {
			// Keep each case's sections together: re-sort by case order.
			order := map[string]int{}
			for i, c := range cs {
				order[c.name] = i
			}
			sort.SliceStable(a.Files, func(i, j int) bool {
				bi := strings.TrimSuffix(a.Files[i].Name, filepath.Ext(a.Files[i].Name))
				bj := strings.TrimSuffix(a.Files[j].Name, filepath.Ext(a.Files[j].Name))
				return order[bi] < order[bj]
			})
			if err := os.WriteFile(file, []byte(a.Format()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// mocks configures the test driver.
type mocks struct {
	Inputs    json.RawMessage      `json:"inputs"`
	Tasks     map[string]replyList `json:"tasks"`
	Workflows map[string]replyList `json:"workflows"`
	Signals   []signalMock         `json:"signals"`
	Random    []float64            `json:"random"`
	MaxSteps  int                  `json:"maxSteps"`
	MaxSize   int                  `json:"maxSize"`
}

type reply struct {
	Value       json.RawMessage `json:"value"`
	Error       json.RawMessage `json:"error"`
	Reason      string          `json:"reason"`
	After       float64         `json:"after"`
	ExecutionID string          `json:"executionId"`
}

// replyList accepts one reply or a list of them.
type replyList []reply

func (r *replyList) UnmarshalJSON(b []byte) error {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")) {
		return json.Unmarshal(b, (*[]reply)(r))
	}
	var one reply
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*r = replyList{one}
	return nil
}

type signalMock struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
	After float64         `json:"after"`
	used  bool
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

func jsonValue(t *testing.T, raw json.RawMessage) value.Value {
	if len(raw) == 0 {
		return value.Null
	}
	v, err := value.FromJSON(raw)
	if err != nil {
		t.Fatalf("bad JSON in mocks: %v", err)
	}
	return v
}

func show(v value.Value) string {
	s, ok, err := value.Stringify(v, "")
	if err != nil || !ok {
		return value.ToString(v)
	}
	return s
}

type event struct {
	at  time.Time
	res vm.Resolution
	seq int
}

// runCase runs a case to its end with the test driver and returns its transcript. With
// resume, the machine is snapshotted and restored before every activation.
func runCase(t *testing.T, c *testCase, resume bool) string {
	t.Helper()
	var out strings.Builder
	f, diags := parser.Parse(c.name+".flow", []byte(c.src))
	for _, d := range diags {
		if d.Severity == diag.Error {
			fmt.Fprintf(&out, "syntax error %s: %s\n", d.Range.Start, d.Message)
		}
	}
	if out.Len() > 0 {
		return out.String()
	}
	prog, err := compiler.Compile(f)
	if err != nil {
		return fmt.Sprintf("compile error %v\n", err)
	}
	var mk mocks
	if strings.TrimSpace(c.mocks) != "" {
		if err := json.Unmarshal([]byte(c.mocks), &mk); err != nil {
			t.Fatalf("%s: bad mocks: %v", c.name, err)
		}
	}
	cfg := vm.Config{MaxSteps: mk.MaxSteps, MaxSize: mk.MaxSize}
	inputs := jsonValue(t, mk.Inputs)
	m, err := vm.New(prog, vm.Start{Inputs: inputs, Context: vm.ContextInfo{
		ExecutionID: "exec-1", Workflow: c.name, Version: "v1", StartedAt: t0}}, cfg)
	if err != nil {
		return fmt.Sprintf("start error %v\n", err)
	}
	rnd := 0
	random := func() float64 {
		if rnd < len(mk.Random) {
			rnd++
			return mk.Random[rnd-1]
		}
		rnd++
		return float64(rnd%10) / 10
	}
	used := map[string]int{}
	signals := append([]signalMock(nil), mk.Signals...)
	var queue []event
	seq := 0
	schedule := func(at time.Time, r vm.Resolution) {
		r.SettledAt = at
		queue = append(queue, event{at: at, res: r, seq: seq})
		seq++
	}
	replyFor := func(kind string, table map[string]replyList, name string) (reply, bool) {
		list := table[name]
		if len(list) == 0 {
			return reply{}, false
		}
		k := kind + ":" + name
		i := used[k]
		used[k]++
		if i >= len(list) {
			i = len(list) - 1
		}
		return list[i], true
	}
	now := t0
	act := vm.Activation{Now: now, Random: random}
	for step := 0; ; step++ {
		if step > 1000 {
			t.Fatalf("%s: too many activations", c.name)
		}
		if resume {
			data, err := m.Snapshot()
			if err != nil {
				t.Fatalf("%s: snapshot: %v", c.name, err)
			}
			m, err = vm.Restore(prog, data, cfg)
			if err != nil {
				t.Fatalf("%s: restore: %v", c.name, err)
			}
			again, _ := m.Snapshot()
			if !bytes.Equal(again, data) {
				t.Fatalf("%s: a restored machine does not snapshot to the same bytes", c.name)
			}
		}
		o, err := m.Run(act)
		if err != nil {
			t.Fatalf("%s: run: %v", c.name, err)
		}
		for _, e := range o.Effects {
			pos := fmt.Sprintf("@%d:%d", e.Line, e.Column)
			switch e.Kind {
			case vm.StartTask, vm.StartWorkflow:
				kind, table := "task", mk.Tasks
				if e.Kind == vm.StartWorkflow {
					kind, table = "workflow", mk.Workflows
				}
				fmt.Fprintf(&out, "%s %s %s", kind, e.Name, e.InputsJSON)
				if !e.Options.Raw.IsNull() {
					o := e.Options
					fmt.Fprintf(&out, " options=%s [queue=%q priority=%d retries=%d", show(o.Raw), o.Queue, o.Priority, o.Retries)
					if o.HasTimeout {
						fmt.Fprintf(&out, " timeout=%s", o.Timeout)
					}
					fmt.Fprintf(&out, " backoff=%s/%s/%g", o.Backoff.Initial, o.Backoff.Max, o.Backoff.Factor)
					if o.HasKey {
						fmt.Fprintf(&out, " key=%q", o.Key)
					}
					out.WriteString("]")
				}
				fmt.Fprintf(&out, " h%d %s\n", e.Handle, pos)
				r, ok := replyFor(kind, table, e.Name)
				if !ok {
					continue // never settles
				}
				res := vm.Resolution{Handle: e.Handle, Value: jsonValue(t, r.Value)}
				if len(r.Error) > 0 || r.Reason != "" {
					reason := map[string]vm.FailReason{"": vm.Failed, "failed": vm.Failed, "timeout": vm.TimedOut, "cancelled": vm.Cancelled}[r.Reason]
					res.Failure = &vm.Failure{Reason: reason, Error: jsonValue(t, r.Error), ExecutionID: r.ExecutionID}
				}
				schedule(now.Add(secs(r.After)), res)
			case vm.StartTimer:
				if e.IsUntil {
					fmt.Fprintf(&out, "timer until %s h%d %s\n", e.UntilText, e.Handle, pos)
				} else {
					fmt.Fprintf(&out, "timer delay %s h%d %s\n", e.Delay, e.Handle, pos)
				}
				at := e.FireAt
				if at.Before(now) {
					at = now
				}
				schedule(at, vm.Resolution{Handle: e.Handle})
			case vm.SignalRequest:
				fmt.Fprintf(&out, "signal %s", e.Name)
				if e.HasTimeout {
					fmt.Fprintf(&out, " timeout=%s", e.Timeout)
				}
				fmt.Fprintf(&out, " h%d %s\n", e.Handle, pos)
				var s *signalMock
				for i := range signals {
					if signals[i].Name == e.Name && !signals[i].used {
						s = &signals[i]
						break
					}
				}
				deadline := now.Add(e.Timeout)
				switch {
				case s != nil && (!e.HasTimeout || !deadline.Before(t0.Add(secs(s.After)))):
					s.used = true
					at := t0.Add(secs(s.After))
					if at.Before(now) {
						at = now
					}
					schedule(at, vm.Resolution{Handle: e.Handle, Value: jsonValue(t, s.Value)})
				case e.HasTimeout:
					schedule(deadline, vm.Resolution{Handle: e.Handle, Failure: &vm.Failure{Reason: vm.TimedOut}})
				}
			case vm.Log:
				fmt.Fprintf(&out, "log %s %s\n", e.Text, pos)
			}
		}
		switch o.Status {
		case vm.Completed:
			fmt.Fprintf(&out, "completed %s\n", show(o.Output))
			return out.String()
		case vm.FailedStatus:
			fmt.Fprintf(&out, "failed %s\n", show(o.Error))
			return out.String()
		}
		if len(queue) == 0 {
			fmt.Fprintf(&out, "stuck waiting %v @%d:%d\n", o.Waiting, o.WaitLine, o.WaitColumn)
			return out.String()
		}
		sort.SliceStable(queue, func(i, j int) bool {
			if !queue[i].at.Equal(queue[j].at) {
				return queue[i].at.Before(queue[j].at)
			}
			return queue[i].seq < queue[j].seq
		})
		ev := queue[0]
		queue = queue[1:]
		now = ev.at
		if ev.res.Failure != nil {
			fmt.Fprintf(&out, "settle h%d +%s rejected\n", ev.res.Handle, now.Sub(t0))
		} else {
			fmt.Fprintf(&out, "settle h%d +%s %s\n", ev.res.Handle, now.Sub(t0), show(ev.res.Value))
		}
		act = vm.Activation{Now: now, Random: random, Resolved: []vm.Resolution{ev.res}}
	}
}
