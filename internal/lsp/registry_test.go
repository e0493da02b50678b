package lsp

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadWorkspaceRegistry(t *testing.T) {
	t.Parallel()
	root := newWorkspace(t)
	reg, err := LoadWorkspaceRegistry(Workspace{Root: root})
	if err != nil || reg == nil {
		t.Fatalf("%v %v", reg, err)
	}
	if _, ok := reg.Task("send_email"); !ok || reg.Fresh() {
		t.Fatal("the cache's tasks must be known and not fresh")
	}
	w, ok := reg.Workflow("refund")
	if !ok || w.Path != filepath.Join("workflows", "refund.flow") || w.Doc != "Refunds an order." {
		t.Fatalf("refund: %+v %v", w, ok)
	}
	if w, _ := reg.Workflow("ship_order"); w.Path != "workflows/ship_order.flow" {
		t.Fatalf("ship_order: %+v", w)
	}
	if _, ok := reg.Workflow("skip"); ok {
		t.Fatal("node_modules must be skipped")
	}
	if reg, err := LoadWorkspaceRegistry(Workspace{Root: t.TempDir()}); err != nil || reg != nil {
		t.Fatalf("empty folder: %v %v", reg, err)
	}
	if reg, err := LoadWorkspaceRegistry(Workspace{}); err != nil || reg != nil {
		t.Fatalf("no root: %v %v", reg, err)
	}
	bad := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bad, ".rhythm"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, RegistryCachePath), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadWorkspaceRegistry(Workspace{Root: bad}); err == nil {
		t.Fatal("a malformed cache must be reported")
	}
}
