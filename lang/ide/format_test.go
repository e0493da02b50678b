package ide

import (
	"testing"

	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/format"
)

// applyEdits applies non-overlapping edits of d's text, in any order.
func applyEdits(d *Document, edits []diag.Edit) string {
	text := string(d.Text)
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		text = text[:e.Range.Start.Offset] + e.NewText + text[e.Range.End.Offset:]
	}
	return text
}

// TestFormatEdits checks that the edits of Format turn the text into the formatter's output,
// whatever part differs.
func TestFormatEdits(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"const  a=1\n",
		"const a = 1;\nlet  b=2\n",
		"let  b=2\nconst a = 1;\n",
		"const a = 1;\nlet  b=2\nconst c = 3;\n",
		"const a = 1;",
		"const a = 1;\n\n\n",
		"// comment\nconsole.log( 1 )\n// end",
		"const a = 1;\n",
		"",
		"x = 1\r\ny = 2\r\n",
		"const s = \"é😀\"\nconsole.log(  s  )\n",
	} {
		d := NewDocument("f.flow", 1, []byte(src))
		want, err := format.Source(d.Text)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		edits, err := Format(d)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := applyEdits(d, edits); got != string(want) {
			t.Errorf("%q: edits give %q, want %q", src, got, want)
		}
		if string(want) == src && len(edits) != 0 {
			t.Errorf("%q is formatted: want no edits, got %v", src, edits)
		}
	}
}
