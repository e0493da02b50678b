package catalog

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/reference.md from the catalogue")

const referencePath = "../../docs/reference.md"

// TestReferenceUpToDate fails when docs/reference.md differs from the catalogue; run
// `go test ./lang/catalog -update` to regenerate it.
func TestReferenceUpToDate(t *testing.T) {
	t.Parallel()
	got := Reference()
	if *update {
		if err := os.WriteFile(referencePath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("%v (run `go test ./lang/catalog -update`)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run `go test ./lang/catalog -update`", referencePath)
	}
}

func TestReferenceMentionsEverything(t *testing.T) {
	t.Parallel()
	doc := string(Reference())
	for _, e := range All() {
		if !strings.Contains(doc, "### "+e.Name+"\n") && !strings.Contains(doc, "## "+e.Name+"\n") && !strings.Contains(doc, "| `"+e.Member+"` |") {
			t.Errorf("reference does not document %s", e.Name)
		}
	}
	for _, c := range Codes() {
		if !strings.Contains(doc, "| `"+c.Code+"` |") {
			t.Errorf("reference does not list code %s", c.Code)
		}
	}
}
