package worker

import (
	"context"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// maxBatch is the most results recorded in one statement.
const maxBatch = 500

// completer records task results in batches: whatever accumulated while the previous batch was
// being written goes in the next one, so a busy worker writes few large transactions and an idle
// one records a result at once. Results are retried while the database is unreachable.
type completer struct {
	w      *Worker
	mu     sync.Mutex
	ok     []completion
	bad    []failure
	kickCh chan struct{}
	// flushMu serialises flushes.
	flushMu sync.Mutex
}

type completion struct {
	j *job
	c store.Completion
}

type failure struct {
	j *job
	f store.FailedAttempt
}

func newCompleter(w *Worker) *completer {
	return &completer{w: w, kickCh: make(chan struct{}, 1)}
}

// complete queues a successful attempt.
func (c *completer) complete(j *job, comp store.Completion) {
	j.finishing.Store(true)
	c.mu.Lock()
	c.ok = append(c.ok, completion{j, comp})
	c.mu.Unlock()
	c.kick()
}

// fail queues a failed attempt.
func (c *completer) fail(j *job, f store.FailedAttempt) {
	j.finishing.Store(true)
	c.mu.Lock()
	c.bad = append(c.bad, failure{j, f})
	c.mu.Unlock()
	c.kick()
}

func (c *completer) kick() {
	select {
	case c.kickCh <- struct{}{}:
	default:
	}
}

// run flushes whenever results arrive, until ctx ends.
func (c *completer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kickCh:
			c.flush(ctx)
		}
	}
}

// flush records everything queued, retrying on database errors until ctx ends. Heartbeats may
// run meanwhile: the store locks rows in one order, so the two cannot deadlock.
func (c *completer) flush(ctx context.Context) {
	c.flushMu.Lock()
	defer c.flushMu.Unlock()
	retry := time.Duration(0)
	for {
		c.mu.Lock()
		ok := c.ok[:min(len(c.ok), maxBatch)]
		bad := c.bad[:min(len(c.bad), maxBatch)]
		c.mu.Unlock()
		if len(ok) == 0 && len(bad) == 0 {
			return
		}
		t0 := time.Now()
		err := c.write(ctx, ok, bad)
		c.w.log.Debug("recorded task results", "completed", len(ok), "failed", len(bad), "duration", time.Since(t0), "error", err)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			retry = min(max(2*retry, 50*time.Millisecond), 5*time.Second)
			c.w.log.Error("recording task results failed; retrying", "error", err, "retry_in", retry)
			sleep(ctx, retry)
			continue
		}
		retry = 0
		c.mu.Lock()
		c.ok = c.ok[len(ok):]
		c.bad = c.bad[len(bad):]
		c.mu.Unlock()
		ids := make([]string, 0, len(ok)+len(bad))
		for _, x := range ok {
			ids = append(ids, x.j.ID)
		}
		for _, x := range bad {
			ids = append(ids, x.j.ID)
		}
		c.w.untrack(ids...)
	}
}

func (c *completer) write(ctx context.Context, ok []completion, bad []failure) error {
	if len(ok) > 0 {
		cs := make([]store.Completion, len(ok))
		for i, x := range ok {
			cs[i] = x.c
		}
		done, err := c.w.store.Complete(ctx, c.w.cfg.ID, cs)
		if err != nil {
			return err
		}
		if len(done) < len(cs) {
			c.w.log.Warn("task results ignored: leases lost", "count", len(cs)-len(done))
		}
	}
	if len(bad) > 0 {
		fs := make([]store.FailedAttempt, len(bad))
		for i, x := range bad {
			fs[i] = x.f
		}
		if _, err := c.w.store.Fail(ctx, c.w.cfg.ID, fs); err != nil {
			return err
		}
	}
	return nil
}
