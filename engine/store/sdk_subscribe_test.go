package store_test

import (
	"errors"
	"testing"

	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

// Subscribe, unlike SubscribeSpare, takes even a pool's only connection.
func TestSubscribePoolOfOne(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	s := store.New(pgtest.Pool(t, url, 1), store.Options{})
	sub, err := s.Subscribe(ctx, store.DoneChannel)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if _, err := pgtest.Pool(t, url, 1).Exec(ctx, "SELECT pg_notify($1, 'x')", store.DoneChannel); err != nil {
		t.Fatal(err)
	}
	n, err := sub.Next(ctx)
	if err != nil || n.Channel != store.DoneChannel || n.Payload != "x" {
		t.Fatalf("%+v %v", n, err)
	}
}

// SubscribeSpare takes a connection only when another stays free, and gives it back once the pool
// has none free.
func TestSubscribeSpare(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	other := pgtest.Pool(t, url, 1)
	if _, err := store.New(pgtest.Pool(t, url, 1), store.Options{}).SubscribeSpare(ctx, store.DoneChannel); !errors.Is(err, store.ErrNoSpareConn) {
		t.Fatalf("pool of one: %v", err)
	}

	pool := pgtest.Pool(t, url, 3)
	s := store.New(pool, store.Options{})
	held, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	held2, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubscribeSpare(ctx, store.DoneChannel); !errors.Is(err, store.ErrNoSpareConn) {
		t.Fatalf("one free connection: %v", err)
	}
	held2.Release()

	sub, err := s.SubscribeSpare(ctx, store.DoneChannel)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if _, err := other.Exec(ctx, "SELECT pg_notify($1, 'y')", store.DoneChannel); err != nil {
		t.Fatal(err)
	}
	if n, err := sub.Next(ctx); err != nil || n.Payload != "y" {
		t.Fatalf("%+v %v", n, err)
	}
	last, err := pool.Acquire(ctx) // the pool has no free connection now
	if err != nil {
		t.Fatal(err)
	}
	if n, err := sub.Next(ctx); !errors.Is(err, store.ErrNoSpareConn) {
		t.Fatalf("starved pool: %+v %v", n, err)
	}
	sub.Close()
	if got := pool.Stat().AcquiredConns(); got != 2 {
		t.Fatalf("%d connections acquired after Close, want the 2 held", got)
	}
	held.Release()
	last.Release()
}
