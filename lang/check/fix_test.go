package check_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// applyFix returns src with the edits of f applied (edits must not overlap).
func applyFix(t *testing.T, src string, f diag.Fix) string {
	t.Helper()
	edits := append([]diag.Edit(nil), f.Edits...)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Range.Start.Offset > edits[j].Range.Start.Offset })
	out := src
	for i, e := range edits {
		s, en := e.Range.Start.Offset, e.Range.End.Offset
		if s < 0 || en > len(out) || s > en {
			t.Fatalf("edit %d out of range: %v", i, e.Range)
		}
		if i > 0 && en > edits[i-1].Range.Start.Offset {
			t.Fatalf("overlapping edits in %q", f.Title)
		}
		out = out[:s] + e.NewText + out[en:]
	}
	return out
}

func TestFixes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opts  check.Options
		src   string
		code  string
		title string // prefix of the fix title
		want  string
	}{
		{"did you mean", check.Options{}, "const count = 1\nconsole.log(cont)\n", diag.CodeUndeclared, "replace with `count`",
			"const count = 1\nconsole.log(count)\n"},
		{"declare undeclared", check.Options{}, "total = 1\nconsole.log(total)\n", diag.CodeUndeclared, "declare `total` with `let`",
			"let total = 1\nconsole.log(total)\n"},
		{"undefined", check.Options{}, "const x = undefined\nconsole.log(x)\n", diag.CodeUndeclared, "replace with `null`",
			"const x = null\nconsole.log(x)\n"},
		{"const to let", check.Options{}, "const n = 1\nn = 2\nconsole.log(n)\n", diag.CodeAssignConst, "declare `n` with `let`",
			"let n = 1\nn = 2\nconsole.log(n)\n"},
		{"const without initialiser", check.Options{}, "const n\nconsole.log(n)\n", diag.CodeConstNoInit, "declare with `let`",
			"let n\nconsole.log(n)\n"},
		{"duplicate becomes assignment", check.Options{}, "let a = 1\nlet a = 2\nconsole.log(a)\n", diag.CodeDuplicateDecl, "assign to the existing",
			"let a = 1\na = 2\nconsole.log(a)\n"},
		{"remove unused declaration", check.Options{}, "const a = [1, {b: 2}]\nconsole.log(1)\n", diag.CodeUnusedVariable, "remove the declaration",
			"\nconsole.log(1)\n"},
		{"remove unused keeps effects", check.Options{}, "const r = await Task.run(\"x\")\n", diag.CodeUnusedVariable, "remove `r`, keep the expression",
			"await Task.run(\"x\")\n"},
		{"remove one of two declarators", check.Options{}, "let a = 1, b = 2\nconsole.log(a)\n", diag.CodeUnusedVariable, "remove `b`",
			"let a = 1\nconsole.log(a)\n"},
		{"remove first of two declarators", check.Options{}, "let a = 1, b = 2\nconsole.log(b)\n", diag.CodeUnusedVariable, "remove `a`",
			"let b = 2\nconsole.log(b)\n"},
		{"rename unused", check.Options{}, "for (const item of [1]) {\n  console.log(1)\n}\n", diag.CodeUnusedVariable, "rename to `_item`",
			"for (const _item of [1]) {\n  console.log(1)\n}\n"},
		{"rename unused shorthand", check.Options{}, "const {a, b} = Inputs\nconsole.log(a)\n", diag.CodeUnusedVariable, "rename to `_b`",
			"const {a, b: _b} = Inputs\nconsole.log(a)\n"},
		{"rename unused with writes", check.Options{}, "let n = 0\nn++\nn = 3\n", diag.CodeUnusedVariable, "rename to `_n`",
			"let _n = 0\n_n++\n_n = 3\n"},
		{"rename unused with shorthand write", check.Options{}, "let n = 0\n;({n} = {n: 1})\n", diag.CodeUnusedVariable, "rename to `_n`",
			"let _n = 0\n;({n: _n} = {n: 1})\n"},
		{"remove catch binding", check.Options{}, "try {\n  console.log(1)\n} catch (e) {\n  console.log(2)\n}\n", diag.CodeUnusedVariable, "remove the unused catch binding",
			"try {\n  console.log(1)\n} catch {\n  console.log(2)\n}\n"},
		{"unknown member", check.Options{}, "console.log(Math.flor(1))\n", diag.CodeUnknownMember, "replace with `floor`",
			"console.log(Math.floor(1))\n"},
		{"unknown option", check.Options{}, "await Task.run(\"a\", {}, {retry: 3})\n", diag.CodeUnknownOption, "replace with `retries`",
			"await Task.run(\"a\", {}, {retries: 3})\n"},
		{"unknown option shorthand", check.Options{}, "const retry = 3\nawait Task.run(\"a\", {}, {retry})\n", diag.CodeUnknownOption, "replace with `retries`",
			"const retry = 3\nawait Task.run(\"a\", {}, {retries: retry})\n"},
		{"duration", check.Options{}, "await Timer.delay('5 minutes')\n", diag.CodeBadDuration, "replace with \"5m\"",
			"await Timer.delay('5m')\n"},
		{"duration groups", check.Options{}, "await Timer.delay(\"1H 30M\")\n", diag.CodeBadDuration, "replace with \"1h30m\"",
			"await Timer.delay(\"1h30m\")\n"},
		{"quote task name", check.Options{}, "await Task.run(42)\n", diag.CodeNameNotString, "quote the name",
			"await Task.run(\"42\")\n"},
		{"unknown task", check.Options{KnownTasks: map[string]bool{"send_email": true}}, "await Task.run('send_emial')\n", diag.CodeUnknownTask, "replace with `send_email`",
			"await Task.run('send_email')\n"},
		{"unknown workflow", check.Options{KnownWorkflows: map[string]bool{"ship_order": true}}, "await Workflow.run(\"ship_ordr\")\n", diag.CodeUnknownWorkflow, "replace with `ship_order`",
			"await Workflow.run(\"ship_order\")\n"},
		{"extra arguments", check.Options{}, "console.log(Math.floor(1.5, 2, 3))\n", diag.CodeArgCount, "remove the extra arguments",
			"console.log(Math.floor(1.5))\n"},
		{"extra argument of no-argument function", check.Options{}, "console.log(Date.now(1))\n", diag.CodeArgCount, "remove the extra argument",
			"console.log(Date.now())\n"},
		{"await signal", check.Options{}, "Signal.next(\"go\")\n", diag.CodeUnawaitedSignal, "await the signal",
			"await Signal.next(\"go\")\n"},
		{"await timer", check.Options{}, "Timer.delay(\"1h\")\n", check.CodeDiscardedPromise, "await it",
			"await Timer.delay(\"1h\")\n"},
		{"var to let", check.Options{}, "var a = 1\nconsole.log(a)\n", diag.CodeUnsupported, "replace `var` with `let`",
			"let a = 1\nconsole.log(a)\n"},
		{"wrapper parameters", check.Options{}, "async function main(a, b) {\n  return 1\n}\n", diag.CodeWrapperParams, "remove the parameters",
			"async function main() {\n  return 1\n}\n"},
		{"declaration body", check.Options{}, "if (Inputs.a) let _x = 1\n", diag.CodeDeclarationBody, "wrap in braces",
			"if (Inputs.a) { let _x = 1 }\n"},
		{"unreachable", check.Options{}, "while (true) {\n  break\n  console.log(1)\n}\n", diag.CodeUnreachable, "remove the unreachable code",
			"while (true) {\n  break\n  \n}\n"},
		{"unknown label", check.Options{}, "outer: while (true) {\n  break outr\n}\n", diag.CodeUnknownLabel, "replace with `outer`",
			"outer: while (true) {\n  break outer\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ds := analyze("fix.flow", []byte(tt.src), tt.opts)
			var found *diag.Fix
			var titles []string
			for _, d := range ds {
				if d.Code != tt.code {
					continue
				}
				for i, f := range d.Fixes {
					titles = append(titles, f.Title)
					if found == nil && strings.HasPrefix(f.Title, tt.title) {
						found = &d.Fixes[i]
					}
				}
			}
			if found == nil {
				t.Fatalf("no fix %q for %s among %q; diagnostics: %v", tt.title, tt.code, titles, ds)
			}
			got := applyFix(t, tt.src, *found)
			if got != tt.want {
				t.Fatalf("fix %q gave\n%s\nwant\n%s", found.Title, got, tt.want)
			}
			// The fixed text no longer has the diagnostic.
			for _, d := range analyze("fix.flow", []byte(got), tt.opts) {
				if d.Code == tt.code {
					t.Errorf("after the fix, still: %s", d)
				}
			}
		})
	}
}
