package builtins_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/memrun"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// TestCatalogueExamplesRun runs every one-line catalogue example of the form
// `expression  // result` through the whole engine (parser, checker, compiler, VM, built-ins)
// and checks that the expression's value matches the documented result: same string form,
// same JSON and same typeof. So the generated reference never shows a wrong result.
func TestCatalogueExamplesRun(t *testing.T) {
	t.Parallel()
	n := 0
	for _, e := range catalog.All() {
		for _, ex := range e.Examples {
			expr, result, ok := strings.Cut(ex, "  // ")
			if !ok || strings.Contains(ex, "\n") {
				continue
			}
			if i := strings.Index(ex, " // "); i >= 0 && i < len(expr) {
				expr, result = ex[:i], ex[i+len(" // "):]
			}
			n++
			src := "const got = " + strings.TrimSpace(expr) + "\n" +
				"const want = " + strings.TrimSpace(result) + "\n" +
				"return [String(got), String(want), JSON.stringify(got), JSON.stringify(want), typeof got, typeof want]\n"
			r, err := memrun.Run(context.Background(), memrun.Options{
				File: "example.flow", Source: []byte(src), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			})
			if err != nil {
				t.Errorf("%s: example %q: %v", e.Name, ex, err)
				continue
			}
			var out []*string
			if r.Status != memrun.StatusCompleted || json.Unmarshal(r.Output, &out) != nil || len(out) != 6 {
				t.Errorf("%s: example %q: %s", e.Name, ex, r.JSON())
				continue
			}
			for i := 0; i < 6; i += 2 {
				if (out[i] == nil) != (out[i+1] == nil) || (out[i] != nil && *out[i] != *out[i+1]) {
					t.Errorf("%s: example %q gives %s", e.Name, ex, r.Output)
					break
				}
			}
		}
	}
	if n < 80 {
		t.Errorf("only %d examples with a result", n)
	}
}
