package ide

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// editTexts are inserted by random editor changes, with characters that take several UTF-8
// bytes and two UTF-16 code units.
var editTexts = []string{"", " ", "\n", "x", "{", "}", "(", ")", "\"", "é", "😀", "let y = ", "if (a) {\n", "await Task.run(\"t\", {})\n", "\r\n"}

// TestApplyParsesLikeFresh applies random changes (several per version, in UTF-16
// positions, some versions never parsed) to the testdata files and checks that every
// snapshot's tree and syntax diagnostics equal a parse from scratch of its text, read from
// several goroutines at once.
func TestApplyParsesLikeFresh(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("testdata/*.flow")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(uint64(len(data)), 7))
			d := NewDocument(path, 1, append([]byte("// é😀\n"), data...))
			for v := range 10 {
				var changes []Change
				for range 1 + r.IntN(3) {
					line := r.IntN(d.File.LineCount() + 1)
					start := Position{line, r.IntN(12)}
					end := start
					if r.IntN(2) == 0 {
						end = Position{line + r.IntN(2), r.IntN(12)}
					}
					if end.Line == start.Line && end.Character < start.Character {
						start, end = end, start
					}
					changes = append(changes, Change{Start: start, End: end, Text: editTexts[r.IntN(len(editTexts))]})
				}
				next, err := d.Apply(int32(v+2), changes)
				if err != nil {
					t.Fatal(err)
				}
				next.treeMu.Lock()
				reuses := next.pending != nil
				next.treeMu.Unlock()
				if !reuses {
					t.Fatalf("version %d has no tree of the previous version to reuse", v)
				}
				d = next
				if r.IntN(3) == 0 {
					continue // a version the editor replaced before anyone looked at it
				}
				want, wantDs := parser.Parse(d.Name, d.Text)
				var wg sync.WaitGroup
				for range 3 {
					wg.Go(func() {
						if got := d.Tree(); !reflect.DeepEqual(got, want) {
							t.Errorf("version %d: tree differs from a fresh parse of %q", v, d.Text)
						}
						if got := d.SyntaxDiagnostics(); !reflect.DeepEqual(got, wantDs) {
							t.Errorf("version %d: diagnostics %v, want %v", v, got, wantDs)
						}
					})
				}
				wg.Wait()
				if t.Failed() {
					return
				}
			}
		})
	}
}

// TestDiagnosticsAfterEditsLikeFresh edits a large valid workflow, in ways that add and
// remove input mistakes and Bad nodes, and checks that every version's diagnostics equal
// those of a fresh document of its text, though the walks of the statements the parse reused
// are taken from the previous version.
func TestDiagnosticsAfterEditsLikeFresh(t *testing.T) {
	t.Parallel()
	reg := testRegistry(t)
	d := NewDocument("big.flow", 1, []byte(bigFlow(400)))
	Diagnostics(d, reg)
	edits := []Change{
		{Start: Position{200, 0}, End: Position{200, 0}, Text: "await Task.run(\"send_email\", {to: \"a\", subjetc: \"b\"})\n"},
		{Start: Position{10, 0}, End: Position{10, 0}, Text: " "},
		{Start: Position{300, 0}, End: Position{300, 0}, Text: "const unused = 1\n"},
		{Start: Position{390, 0}, End: Position{390, 0}, Text: "let z = (\n"},
		{Start: Position{390, 0}, End: Position{391, 0}, Text: ""},
		{Start: Position{100, 0}, End: Position{100, 0}, Text: "x"},
		{Start: Position{200, 0}, End: Position{201, 0}, Text: ""},
	}
	reused := 0
	for i, c := range edits {
		prev := map[ast.Stmt]bool{}
		for _, s := range d.Tree().Stmts {
			prev[s] = true
		}
		next, err := d.Apply(int32(i+2), []Change{c})
		if err != nil {
			t.Fatal(err)
		}
		d = next
		for _, s := range d.Tree().Stmts {
			if prev[s] {
				reused++
			}
		}
		want := Diagnostics(NewDocument(d.Name, d.Version, d.Text), reg)
		if got := Diagnostics(d, reg); !reflect.DeepEqual(got, want) {
			t.Fatalf("version %d: diagnostics\n%v\nwant\n%v", d.Version, got, want)
		}
		if got := Diagnostics(d, nil); !reflect.DeepEqual(got, Diagnostics(NewDocument(d.Name, d.Version, d.Text), nil)) {
			t.Fatalf("version %d, no registry: diagnostics %v", d.Version, got)
		}
	}
	if reused == 0 {
		t.Fatal("no statement was reused: the edits do not test the reuse")
	}
}

// TestWholeChangeParsesFromScratch checks that replacing the whole text starts afresh.
func TestWholeChangeParsesFromScratch(t *testing.T) {
	t.Parallel()
	d := NewDocument("w.flow", 1, []byte("const a = 1\n"))
	next, err := d.Apply(2, []Change{{Start: Position{0, 0}, End: Position{0, 0}, Text: "x"}, {Whole: true, Text: "let b = 2\n"}})
	if err != nil {
		t.Fatal(err)
	}
	if next.pending != nil {
		t.Fatal("a whole-text change kept an old tree")
	}
	want, wantDs := parser.Parse("w.flow", next.Text)
	if !reflect.DeepEqual(next.Tree(), want) || !reflect.DeepEqual(next.SyntaxDiagnostics(), wantDs) {
		t.Fatal("the new text's parse differs from a fresh one")
	}
}
