package ide

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Diagnostic codes of the registry-aware checks, in addition to those of packages diag and
// check. They are stable.
const (
	// CodeMissingInput reports required fields of a task's input schema that the literal
	// inputs object of Task.run does not set.
	CodeMissingInput = diag.CodeMissingInput
	// CodeUnknownInput reports a field of the literal inputs object of Task.run that the
	// task's input schema does not accept.
	CodeUnknownInput = diag.CodeUnknownInput
)

// Diagnostics returns everything `rhythm check` reports for the document (syntax errors and
// the checker's diagnostics), plus, when reg is not nil, the registry-aware ones: unknown task
// names (errors when the registry is fresh, warnings otherwise), unknown workflow names, and
// input objects of Task.run that miss required fields or set fields the task's schema does not
// accept. The result is sorted with diag.Sort.
func Diagnostics(d *Document, reg Registry) []diag.Diagnostic {
	opts := check.Options{SyntaxErrors: diag.HasErrors(d.SyntaxDiagnostics()), Scopes: d.Scopes()}
	if reg != nil {
		if ts := reg.Tasks(); len(ts) > 0 || reg.Fresh() {
			opts.KnownTasks = make(map[string]bool, len(ts))
			for _, t := range ts {
				opts.KnownTasks[t.Name] = true
			}
		}
		if ws := reg.Workflows(); len(ws) > 0 {
			opts.KnownWorkflows = make(map[string]bool, len(ws))
			for _, w := range ws {
				opts.KnownWorkflows[w.Name] = true
			}
		}
	}
	inputs := reg != nil && slices.ContainsFunc(reg.Tasks(), hasInputFields)
	if inputs {
		// The registry checks walk the tree: the same walk tells whether it has Bad nodes,
		// which the checker would otherwise walk it again for.
		opts.SyntaxErrors = opts.SyntaxErrors || d.treeNodes().bad
		opts.NoBadNodes = true
	}
	out := append([]diag.Diagnostic(nil), d.SyntaxDiagnostics()...)
	out = append(out, check.Check(d.Tree(), opts)...)
	if reg != nil {
		for i := range out {
			if out[i].Code == diag.CodeUnknownTask {
				if reg.Fresh() {
					out[i].Severity = diag.Error
				} else {
					out[i].Message += " (the task registry may be out of date)"
				}
			}
		}
		if inputs {
			out = append(out, inputDiagnostics(d, reg)...)
		}
	}
	diag.Sort(out)
	return out
}

// inputDiagnostics checks the literal inputs objects of Task.run calls against the input
// schemas of the registry.
func inputDiagnostics(d *Document, reg Registry) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, call := range d.treeNodes().calls {
		inputCall(d, reg, call, &out)
	}
	return out
}

// inputCall checks one call with two arguments or more, if it is a Task.run call, and adds
// what it finds to out.
func inputCall(d *Document, reg Registry, call *ast.CallExpr, out *[]diag.Diagnostic) {
	en, ok := builtinOf(d, call.Callee)
	if !ok || en.Name != "Task.run" {
		return
	}
	name, ok := ast.Unparen(call.Args[0]).(*ast.StringLit)
	if !ok {
		return
	}
	obj, ok := ast.Unparen(call.Args[1]).(*ast.ObjectLit)
	if !ok {
		return
	}
	task, ok := reg.Task(name.Value)
	if !ok || !hasInputFields(task) {
		return
	}
	keys := map[string]bool{}
	for _, p := range obj.Props {
		if p == nil || p.Kind == ast.PropSpread || p.Computed {
			return // the object may set any key
		}
		k, kr, ok := propKey(p)
		if !ok {
			return
		}
		keys[k] = true
		if task.Input.Closed() && task.Input.Properties[k] == nil {
			dg := diag.Warningf(CodeUnknownInput, kr, "task `%s` has no input field `%s`", task.Name, k)
			if s := check.Suggest(k, task.Input.PropertyNames()); s != "" {
				dg.Message += fmt.Sprintf("; did you mean `%s`?", s)
				if p.Kind == ast.PropShorthand {
					dg.Fixes = append(dg.Fixes, diag.Fix{Title: fmt.Sprintf("replace with `%s`", s), Edits: []diag.Edit{{Range: kr, NewText: s + ": " + k}}})
				} else {
					dg.Fixes = append(dg.Fixes, diag.Fix{Title: fmt.Sprintf("replace with `%s`", s), Edits: []diag.Edit{{Range: kr, NewText: s}}})
				}
			}
			*out = append(*out, dg)
		}
	}
	var missing []string
	for _, r := range task.Input.Required {
		if !keys[r] && task.Input.Properties[r] != nil {
			missing = append(missing, r)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		quoted := make([]string, len(missing))
		for i, m := range missing {
			quoted[i] = "`" + m + "`"
		}
		word := "field"
		if len(missing) > 1 {
			word = "fields"
		}
		dg := diag.Warningf(CodeMissingInput, obj.Range, "task `%s` needs the input %s %s", task.Name, word, strings.Join(quoted, ", "))
		dg.Fixes = append(dg.Fixes, addFieldsFix(d, obj, missing, task.Input))
		*out = append(*out, dg)
	}
}

// hasInputFields reports whether the task's input schema names fields, against which the inputs
// objects of its calls are checked.
func hasInputFields(t TaskInfo) bool { return t.Input != nil && len(t.Input.Properties) > 0 }

// propKey returns the key of a non-computed property and the range of its key.
func propKey(p *ast.Property) (string, source.Range, bool) {
	switch k := p.Key.(type) {
	case *ast.Ident:
		return k.Name, k.Range, true
	case *ast.StringLit:
		return k.Value, k.Range, true
	}
	if p.Kind == ast.PropShorthand {
		if id, ok := p.Value.(*ast.Ident); ok {
			return id.Name, id.Range, true
		}
	}
	return "", source.Range{}, false
}

// addFieldsFix adds the missing fields to the object literal, each with a placeholder value
// of its schema type.
func addFieldsFix(d *Document, obj *ast.ObjectLit, missing []string, s *Schema) diag.Fix {
	parts := make([]string, len(missing))
	for i, m := range missing {
		parts[i] = m + ": " + placeholder(s.Properties[m])
	}
	title := "add the missing input fields"
	if len(missing) == 1 {
		title = "add the missing input field `" + missing[0] + "`"
	}
	if n := len(obj.Props); n > 0 {
		end := obj.Props[n-1].Range.End
		return diag.Fix{Title: title, Edits: []diag.Edit{{Range: source.Range{Start: end, End: end}, NewText: ", " + strings.Join(parts, ", ")}}}
	}
	return diag.Fix{Title: title, Edits: []diag.Edit{{Range: obj.Range, NewText: "{" + strings.Join(parts, ", ") + "}"}}}
}

// placeholder returns a literal of the schema's type for a field the user must fill in.
func placeholder(s *Schema) string {
	switch s.TypeText() {
	case "string":
		return `""`
	case "number", "integer":
		return "0"
	case "boolean":
		return "false"
	case "object":
		return "{}"
	}
	if strings.HasSuffix(s.TypeText(), "[]") || s.TypeText() == "array" {
		return "[]"
	}
	return "null"
}
