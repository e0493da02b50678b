package store

import (
	"context"
	"slices"
	"sync"
	"time"
)

// notifier sends the notifications of the busiest statements (task completions, activation
// batches) after their transactions commit, in one small transaction of its own.
//
// PostgreSQL serialises the commits of all transactions that NOTIFY with a database-wide lock held
// until the commit is flushed to disk: notifying inside every completion and activation batch
// made them commit one at a time. Notifications are hints — idle workers poll for due work and
// waiters re-read the execution — so sending them a moment after the commit loses nothing; and
// whatever piled up while one send ran goes in the next, so a busy store sends few.
type notifier struct {
	s       *Store
	mu      sync.Mutex
	queues  []string            // QueueChannel payloads, unique
	done    []string            // DoneChannel ids
	sending bool                // a sender goroutine runs
	idle    *sync.Cond          // signalled when a sender goroutine ends
	retry   func(time.Duration) // sleeps between attempts; tests shorten it
}

func newNotifier(s *Store) *notifier {
	n := &notifier{s: s, retry: time.Sleep}
	n.idle = sync.NewCond(&n.mu)
	return n
}

// later queues notifications: queues with new due work and executions that reached a final status.
func (n *notifier) later(queues, done []string) {
	if len(queues) == 0 && len(done) == 0 {
		return
	}
	n.mu.Lock()
	for _, q := range queues {
		if !slices.Contains(n.queues, q) {
			n.queues = append(n.queues, q)
		}
	}
	n.done = append(n.done, done...)
	start := !n.sending
	n.sending = true
	n.mu.Unlock()
	if start {
		go n.run()
	}
}

// run sends until nothing is pending, then ends.
func (n *notifier) run() {
	for {
		n.mu.Lock()
		queues, done := n.queues, n.done
		n.queues, n.done = nil, nil
		if len(queues) == 0 && len(done) == 0 {
			n.sending = false
			n.idle.Broadcast()
			n.mu.Unlock()
			return
		}
		n.mu.Unlock()
		n.send(queues, done)
	}
}

// send delivers one set of notifications, trying a few times while the database is unreachable;
// after that they are dropped (workers poll, waiters re-read).
func (n *notifier) send(queues, done []string) {
	var channels, payloads []string
	for _, q := range queues {
		channels, payloads = append(channels, QueueChannel), append(payloads, q)
	}
	for _, p := range notifyPayloads(done) {
		channels, payloads = append(channels, DoneChannel), append(payloads, p)
	}
	wait := 50 * time.Millisecond
	for attempt := 0; attempt < 5; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := n.s.pool.Exec(ctx, `SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS u(c, p)`, channels, payloads)
		cancel()
		if err == nil {
			return
		}
		n.retry(wait)
		wait *= 2
	}
}

// flush waits until every queued notification was sent (or dropped), or ctx ends.
func (n *notifier) flush(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		n.mu.Lock()
		n.idle.Broadcast()
		n.mu.Unlock()
	})
	defer stop()
	n.mu.Lock()
	defer n.mu.Unlock()
	for n.sending && ctx.Err() == nil {
		n.idle.Wait()
	}
	return ctx.Err()
}

// FlushNotifications waits until the notifications of the store's completed work have been sent
// (the busiest statements send theirs just after they commit), or ctx ends. A worker calls it
// when it stops.
func (s *Store) FlushNotifications(ctx context.Context) error { return s.notes.flush(ctx) }
