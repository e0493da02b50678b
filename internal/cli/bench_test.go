package cli

import (
	"regexp"
	"testing"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

// A small bench runs every measurement with real worker processes and reports every figure.
func TestBenchSmoke(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	out, errOut, code := runCLI(t, "", "bench", "--database-url", url, "--tasks", "300", "--workflows", "60", "--samples", "10", "--batch", "100")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, re := range []string{
		`(?m)^   enqueue: [0-9,]+ tasks/s \(batches of 100\)$`,
		`(?m)^   1 worker process\(es\): [0-9,]+ tasks/s completed$`,
		`(?m)^   2 worker process\(es\): [0-9,]+ tasks/s completed$`,
		`(?m)^   2 worker processes: [0-9,]+ workflows/s completed$`,
		`(?m)^   p50 \S+  p95 \S+  p99 \S+$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("output lacks %s:\n%s", re, out)
		}
	}
	// The benchmark's executions are gone.
	out, _, _ = runCLI(t, "", "list", "--all", "--database-url", url)
	if out != "" {
		t.Errorf("executions left:\n%s", out)
	}
	_, _, code = runCLI(t, "", "bench", "--database-url", url, "--tasks", "0")
	if code != 2 {
		t.Errorf("--tasks 0: exit %d", code)
	}
}
