package parser

import (
	"fmt"
	"strings"
	"testing"
)

// benchSource returns a syntactically valid workflow of about lines lines.
func benchSource(lines int) []byte {
	var b strings.Builder
	b.WriteString("// generated workflow\nlet total = 0\nconst list = []\n")
	for i := 0; 3+8*i < lines; i++ {
		fmt.Fprintf(&b, "const order%d = await Task.run(\"charge\", {amount: Inputs.amount * %d, note: `n${%d}`})\n", i, i, i)
		fmt.Fprintf(&b, "if (order%d.ok && !order%d.failed) {\n  total += order%d.amount ?? 0\n} else {\n  throw {code: \"E\", message: 'failed ' + %d}\n}\n", i, i, i, i)
		fmt.Fprintf(&b, "for (const [k, v] of Object.entries(order%d)) { console.log(k, v?.x[0], [1, 2, ...list]) }\n", i)
	}
	return []byte(b.String())
}

func BenchmarkParse5000Lines(b *testing.B) {
	src := benchSource(5000)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for b.Loop() {
		_, ds := Parse("bench.flow", src)
		if len(ds) != 0 {
			b.Fatalf("unexpected diagnostics: %v", ds[0])
		}
	}
}

// BenchmarkParse5000LinesWithErrors measures recovery: ten statements with an unclosed
// bracket, each of which makes the parser resynchronise.
func BenchmarkParse5000LinesWithErrors(b *testing.B) {
	lines := strings.SplitAfter(string(benchSource(5000)), "\n")
	for i := 1; i <= 10; i++ {
		at := i * len(lines) / 11
		for !strings.HasPrefix(lines[at], "const ") {
			at++
		}
		lines[at] = "let broken" + fmt.Sprint(i) + " = (1 + \n" + lines[at]
	}
	src := []byte(strings.Join(lines, ""))
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for b.Loop() {
		// Resynchronisation has a time budget: on a slow machine the last errors are
		// dropped, never multiplied.
		_, ds := Parse("bench.flow", src)
		if len(ds) == 0 || len(ds) > 10 {
			b.Fatalf("got %d diagnostics, want 1 to 10: %v", len(ds), ds)
		}
	}
}

// BenchmarkParse300Lines measures a workflow of a typical size.
func BenchmarkParse300Lines(b *testing.B) {
	src := benchSource(300)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for b.Loop() {
		if _, ds := Parse("bench.flow", src); len(ds) != 0 {
			b.Fatalf("unexpected diagnostics: %v", ds[0])
		}
	}
}

// BenchmarkReparse5000Lines measures a keystroke in a 5,000-line file parsed incrementally
// from the tree of the previous version.
func BenchmarkReparse5000Lines(b *testing.B) {
	src := benchSource(5000)
	_, _, base := ParseIncremental("bench.flow", src, nil)
	defer base.Close()
	at := len(src) / 2
	for at > 0 && src[at-1] != '\n' {
		at--
	}
	next := append(append(append([]byte(nil), src[:at]...), ' '), src[at:]...)
	e := EditOf(at, at, PointOf(src, at), PointOf(src, at), []byte(" "))
	b.SetBytes(int64(len(next)))
	b.ResetTimer()
	for b.Loop() {
		old := base.Clone()
		old.Edit(e)
		_, ds, t := ParseIncremental("bench.flow", next, old)
		old.Close()
		t.Close()
		if len(ds) != 0 {
			b.Fatalf("unexpected diagnostics: %v", ds[0])
		}
	}
}
