package client

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/engine/store"
)

// hubs holds the hub of every pool that has waiters: all the Clients on a pool share it, so a
// pool serves at most one listening connection for Waits however many Clients it has. Its mutex
// guards the state of every hub.
var hubs = struct {
	sync.Mutex
	m map[*pgxpool.Pool]*hub
}{m: map[*pgxpool.Pool]*hub{}}

// hub shares one listening connection among all the Waits on a pool. The first waiter creates it
// and starts its listener; the last one to leave stops the listener, and the hub is dropped when
// its listener has ended, unless someone waits again by then. A listener starts only once the
// previous one has ended. The listener only takes a connection the pool can spare
// (store.SubscribeSpare) and gives it back when the pool runs short; while it does not listen,
// waiters poll. After every change of state (listening or not) it wakes all waiters, so a
// notification sent while it was not listening is never missed.
type hub struct {
	pool      *pgxpool.Pool
	waiters   map[string]map[chan struct{}]bool
	listening bool
	stop      context.CancelFunc // ends the listener; nil once asked to stop
	done      chan struct{}      // closed when the latest listener has ended
}

// waiter is one Wait's registration with its pool's hub.
type waiter struct {
	h  *hub
	id string
	// wake receives a token when the execution may have changed.
	wake chan struct{}
}

// join registers a waiter for execution id on pool's hub, creating the hub or starting its
// listener if needed.
func join(pool *pgxpool.Pool, id string) *waiter {
	hubs.Lock()
	defer hubs.Unlock()
	h := hubs.m[pool]
	if h == nil {
		h = &hub{pool: pool, waiters: map[string]map[chan struct{}]bool{}}
		hubs.m[pool] = h
	}
	w := &waiter{h: h, id: id, wake: make(chan struct{}, 1)}
	if h.waiters[id] == nil {
		h.waiters[id] = map[chan struct{}]bool{}
	}
	h.waiters[id][w.wake] = true
	if h.stop == nil {
		ctx, cancel := context.WithCancel(context.Background())
		prev, done := h.done, make(chan struct{})
		h.stop, h.done = cancel, done
		go h.listen(ctx, prev, done)
	}
	return w
}

// leave unregisters the waiter; the last one to leave stops the listener.
func (w *waiter) leave() {
	hubs.Lock()
	defer hubs.Unlock()
	h := w.h
	delete(h.waiters[w.id], w.wake)
	if len(h.waiters[w.id]) == 0 {
		delete(h.waiters, w.id)
	}
	if len(h.waiters) == 0 && h.stop != nil {
		h.stop()
		h.stop = nil
	}
}

// listening reports whether the hub listens: if not, the waiter must poll.
func (w *waiter) listening() bool {
	hubs.Lock()
	defer hubs.Unlock()
	return w.h.listening
}

func wake(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// setListening records whether the hub listens and wakes every waiter to re-check its execution.
func (h *hub) setListening(on bool) {
	hubs.Lock()
	defer hubs.Unlock()
	h.listening = on
	for _, chs := range h.waiters {
		for ch := range chs {
			wake(ch)
		}
	}
}

// wakeIDs wakes the waiters of the executions in a notification's payload (comma-separated ids).
func (h *hub) wakeIDs(payload string) {
	hubs.Lock()
	defer hubs.Unlock()
	for _, id := range strings.Split(payload, ",") {
		for ch := range h.waiters[id] {
			wake(ch)
		}
	}
}

// ended closes done, the listener's, and drops the hub if that listener was its latest and
// nobody waits.
func (h *hub) ended(done chan struct{}) {
	hubs.Lock()
	defer hubs.Unlock()
	close(done)
	if h.done == done && h.stop == nil && hubs.m[h.pool] == h {
		delete(hubs.m, h.pool)
	}
}

// listen listens for finished executions until ctx ends, once the previous listener (prev, if
// any) has ended. A lost connection is replaced at once;
// when the pool has no connection to spare, or runs short of them, it retries with a growing
// delay (waiters poll meanwhile).
func (h *hub) listen(ctx context.Context, prev, done chan struct{}) {
	defer h.ended(done)
	if prev != nil {
		select {
		case <-prev:
		case <-ctx.Done():
			return
		}
	}
	s := store.New(h.pool, store.Options{})
	retry := time.Duration(0)
	for ctx.Err() == nil {
		sub, err := s.SubscribeSpare(ctx, store.DoneChannel)
		if err != nil {
			retry = backoff(retry)
			sleep(ctx, retry)
			continue
		}
		h.setListening(true)
		for {
			n, err := sub.Next(ctx)
			if err != nil {
				if errors.Is(err, store.ErrNoSpareConn) {
					retry = backoff(retry)
				} else {
					retry = 0
				}
				break
			}
			h.wakeIDs(n.Payload)
		}
		sub.Close()
		h.setListening(false)
		sleep(ctx, retry)
	}
}

// backoff is the next delay of a growing series: 20ms, doubling, at most 2s.
func backoff(d time.Duration) time.Duration {
	return min(max(2*d, 20*time.Millisecond), 2*time.Second)
}

// sleep waits for d or for ctx to end.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
