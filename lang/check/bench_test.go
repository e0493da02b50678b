package check_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// largeSource returns a valid workflow of about n lines that uses every kind of statement.
func largeSource(n int) []byte {
	var b strings.Builder
	b.WriteString("const { items = [], limit = 10 } = Inputs\nlet total = 0\n")
	for i := 0; b.Len() == 0 || strings.Count(b.String(), "\n") < n; i++ {
		fmt.Fprintf(&b, `// block %[1]d
for (const item%[1]d of items) {
  const price%[1]d = await Task.run("price", { sku: item%[1]d.sku }, { retries: 2, timeout: "30s" })
  if (price%[1]d > limit) {
    continue
  } else if (price%[1]d < 0) {
    break
  }
  total += price%[1]d * (item%[1]d.qty ?? 1)
}
let state%[1]d = { n: %[1]d, list: [1, 2, 3], text: `+"`v${total}`"+` }
switch (state%[1]d.n %% 3) {
  case 0:
    state%[1]d.n++
    break
  default:
    state%[1]d = { ...state%[1]d, n: Math.max(state%[1]d.n, 1) }
}
try {
  const [first%[1]d, ...rest%[1]d] = state%[1]d.list
  total = total + first%[1]d + rest%[1]d.length
} catch (e%[1]d) {
  console.log(e%[1]d.message)
}
console.log(JSON.stringify(state%[1]d), "x".padStart(3, "-"))
`, i)
	}
	b.WriteString("return total\n")
	return []byte(b.String())
}

func TestLargeSourceIsClean(t *testing.T) {
	t.Parallel()
	src := largeSource(1000)
	if ds := analyze("large.flow", src, check.Options{}); len(ds) > 0 {
		t.Fatalf("the benchmark source has diagnostics: %v", ds[:min(len(ds), 5)])
	}
}

// BenchmarkParseCheck measures parse + check of a 5,000-line file.
func BenchmarkParseCheck(b *testing.B) {
	src := largeSource(5000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		f, _ := parser.Parse("large.flow", src)
		check.Check(f, check.Options{})
	}
}

// BenchmarkCheck measures the checker alone on a 5,000-line file.
func BenchmarkCheck(b *testing.B) {
	f, _ := parser.Parse("large.flow", largeSource(5000))
	for b.Loop() {
		check.Check(f, check.Options{})
	}
}
