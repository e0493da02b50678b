package format

import (
	"fmt"
	"strings"
	"testing"
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
