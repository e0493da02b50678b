package ide

import (
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Action is a code action: a quick fix of a diagnostic.
type Action struct {
	Title string
	// Diagnostic is the diagnostic the action fixes.
	Diagnostic diag.Diagnostic
	Edits      []diag.Edit
	// Preferred marks the fix to apply with "fix all" / auto-fix (the only fix of a
	// diagnostic).
	Preferred bool
}

// CodeActions returns the quick fixes of the diagnostics (as Diagnostics reports them with
// reg) that overlap the byte range [start, end], in diagnostic order: "did you mean …?"
// replacements, adding missing input fields, declaring a variable, removing unused code and
// the other fixes the checker suggests.
func CodeActions(d *Document, start, end int, reg Registry) []Action {
	return ActionsFor(Diagnostics(d, reg), start, end)
}

// ActionsFor returns the quick fixes of the given diagnostics that overlap [start, end].
func ActionsFor(ds []diag.Diagnostic, start, end int) []Action {
	var out []Action
	for _, dg := range ds {
		if !overlaps(dg.Range, start, end) {
			continue
		}
		for _, f := range dg.Fixes {
			out = append(out, Action{Title: f.Title, Diagnostic: dg, Edits: f.Edits, Preferred: len(dg.Fixes) == 1})
		}
	}
	return out
}

// overlaps reports whether r touches [start, end] (an empty range at either end counts).
func overlaps(r source.Range, start, end int) bool {
	return r.Start.Offset <= end && start <= r.End.Offset
}
