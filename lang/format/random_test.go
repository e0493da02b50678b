package format

import (
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// TestCommentsAnywhere puts comments of every kind at random places between the tokens of the
// testdata files (and random line breaks) and checks that the formatter keeps them all, keeps
// the meaning and is idempotent on each variant.
func TestCommentsAnywhere(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*.flow")
	rng := rand.New(rand.NewSource(1))
	variants := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, ds := parser.Parse("", src)
		if len(SyntaxErrors(ds)) > 0 {
			continue
		}
		spots := gaps(f, src)
		for v := 0; v < 2 && len(spots) > 0; v++ {
			mutated := sprinkle(src, spots, rng, v)
			if _, ds := parser.Parse("", mutated); len(SyntaxErrors(ds)) > 0 {
				continue
			}
			variants++
			checkFormatted(t, file+" variant "+strconv.Itoa(v), mutated)
		}
	}
	// Two variants of every file of the repository's corpus.
	for _, file := range corpus(t) {
		f, ds := parser.Parse("", file.src)
		if len(SyntaxErrors(ds)) > 0 {
			continue
		}
		spots := gaps(f, file.src)
		for v := 0; v < 2 && len(spots) > 0; v++ {
			mutated := sprinkle(file.src, spots, rng, v)
			if _, ds := parser.Parse("", mutated); len(SyntaxErrors(ds)) > 0 {
				continue
			}
			variants++
			checkFormatted(t, file.name+" variant "+strconv.Itoa(v), mutated)
		}
	}
	if variants < 100 {
		t.Fatalf("only %d variants without syntax errors", variants)
	}
}

// gaps returns the offsets of white space outside literals, comments and verbatim
// constructs: places where a comment can go without changing any token.
func gaps(f *ast.File, src []byte) []int {
	inside := make([]bool, len(src)+1)
	mark := func(r ast.Node) {
		for i := r.Span().Start.Offset; i < r.Span().End.Offset && i < len(inside); i++ {
			inside[i] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.StringLit, *ast.TemplateLit, *ast.UnsupportedExpr, *ast.UnsupportedStmt:
			mark(n)
			return false
		}
		return true
	})
	for _, c := range f.Comments {
		mark(c)
	}
	if f.FrontMatter != nil {
		mark(f.FrontMatter)
		// The closing fence must stay alone on its line: nothing may go before its line break.
		for i := f.FrontMatter.Span().End.Offset; i < len(src) && i < len(inside); i++ {
			inside[i] = true
			if src[i] == '\n' {
				break
			}
		}
	}
	var out []int
	for i, c := range src {
		if (c == ' ' || c == '\n') && !inside[i] {
			out = append(out, i)
		}
	}
	return out
}

// sprinkle inserts a few comments and line breaks at random spots.
func sprinkle(src []byte, spots []int, rng *rand.Rand, v int) []byte {
	n := 1 + rng.Intn(4)
	at := map[int]string{}
	for i := 0; i < n; i++ {
		id := strconv.Itoa(v) + "_" + strconv.Itoa(i)
		var text string
		switch rng.Intn(7) {
		case 0:
			text = " /* b" + id + " */ "
		case 1:
			text = " // l" + id + "\n"
		case 2:
			text = "\n/* own" + id + " */\n"
		case 3:
			text = "\n// own" + id + "\n"
		case 4:
			text = "\n"
		case 5:
			text = "\n\n"
		default:
			text = " /* multi\n   line " + id + " */ "
		}
		at[spots[rng.Intn(len(spots))]] += text
	}
	var out []byte
	for i, c := range src {
		out = append(out, at[i]...)
		out = append(out, c)
	}
	return out
}
