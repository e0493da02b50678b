package worker

import (
	"context"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// heartbeat extends the leases of the work in flight, stops tasks whose lease was lost or whose
// execution was cancelled, and refreshes the worker's registry rows, until ctx ends.
func (w *Worker) heartbeat(ctx context.Context) {
	t := time.NewTicker(w.cfg.HeartbeatInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.mu.Lock()
		leases := make([]store.Lease, 0, len(w.inflight))
		jobs := make(map[string]*job, len(w.inflight))
		for id, j := range w.inflight {
			if !j.dropped.Load() && !j.finishing.Load() {
				leases = append(leases, j.lease())
				jobs[id] = j
			}
		}
		w.mu.Unlock()
		// Heartbeats and completion flushes run concurrently: the store locks rows in one order.
		res, err := w.store.Heartbeat(ctx, w.cfg.ID, leases, w.cfg.LeaseDuration)
		if err != nil {
			if ctx.Err() == nil {
				w.log.Error("heartbeat failed", "error", err)
			}
			continue
		}
		for _, id := range res.Lost {
			if j := jobs[id]; j != nil && j.Kind == store.KindTask && !j.finishing.Load() {
				// A result still queued in the completer is fenced by its claim: harmless.
				if j.dropped.CompareAndSwap(false, true) {
					w.log.Warn("lease lost: stopping task", "execution", id, "task", j.Name)
					j.stop(errLeaseLost)
				}
			}
		}
		for _, id := range res.Cancel {
			if j := jobs[id]; j != nil {
				w.log.Info("cancellation requested: stopping task", "execution", id, "task", j.Name)
				j.stop(errCancelled)
			}
		}
		if err := w.store.TouchWorker(ctx, w.cfg.ID); err != nil && ctx.Err() == nil {
			w.log.Error("registry heartbeat failed", "error", err)
		}
	}
}
