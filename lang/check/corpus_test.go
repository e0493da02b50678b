package check_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// The corpus in testdata/*.flow states its expected diagnostics inline, on the line where each
// diagnostic starts, in a trailing line comment:
//
//	let a = b // ERROR undeclared-variable "undeclared variable `b`"
//	x === x   // WARNING self-comparison
//	[b, c] = [c, b] // ERROR assign-to-const ERROR assign-to-const
//
// Each expectation is ERROR or WARNING, a code, and optionally a quoted substring of the
// message (`\"` inside it stands for a quote). Every diagnostic of the parser and the checker
// must match exactly one expectation of its line, and every expectation must be matched.
//
// Header lines `// @tasks a b` and `// @workflows x y` set Options.KnownTasks and
// Options.KnownWorkflows for the file.

// expectRE finds one expectation in a comment.
var expectRE = regexp.MustCompile(`\b(ERROR|WARNING)\s+([a-z][a-z0-9-]*)(?:\s+"((?:[^"\\]|\\.)*)")?`)

type expectation struct {
	line     int
	severity diag.Severity
	code     string
	substr   string
	matched  bool
}

func (e *expectation) String() string {
	s := fmt.Sprintf("line %d: %s %s", e.line, e.severity, e.code)
	if e.substr != "" {
		s += fmt.Sprintf(" %q", e.substr)
	}
	return s
}

// parseExpectations reads the expectations and options of a corpus file.
func parseExpectations(src string) ([]*expectation, check.Options) {
	var exps []*expectation
	var opts check.Options
	for i, line := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(line, "// @tasks"); ok {
			opts.KnownTasks = set(strings.Fields(rest))
			continue
		}
		if rest, ok := strings.CutPrefix(line, "// @workflows"); ok {
			opts.KnownWorkflows = set(strings.Fields(rest))
			continue
		}
		k := strings.Index(line, "// ")
		if k < 0 {
			continue
		}
		for _, m := range expectRE.FindAllStringSubmatch(line[k:], -1) {
			sev := diag.Error
			if m[1] == "WARNING" {
				sev = diag.Warning
			}
			exps = append(exps, &expectation{line: i + 1, severity: sev, code: m[2], substr: strings.ReplaceAll(m[3], `\"`, `"`)})
		}
	}
	return exps, opts
}

func set(names []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// analyze parses and checks src as the parser and checker together report it (as lang.Analyze
// does).
func analyze(name string, src []byte, opts check.Options) []diag.Diagnostic {
	f, ds := parser.Parse(name, src)
	opts.SyntaxErrors = diag.HasErrors(ds)
	ds = append(ds, check.Check(f, opts)...)
	diag.Sort(ds)
	return ds
}

func corpusFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.flow"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	return files
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	for _, path := range corpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			exps, opts := parseExpectations(string(src))
			ds := analyze(filepath.Base(path), src, opts)
			for _, d := range ds {
				if !matchExpectation(exps, d) {
					t.Errorf("%s:%s: unexpected %s %s: %s", path, d.Range.Start, d.Severity, d.Code, d.Message)
				}
				checkWellFormed(t, path, d)
			}
			for _, e := range exps {
				if !e.matched {
					t.Errorf("%s: missing diagnostic %s", path, e)
				}
			}
		})
	}
}

func matchExpectation(exps []*expectation, d diag.Diagnostic) bool {
	for _, e := range exps {
		if !e.matched && e.line == d.Range.Start.Line && e.severity == d.Severity && e.code == d.Code &&
			strings.Contains(d.Message, e.substr) {
			e.matched = true
			return true
		}
	}
	return false
}

// checkWellFormed verifies the invariants every diagnostic must satisfy.
func checkWellFormed(t *testing.T, path string, d diag.Diagnostic) {
	t.Helper()
	r := d.Range
	if !r.Start.IsValid() || !r.End.IsValid() || r.End.Offset < r.Start.Offset {
		t.Errorf("%s: %s has an invalid range %v", path, d.Code, r)
	}
	if d.Message == "" || d.Code == "" {
		t.Errorf("%s: diagnostic without code or message: %+v", path, d)
	}
	for _, f := range d.Fixes {
		if f.Title == "" || len(f.Edits) == 0 {
			t.Errorf("%s: %s has an empty fix %+v", path, d.Code, f)
		}
	}
}

// TestCorpusCoversCodes requires every code the checker can report to appear in the corpus.
func TestCorpusCoversCodes(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, path := range corpusFiles(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		exps, _ := parseExpectations(string(src))
		for _, e := range exps {
			seen[e.code] = true
		}
	}
	var missing []string
	for _, code := range checkerCodes {
		if !seen[code] {
			missing = append(missing, code)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("codes without a corpus case: %v", missing)
	}
}

// checkerCodes are the codes the checker reports (invalid-assignment-target and the syntax
// codes come from the parser).
var checkerCodes = []string{
	diag.CodeUnsupported, diag.CodeFunctions, diag.CodeWrapperParams,
	diag.CodeUndeclared, diag.CodeUseBeforeDecl, diag.CodeAssignConst, diag.CodeAssignBuiltin,
	diag.CodeDuplicateDecl, diag.CodeConstNoInit, diag.CodeShadowBuiltin, diag.CodeUnusedVariable,
	diag.CodeUnknownLabel, diag.CodeBreakOutsideLoop, diag.CodeContinueOutside, diag.CodeInvalidDelete,
	diag.CodeDeclarationBody,
	diag.CodeArgCount, diag.CodeUnknownMember, diag.CodeNameNotString, diag.CodeAwaitInCallback,
	diag.CodeBadDuration, diag.CodeUnawaitedSignal, diag.CodeUnknownTask, diag.CodeUnknownWorkflow,
	diag.CodeUnknownOption, diag.CodeUnreachable, diag.CodeSelfComparison, diag.CodeNeverSettles,
	check.CodeDuplicateLabel, check.CodeBadInstant, check.CodeInvalidArgument, check.CodeDiscardedPromise,
}
