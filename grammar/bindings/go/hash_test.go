package flow

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"
)

// TestGrammarHash fails when grammar_hash.go does not match the generated C sources: run
// grammar/bindings/go/hash.sh (grammar/check.sh does) after `tree-sitter generate`, so that
// Go rebuilds the parser instead of reusing a cached object.
func TestGrammarHash(t *testing.T) {
	t.Parallel()
	h := sha256.New()
	for _, f := range []string{
		"../../src/parser.c", "../../src/scanner.c", "../../src/tree_sitter/parser.h",
		"../../src/tree_sitter/alloc.h", "../../src/tree_sitter/array.h",
	} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != grammarHash {
		t.Fatalf("grammar_hash.go is stale (%s, sources hash to %s): run grammar/bindings/go/hash.sh", grammarHash, got)
	}
}
