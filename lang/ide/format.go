package ide

import (
	"bytes"
	"fmt"

	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/format"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Format returns the edits that give the document the canonical layout of `rhythm fmt`: none
// when it is already formatted, else one edit replacing the part that differs (the common
// beginning and end are kept, so the editor keeps its cursor and folds there). A document with
// syntax errors is not formatted: the error is a *format.SyntaxError.
func Format(d *Document) ([]diag.Edit, error) {
	out, err := format.Source(d.Text)
	if err != nil {
		return nil, fmt.Errorf("format %s: %w", d.Name, err)
	}
	if bytes.Equal(out, d.Text) {
		return nil, nil
	}
	// Trim the common prefix and suffix, on line boundaries.
	p := 0
	for p < len(out) && p < len(d.Text) && out[p] == d.Text[p] {
		p++
	}
	p = bytes.LastIndexByte(d.Text[:p], '\n') + 1
	s := 0
	for s < len(out)-p && s < len(d.Text)-p && out[len(out)-1-s] == d.Text[len(d.Text)-1-s] {
		s++
	}
	if i := bytes.IndexByte(d.Text[len(d.Text)-s:], '\n'); i >= 0 {
		s -= i + 1
	} else {
		s = 0
	}
	r := source.Range{Start: d.File.Pos(p), End: d.File.Pos(len(d.Text) - s)}
	return []diag.Edit{{Range: r, NewText: string(out[p : len(out)-s])}}, nil
}
