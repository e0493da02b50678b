package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

func TestRegistryChangesAreNotified(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	sub, err := s.Subscribe(ctx, store.RegistryChannel)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	next := func(want string) {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		n, err := sub.Next(wctx)
		if err != nil {
			t.Fatalf("waiting for %q: %v", want, err)
		}
		if n.Channel != store.RegistryChannel || n.Payload != want {
			t.Fatalf("notification %+v, want payload %q on %s", n, want, store.RegistryChannel)
		}
	}
	if err := s.RegisterTasks(ctx, "w1", []store.TaskInfo{{Name: "send_email"}}); err != nil {
		t.Fatal(err)
	}
	next("w1")
	if _, _, err := s.RegisterDefinition(ctx, "ship", "ship.flow", "return 1"); err != nil {
		t.Fatal(err)
	}
	next("ship")
	if err := s.UnregisterWorker(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	next("w1")
}

func TestWorkflowsInFlight(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	wf := func(name string) store.NewExecution {
		return store.NewExecution{Kind: store.KindWorkflow, Name: name, Input: json.RawMessage(`{}`)}
	}
	if _, _, err := s.RegisterDefinition(ctx, "ship", "ship.flow", "return 1"); err != nil {
		t.Fatal(err)
	}
	enqueue(t, s, wf("ship"), wf("ship")) // on the old version
	if _, _, err := s.RegisterDefinition(ctx, "ship", "ship.flow", "return 2"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RegisterDefinition(ctx, "idle", "idle.flow", "return 3"); err != nil {
		t.Fatal(err)
	}
	cur := enqueue(t, s, wf("ship"), wf("ship"), wf("ship"))
	enqueue(t, s, task("ship"))
	if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.executions SET status = 'completed', finished_at = now(), output = '1' WHERE id = $1`, cur[0].ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.WorkflowsInFlight(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["ship"] != 2 {
		t.Fatalf("in flight = %v, want map[ship:2]", got)
	}
}
