package flow_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tree_sitter "github.com/tree-sitter/go-tree-sitter"

	flow "github.com/rhythmflow/rhythm/grammar/bindings/go"
)

func TestParseSample(t *testing.T) {
	t.Parallel()
	lang := tree_sitter.NewLanguage(flow.Language())
	parser := tree_sitter.NewParser()
	defer parser.Close()
	if err := parser.SetLanguage(lang); err != nil {
		t.Fatalf("SetLanguage: %v", err)
	}
	src := []byte("let order = await Task.run(\"charge\", {amount: 1})\nif (order.ok) { return order }\n")
	tree := parser.Parse(src, nil)
	defer tree.Close()
	root := tree.RootNode()
	if root.HasError() {
		t.Fatalf("unexpected syntax error: %s", root.ToSexp())
	}
	if got := root.Kind(); got != "program" {
		t.Fatalf("root kind = %q, want program", got)
	}
	if got := root.NamedChildCount(); got != 2 {
		t.Fatalf("root has %d statements, want 2: %s", got, root.ToSexp())
	}
	if got := root.NamedChild(1).Kind(); got != "if_statement" {
		t.Fatalf("second statement is %q, want if_statement", got)
	}
}

func TestSyntaxErrorIsReported(t *testing.T) {
	t.Parallel()
	lang := tree_sitter.NewLanguage(flow.Language())
	parser := tree_sitter.NewParser()
	defer parser.Close()
	if err := parser.SetLanguage(lang); err != nil {
		t.Fatalf("SetLanguage: %v", err)
	}
	tree := parser.Parse([]byte("let x = 1 let y = 2\n"), nil)
	defer tree.Close()
	if !tree.RootNode().HasError() {
		t.Fatalf("two statements on one line must be a syntax error: %s", tree.RootNode().ToSexp())
	}
}

// TestQueriesCompile compiles every query file shipped with the grammar, including the
// Neovim variants.
func TestQueriesCompile(t *testing.T) {
	t.Parallel()
	lang := tree_sitter.NewLanguage(flow.Language())
	var files []string
	for _, dir := range []string{"../../queries", "../../queries/neovim"} {
		matches, err := filepath.Glob(filepath.Join(dir, "*.scm"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, matches...)
	}
	if len(files) < 8 {
		t.Fatalf("found only %d query files: %v", len(files), files)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		q, qerr := tree_sitter.NewQuery(lang, string(src))
		if qerr != nil {
			t.Errorf("%s: %v", file, qerr)
			continue
		}
		if q.PatternCount() == 0 {
			t.Errorf("%s: no patterns", file)
		}
		if !strings.Contains(file, "neovim") && strings.HasSuffix(file, "highlights.scm") && len(q.CaptureNames()) < 10 {
			t.Errorf("%s: only %d capture names", file, len(q.CaptureNames()))
		}
		q.Close()
	}
}
