package memrun

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
)

var fakeStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

type fakeRun struct {
	body     func(w *fakeW) value.Value
	mocks    string
	children map[string]func(w *fakeW) value.Value
	logs     *[]LogLine
}

// runFake runs a fake workflow straight through and with a snapshot at every suspension, checks
// that both give the same result, and returns it.
func runFake(t *testing.T, fr fakeRun) *Result {
	t.Helper()
	var results [2]*Result
	for i, snap := range []bool{false, true} {
		mocks := &Mocks{}
		if fr.mocks != "" {
			var err error
			if mocks, err = LoadMocks([]byte(fr.mocks)); err != nil {
				t.Fatal(err)
			}
		}
		spec := runSpec{
			name:      "main",
			prog:      &fakeProgram{body: fr.body},
			inputs:    value.NewObject(),
			mocks:     mocks,
			start:     fakeStart,
			snapshots: snap,
			loadChild: func(name string) (program, bool, error) {
				body, ok := fr.children[name]
				if !ok {
					return nil, false, nil
				}
				return &fakeProgram{body: body}, true, nil
			},
		}
		if fr.logs != nil && !snap {
			spec.onLog = func(l LogLine) { *fr.logs = append(*fr.logs, l) }
		}
		res, err := execute(context.Background(), spec)
		if err != nil {
			t.Fatalf("execute (snapshots %v): %v", snap, err)
		}
		results[i] = res
	}
	if a, b := string(results[0].JSON()), string(results[1].JSON()); a != b {
		t.Fatalf("straight and snapshotted runs differ:\nstraight: %s\nsnapshot: %s", a, b)
	}
	return results[0]
}

// wantJSON compares the result's JSON with want (any formatting).
func wantJSON(t *testing.T, res *Result, want string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want: %v", err)
	}
	norm, _ := json.Marshal(w)
	var g any
	if err := json.Unmarshal(res.JSON(), &g); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(g)
	if string(got) != string(norm) {
		t.Errorf("result:\n got %s\nwant %s", res.JSON(), norm)
	}
}

func TestFakeTaskOutput(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"charge": {"output": {"ok": true, "id": 7}, "after": "2s"}}}`,
		body: func(w *fakeW) value.Value {
			w.Log("start")
			r := w.Await(w.Task("charge", `{"amount": 5}`, "", 2), 2)
			w.Log("done")
			return obj("r", r, "elapsed", w.Since(fakeStart))
		},
	})
	wantJSON(t, res, `{"status":"completed","output":{"r":{"ok":true,"id":7},"elapsed":2},"error":null,
		"calls":[{"kind":"task","name":"charge","inputs":{"amount":5},"options":{},"attempts":1}],"logs":["start","done"]}`)
	if got := string(res.JSON()); !strings.HasPrefix(got, `{"status":"completed","output":{"r":{"ok":true,"id":7}`) {
		t.Errorf("key order: %s", got)
	}
}

func TestFakeRetriesBackoff(t *testing.T) {
	t.Parallel()
	// Default backoff: retry 1 after 1s, retry 2 after 2s, retry 3 after 4s.
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"flaky": [{"error": {"message": "a"}, "after": 1}, {"error": {"message": "b"}}, {"error": {"message": "c"}, "after": 0.5}, {"output": "ok"}]}}`,
		body: func(w *fakeW) value.Value {
			r := w.Await(w.Task("flaky", "", `{"retries": 3}`, 1), 1)
			return obj("r", r, "t", w.Since(fakeStart))
		},
	})
	// attempt1 0→1 fails, retry at 2; attempt2 fails at 2, retry at 4; attempt3 fails at 4.5,
	// retry at 8.5 succeeds at once.
	wantJSON(t, res, `{"status":"completed","output":{"r":"ok","t":8.5},"error":null,
		"calls":[{"kind":"task","name":"flaky","inputs":{},"options":{"retries":3},"attempts":4}],"logs":[]}`)
}

func TestFakeBackoffOptionsAndExhaustion(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"flaky": {"error": {"message": "nope", "code": "Declined", "details": {"n": 1}}}}}`,
		body: func(w *fakeW) value.Value {
			e := w.Try(func() {
				w.Await(w.Task("flaky", "", `{"retries": 4, "backoff": {"initial": "10s", "factor": 3, "max": "60s"}}`, 1), 1)
			})
			return obj("e", e, "t", w.Since(fakeStart))
		},
	})
	// retries after 10, 30, 60 (capped), 60.
	wantJSON(t, res, `{"status":"completed","output":{"e":{"code":"TaskFailed","message":"nope","details":{"n":1},"cause":"Declined","task":"flaky","executionId":"00000000-0000-4000-8000-000000000002"},"t":160},"error":null,
		"calls":[{"kind":"task","name":"flaky","inputs":{},"options":{"retries":4,"backoff":{"initial":"10s","factor":3,"max":"60s"}},"attempts":5}],"logs":[]}`)
}

func TestFakeTimeout(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"slow": [{"output": 1, "after": "10s"}, {"output": 2, "after": "5s"}], "slower": {"output": 1, "after": 60}}}`,
		body: func(w *fakeW) value.Value {
			// attempt 1 times out at 5s, retry at 6s answers at 11s (5s is not later than 5s).
			a := w.Await(w.Task("slow", "", `{"timeout": "5s", "retries": 1}`, 1), 1)
			ta := w.Since(fakeStart)
			e := w.Try(func() { w.Await(w.Task("slower", "", `{"timeout": 2}`, 2), 2) })
			return obj("a", a, "ta", ta, "e", e, "te", w.Since(fakeStart))
		},
	})
	wantJSON(t, res, `{"status":"completed","output":{"a":2,"ta":11,
		"e":{"code":"Timeout","message":"task \"slower\" timed out after 2s","details":null,"cause":null,"task":"slower","executionId":"00000000-0000-4000-8000-000000000003"},"te":13},"error":null,
		"calls":[{"kind":"task","name":"slow","inputs":{},"options":{"timeout":"5s","retries":1},"attempts":2},
		         {"kind":"task","name":"slower","inputs":{},"options":{"timeout":2},"attempts":1}],"logs":[]}`)
}

func TestFakeListOrderAndRepeat(t *testing.T) {
	t.Parallel()
	// Replies are consumed in the order attempts start: a's retry (at 1s) comes before c's first
	// attempt (at 2s, after the timer), b (same instant as a, called later) takes the second.
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"t": [{"error": {"message": "x"}}, {"output": "r1"}, {"output": "r2"}, {"output": "r3"}]}}`,
		body: func(w *fakeW) value.Value {
			a := w.Task("t", `{"n": "a"}`, `{"retries": 1}`, 1)
			b := w.Task("t", `{"n": "b"}`, "", 2)
			w.Await(w.Delay(2*time.Second), 3)
			c := w.Task("t", `{"n": "c"}`, "", 4)
			d := w.Task("t", `{"n": "d"}`, "", 5)
			return value.NewArray([]value.Value{w.Await(a, 6), w.Await(b, 6), w.Await(c, 6), w.Await(d, 6)})
		},
	})
	wantJSON(t, res, `{"status":"completed","output":["r2","r1","r3","r3"],"error":null,
		"calls":[{"kind":"task","name":"t","inputs":{"n":"a"},"options":{"retries":1},"attempts":2},
		         {"kind":"task","name":"t","inputs":{"n":"b"},"options":{},"attempts":1},
		         {"kind":"timer","name":"","inputs":2,"options":{}},
		         {"kind":"task","name":"t","inputs":{"n":"c"},"options":{},"attempts":1},
		         {"kind":"task","name":"t","inputs":{"n":"d"},"options":{},"attempts":1}],"logs":[]}`)
}

func TestFakeCancelled(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"t": [{"cancelled": true, "after": "3s"}, {"output": 1}]}}`,
		body: func(w *fakeW) value.Value {
			e := w.Try(func() { w.Await(w.Task("t", "", `{"retries": 5}`, 1), 1) })
			return obj("e", e, "t", w.Since(fakeStart))
		},
	})
	wantJSON(t, res, `{"status":"completed","output":{"e":{"code":"Cancelled","message":"task \"t\" was cancelled","details":null,"cause":null,"task":"t","executionId":"00000000-0000-4000-8000-000000000002"},"t":3},"error":null,
		"calls":[{"kind":"task","name":"t","inputs":{},"options":{"retries":5},"attempts":1}],"logs":[]}`)
}

func TestFakeSignals(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"signals": {"go": [{"payload": "late", "after": "2h"}, {"payload": "early", "after": "1h"}, {"payload": "tie1", "after": "3h"}, {"payload": "tie2", "after": "3h"}],
		                     "stop": [{"payload": 1, "after": "10m"}]}}`,
		body: func(w *fakeW) value.Value {
			// a request that times out is withdrawn: the 1h signal goes to the next request.
			e := w.Try(func() { w.Await(w.Signal("go", `{"timeout": "30m"}`), 1) })
			t1 := w.Since(fakeStart)
			s1 := w.Await(w.Signal("go", ""), 2)
			t2 := w.Since(fakeStart)
			w.Await(w.Delay(5*time.Hour), 3)
			// signals sent before the requests wait in the store, in order.
			s2, s3, s4 := w.Signal("go", ""), w.Signal("go", ""), w.Signal("go", "")
			st := w.Await(w.Signal("stop", ""), 4)
			return obj("e", e, "t1", t1, "s1", s1, "t2", t2, "rest", value.NewArray([]value.Value{w.Await(s2, 5), w.Await(s3, 5), w.Await(s4, 5), st}), "t3", w.Since(fakeStart))
		},
	})
	wantJSON(t, res, `{"status":"completed","output":{"e":{"code":"Timeout","message":"no signal \"go\" arrived within 30m","signal":"go"},"t1":1800,"s1":"early","t2":3600,
		"rest":["late","tie1","tie2",1],"t3":21600},"error":null,
		"calls":[{"kind":"signal","name":"go","inputs":{"timeout":"30m"},"options":{"timeout":"30m"}},
		         {"kind":"signal","name":"go","inputs":null,"options":{}},
		         {"kind":"timer","name":"","inputs":18000,"options":{}},
		         {"kind":"signal","name":"go","inputs":null,"options":{}},
		         {"kind":"signal","name":"go","inputs":null,"options":{}},
		         {"kind":"signal","name":"go","inputs":null,"options":{}},
		         {"kind":"signal","name":"stop","inputs":null,"options":{}}],"logs":[]}`)
}

func TestFakeStuck(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"bg": {"output": 1, "after": "1h"}}}`,
		body: func(w *fakeW) value.Value {
			w.Task("bg", "", "", 1)
			return w.Await(w.Signal("approve", ""), 7)
		},
	})
	wantJSON(t, res, `{"status":"failed","output":null,"error":{"code":"Stuck","message":"waiting for signal \"approve\"","line":7,"column":1},
		"calls":[{"kind":"task","name":"bg","inputs":{},"options":{},"attempts":1},{"kind":"signal","name":"approve","inputs":null,"options":{}}],"logs":[]}`)

	res = runFake(t, fakeRun{
		body: func(w *fakeW) value.Value {
			w.Race(3)
			return value.Null
		},
	})
	wantJSON(t, res, `{"status":"failed","output":null,"error":{"code":"Stuck","message":"waiting for a promise that can never settle","line":3,"column":1},"calls":[],"logs":[]}`)
}

func TestFakeNotMocked(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"a": {"output": 1}}}`,
		body: func(w *fakeW) value.Value {
			w.Await(w.Task("a", "", "", 1), 1)
			w.Task("b", "", "", 4)
			return value.Null
		},
	})
	wantJSON(t, res, `{"status":"failed","output":null,"error":{"code":"NotMocked","message":"task \"b\" is not mocked","line":4,"column":1},
		"calls":[{"kind":"task","name":"a","inputs":{},"options":{},"attempts":1}],"logs":[]}`)

	res = runFake(t, fakeRun{
		body: func(w *fakeW) value.Value {
			w.Workflow("ship", "", "", 2)
			return value.Null
		},
	})
	wantJSON(t, res, `{"status":"failed","output":null,"error":{"code":"NotMocked","message":"workflow \"ship\" is not mocked and has no file ship.flow","line":2,"column":1},"calls":[],"logs":[]}`)
}

func TestFakeIdempotencyKey(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"pay": [{"output": 1, "after": 1}, {"output": 2}]}}`,
		body: func(w *fakeW) value.Value {
			a := w.Task("pay", "", `{"key": "k"}`, 1)
			b := w.Task("pay", "", `{"key": "k"}`, 2)
			x := w.Await(a, 3)
			c := w.Task("pay", "", `{"key": "k"}`, 4)
			d := w.Task("pay", "", `{"key": "other"}`, 5)
			return value.NewArray([]value.Value{x, w.Await(b, 6), w.Await(c, 6), w.Await(d, 6)})
		},
	})
	wantJSON(t, res, `{"status":"completed","output":[1,1,1,2],"error":null,
		"calls":[{"kind":"task","name":"pay","inputs":{},"options":{"key":"k"},"attempts":1},{"kind":"task","name":"pay","inputs":{},"options":{"key":"other"},"attempts":1}],"logs":[]}`)
}

func TestFakeFireAndForgetDropped(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"bg": {"error": {"message": "x"}, "after": "1h"}}}`,
		body: func(w *fakeW) value.Value {
			w.Task("bg", "", `{"retries": 3}`, 1)
			w.Delay(time.Hour * 24)
			return value.Str("done")
		},
	})
	wantJSON(t, res, `{"status":"completed","output":"done","error":null,
		"calls":[{"kind":"task","name":"bg","inputs":{},"options":{"retries":3},"attempts":1},{"kind":"timer","name":"","inputs":86400,"options":{}}],"logs":[]}`)
}

func TestFakeTimerUntil(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		body: func(w *fakeW) value.Value {
			w.Await(w.Until("2025-01-01T00:00:00Z"), 1)
			t1 := w.Since(fakeStart)
			w.Await(w.Until("2026-01-01T02:00:00+01:00"), 2)
			return obj("t1", t1, "t2", w.Since(fakeStart))
		},
	})
	wantJSON(t, res, `{"status":"completed","output":{"t1":0,"t2":3600},"error":null,
		"calls":[{"kind":"timer","name":"","inputs":"2025-01-01T00:00:00Z","options":{}},{"kind":"timer","name":"","inputs":"2026-01-01T02:00:00+01:00","options":{}}],"logs":[]}`)
}

func TestFakeRaceTies(t *testing.T) {
	t.Parallel()
	// Both settle at 2s; the timer's event is scheduled first, but position decides the tie.
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"a": {"output": "a", "after": 2}}}`,
		body: func(w *fakeW) value.Value {
			tb := w.Delay(2 * time.Second)
			a := w.Task("a", "", "", 1)
			return value.Num(float64(w.Race(4, a, tb)))
		},
	})
	if string(res.Output) != "0" {
		t.Errorf("race winner = %s, want 0", res.Output)
	}
}

func TestFakeChildWorkflow(t *testing.T) {
	t.Parallel()
	var logs []LogLine
	res := runFake(t, fakeRun{
		mocks: `{"tasks": {"pack": {"output": "packed", "after": "1m"}}, "workflows": {"mocked": {"output": "m"}}}`,
		logs:  &logs,
		children: map[string]func(w *fakeW) value.Value{
			"ship": func(w *fakeW) value.Value {
				w.Log("shipping %s", w.Inputs.Obj().Keys())
				p := w.Await(w.Task("pack", "", "", 1), 1)
				parent, _ := w.Context.Obj().Get("parentId")
				return obj("p", p, "parent", parent)
			},
			"bad": func(w *fakeW) value.Value {
				w.Throw("Broken", "it broke")
				return value.Null
			},
			"wait": func(w *fakeW) value.Value {
				return w.Await(w.Signal("never", ""), 1)
			},
		},
		body: func(w *fakeW) value.Value {
			w.Log("parent")
			s := w.Await(w.Workflow("ship", `{"id": 1}`, "", 1), 1)
			m := w.Await(w.Workflow("mocked", "", "", 2), 2)
			e := w.Try(func() { w.Await(w.Workflow("bad", "", "", 3), 3) })
			te := w.Try(func() { w.Await(w.Workflow("wait", "", `{"timeout": "1h"}`, 4), 4) })
			return obj("s", s, "m", m, "e", e, "te", te, "t", w.Since(fakeStart))
		},
	})
	wantJSON(t, res, `{"status":"completed","output":{"s":{"p":"packed","parent":"00000000-0000-4000-8000-000000000001"},"m":"m",
		"e":{"code":"WorkflowFailed","message":"it broke","details":null,"cause":"Broken","workflow":"bad","executionId":"00000000-0000-4000-8000-000000000005"},
		"te":{"code":"Timeout","message":"workflow \"wait\" timed out after 1h","details":null,"cause":null,"workflow":"wait","executionId":"00000000-0000-4000-8000-000000000006"},"t":3660},"error":null,
		"calls":[{"kind":"workflow","name":"ship","inputs":{"id":1},"options":{},"attempts":1},
		         {"kind":"workflow","name":"mocked","inputs":{},"options":{},"attempts":1},
		         {"kind":"workflow","name":"bad","inputs":{},"options":{},"attempts":1},
		         {"kind":"workflow","name":"wait","inputs":{},"options":{"timeout":"1h"},"attempts":1}],"logs":["parent"]}`)
	if len(logs) != 2 || logs[1].Workflow != "ship" || logs[1].Depth != 1 || logs[1].Text != "shipping [id]" {
		t.Errorf("streamed logs = %+v", logs)
	}
}

func TestFakeChildStuck(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		children: map[string]func(w *fakeW) value.Value{
			"wait": func(w *fakeW) value.Value { return w.Await(w.Signal("never", ""), 1) },
		},
		body: func(w *fakeW) value.Value {
			return w.Await(w.Workflow("wait", "", "", 1), 9)
		},
	})
	wantJSON(t, res, `{"status":"failed","output":null,"error":{"code":"Stuck","message":"waiting for workflow \"wait\", which is waiting for signal \"never\"","line":9,"column":1},
		"calls":[{"kind":"workflow","name":"wait","inputs":{},"options":{},"attempts":1}],"logs":[]}`)
}

func TestFakeChildNotMocked(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		children: map[string]func(w *fakeW) value.Value{
			"ship": func(w *fakeW) value.Value { return w.Await(w.Task("pack", "", "", 3), 3) },
		},
		body: func(w *fakeW) value.Value {
			return w.Await(w.Workflow("ship", "", "", 5), 5)
		},
	})
	wantJSON(t, res, `{"status":"failed","output":null,"error":{"code":"NotMocked","message":"task \"pack\" is not mocked (in child workflow \"ship\")","line":5,"column":1},
		"calls":[{"kind":"workflow","name":"ship","inputs":{},"options":{},"attempts":1}],"logs":[]}`)
}

func TestFakeFailure(t *testing.T) {
	t.Parallel()
	res := runFake(t, fakeRun{
		body: func(w *fakeW) value.Value {
			w.Log("about to fail")
			w.Throw("Rejected", "no")
			return value.Null
		},
	})
	wantJSON(t, res, `{"status":"failed","output":null,"error":{"code":"Rejected","message":"no","line":0,"column":0},"calls":[],"logs":["about to fail"]}`)
}

func TestFakeContextCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := execute(ctx, runSpec{
		name: "main", inputs: value.NewObject(), start: fakeStart,
		prog: &fakeProgram{body: func(w *fakeW) value.Value { return value.Null }},
	})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("err = %v", err)
	}
}

func TestBackoffDelay(t *testing.T) {
	t.Parallel()
	b := backoff{initial: time.Second, max: 10 * time.Second, factor: 2}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := b.delay(i + 1); got != w {
			t.Errorf("delay(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := defaultBackoff.delay(20); got != 5*time.Minute {
		t.Errorf("default delay(20) = %v", got)
	}
}

func TestFakeEmptyReplyListIsNotMocked(t *testing.T) {
	t.Parallel()
	res, err := execute(context.Background(), runSpec{
		name: "main", inputs: value.NewObject(), start: fakeStart, mocks: &Mocks{Tasks: map[string][]Reply{"t": {}}},
		prog: &fakeProgram{body: func(w *fakeW) value.Value { return w.Await(w.Task("t", "", "", 2), 2) }},
	})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Failure(); f == nil || f.Code != "NotMocked" {
		t.Errorf("result = %s", res.JSON())
	}
}
