package lsp

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// bigDoc is a generated workflow of about n lines.
func bigDoc(n int) string {
	var b strings.Builder
	b.WriteString("let total = 0\n")
	for i := 0; strings.Count(b.String(), "\n") < n; i++ {
		fmt.Fprintf(&b, `const order%[1]d = await Task.run("charge_card", {orderId: Inputs.id + "-%[1]d", amount: %[1]d})
const label%[1]d = String(order%[1]d.id).trim()
for (const part of label%[1]d.split("-")) {
  total += part.length
}
try {
  await Task.run("send_email", {to: Inputs.email, subject: label%[1]d}, {retries: 3, timeout: "30s"})
} catch (e%[1]d) {
  console.log(e%[1]d.message)
}
`, i)
	}
	return b.String()
}

// report records the median and 99th percentile of ds.
func report(b *testing.B, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(ds[len(ds)/2]), "p50-ms")
	b.ReportMetric(ms(ds[min(len(ds)-1, len(ds)*99/100)]), "p99-ms")
}

// benchSession opens the 5,000-line document in a server over a pipe.
func benchSession(b *testing.B) (*client, protocol.DocumentURI, string) {
	c := start(b, Options{Debounce: time.Nanosecond})
	text := bigDoc(5000)
	u := c.open("big.flow", text)
	c.waitDiagnostics(u, 1)
	return c, u, text
}

// keystrokeLine is the line the keystroke of a version goes to: at its start, one of 40 lines in
// the middle of the document.
func keystrokeLine(version int) int { return 2500 + version%40 }

// keystroke sends a one-character insertion at the start of keystrokeLine(version).
func (c *client) keystroke(u protocol.DocumentURI, version int) {
	line := uint32(keystrokeLine(version))
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": u, "version": version},
		"contentChanges": []any{map[string]any{"range": protocol.Range{Start: pos(line, 0), End: pos(line, 0)}, "text": " "}},
	})
}

// BenchmarkProtocolCompletion5000 measures, through the protocol, a keystroke in a 5,000-line
// document followed by a completion request (which parses the new text).
func BenchmarkProtocolCompletion5000(b *testing.B) {
	c, u, text := benchSession(b)
	line := strings.Count(text[:strings.Index(text[len(text)/2:], ".trim()")+len(text)/2], "\n")
	col := strings.Index(strings.Split(text, "\n")[line], ".trim()") + 1
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		c.keystroke(u, i+2)
		if keystrokeLine(i+2) == line {
			col++ // the space went before the member access
		}
		var list completionList
		c.call("textDocument/completion", tdp(u, pos(uint32(line), uint32(col+1))), &list)
		ds = append(ds, time.Since(t0))
		if len(list.Items) == 0 {
			b.Fatal("no completion")
		}
	}
	b.StopTimer()
	report(b, ds)
}

// BenchmarkProtocolHover5000 measures hover on a task name of the analysed document.
func BenchmarkProtocolHover5000(b *testing.B) {
	c, u, text := benchSession(b)
	lines := strings.Split(text, "\n")
	line := 2500
	for !strings.Contains(lines[line], `"send_email"`) {
		line++
	}
	col := strings.Index(lines[line], `"send_email"`) + 3
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		var h protocol.Hover
		c.call("textDocument/hover", tdp(u, pos(uint32(line), uint32(col))), &h)
		ds = append(ds, time.Since(t0))
		if h.Contents.Value == "" {
			b.Fatal("no hover")
		}
	}
	b.StopTimer()
	report(b, ds)
}

// BenchmarkProtocolDiagnostics5000 measures the time from a keystroke to the publication of
// the new version's diagnostics (with no debounce delay).
func BenchmarkProtocolDiagnostics5000(b *testing.B) {
	c, u, _ := benchSession(b)
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		c.keystroke(u, i+2)
		c.waitDiagnostics(u, uint32(i+2))
		ds = append(ds, time.Since(t0))
	}
	b.StopTimer()
	report(b, ds)
}
