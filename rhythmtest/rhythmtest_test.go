package rhythmtest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/rhythmtest"
)

type order struct {
	Status        string `json:"status"`
	TransactionID string `json:"transactionId"`
	Tracking      string `json:"tracking"`
	ShippedAt     string `json:"shippedAt"`
}

func TestApprovedOrder(t *testing.T) {
	t.Parallel()
	env := rhythmtest.New(t, "testdata/process_order.flow")
	env.OnTask("charge").Fail("Unavailable", "down").Return(map[string]any{"transactionId": "tx_7"})
	env.OnWorkflow("ship").Return(map[string]any{"tracking": "TR1"})
	env.Signal("approve", map[string]any{"ok": true}, "90m")
	res := env.Run(map[string]any{"orderId": 1, "amount": 10})
	var out order
	res.Output(&out)
	if out != (order{Status: "shipped", TransactionID: "tx_7", Tracking: "TR1"}) {
		t.Errorf("output = %+v", out)
	}
	if res.Err() != nil {
		t.Errorf("Err() = %v, want nil", res.Err())
	}
	charge := res.Calls("charge")
	if len(charge) != 1 || charge[0].Kind != "task" || charge[0].Attempts != 2 {
		t.Fatalf("charge calls = %+v", charge)
	}
	var in struct{ OrderID, Amount int }
	if err := charge[0].DecodeInputs(&in); err != nil || in.OrderID != 1 || in.Amount != 10 {
		t.Errorf("charge inputs = %+v, %v", in, err)
	}
	var opts struct {
		Retries int    `json:"retries"`
		Timeout string `json:"timeout"`
	}
	if err := charge[0].DecodeOptions(&opts); err != nil || opts.Retries != 2 || opts.Timeout != "30s" {
		t.Errorf("charge options = %+v, %v", opts, err)
	}
	if got := res.Calls("ship"); len(got) != 1 || got[0].Kind != "workflow" || got[0].Attempts != 1 {
		t.Errorf("ship calls = %+v", got)
	}
	if got := res.Logs(); len(got) != 1 || got[0] != "charged tx_7" {
		t.Errorf("logs = %q", got)
	}
	if !strings.HasPrefix(string(res.JSON()), `{"status":"completed","output":{"status":"shipped"`) {
		t.Errorf("JSON = %s", res.JSON())
	}
}

func TestRejectedWhenNoApprovalInTime(t *testing.T) {
	t.Parallel()
	env := rhythmtest.New(t, "testdata/process_order.flow")
	env.OnTask("charge").Return(map[string]any{"transactionId": "tx_1"})
	env.Signal("approve", map[string]any{"ok": true}, "3h") // too late: the request waits 2h
	res := env.Run(map[string]any{"orderId": 2})
	var out order
	res.Output(&out)
	if out.Status != "rejected" {
		t.Errorf("output = %+v", out)
	}
	if got := res.Calls("ship"); len(got) != 0 {
		t.Errorf("ship calls = %+v", got)
	}
}

func TestChildRunsForReal(t *testing.T) {
	t.Parallel()
	env := rhythmtest.New(t, "testdata/process_order.flow").SetNow(time.Date(2030, 3, 1, 12, 0, 0, 0, time.UTC))
	env.OnTask("charge").Return(map[string]any{"transactionId": "tx_2"}).After("10s")
	env.OnTask("print_label").Return(map[string]any{"tracking": "TR-REAL"})
	env.Signal("approve", map[string]any{"ok": true}, "")
	res := env.Run(map[string]any{"orderId": 3})
	var out order
	res.Output(&out)
	// The child waits a day in virtual time after the approval at 10s.
	if out.Tracking != "TR-REAL" || out.ShippedAt != "2030-03-02T12:00:10.000Z" {
		t.Errorf("output = %+v", out)
	}
	// The child's own calls and logs are not the parent's.
	if got := res.Calls("print_label"); len(got) != 0 {
		t.Errorf("print_label listed in the parent's calls: %+v", got)
	}
	if got := res.Logs(); len(got) != 1 {
		t.Errorf("logs = %q", got)
	}
}

func TestTimeoutAndRetriesExhausted(t *testing.T) {
	t.Parallel()
	env := rhythmtest.New(t, "testdata/process_order.flow")
	env.OnTask("charge").Return(map[string]any{"transactionId": "late"}).After("31s")
	res := env.Run(map[string]any{"orderId": 4})
	e := res.Err()
	if e == nil || e.Code != "Timeout" || e.Line != 2 {
		t.Fatalf("Err() = %v", e)
	}
	if !strings.Contains(string(e.Raw), `"task":"charge"`) || !strings.Contains(e.Error(), "line 2") {
		t.Errorf("error = %s / %s", e.Raw, e)
	}
	if got := res.Calls("charge"); got[0].Attempts != 3 {
		t.Errorf("attempts = %d, want 3", got[0].Attempts)
	}
	if string(res.OutputJSON()) != "null" || res.Completed() {
		t.Errorf("output = %s", res.OutputJSON())
	}
}

func TestFailureDetailsAndCancel(t *testing.T) {
	t.Parallel()
	env := rhythmtest.NewSource(t, "inline", `
let results = []
for (const name of ["a", "b"]) {
  try {
    await Task.run(name, {})
  } catch (e) {
    results.push({ code: e.code, cause: e.cause, details: e.details })
  }
}
return results
`)
	env.OnTask("a").FailWithDetails("Declined", "no", map[string]any{"reason": "limit"})
	env.OnTask("b").Cancel().After("1m")
	res := env.Run(nil)
	var out []struct {
		Code    string
		Cause   *string
		Details map[string]string
	}
	res.Output(&out)
	if len(out) != 2 || out[0].Code != "TaskFailed" || *out[0].Cause != "Declined" || out[0].Details["reason"] != "limit" ||
		out[1].Code != "Cancelled" || out[1].Cause != nil {
		t.Errorf("output = %+v", out)
	}
}

func TestStuckAndNotMocked(t *testing.T) {
	t.Parallel()
	env := rhythmtest.NewSource(t, "wait", `await Signal.next("never")`)
	if e := env.Run(nil).Err(); e == nil || e.Code != "Stuck" || !strings.Contains(e.Message, `signal "never"`) || e.Line != 1 {
		t.Errorf("stuck: %v", e)
	}
	env = rhythmtest.New(t, "testdata/process_order.flow")
	if e := env.Run(nil).Err(); e == nil || e.Code != "NotMocked" || !strings.Contains(e.Message, `"charge"`) {
		t.Errorf("not mocked: %v", e)
	}
}

func TestTimersSeedAndLimits(t *testing.T) {
	t.Parallel()
	src := `
await Timer.delay("1h")
await Timer.until("2026-01-02T00:00:00Z")
return [Date.now(), Math.random()]
`
	run := func(seed uint64) []float64 {
		var out []float64
		env := rhythmtest.NewSource(t, "timers", src).SetSeed(seed)
		res := env.Run(nil)
		res.Output(&out)
		if got := res.Calls(""); len(got) != 2 || got[0].Kind != "timer" || string(got[0].Inputs) != "3600" {
			t.Errorf("timer calls = %+v", got)
		}
		return out
	}
	a, b, c := run(1), run(1), run(2)
	if a[0] != float64(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC).UnixMilli()) {
		t.Errorf("Date.now() = %v", a[0])
	}
	if a[1] != b[1] || a[1] == c[1] {
		t.Errorf("Math.random with seeds 1, 1, 2: %v %v %v", a[1], b[1], c[1])
	}
	env := rhythmtest.NewSource(t, "loop", "while (true) {}").SetMaxSteps(500)
	if e := env.Run(nil).Err(); e == nil || e.Code != "StepLimit" {
		t.Errorf("step limit: %v", e)
	}
	env = rhythmtest.NewSource(t, "big", `return "x".repeat(200)`).SetMaxSize(100)
	if e := env.Run(nil).Err(); e == nil || e.Code != "SizeLimit" {
		t.Errorf("size limit: %v", e)
	}
}

func TestRunContext(t *testing.T) {
	t.Parallel()
	ft := &fatalT{TB: t}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := rhythmtest.NewSource(ft, "forever", `while (true) { await Timer.delay(1) }`)
	if msg := ft.catch(func() { env.RunContext(ctx, nil) }); !strings.Contains(msg, "interrupted") {
		t.Errorf("fatal = %q", msg)
	}
}

// fatalT records the first Fatalf instead of stopping the test.
type fatalT struct {
	testing.TB
}

type fatal string

func (f *fatalT) Fatalf(format string, args ...any) { panic(fatal(fmt.Sprintf(format, args...))) }

func (f *fatalT) catch(fn func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			m, ok := p.(fatal)
			if !ok {
				panic(p)
			}
			msg = string(m)
		}
	}()
	fn()
	return ""
}

func TestSetupErrorsFailTheTest(t *testing.T) {
	t.Parallel()
	ft := &fatalT{TB: t}
	cases := []struct {
		name string
		fn   func()
		want string
	}{
		{"compile error", func() { rhythmtest.NewSource(ft, "bad", "return nope").Run(nil) }, "bad.flow does not compile:\n\tbad.flow:1:8: "},
		{"missing file", func() { rhythmtest.New(ft, "testdata/missing.flow").Run(nil) }, "cannot read workflow"},
		{"inputs not an object", func() { rhythmtest.NewSource(ft, "x", "return 1").Run([]int{1}) }, "inputs must be a JSON object"},
		{"inputs not JSON", func() { rhythmtest.NewSource(ft, "x", "return 1").Run(func() {}) }, "inputs cannot be encoded as JSON"},
		{"After before a reply", func() { rhythmtest.New(ft, "x.flow").OnTask("t").After("1s") }, `After("1s") on "t" before any reply`},
		{"bad duration", func() { rhythmtest.New(ft, "x.flow").OnTask("t").Return(1).After("5x") }, `invalid duration "5x"`},
		{"bad signal delay", func() { rhythmtest.New(ft, "x.flow").Signal("s", nil, "soon") }, `invalid duration "soon"`},
		{"output of a failed run", func() {
			var v any
			rhythmtest.NewSource(ft, "x", `throw {code: "No", message: "nope"}`).Run(nil).Output(&v)
		}, "the workflow failed: No: nope (line 1, column 1)"},
		{"output that does not decode", func() {
			var v int
			rhythmtest.NewSource(ft, "x", `return "s"`).Run(nil).Output(&v)
		}, `decode output "s"`},
	}
	for _, c := range cases {
		if msg := ft.catch(c.fn); !strings.Contains(msg, c.want) {
			t.Errorf("%s: fatal = %q, want it to contain %q", c.name, msg, c.want)
		}
	}
}
