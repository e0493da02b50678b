package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/memrun"
	"github.com/rhythmflow/rhythm/internal/txtar"
	"github.com/rhythmflow/rhythm/lang"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/format"
)

var dir = flag.String("dir", "testdata", "folder of the *.txtar cases to run (testdata/failing: known failures)")

// epoch is where virtual time starts in every run case without a mocks "now".
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// tcase is one conformance case: the files of an archive that share a name prefix.
type tcase struct {
	name  string
	files map[string]string // suffix ("flow", "want", ...) -> content
}

// suffixes are the known kinds of case files, longest first so that "mocks.json" wins over "json".
var suffixes = []string{"mocks.json", "inputs.json", "options.json", "known.json", "spec", "flow", "want", "calls", "logs", "diags", "fmt"}

// childSuffix marks a child workflow's file: CASE.NAME.child.flow is the workflow NAME, next to
// the case's main.flow.
const childSuffix = ".child.flow"

// loadCases reads every case of one archive, in archive order.
func loadCases(t *testing.T, path string) []tcase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	byName := map[string]*tcase{}
	for _, f := range txtar.Parse(string(data)).Files {
		n := f.Name
		var base, suf string
		if strings.HasSuffix(n, childSuffix) {
			caseName, child, ok := strings.Cut(strings.TrimSuffix(n, childSuffix), ".")
			if !ok {
				t.Fatalf("%s: child file %q is not CASE.NAME%s", path, n, childSuffix)
			}
			base, suf = caseName, "child:"+child
		}
		for _, s := range suffixes {
			if suf != "" {
				break
			}
			if strings.HasSuffix(n, "."+s) {
				base, suf = strings.TrimSuffix(n, "."+s), s
				break
			}
		}
		if suf == "" {
			t.Fatalf("%s: file %q has no known suffix", path, n)
		}
		c, ok := byName[base]
		if !ok {
			c = &tcase{name: base, files: map[string]string{}}
			byName[base] = c
			order = append(order, base)
		}
		if _, dup := c.files[suf]; dup {
			t.Fatalf("%s: case %q has two %s files", path, base, suf)
		}
		c.files[suf] = f.Data
	}
	var out []tcase
	for _, n := range order {
		c := byName[n]
		if _, ok := c.files["spec"]; !ok {
			t.Fatalf("%s: case %q names no spec sentence", path, n)
		}
		if _, ok := c.files["flow"]; !ok {
			t.Fatalf("%s: case %q has no program", path, n)
		}
		_, w := c.files["want"]
		_, d := c.files["diags"]
		_, f := c.files["fmt"]
		if !w && !d && !f {
			t.Fatalf("%s: case %q expects nothing (want, diags or fmt)", path, n)
		}
		out = append(out, *c)
	}
	return out
}

// TestConformance runs every case of every archive in -dir.
func TestConformance(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob(filepath.Join(*dir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no cases in %s", *dir)
	}
	for _, p := range paths {
		cases := loadCases(t, p)
		file := strings.TrimSuffix(filepath.Base(p), ".txtar")
		for _, c := range cases {
			t.Run(file+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				runCase(t, c)
			})
		}
	}
}

func runCase(t *testing.T, c tcase) {
	spec := strings.TrimSpace(c.files["spec"])
	src := []byte(c.files["flow"])
	defer func() {
		if t.Failed() {
			t.Logf("spec: %s\nprogram:\n%s", spec, src)
		}
	}()
	if want, ok := c.files["diags"]; ok {
		checkDiags(t, src, want, c.files["known.json"])
	}
	if want, ok := c.files["fmt"]; ok {
		checkFormat(t, src, want)
	}
	if want, ok := c.files["want"]; ok {
		checkRun(t, c, src, want)
	}
}

// checkDiags compares lang.Analyze's diagnostics with the expected lines.
func checkDiags(t *testing.T, src []byte, want, known string) {
	t.Helper()
	var opts check.Options
	if known != "" {
		var k struct{ Tasks, Workflows []string }
		if err := json.Unmarshal([]byte(known), &k); err != nil {
			t.Fatalf("known.json: %v", err)
		}
		opts.KnownTasks, opts.KnownWorkflows = map[string]bool{}, map[string]bool{}
		for _, n := range k.Tasks {
			opts.KnownTasks[n] = true
		}
		for _, n := range k.Workflows {
			opts.KnownWorkflows[n] = true
		}
	}
	_, ds := lang.Analyze("main.flow", src, opts)
	if strings.TrimSpace(want) == "none" {
		if len(ds) != 0 {
			t.Errorf("want no diagnostics; got:\n%s", listDiags(ds))
		}
		return
	}
	used := make([]bool, len(ds))
	// Cascading syntax errors are tolerated once one is expected where it must be.
	syntaxOK := false
	for _, line := range strings.Split(strings.TrimSpace(want), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line == "none" {
			continue
		}
		fields := strings.Fields(line)
		wantFix := len(fields) == 4 && fields[3] == "fix"
		if len(fields) != 3 && !wantFix {
			t.Fatalf("bad diags line %q (want `LINE[:COL][-ENDLINE:ENDCOL] SEVERITY CODE [fix]`)", line)
		}
		ln, col := 0, 0
		pos, end, hasEnd := strings.Cut(fields[0], "-")
		lc := strings.SplitN(pos, ":", 2)
		ln, err := strconv.Atoi(lc[0])
		if err != nil {
			t.Fatalf("bad line in %q", line)
		}
		if len(lc) == 2 {
			if col, err = strconv.Atoi(lc[1]); err != nil {
				t.Fatalf("bad column in %q", line)
			}
		}
		if fields[2] == diag.CodeSyntax || fields[2] == diag.CodeInvalidLiteral {
			syntaxOK = true
		}
		found := false
		for i, d := range ds {
			if used[i] || d.Code != fields[2] || d.Severity.String() != fields[1] || d.Range.Start.Line != ln {
				continue
			}
			if col != 0 && d.Range.Start.Col != col {
				continue
			}
			if wantFix && len(d.Fixes) == 0 {
				continue
			}
			if hasEnd && fmt.Sprintf("%d:%d", d.Range.End.Line, d.Range.End.Col) != end {
				continue
			}
			used[i], found = true, true
			break
		}
		if !found {
			t.Errorf("missing diagnostic %s; got:\n%s", line, listDiags(ds))
		}
	}
	for i, d := range ds {
		if syntaxOK && (d.Code == diag.CodeSyntax || d.Code == diag.CodeInvalidLiteral) {
			continue
		}
		if !used[i] && d.Severity == diag.Error {
			t.Errorf("unexpected error %s; got:\n%s", d, listDiags(ds))
		}
	}
}

func listDiags(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "  %s\n", d)
	}
	if len(ds) == 0 {
		b.WriteString("  (none)\n")
	}
	return b.String()
}

// checkFormat compares format.Source's output, and checks that it is idempotent.
func checkFormat(t *testing.T, src []byte, want string) {
	t.Helper()
	got, err := format.Source(src)
	if strings.TrimSpace(want) == "refused" {
		var se *format.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("format.Source: want a *SyntaxError refusal, got %v (output %q)", err, got)
		}
		return
	}
	if err != nil {
		t.Fatalf("format.Source: %v", err)
	}
	if string(got) != want {
		t.Errorf("format.Source:\n got %q\nwant %q", got, want)
	}
	again, err := format.Source(got)
	if err != nil || !bytes.Equal(again, got) {
		t.Errorf("format is not idempotent: %q then %q (%v)", got, again, err)
	}
}

// runOnce runs the case's program through memrun.
func runOnce(t *testing.T, c tcase, src []byte, snapshot bool) *memrun.Result {
	t.Helper()
	file := "main.flow"
	children := false
	for suf, text := range c.files {
		if child, ok := strings.CutPrefix(suf, "child:"); ok {
			if !children {
				file = filepath.Join(t.TempDir(), "main.flow")
				children = true
			}
			if err := os.WriteFile(filepath.Join(filepath.Dir(file), child+".flow"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	opts := memrun.Options{
		File:                    file,
		Source:                  src,
		Now:                     epoch,
		Seed:                    1,
		SnapshotEverySuspension: snapshot,
	}
	if m, ok := c.files["mocks.json"]; ok {
		mocks, err := memrun.LoadMocks([]byte(m))
		if err != nil {
			t.Fatalf("mocks: %v", err)
		}
		opts.Mocks = mocks
	}
	if in, ok := c.files["inputs.json"]; ok {
		opts.Inputs = json.RawMessage(in)
	}
	if o, ok := c.files["options.json"]; ok {
		var lim struct{ MaxSteps, MaxSize int }
		if err := json.Unmarshal([]byte(o), &lim); err != nil {
			t.Fatalf("options: %v", err)
		}
		opts.MaxSteps, opts.MaxSize = lim.MaxSteps, lim.MaxSize
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := memrun.Run(ctx, opts)
	if err != nil {
		var ce *memrun.CompileError
		if errors.As(err, &ce) {
			t.Fatalf("memrun.Run (snapshot=%v): compile error:\n%s", snapshot, listDiags(ce.Diagnostics))
		}
		t.Fatalf("memrun.Run (snapshot=%v): %v", snapshot, err)
	}
	return res
}

// checkRun runs the program straight through and with snapshots, requires both results to be
// identical, and compares the result with the expectations.
func checkRun(t *testing.T, c tcase, src []byte, want string) {
	t.Helper()
	straight := runOnce(t, c, src, false)
	snap := runOnce(t, c, src, true)
	if !bytes.Equal(straight.JSON(), snap.JSON()) {
		t.Errorf("suspension changed the result:\nstraight: %s\nsnapshot: %s", straight.JSON(), snap.JSON())
	}
	res := straight
	want = strings.TrimSpace(want)
	status, body, _ := strings.Cut(want, " ")
	switch status {
	case memrun.StatusCompleted:
		if res.Status != memrun.StatusCompleted {
			t.Fatalf("status %s, want completed %s; error %s", res.Status, body, res.Error)
		}
		if g, w := compact(t, res.Output), compact(t, []byte(body)); g != w {
			t.Errorf("output:\n got %s\nwant %s", g, w)
		}
	case memrun.StatusFailed:
		if res.Status != memrun.StatusFailed {
			t.Fatalf("status %s (output %s), want failed %s", res.Status, res.Output, body)
		}
		if string(res.Output) != "null" {
			t.Errorf("a failed run's output is %s, want null (§12.5)", res.Output)
		}
		matchSubset(t, res.Error, body)
	default:
		t.Fatalf("bad want %q: starts with completed or failed", want)
	}
	if w, ok := c.files["calls"]; ok {
		var whole struct{ Calls json.RawMessage }
		if err := json.Unmarshal(res.JSON(), &whole); err != nil {
			t.Fatal(err)
		}
		if g, w := compact(t, whole.Calls), compact(t, []byte(w)); g != w {
			t.Errorf("calls:\n got %s\nwant %s", g, w)
		}
	}
	if w, ok := c.files["logs"]; ok {
		wl := strings.Split(strings.TrimSuffix(w, "\n"), "\n")
		if w == "" {
			wl = nil
		}
		if strings.Join(res.Logs, "\n") != strings.Join(wl, "\n") || len(res.Logs) != len(wl) {
			t.Errorf("logs:\n got %q\nwant %q", res.Logs, wl)
		}
	}
}

func compact(t *testing.T, data []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		t.Fatalf("invalid JSON %q: %v", data, err)
	}
	return b.String()
}

// matchSubset requires every key of the want object to be in the got object with an equal
// value (compared as compact JSON). A want value that is a string starting with "~" only
// requires the got string to contain the rest.
func matchSubset(t *testing.T, got []byte, want string) {
	t.Helper()
	var g map[string]json.RawMessage
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("error %s is not an object: %v", got, err)
	}
	var w map[string]json.RawMessage
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %q: %v", want, err)
	}
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		gv, ok := g[k]
		if !ok {
			t.Errorf("error %s has no %q (want %s)", got, k, w[k])
			continue
		}
		var pattern string
		if json.Unmarshal(w[k], &pattern) == nil && strings.HasPrefix(pattern, "~") {
			var gs string
			if json.Unmarshal(gv, &gs) != nil || !strings.Contains(gs, pattern[1:]) {
				t.Errorf("error.%s = %s, want a string containing %q", k, gv, pattern[1:])
			}
			continue
		}
		if compact(t, gv) != compact(t, w[k]) {
			t.Errorf("error.%s = %s, want %s (error %s)", k, gv, w[k], got)
		}
	}
}
