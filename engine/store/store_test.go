package store_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// newStore returns a store on a fresh migrated database with a fake clock.
func newStore(t *testing.T) (*store.Store, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	return store.New(pgtest.DB(t), store.Options{Clock: clock}), clock
}

var ctx = context.Background()

func enqueue(t *testing.T, s *store.Store, execs ...store.NewExecution) []store.Enqueued {
	t.Helper()
	out, err := s.Enqueue(ctx, nil, execs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func claim(t *testing.T, s *store.Store, worker string, limit int) []store.Job {
	t.Helper()
	jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: worker, Limit: limit, Lease: 30 * time.Second, Workflows: true})
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func get(t *testing.T, s *store.Store, id string) store.Execution {
	t.Helper()
	e, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func task(name string) store.NewExecution {
	return store.NewExecution{Kind: store.KindTask, Name: name, Input: json.RawMessage(`{"n": 1}`)}
}

func TestNewID(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a, b := store.NewID(now), store.NewID(now.Add(time.Millisecond))
	if len(a) != 36 || a[14] != '7' || !(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b') {
		t.Errorf("NewID = %s, want a version 7 UUID", a)
	}
	if a[:13] >= b[:13] || a == store.NewID(now) {
		t.Errorf("ids not time-ordered and unique: %s %s", a, b)
	}
}

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}
