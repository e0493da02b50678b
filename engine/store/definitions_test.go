package store_test

import (
	"errors"
	"testing"

	"github.com/rhythmflow/rhythm/engine/store"
)

func TestDefinitions(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	if _, err := s.CurrentDefinition(ctx, "order"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown workflow: %v", err)
	}
	v1, created, err := s.RegisterDefinition(ctx, "order", "order.flow", "return 1")
	if err != nil || !created || v1.Version != store.Version("return 1") || len(v1.Version) != 64 {
		t.Fatalf("register v1: %+v %v %v", v1, created, err)
	}
	if _, created, err = s.RegisterDefinition(ctx, "order", "order.flow", "return 1"); err != nil || created {
		t.Fatalf("re-register v1: created=%v %v", created, err)
	}
	v2, created, err := s.RegisterDefinition(ctx, "order", "order.flow", "return 2")
	if err != nil || !created {
		t.Fatalf("register v2: %v %v", created, err)
	}
	cur, err := s.CurrentDefinition(ctx, "order")
	if err != nil || cur.Version != v2.Version || !cur.Current || cur.Source != "return 2" {
		t.Fatalf("current after v2: %+v %v", cur, err)
	}
	old, err := s.Definition(ctx, "order", v1.Version)
	if err != nil || old.Current || old.Source != "return 1" {
		t.Fatalf("v1 after v2: %+v %v", old, err)
	}
	// Registering an older source again makes it current again.
	if _, _, err := s.RegisterDefinition(ctx, "order", "order.flow", "return 1"); err != nil {
		t.Fatal(err)
	}
	if cur, _ := s.CurrentDefinition(ctx, "order"); cur.Version != v1.Version {
		t.Errorf("current = %s, want v1 again", cur.Version)
	}

	// A workflow starts on the current version unless pinned; an unknown workflow is refused.
	out := enqueue(t, s,
		store.NewExecution{Kind: store.KindWorkflow, Name: "order"},
		store.NewExecution{Kind: store.KindWorkflow, Name: "order", Version: v2.Version})
	if e := get(t, s, out[0].ID); e.Version != v1.Version {
		t.Errorf("unpinned start on %s, want current %s", e.Version, v1.Version)
	}
	if e := get(t, s, out[1].ID); e.Version != v2.Version {
		t.Errorf("pinned start on %s, want %s", e.Version, v2.Version)
	}
	if _, err := s.Enqueue(ctx, nil, []store.NewExecution{{Kind: store.KindWorkflow, Name: "nope"}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown workflow: %v", err)
	}
	list, err := s.Workflows(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "order" {
		t.Errorf("Workflows = %+v, %v", list, err)
	}
}
