package activation

import (
	"context"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// queueTTL is how long the runner trusts what it read of the task registry.
const queueTTL = 5 * time.Second

type cachedQueue struct {
	queue string // "" when no worker registered the task
	read  time.Time
}

// taskQueues returns the queue each task is served on (absent: unknown), from the registry,
// cached for queueTTL.
func (r *Runner) taskQueues(ctx context.Context, step *store.Step, names []string) (map[string]string, error) {
	out := make(map[string]string, len(names))
	var missing []string
	now := time.Now()
	r.mu.Lock()
	for _, n := range names {
		if c, ok := r.queues[n]; ok && now.Sub(c.read) < queueTTL {
			if c.queue != "" {
				out[n] = c.queue
			}
		} else {
			missing = append(missing, n)
		}
	}
	r.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	qs, err := step.TaskQueues(ctx, missing)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	for _, n := range missing {
		r.queues[n] = cachedQueue{queue: qs[n], read: now}
		if q := qs[n]; q != "" {
			out[n] = q
		}
	}
	r.mu.Unlock()
	return out, nil
}

// registered reports which workflow names have a definition; definitions are never removed, so
// known names are cached for good.
func (r *Runner) registered(ctx context.Context, step *store.Step, names []string) (map[string]bool, error) {
	out := make(map[string]bool, len(names))
	var missing []string
	r.mu.Lock()
	for _, n := range names {
		if r.known[n] {
			out[n] = true
		} else {
			missing = append(missing, n)
		}
	}
	r.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	found, err := step.RegisteredWorkflows(ctx, missing)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	for n := range found {
		r.known[n] = true
		out[n] = true
	}
	r.mu.Unlock()
	return out, nil
}
