package client

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// hub shares one listening connection among all the Waits of a Client: it runs while someone
// waits, and wakes the waiters of each execution that finished. After every (re)connection it
// wakes all waiters, so a notification sent while it was not listening is never missed.
type hub struct {
	store *store.Store

	mu      sync.Mutex
	waiters map[string]map[chan struct{}]bool
	stop    context.CancelFunc // of the running listener; nil when none
	done    chan struct{}
}

func newHub(s *store.Store) *hub {
	return &hub{store: s, waiters: map[string]map[chan struct{}]bool{}}
}

// add registers a waiter for id, starting the listener if needed.
func (h *hub) add(id string) chan struct{} {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.waiters[id] == nil {
		h.waiters[id] = map[chan struct{}]bool{}
	}
	h.waiters[id][ch] = true
	if h.stop == nil {
		ctx, cancel := context.WithCancel(context.Background())
		h.stop, h.done = cancel, make(chan struct{})
		go h.listen(ctx, h.done)
	}
	return ch
}

// remove unregisters a waiter, stopping the listener when nobody waits.
func (h *hub) remove(id string, ch chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.waiters[id], ch)
	if len(h.waiters[id]) == 0 {
		delete(h.waiters, id)
	}
	if len(h.waiters) == 0 && h.stop != nil {
		h.stop()
		h.stop = nil
	}
}

func wake(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// wakeAll wakes every waiter (after a (re)connection).
func (h *hub) wakeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, chs := range h.waiters {
		for ch := range chs {
			wake(ch)
		}
	}
}

func (h *hub) wakeIDs(payload string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, id := range strings.Split(payload, ",") {
		for ch := range h.waiters[id] {
			wake(ch)
		}
	}
}

func (h *hub) listen(ctx context.Context, done chan struct{}) {
	defer close(done)
	retry := time.Duration(0)
	for ctx.Err() == nil {
		sub, err := h.store.Subscribe(ctx, store.DoneChannel)
		if err != nil {
			retry = min(max(2*retry, 20*time.Millisecond), 2*time.Second)
			t := time.NewTimer(retry)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
			continue
		}
		retry = 0
		h.wakeAll()
		for {
			n, err := sub.Next(ctx)
			if err != nil {
				break
			}
			h.wakeIDs(n.Payload)
		}
		sub.Close()
		h.wakeAll()
	}
}
