package activation_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/activation"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var ctx = context.Background()

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func setup(t *testing.T, src string) (*store.Store, *clock, *activation.Runner, string) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
	s := store.New(pgtest.DB(t), store.Options{Clock: c})
	if _, _, err := s.RegisterDefinition(ctx, "wf", "wf.flow", src); err != nil {
		t.Fatal(err)
	}
	out, err := s.Enqueue(ctx, nil, []store.NewExecution{{Kind: store.KindWorkflow, Name: "wf"}})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, activation.New(s, activation.Options{}), out[0].ID
}

func claimOne(t *testing.T, s *store.Store, worker string) store.Job {
	t.Helper()
	jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: worker, Limit: 1, Lease: time.Second, Tasks: []string{}, Workflows: true})
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v (%d jobs)", err, len(jobs))
	}
	return jobs[0]
}

// An activation whose claim lapsed and was taken over commits nothing.
func TestClaimLost(t *testing.T) {
	t.Parallel()
	s, c, r, id := setup(t, `await Timer.delay("1h")`)
	stale := claimOne(t, s, "a")
	c.Advance(2 * time.Second)
	fresh := claimOne(t, s, "b")
	if err := r.Activate(ctx, "a", stale); !errors.Is(err, store.ErrClaimLost) {
		t.Fatalf("stale activation: %v", err)
	}
	if err := r.Activate(ctx, "b", fresh); err != nil {
		t.Fatal(err)
	}
	x, err := s.Get(ctx, id)
	if err != nil || x.Status != "suspended" {
		t.Fatalf("%v %s", err, x.Status)
	}
}

// Saved state in a format this release does not know fails the workflow with a clear error.
func TestUnknownStateFormat(t *testing.T) {
	t.Parallel()
	s, _, r, id := setup(t, `return await Signal.next("go")`)
	if err := r.Activate(ctx, "a", claimOne(t, s, "a")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, `UPDATE rhythm.snapshots SET format_version = 99`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendSignal(ctx, nil, id, "go", json.RawMessage(`1`)); err != nil {
		t.Fatal(err)
	}
	if err := r.Activate(ctx, "a", claimOne(t, s, "a")); err != nil {
		t.Fatal(err)
	}
	x, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if x.Status != "failed" || !strings.Contains(string(x.Error), `"StateError"`) || !strings.Contains(string(x.Error), "format version 99") {
		t.Fatalf("%s %s", x.Status, x.Error)
	}
}

// Timers make the queue row due at their time, with the injected clock.
func TestTimerDueTime(t *testing.T) {
	t.Parallel()
	s, c, r, id := setup(t, `await Timer.delay("10m")
return "rang"`)
	if err := r.Activate(ctx, "a", claimOne(t, s, "a")); err != nil {
		t.Fatal(err)
	}
	if jobs, _ := s.Claim(ctx, store.ClaimRequest{Worker: "a", Limit: 1, Lease: time.Second, Workflows: true}); len(jobs) != 0 {
		t.Fatal("due before its timer")
	}
	c.Advance(10 * time.Minute)
	if err := r.Activate(ctx, "a", claimOne(t, s, "a")); err != nil {
		t.Fatal(err)
	}
	x, err := s.Get(ctx, id)
	if err != nil || x.Status != "completed" || string(x.Output) != `"rang"` {
		t.Fatalf("%v %s %s", err, x.Status, x.Output)
	}
}
