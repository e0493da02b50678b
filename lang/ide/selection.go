package ide

import (
	"github.com/rhythmflow/rhythm/lang/source"
)

// SelectionRanges returns, for the byte offset off, the ranges an "expand selection" goes
// through: the syntax nodes containing it, innermost first, ending with the whole document.
// Nodes with the same range appear once.
func SelectionRanges(d *Document, off int) []source.Range {
	path := pathAt(d.Tree(), off)
	var out []source.Range
	for i := len(path) - 1; i >= 0; i-- {
		r := path[i].Span()
		if i == 0 {
			r = d.File.Range(0, len(d.Text))
		}
		if n := len(out); n > 0 && out[n-1].Start.Offset == r.Start.Offset && out[n-1].End.Offset == r.End.Offset {
			continue
		}
		if n := len(out); n > 0 && !r.Covers(out[n-1]) {
			continue
		}
		out = append(out, r)
	}
	return out
}
