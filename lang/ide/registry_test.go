package ide

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/diag"
)

// testRegistry returns the registry of testdata/registry.json.
func testRegistry(tb testing.TB) *MemRegistry {
	tb.Helper()
	data, err := os.ReadFile("testdata/registry.json")
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := ParseRegistry(data)
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

func TestParseRegistry(t *testing.T) {
	t.Parallel()
	r, err := ParseRegistry([]byte(`{"tasks": [
		{"name": "b", "inputSchema": {"type": "object", "properties": {"x": {"type": ["string", "null"]}}, "additionalProperties": {"type": "string"}}},
		{"name": "a", "inputSchema": {"type": "object", "properties": {"y": {"type": "array", "items": {"type": "integer"}}}, "required": ["y"]}}
	], "workflows": [{"name": "w"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if ts := r.Tasks(); len(ts) != 2 || ts[0].Name != "a" || r.Fresh() {
		t.Fatalf("tasks %+v fresh %v", ts, r.Fresh())
	}
	b, _ := r.Task("b")
	if b.Input.Closed() || b.Input.Properties["x"].TypeText() != "string|null" {
		t.Fatalf("b: closed %v, x %s", b.Input.Closed(), b.Input.Properties["x"].TypeText())
	}
	a, _ := r.Task("a")
	if !a.Input.Closed() || a.Input.Properties["y"].TypeText() != "integer[]" || placeholder(a.Input.Properties["y"]) != "[]" {
		t.Fatalf("a: %+v", a.Input)
	}
	if _, ok := r.Workflow("w"); !ok {
		t.Fatal("workflow w")
	}
	out, err := json.Marshal(a.Input)
	if err != nil || string(out) != `{"type":"object","properties":{"y":{"type":"array","items":{"type":"integer"}}},"required":["y"]}` {
		t.Fatalf("marshal: %s %v", out, err)
	}
	if _, err := ParseRegistry([]byte(`{"tasks": 3}`)); err == nil {
		t.Fatal("a malformed registry must fail")
	}
}

// TestUnknownTaskSeverity checks that an unknown task is an error when the registry is fresh
// and a warning when it is not.
func TestUnknownTaskSeverity(t *testing.T) {
	t.Parallel()
	d := NewDocument("s.flow", 1, []byte("await Task.run(\"nope\")\n"))
	for _, fresh := range []bool{true, false} {
		reg := &MemRegistry{TaskList: []TaskInfo{{Name: "yes"}}, Current: fresh}
		ds := Diagnostics(d, reg)
		if len(ds) != 1 || ds[0].Code != diag.CodeUnknownTask {
			t.Fatalf("fresh=%v: %v", fresh, ds)
		}
		want := diag.Warning
		if fresh {
			want = diag.Error
		}
		if ds[0].Severity != want {
			t.Fatalf("fresh=%v: severity %s", fresh, ds[0].Severity)
		}
	}
	// No registry, or one that knows no task and is not fresh: no unknown-task diagnostic.
	for _, reg := range []Registry{nil, &MemRegistry{}} {
		if ds := Diagnostics(d, reg); len(ds) != 0 {
			t.Fatalf("%v: %v", reg, ds)
		}
	}
}

// TestParseRegistryWorkers checks that a task's workers are read and ordered newest first (ties
// by id), and that a cache without workers still parses.
func TestParseRegistryWorkers(t *testing.T) {
	t.Parallel()
	r, err := ParseRegistry([]byte(`{"tasks": [
		{"name": "a", "lastSeen": "2026-11-20T09:58:00Z", "workers": [
			{"id": "w-3", "lastSeen": "2026-11-20T09:00:00Z"},
			{"id": "w-2", "lastSeen": "2026-11-20T09:58:00Z"},
			{"id": "w-1", "lastSeen": "2026-11-20T09:58:00Z"},
			{"id": "w-0"}]},
		{"name": "b", "lastSeen": "2026-11-20T09:58:00Z"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := r.Task("a")
	var ids []string
	for _, w := range a.Workers {
		ids = append(ids, w.ID)
	}
	if got := strings.Join(ids, ","); got != "w-1,w-2,w-3,w-0" {
		t.Fatalf("workers of a in order %s, want w-1,w-2,w-3,w-0", got)
	}
	if md := taskMarkdown(a); !strings.Contains(md, "Workers: `w-1` (2026-11-20T09:58:00Z), `w-2` (2026-11-20T09:58:00Z), `w-3` (2026-11-20T09:00:00Z), `w-0` (last seen unknown)") ||
		strings.Contains(md, "workers last seen") {
		t.Fatalf("hover of a:\n%s", md)
	}
	b, _ := r.Task("b")
	if len(b.Workers) != 0 || b.LastSeen.IsZero() {
		t.Fatalf("b (no workers recorded): %+v", b)
	}
	if md := taskMarkdown(b); !strings.Contains(md, "workers last seen 2026-11-20T09:58:00Z") || strings.Contains(md, "Workers:") {
		t.Fatalf("hover of b:\n%s", md)
	}
}
