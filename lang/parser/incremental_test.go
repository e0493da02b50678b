package parser

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// flowCorpus returns the .flow files of the repository's testdata folders.
func flowCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "../.." || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".flow") && strings.Contains(filepath.ToSlash(path), "/testdata/") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[path] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("only %d .flow files found under testdata folders", len(out))
	}
	return out
}

// snippets are inserted by random edits: tokens that open and close constructs, keywords
// that start statements, and text that breaks the syntax.
var snippets = []string{
	"", " ", "\n", "{", "}", "(", ")", "[", "]", ",", ";", ".", "=", "+", "\"", "`", "${",
	"/*", "*/", "// c\n", "let ", "const x = ", "if (a) {\n", "} else {\n", "for (const i of xs) {",
	"await Task.run(\"t\", {a: 1})\n", "return ", "try {", "} catch (e) {", "x.y(", "=>", "?.",
	"```\n", "\"unterminated", "1e", "0x", "async function main() {\n", "é", "🎵",
}

// randomEdit returns a random replacement in text: a deletion, an insertion of a snippet or of
// a piece of the text itself, or both.
func randomEdit(r *rand.Rand, text []byte) (start, end int, inserted []byte) {
	start = r.IntN(len(text) + 1)
	end = start
	if r.IntN(2) == 0 && start < len(text) {
		end = min(len(text), start+1+r.IntN(min(40, len(text)-start)))
	}
	switch r.IntN(3) {
	case 0:
		inserted = []byte(snippets[r.IntN(len(snippets))])
	case 1:
		if len(text) > 0 {
			a := r.IntN(len(text))
			inserted = append([]byte(nil), text[a:min(len(text), a+1+r.IntN(60))]...)
		}
	}
	return start, end, inserted
}

// noBudget makes resynchronisation independent of the machine's speed (the race detector,
// a loaded machine), so that two parses of the same text can be compared.
const noBudget = time.Hour

// fresh is Parse without a time budget.
func fresh(name string, src []byte) (*ast.File, []diag.Diagnostic) {
	f, ds, _ := parse(name, src, nil, false, noBudget)
	return f, ds
}

// TestIncrementalEqualsFresh applies random edit sequences to every .flow file of the
// repository's testdata folders and checks that each incremental parse gives exactly the tree
// and diagnostics of a parse from scratch of the same text.
func TestIncrementalEqualsFresh(t *testing.T) {
	t.Parallel()
	corpus := flowCorpus(t)
	for path, data := range corpus {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(len(data)), uint64(len(path))))
			text := data
			f, ds, tree := parseIncremental(path, text, nil, noBudget)
			defer func() { tree.Close() }()
			want, wantDs := fresh(path, text)
			sameParse(t, "first parse", text, f, ds, want, wantDs)
			for step := range 12 {
				// Several edits per version, as an editor sends them in one change.
				n := 1 + r.IntN(3)
				for range n {
					start, end, ins := randomEdit(r, text)
					e := EditOf(start, end, PointOf(text, start), PointOf(text, end), ins)
					next := make([]byte, 0, len(text)-(end-start)+len(ins))
					next = append(append(append(next, text[:start]...), ins...), text[end:]...)
					if pe := PointOf(next, e.NewEnd); pe != e.NewEndPoint {
						t.Fatalf("EditOf: new end point %v, want %v", e.NewEndPoint, pe)
					}
					tree.Edit(e)
					text = next
				}
				f, ds, nt := parseIncremental(path, text, tree, noBudget)
				tree.Close()
				tree = nt
				want, wantDs := fresh(path, text)
				sameParse(t, fmt.Sprintf("step %d", step), text, f, ds, want, wantDs)
			}
		})
	}
}

// TestIncrementalRecovery edits files into and out of syntax errors that need
// resynchronisation (an unclosed bracket swallowing later statements) and checks the results
// against parses from scratch.
func TestIncrementalRecovery(t *testing.T) {
	t.Parallel()
	base := "const a = 1\nlet b = [1, 2\nif (a) {\n  b = 3\n}\nconst c = f(a\nconst d = 2\n"
	steps := []struct{ old, new string }{
		{"[1, 2\n", "[1, 2]\n"},  // closes the list: clean
		{"f(a\n", "f(a)\n"},      // closes the call: clean
		{"b = 3\n", "b = 3 +\n"}, // a missing operand
		{"3 +\n", "3\n"},         // fixed again
		{"if (a) {", "if (a {"},  // an unclosed parenthesis over several lines
		{"const d = 2\n", "const d =\n"},
		{"if (a {", "if (a) {"},
		{"const d =\n", "const d = 2\n"},
	}
	text := []byte(base)
	f, ds, tree := parseIncremental("r.flow", text, nil, noBudget)
	defer func() { tree.Close() }()
	if len(ds) == 0 {
		t.Fatal("the starting text must have syntax errors")
	}
	want, wantDs := fresh("r.flow", text)
	sameParse(t, "first parse", text, f, ds, want, wantDs)
	clean := false
	for i, s := range steps {
		start := strings.Index(string(text), s.old)
		if start < 0 {
			t.Fatalf("step %d: %q not in %q", i, s.old, text)
		}
		end := start + len(s.old)
		tree.Edit(EditOf(start, end, PointOf(text, start), PointOf(text, end), []byte(s.new)))
		text = []byte(string(text[:start]) + s.new + string(text[end:]))
		f, ds, nt := parseIncremental("r.flow", text, tree, noBudget)
		tree.Close()
		tree = nt
		want, wantDs := fresh("r.flow", text)
		sameParse(t, fmt.Sprintf("step %d", i), text, f, ds, want, wantDs)
		clean = clean || len(ds) == 0
	}
	if !clean {
		t.Fatal("no step reached a clean text")
	}
}

// TestTreeConcurrentUse parses from one tree on several goroutines while clones of it are
// edited and closed, for the race detector.
func TestTreeConcurrentUse(t *testing.T) {
	t.Parallel()
	text := []byte("const a = 1\nlet b = a + 2\n")
	_, _, tree := ParseIncremental("c.flow", text, nil)
	defer tree.Close()
	next := []byte("const a = 10\nlet b = a + 2\n")
	want, wantDs := Parse("c.flow", next)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			own := tree.Clone()
			defer own.Close()
			own.Edit(EditOf(10, 11, PointOf(text, 10), PointOf(text, 11), []byte("10")))
			f, ds, nt := ParseIncremental("c.flow", next, own)
			defer nt.Close()
			if got, w := dump(f, ds), dump(want, wantDs); got != w {
				t.Errorf("differs:\n%s", diffLines(w, got))
			}
			// The original tree, unedited, still parses its own text.
			f, ds, nt2 := ParseIncremental("c.flow", text, tree)
			nt2.Close()
			if len(ds) != 0 || len(f.Stmts) != 2 {
				t.Errorf("original tree: %d statements, %v", len(f.Stmts), ds)
			}
		})
	}
	wg.Wait()
	tree.Close()
	tree.Close()
	if tree.Clone() != nil {
		t.Fatal("a closed tree cloned")
	}
}
