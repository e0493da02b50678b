package format

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/lang/parser"
)

// benchSource builds a file of about n lines mixing every common form.
func benchSource(n int) []byte {
	var b strings.Builder
	for i := 0; b.Len() == 0 || strings.Count(b.String(), "\n") < n; i++ {
		fmt.Fprintf(&b, `// step %[1]d: charge and reserve
const order%[1]d = Inputs.order ?? {}
let total%[1]d = 0
for (const item of order%[1]d.items ?? []) {
  if (item.price > 0 && item.qty) total%[1]d += item.price * item.qty // running total
  else continue
}
const r%[1]d = await Task.run('charge', {amount: total%[1]d, currency: order%[1]d.currency ?? "USD", id: order%[1]d.id}, {retries: 3})
try {
  await Promise.all([Task.run("a", {x: 1}), Task.run("b", {y: [1, 2, 3]})])
} catch (e) {
  console.log(`+"`failed ${e.message}`"+`, e.code === "Timeout" ? 1 : 2)
}

`, i)
	}
	return []byte(b.String())
}

func BenchmarkFormat5000Lines(b *testing.B) {
	src := benchSource(5000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Source(src); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchSourceFormats(t *testing.T) {
	t.Parallel()
	checkFormatted(t, "bench", benchSource(200))
}

func BenchmarkFile5000Lines(b *testing.B) {
	src := benchSource(5000)
	f, ds := parser.Parse("bench.flow", src)
	if len(SyntaxErrors(ds)) > 0 {
		b.Fatal(ds)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		File(f, src)
	}
}

// Deeply nested lists and functions format in time proportional to the output (no
// exponential re-measuring of nested lists).
func TestDeepNesting(t *testing.T) {
	t.Parallel()
	const n = 150
	for _, src := range []string{
		"x = " + strings.Repeat("[", n) + "1" + strings.Repeat("]", n),
		"x = " + strings.Repeat("f(aaaaaaaaaa, ", n) + "1" + strings.Repeat(")", n),
		"x = " + strings.Repeat("{k: ", n) + "1" + strings.Repeat("}", n),
		"x = " + strings.Repeat("[\n", n) + "1" + strings.Repeat("]", n),
		"x = " + strings.Repeat("f(() => {\n", n) + "1" + strings.Repeat("})\n", n),
		"x = " + strings.Repeat("f(a, {k: ", n) + "1" + strings.Repeat("})", n),
	} {
		start := time.Now()
		checkFormatted(t, "deep", []byte(src))
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("formatting %d nested levels took %v", n, d)
		}
	}
}
