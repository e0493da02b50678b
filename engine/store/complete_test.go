package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// TestCompleteNotifies checks that a completion wakes the parent workflow, notifies its queue and
// notifies the waiters of the completed tasks with their ids.
func TestCompleteNotifies(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	parent := startWorkflow(t, s)
	ids := []string{enqueue(t, s, child(parent, 1))[0].ID, enqueue(t, s, child(parent, 2))[0].ID}
	jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: "w", Limit: 2, Lease: time.Minute, Tasks: []string{"child"}})
	if err != nil || len(jobs) != 2 {
		t.Fatalf("claimed %v: %v", jobs, err)
	}
	sub, err := s.Subscribe(ctx, store.QueueChannel, store.DoneChannel)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	cs := []store.Completion{{Lease: store.Lease{ID: jobs[0].ID, Claim: jobs[0].Claim}}, {Lease: store.Lease{ID: jobs[1].ID, Claim: jobs[1].Claim}}}
	done, err := s.Complete(ctx, "w", cs)
	if err != nil || len(done) != 2 {
		t.Fatalf("done %v: %v", done, err)
	}
	// The notifications are sent just after the commit; FlushNotifications waits for them.
	if err := s.FlushNotifications(ctx); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for range 2 {
		c, cancel := contextWithTimeout(5 * time.Second)
		n, err := sub.Next(c)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		got[n.Channel] = n.Payload
	}
	if got[store.QueueChannel] != store.DefaultQueue {
		t.Fatalf("queue notification %q", got[store.QueueChannel])
	}
	payload := strings.Split(got[store.DoneChannel], ",")
	if len(payload) != 2 || !(payload[0] == ids[0] && payload[1] == ids[1] || payload[0] == ids[1] && payload[1] == ids[0]) {
		t.Fatalf("done notification %q, want %v", got[store.DoneChannel], ids)
	}
	if due, wakeSeq, ok := queueRow(t, s, parent); !ok || !due || wakeSeq != 0 {
		t.Fatalf("parent woken: due %v wake_seq %d row %v", due, wakeSeq, ok)
	}
	if e := get(t, s, ids[0]); e.Status != "completed" || string(e.Output) != "null" {
		t.Fatalf("%s %s", e.Status, e.Output)
	}
}
