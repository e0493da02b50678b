package client_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

// hangLimit turns a Wait that would block forever (the failure these tests look for) into a test
// failure; a passing test never comes near it.
const hangLimit = 2 * time.Minute

// waitAll runs Wait(id) on c for each pair concurrently and returns a channel receiving one error
// per wait (nil when the execution completed).
func waitAll(ctx context.Context, cs []*client.Client, ids []string) chan error {
	errs := make(chan error, len(ids))
	for i, id := range ids {
		go func() {
			x, err := cs[i].Wait(ctx, id)
			if err == nil && x.Status != client.StatusCompleted {
				err = fmt.Errorf("%s: %s", id, x.Status)
			}
			errs <- err
		}()
	}
	return errs
}

func enqueueN(t *testing.T, cs []*client.Client) []string {
	t.Helper()
	ids := make([]string, len(cs))
	for i, c := range cs {
		id, err := c.EnqueueTask(ctx, "t", nil, client.TaskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}

func receiveAll(t *testing.T, errs chan error, n int) {
	t.Helper()
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// waitWhileCompleting has n Clients on one pool of maxConns connections each wait for an
// execution of its own while the store, on the same pool, completes them, and fails unless every
// Wait sees its execution complete.
func waitWhileCompleting(t *testing.T, maxConns int32, n int) {
	t.Helper()
	pool := pgtest.Pool(t, pgtest.URL(t), maxConns)
	cs := make([]*client.Client, n)
	for i := range cs {
		cs[i] = client.New(pool)
	}
	ids := enqueueN(t, cs)
	wctx, cancel := context.WithTimeout(ctx, hangLimit)
	defer cancel()
	errs := waitAll(wctx, cs, ids)
	s := store.New(pool, store.Options{})
	for _, id := range ids {
		if err := s.CompleteExternal(wctx, id, nil); err != nil {
			t.Fatal(err)
		}
	}
	receiveAll(t, errs, len(ids))
}

// Five Clients on a pool of two connections wait while the store, on the same pool, finishes
// their executions: the Clients share one listener, which leaves the other connection to the
// reads and the completions.
func TestWaitManyClientsSmallPool(t *testing.T) {
	t.Parallel()
	waitWhileCompleting(t, 2, 5)
}

// A pool of one connection has none to spare for listening: Waits poll, and the completions on
// the same pool get through.
func TestWaitPoolOfOne(t *testing.T) {
	t.Parallel()
	waitWhileCompleting(t, 1, 3)
}

// listeners returns the process ids of the database's connections listening for finished
// executions.
func listeners(t *testing.T, admin *pgxpool.Pool) []int32 {
	t.Helper()
	rows, err := admin.Query(ctx, `SELECT pid FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN "`+store.DoneChannel+`"' ORDER BY pid`)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int32
	for rows.Next() {
		var pid int32
		if err := rows.Scan(&pid); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return pids
}

// awaitListener returns the pid of the listening connection once there is one that is not one
// of old, failing if there are ever several besides old or ctx ends first.
func awaitListener(ctx context.Context, t *testing.T, admin *pgxpool.Pool, old ...int32) int32 {
	t.Helper()
	for {
		var pids []int32
		for _, pid := range listeners(t, admin) {
			if !slices.Contains(old, pid) {
				pids = append(pids, pid)
			}
		}
		if len(pids) > 1 {
			t.Fatalf("%d listening connections, want one", len(pids))
		}
		if len(pids) == 1 {
			return pids[0]
		}
		if ctx.Err() != nil {
			t.Fatalf("no listening connection: %v", ctx.Err())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// When the rest of the pool is taken for good after the listener got its connection, the
// listener gives its connection back, and the Wait reads its execution by polling.
func TestWaitListenerYieldsToStarvedPool(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	pool := pgtest.Pool(t, url, 2)
	admin := pgtest.Pool(t, url, 2)
	c := client.New(pool)
	id := enqueueN(t, []*client.Client{c})[0]
	wctx, cancel := context.WithTimeout(ctx, hangLimit)
	defer cancel()
	errs := waitAll(wctx, []*client.Client{c}, []string{id})
	awaitListener(wctx, t, admin)
	held, err := pool.Acquire(wctx) // e.g. a worker's own listener on the same pool
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	if err := store.New(admin, store.Options{}).CompleteExternal(wctx, id, nil); err != nil {
		t.Fatal(err)
	}
	receiveAll(t, errs, 1)
}

// A lost listening connection is replaced, and waits still see their executions finish.
func TestWaitListenerReconnects(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	pool := pgtest.Pool(t, url, 4)
	admin := pgtest.Pool(t, url, 2)
	cs := []*client.Client{client.New(pool), client.New(pool)}
	ids := enqueueN(t, cs)
	wctx, cancel := context.WithTimeout(ctx, hangLimit)
	defer cancel()
	errs := waitAll(wctx, cs, ids)
	first := awaitListener(wctx, t, admin)
	if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend($1)", first); err != nil {
		t.Fatal(err)
	}
	s := store.New(admin, store.Options{})
	if err := s.CompleteExternal(wctx, ids[0], nil); err != nil {
		t.Fatal(err)
	}
	awaitListener(wctx, t, admin, first)
	if err := s.CompleteExternal(wctx, ids[1], nil); err != nil {
		t.Fatal(err)
	}
	receiveAll(t, errs, len(ids))
}

// Many concurrent Waits from several Clients on one pool, on shared and distinct executions, some
// given up early, all use one listening connection and each sees its execution finish.
func TestConcurrentWaitsShareOneListener(t *testing.T) {
	t.Parallel()
	url := pgtest.URL(t)
	pool := pgtest.Pool(t, url, 8)
	admin := pgtest.Pool(t, url, 2)
	cs := make([]*client.Client, 4)
	for i := range cs {
		cs[i] = client.New(pool)
	}
	ids := enqueueN(t, append(cs, cs...))
	wctx, cancel := context.WithTimeout(ctx, hangLimit)
	defer cancel()
	var waits, abandoned sync.WaitGroup
	errs := make(chan error, 3*len(ids)*len(cs))
	for _, id := range ids {
		for _, c := range cs {
			waits.Go(func() {
				x, err := c.Wait(wctx, id)
				if err == nil && x.Status != client.StatusCompleted {
					err = fmt.Errorf("%s: %s", id, x.Status)
				}
				errs <- err
			})
			abandoned.Go(func() {
				short, stop := context.WithCancel(wctx)
				go stop()
				if _, err := c.Wait(short, id); err != nil && !errors.Is(err, context.Canceled) {
					errs <- err
				}
			})
		}
	}
	awaitListener(wctx, t, admin)
	abandoned.Wait()
	s := store.New(admin, store.Options{})
	for _, id := range ids {
		if err := s.CompleteExternal(wctx, id, nil); err != nil {
			t.Fatal(err)
		}
		if pids := listeners(t, admin); len(pids) > 1 {
			t.Fatalf("%d listening connections", len(pids))
		}
	}
	waits.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
