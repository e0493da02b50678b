package ide

import (
	"github.com/rhythmflow/rhythm/lang/source"
)

// WorkflowLens is where the editor shows the workflow's actions ("Run"): on the first
// statement of the body (the wrapper when there is one), or at the start of an empty file.
type WorkflowLens struct {
	Range source.Range
	// Workflow is the workflow's name (the file name without .flow).
	Workflow string
}

// Lenses returns the code lenses of the document: one per workflow (a file is one workflow).
func Lenses(d *Document) []WorkflowLens {
	f := d.Tree()
	r := d.File.Range(0, 0)
	switch {
	case f.Wrapper != nil:
		r = f.Wrapper.Range
	case len(f.Stmts) > 0 && f.Stmts[0] != nil:
		r = f.Stmts[0].Span()
	}
	r.End = r.Start
	return []WorkflowLens{{Range: r, Workflow: f.Name}}
}
