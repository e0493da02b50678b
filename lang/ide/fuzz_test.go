package ide

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// FuzzFeatures runs every feature on arbitrary text at a few offsets: nothing may panic and
// every range must lie inside the document. `go test` runs the seed corpus (the marker files);
// `go test -fuzz FuzzFeatures` explores further.
func FuzzFeatures(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.flow")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, uint16(len(src)/2))
	}
	f.Add([]byte("await Task.run(\"\u00e9\U0001F600, {x: `${a.`"), uint16(20))
	reg := testRegistry(f)
	f.Fuzz(func(t *testing.T, src []byte, at uint16) {
		d := NewDocument("fuzz.flow", 1, src)
		n := len(src)
		inside := func(what string, start, end int) {
			if start < 0 || end > n || start > end {
				t.Fatalf("%s range %d-%d outside 0-%d", what, start, end, n)
			}
		}
		for _, dg := range Diagnostics(d, reg) {
			inside("diagnostic", dg.Range.Start.Offset, dg.Range.End.Offset)
		}
		for _, tk := range SemanticTokens(d, 0, -1) {
			inside("token", tk.Range.Start.Offset, tk.Range.End.Offset)
		}
		Symbols(d)
		FoldingRanges(d)
		InlayHints(d, 0, n)
		Format(d)
		for _, off := range []int{0, int(at) % (n + 1), n} {
			for _, it := range Complete(d, off, reg) {
				inside("completion", it.Replace.Start.Offset, it.Replace.End.Offset)
			}
			if h := HoverAt(d, off, reg); h != nil {
				inside("hover", h.Range.Start.Offset, h.Range.End.Offset)
			}
			SignatureAt(d, off, reg)
			Definition(d, off, reg)
			References(d, off, true)
			Highlights(d, off)
			if _, err := PrepareRename(d, off); err == nil {
				edits, _ := Rename(d, off, "renamed")
				for _, e := range edits {
					inside("rename", e.Range.Start.Offset, e.Range.End.Offset)
				}
			}
			for _, r := range SelectionRanges(d, off) {
				inside("selection", r.Start.Offset, r.End.Offset)
			}
		}
	})
}

// TestConcurrentSnapshot runs features on one snapshot from many goroutines (run with -race):
// the lazily computed parse and name resolution must be shared safely.
func TestConcurrentSnapshot(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/complete.flow")
	if err != nil {
		t.Fatal(err)
	}
	d := NewDocument("c.flow", 1, src)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			off := len(src) * g / 8
			Complete(d, off, nil)
			HoverAt(d, off, nil)
			Diagnostics(d, nil)
			SemanticTokens(d, 0, -1)
			References(d, off, true)
		}(g)
	}
	wg.Wait()
}
