package worker

import (
	"context"
	"runtime/debug"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// maxActivations is the most activations that share a transaction: a larger claim is split,
// so that the row locks of an activation batch are held for the time of about this many VM runs.
const maxActivations = 100

// queueLoop claims work of one queue in batches sized to its free slots.
type queueLoop struct {
	w     *Worker
	name  string
	slots int
	tasks []string
	wake  chan struct{} // a notification or a freed slot

	mu   sync.Mutex
	busy int
	// more is set when the last claim filled every free slot: there may be more due work, so a
	// freed slot claims again at once. Otherwise the loop waits for a notification or its poll.
	more bool
}

// poke wakes the loop without blocking.
func (l *queueLoop) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// reserve takes a slot if one is free.
func (l *queueLoop) reserve() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.busy >= l.slots {
		return false
	}
	l.busy++
	return true
}

func (l *queueLoop) free() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.slots - l.busy
}

// release frees a slot, and wakes the loop if there may be more work.
func (l *queueLoop) release() {
	l.mu.Lock()
	l.busy--
	more := l.more
	l.mu.Unlock()
	if more {
		l.poke()
	}
}

// run claims until ctx ends. Work runs under taskCtx, which outlives ctx during the grace
// period.
func (l *queueLoop) run(ctx, taskCtx context.Context) {
	w := l.w
	retry := time.Duration(0)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for ctx.Err() == nil {
		free := l.free()
		full := false
		if free > 0 {
			jobs, err := w.store.Claim(ctx, store.ClaimRequest{
				Queue: l.name, Worker: w.cfg.ID, Limit: free, Lease: w.cfg.LeaseDuration,
				Tasks: l.tasks, Workflows: true,
			})
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				retry = min(max(2*retry, 50*time.Millisecond), 5*time.Second)
				w.log.Error("claim failed; retrying", "queue", l.name, "error", err, "retry_in", retry)
				sleep(ctx, retry)
				continue
			}
			retry = 0
			if len(jobs) > 0 {
				w.log.Debug("claimed", "queue", l.name, "jobs", len(jobs), "free", free)
			}
			l.mu.Lock()
			l.busy += len(jobs)
			l.more = len(jobs) == free
			l.mu.Unlock()
			var workflows []*job
			for _, sj := range jobs {
				j := &job{Job: sj, queue: l.name}
				w.track(j)
				if j.Kind == store.KindWorkflow {
					workflows = append(workflows, j)
					continue
				}
				go w.work(taskCtx, l, j)
			}
			// The activations of one claim share a transaction, up to maxActivations each.
			for len(workflows) > 0 {
				n := min(len(workflows), maxActivations)
				go w.activateAll(ctx, taskCtx, l, workflows[:n])
				workflows = workflows[n:]
			}
			full = len(jobs) == free
		} else {
			// No slot free to claim with (work in flight, or slots reserved for work that starts
			// without a claim): a freed slot looks for due work at once, since the wake-up that
			// got the loop here may have been for work still waiting.
			l.mu.Lock()
			l.more = true
			l.mu.Unlock()
		}
		if full {
			continue // there may be more due work
		}
		timer.Reset(w.cfg.PollInterval)
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		case <-timer.C:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

// work runs one claimed task and frees its slot.
func (w *Worker) work(ctx context.Context, l *queueLoop, j *job) {
	defer l.release()
	defer func() {
		// A bug in the worker's own code must not take the process down: the job's lease
		// lapses and it is retried.
		if p := recover(); p != nil {
			w.log.Error("worker bug: job abandoned", "execution", j.ID, "panic", p, "stack", string(debug.Stack()))
			j.dropped.Store(true)
			w.untrack(j.ID)
		}
	}()
	w.runTask(ctx, j)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
