package worker

import (
	"context"
	"time"
)

// pruneBatch is the most execution trees deleted per statement.
const pruneBatch = 1000

// prune deletes finished executions older than the retention period every PruneInterval, until
// ctx ends.
func (w *Worker) prune(ctx context.Context) {
	t := time.NewTicker(w.cfg.PruneInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		total := 0
		for ctx.Err() == nil {
			n, err := w.store.Prune(ctx, w.store.Now().Add(-w.cfg.Retention), pruneBatch)
			if err != nil {
				if ctx.Err() == nil {
					w.log.Error("pruning finished executions failed", "error", err)
				}
				break
			}
			total += n
			if n < pruneBatch {
				break
			}
		}
		if total > 0 {
			w.log.Info("pruned finished executions", "count", total, "retention", w.cfg.Retention)
		}
	}
}
