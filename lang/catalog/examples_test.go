package catalog_test

import (
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/catalog"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// TestExamplesParse checks that every example of the catalogue is valid Flow syntax, so the
// docs and the editor never show code that does not parse.
func TestExamplesParse(t *testing.T) {
	t.Parallel()
	n := 0
	for _, e := range catalog.All() {
		for _, ex := range e.Examples {
			n++
			_, ds := parser.Parse(e.Name+".flow", []byte(ex))
			for _, d := range ds {
				t.Errorf("%s: example %q: %s: %s", e.Name, ex, d.Range.Start, d.Message)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d examples", n)
	}
}

// TestExamplesUseTheirEntry checks that each example mentions the member it illustrates.
func TestExamplesUseTheirEntry(t *testing.T) {
	t.Parallel()
	for _, e := range catalog.All() {
		for _, ex := range e.Examples {
			if !strings.Contains(ex, e.Member) {
				t.Errorf("%s: example %q does not use %s", e.Name, ex, e.Member)
			}
		}
	}
}
