package worker

import (
	"context"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// listen wakes the queue loops on new-work notifications until ctx ends, reconnecting after
// errors; every (re)connection wakes all loops, in case notifications were missed.
func (w *Worker) listen(ctx context.Context) {
	retry := time.Duration(0)
	for ctx.Err() == nil {
		sub, err := w.store.Subscribe(ctx, store.QueueChannel)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			retry = min(max(2*retry, 50*time.Millisecond), 5*time.Second)
			w.log.Error("listen failed; polling meanwhile", "error", err, "retry_in", retry)
			sleep(ctx, retry)
			continue
		}
		retry = 0
		for _, l := range w.queues {
			l.poke()
		}
		for {
			n, err := sub.Next(ctx)
			if err != nil {
				if ctx.Err() == nil {
					w.log.Warn("notification connection lost; reconnecting", "error", err)
				}
				break
			}
			if l := w.queues[n.Payload]; l != nil {
				l.poke()
			}
		}
		sub.Close()
	}
}
