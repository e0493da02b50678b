package devdb

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFindProject changes the working directory, so it does not run in parallel.
func TestFindProject(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(deep)
	got, err := FindProject()
	if err != nil || got != root {
		t.Fatalf("FindProject() = %q, %v; want %q (the folder with go.mod)", got, err, root)
	}
	if err := os.Mkdir(filepath.Join(root, "a", ".rhythm"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, _ = FindProject()
	if want := filepath.Join(root, "a"); got != want {
		t.Fatalf("FindProject() = %q; want the nearer folder with .rhythm %q", got, want)
	}
}
