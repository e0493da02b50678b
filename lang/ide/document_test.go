package ide

import (
	"os"
	"path/filepath"
	"testing"
)

func TestApplyUTF16(t *testing.T) {
	t.Parallel()
	d := NewDocument("a.flow", 1, []byte("let é = \"😀x\"\nconst b = 1\n"))
	// Replace the x after the emoji: line 0, UTF-16 column 11 (the emoji counts twice).
	d2, err := d.Apply(2, []Change{
		{Start: Position{0, 11}, End: Position{0, 12}, Text: "y"},
		{Start: Position{1, 6}, End: Position{1, 7}, Text: "bb"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(d2.Text), "let é = \"😀y\"\nconst bb = 1\n"; got != want {
		t.Fatalf("text = %q, want %q", got, want)
	}
	if d2.Version != 2 || d.Version != 1 {
		t.Fatalf("versions %d %d", d.Version, d2.Version)
	}
	if p := d2.Position(len("let é = \"😀")); p != (Position{0, 11}) {
		t.Fatalf("Position = %+v", p)
	}
	if off := d2.Offset(Position{0, 11}); off != len("let é = \"😀") {
		t.Fatalf("Offset = %d", off)
	}
	d3, err := d2.Apply(3, []Change{{Whole: true, Text: "x"}})
	if err != nil || string(d3.Text) != "x" {
		t.Fatalf("whole replace: %q %v", d3.Text, err)
	}
	if _, err := d2.Apply(4, []Change{{Start: Position{1, 3}, End: Position{0, 1}}}); err == nil {
		t.Fatal("a change ending before it starts must fail")
	}
}

// TestEveryOffset runs every feature at every offset of the marker files and of truncated
// copies of them: nothing may panic, and ranges must lie inside the document.
func TestEveryOffset(t *testing.T) {
	t.Parallel()
	reg := testRegistry(t)
	files, _ := filepath.Glob("testdata/*.flow")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			everyOffset(t, file, src, reg)
		})
	}
}

func everyOffset(t *testing.T, file string, src []byte, reg Registry) {
	for _, cut := range []int{len(src), len(src) / 2} {
		step := 1 // every offset of the whole file, every fourth of the truncated copy
		if cut < len(src) {
			step = 4
		}
		d := NewDocument(file, 1, src[:cut])
		n := len(d.Text)
		check := func(what string, start, end int) {
			if start < 0 || end > n || start > end {
				t.Fatalf("%s: %s range %d-%d outside 0-%d", file, what, start, end, n)
			}
		}
		ds := Diagnostics(d, reg)
		Symbols(d)
		FoldingRanges(d)
		for _, tk := range SemanticTokens(d, 0, -1) {
			check("token", tk.Range.Start.Offset, tk.Range.End.Offset)
		}
		InlayHints(d, 0, n)
		Format(d)
		for off := 0; off <= n; off += step {
			for _, it := range Complete(d, off, reg) {
				check("completion", it.Replace.Start.Offset, it.Replace.End.Offset)
			}
			HoverAt(d, off, reg)
			SignatureAt(d, off, reg)
			Definition(d, off, reg)
			References(d, off, true)
			Highlights(d, off)
			if _, err := PrepareRename(d, off); err == nil {
				if _, err := Rename(d, off, "renamed"); err != nil {
					t.Logf("%s:%d: %v", file, off, err)
				}
			}
			SelectionRanges(d, off)
			ActionsFor(ds, off, off)
		}
	}
}
