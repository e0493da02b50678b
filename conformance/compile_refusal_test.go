package conformance

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rhythmflow/rhythm/engine/memrun"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// TestCompileErrorsNeverRun pins §10: "A syntax or compile-time error never reaches run time:
// registering a workflow with errors is refused with every diagnostic and its position." The
// program's first statement would log if it ran.
func TestCompileErrorsNeverRun(t *testing.T) {
	t.Parallel()
	src := []byte("console.log(\"ran\")\nlet a = nope\nconst b\nreturn a\n")
	logged := false
	_, err := memrun.Run(context.Background(), memrun.Options{
		File:   "main.flow",
		Source: src,
		OnLog:  func(memrun.LogLine) { logged = true },
	})
	var ce *memrun.CompileError
	if !errors.As(err, &ce) {
		t.Fatalf("memrun.Run: want a *memrun.CompileError, got %v", err)
	}
	if logged {
		t.Error("the workflow ran although it does not compile")
	}
	lines := map[int]string{}
	for _, d := range ce.Diagnostics {
		if d.Severity == diag.Error {
			lines[d.Range.Start.Line] = d.Code
		}
	}
	if lines[2] != diag.CodeUndeclared || lines[3] != diag.CodeConstNoInit {
		t.Errorf("want every error with its position (2: %s, 3: %s); got %v", diag.CodeUndeclared, diag.CodeConstNoInit, ce.Diagnostics)
	}
}

// TestChildCompileErrorsNeverRun pins §10 for a child workflow run for real: a child with a
// compile error is refused, not run.
func TestChildCompileErrorsNeverRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sub.flow"), []byte("return undeclaredThing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := memrun.Run(context.Background(), memrun.Options{
		File:   filepath.Join(dir, "main.flow"),
		Source: []byte("return await Workflow.run(\"sub\", {})\n"),
	})
	var ce *memrun.CompileError
	if !errors.As(err, &ce) {
		t.Fatalf("memrun.Run: want a *memrun.CompileError for the child, got %v", err)
	}
	if !diag.HasErrors(ce.Diagnostics) {
		t.Errorf("the child's CompileError holds no error: %v", ce.Diagnostics)
	}
}
