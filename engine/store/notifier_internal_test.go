package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Notifications that cannot be sent (the database is unreachable) are retried a few times and
// then dropped: a flush does not hang on them, and later notifications are still sent.
func TestNotifierGivesUp(t *testing.T) {
	pool, err := pgxpool.New(context.Background(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	pool.Close()
	s := New(pool, Options{})
	var waits []time.Duration
	s.notes.retry = func(d time.Duration) { waits = append(waits, d) }
	s.notes.later([]string{"q"}, []string{"id"})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.FlushNotifications(ctx); err != nil {
		t.Fatal(err)
	}
	if len(waits) != 5 || waits[0] != 50*time.Millisecond || waits[4] != 800*time.Millisecond {
		t.Errorf("retry waits %v, want 5 doubling from 50ms", waits)
	}
	s.notes.mu.Lock()
	pending := len(s.notes.queues) + len(s.notes.done)
	s.notes.mu.Unlock()
	if pending != 0 {
		t.Errorf("%d notifications left pending", pending)
	}
}

// A flush returns when its context ends even if a send is stuck.
func TestNotifierFlushContext(t *testing.T) {
	n := &notifier{sending: true}
	n.idle = sync.NewCond(&n.mu)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := n.flush(ctx); err == nil {
		t.Fatal("flush returned nil with a send in progress")
	}
}
