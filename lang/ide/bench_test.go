package ide

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// BigFlow returns a realistic workflow of about n lines: blocks of tasks, loops, conditions,
// string and list methods and error handling, each block with its own names.
func bigFlow(n int) string {
	var b strings.Builder
	b.WriteString("// A large generated workflow for latency benchmarks.\nconst orderId = Inputs.orderId\nlet total = 0\n")
	for i := 0; strings.Count(b.String(), "\n") < n; i++ {
		fmt.Fprintf(&b, `const order%[1]d = await Task.run("charge_card", {orderId: orderId + "-%[1]d", amount: %[1]d})
const label%[1]d = String(order%[1]d.id).trim().toUpperCase()
const parts%[1]d = label%[1]d.split("-")
for (const part of parts%[1]d) {
  if (part.length > 3) {
    total += part.length
  } else {
    console.log("short part", part, %[1]d)
  }
}
try {
  await Task.run("send_email", {to: Inputs.email, subject: "Order " + label%[1]d}, {retries: 3, timeout: "30s"})
} catch (e%[1]d) {
  console.log(e%[1]d.message)
  await Timer.delay("5m")
}
const summary%[1]d = {id: order%[1]d.id, parts: parts%[1]d.join(","), total}
if (summary%[1]d.total > 1000) {
  await Workflow.run("ship_order", {summary: summary%[1]d})
}
`, i)
	}
	return b.String()
}

// latency runs op b.N times and reports the median and 99th percentile.
func latency(b *testing.B, op func(i int)) {
	b.Helper()
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		op(i)
		ds = append(ds, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(ds[len(ds)/2]), "p50-ms")
	b.ReportMetric(ms(ds[min(len(ds)-1, len(ds)*99/100)]), "p99-ms")
}

// benchDoc returns the 5,000-line document, the registry and the offset of a marker.
func benchDoc(b *testing.B) (*Document, Registry) {
	b.Helper()
	reg := testRegistry(b)
	return NewDocument("big.flow", 1, []byte(bigFlow(5000))), reg
}

// edit inserts a space at the start of a line in the middle of the file, as a keystroke
// would, and returns the new snapshot (not yet parsed).
func edit(b *testing.B, d *Document, i int) *Document {
	line := 2500 + i%50
	next, err := d.Apply(int32(i+2), []Change{{Start: Position{line, 0}, End: Position{line, 0}, Text: " "}})
	if err != nil {
		b.Fatal(err)
	}
	return next
}

// BenchmarkDiagnostics5000 measures a keystroke in a 5,000-line file followed by its
// diagnostics: applying the edit, parsing, checking and the registry checks.
func BenchmarkDiagnostics5000(b *testing.B) {
	d, reg := benchDoc(b)
	latency(b, func(i int) {
		if ds := Diagnostics(edit(b, d, i), reg); len(ds) != 0 {
			b.Fatalf("the generated file must be clean: %v", ds[0])
		}
	})
}

// BenchmarkCompletion5000 measures completion right after a keystroke in a 5,000-line file
// (the new snapshot is parsed and resolved by the request): members of a known string in the
// middle of the file.
func BenchmarkCompletion5000(b *testing.B) {
	d, reg := benchDoc(b)
	off := strings.Index(string(d.Text[len(d.Text)/2:]), ".trim()") + len(d.Text)/2 + 1
	latency(b, func(i int) {
		d2 := edit(b, d, i)
		if it := Complete(d2, off+1, reg); len(it) == 0 {
			b.Fatal("no completion")
		}
	})
}

// BenchmarkCompletionWarm5000 measures completion on an analysed snapshot (the cursor moved,
// the text did not change): variables in scope at the end of the file.
func BenchmarkCompletionWarm5000(b *testing.B) {
	d, reg := benchDoc(b)
	Diagnostics(d, reg)
	off := len(d.Text) - 1
	latency(b, func(int) {
		if it := Complete(d, off, reg); len(it) < 100 {
			b.Fatalf("%d items", len(it))
		}
	})
}

// BenchmarkHover5000 measures hover on a task name in the middle of an analysed 5,000-line
// file.
func BenchmarkHover5000(b *testing.B) {
	d, reg := benchDoc(b)
	Diagnostics(d, reg)
	off := strings.Index(string(d.Text[len(d.Text)/2:]), `"send_email"`) + len(d.Text)/2 + 3
	latency(b, func(int) {
		if h := HoverAt(d, off, reg); h == nil {
			b.Fatal("no hover")
		}
	})
}

func TestBigFlowIsValid(t *testing.T) {
	t.Parallel()
	d := NewDocument("big.flow", 1, []byte(bigFlow(300)))
	if ds := Diagnostics(d, nil); len(ds) != 0 {
		t.Fatalf("generated file: %s", ds[0])
	}
}
