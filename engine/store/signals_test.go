package store_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

func addRequest(t *testing.T, s *store.Store, id string, handle int, name string, deadline *time.Time) {
	t.Helper()
	if _, err := s.Pool().Exec(ctx, `INSERT INTO rhythm.signal_requests (execution_id, name, handle, deadline) VALUES ($1::uuid, $2, $3, $4)`,
		id, name, handle, deadline); err != nil {
		t.Fatal(err)
	}
}

func delivered(t *testing.T, s *store.Store, id string) map[int]string {
	t.Helper()
	rows, err := s.Pool().Query(ctx, `SELECT r.handle, g.payload::text FROM rhythm.signal_requests r
		JOIN rhythm.signals g ON g.request_id = r.id WHERE r.execution_id = $1::uuid AND r.state = 'delivered'`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var h int
		var p string
		if err := rows.Scan(&h, &p); err != nil {
			t.Fatal(err)
		}
		out[h] = p
	}
	return out
}

// Signals go to the oldest waiting request of their name; without one they wait; a request past
// its deadline takes none; the workflow is woken by a delivery.
func TestSendSignal(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	id := startWorkflow(t, s)
	past := clock.Now().Add(-time.Second)
	addRequest(t, s, id, 1, "go", &past) // expired: must not take a signal
	addRequest(t, s, id, 2, "go", nil)
	addRequest(t, s, id, 3, "go", nil)
	addRequest(t, s, id, 4, "stop", nil)

	for i, p := range []string{`"a"`, `"b"`, `"c"`} {
		sent, err := s.SendSignal(ctx, nil, id, "go", json.RawMessage(p))
		if err != nil {
			t.Fatal(err)
		}
		if want := i < 2; sent.Delivered != want {
			t.Errorf("signal %s delivered=%v, want %v", p, sent.Delivered, want)
		}
	}
	got := delivered(t, s, id)
	if len(got) != 2 || got[2] != `"a"` || got[3] != `"b"` {
		t.Errorf("deliveries %v, want handle 2 ← \"a\", 3 ← \"b\"", got)
	}
	if due, _, ok := queueRow(t, s, id); !ok || !due {
		t.Error("a delivery did not wake the workflow")
	}

	if _, err := s.SendSignal(ctx, nil, store.NewID(clock.Now()), "go", nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown workflow: %v", err)
	}
	tid := enqueue(t, s, task("t"))[0].ID
	if _, err := s.SendSignal(ctx, nil, tid, "go", nil); err == nil || !strings.Contains(err.Error(), "only workflows") {
		t.Errorf("signal to a task: %v", err)
	}
	if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.executions SET status = 'completed', finished_at = now() WHERE id = $1::uuid`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendSignal(ctx, nil, id, "go", nil); !errors.Is(err, store.ErrFinished) {
		t.Errorf("signal to a finished workflow: %v", err)
	}
}
