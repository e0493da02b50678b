package worker

import (
	"context"
	"errors"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// activate runs one workflow activation. A failed activation (database trouble) is released
// so that it is retried at once; one whose claim was lost is dropped.
func (w *Worker) activate(ctx context.Context, j *job) {
	defer w.untrack(j.ID)
	t0 := time.Now()
	err := w.runner.Activate(ctx, w.cfg.ID, j.Job)
	w.log.Debug("activation", "execution", j.ID, "workflow", j.Name, "duration", time.Since(t0))
	switch {
	case err == nil:
	case errors.Is(err, store.ErrClaimLost):
		w.log.Warn("activation dropped: claim lost", "execution", j.ID, "workflow", j.Name)
	default:
		w.log.Error("activation failed; it will be retried", "execution", j.ID, "workflow", j.Name, "error", err)
		sleep(ctx, 100*time.Millisecond) // no hot loop on a persistent failure
		if _, rerr := w.store.Release(context.WithoutCancel(ctx), w.cfg.ID, []store.Lease{j.lease()}); rerr != nil {
			w.log.Error("release after failed activation", "execution", j.ID, "error", rerr)
		}
	}
}
