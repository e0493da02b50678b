package conformance

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/format"
)

// TestFormatKeepsMeaning formats the program of every run case and runs it again: the issue
// requires that formatting never changes meaning, so the status, output, error code, calls and
// logs must be the same (positions may move). The formatted text must also be a fixed point.
func TestFormatKeepsMeaning(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob(filepath.Join(*dir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		file := strings.TrimSuffix(filepath.Base(p), ".txtar")
		for _, c := range loadCases(t, p) {
			if _, ok := c.files["want"]; !ok {
				continue
			}
			if src := c.files["flow"]; strings.Contains(src, ".line") || strings.Contains(src, ".column") {
				continue // the program observes positions, which formatting may move
			}
			t.Run(file+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				src := []byte(c.files["flow"])
				formatted, err := format.Source(src)
				if err != nil {
					t.Fatalf("format.Source refused a program that runs: %v\n%s", err, src)
				}
				again, err := format.Source(formatted)
				if err != nil || !bytes.Equal(again, formatted) {
					t.Errorf("format is not idempotent:\n%s\nthen\n%s (%v)", formatted, again, err)
				}
				before := meaning(t, runOnce(t, c, src, false).JSON())
				after := meaning(t, runOnce(t, c, formatted, false).JSON())
				if before != after {
					t.Errorf("formatting changed the result:\nbefore: %s\nafter:  %s\nsource:\n%s\nformatted:\n%s", before, after, src, formatted)
				}
			})
		}
	}
}

// meaning is a result's JSON without the positions of its error.
func meaning(t *testing.T, result []byte) string {
	t.Helper()
	var r map[string]json.RawMessage
	if err := json.Unmarshal(result, &r); err != nil {
		t.Fatal(err)
	}
	var e map[string]json.RawMessage
	if json.Unmarshal(r["error"], &e) == nil && e != nil {
		r["error"] = json.RawMessage(e["code"])
	}
	var b strings.Builder
	for _, k := range []string{"status", "output", "error", "calls", "logs"} {
		b.WriteString(k + "=" + compact(t, r[k]) + "\n")
	}
	return b.String()
}
