package worker

import (
	"context"
	"errors"
	"runtime/debug"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// activateAll runs activations of claimed workflows in one batch (see activation.Runner) and frees
// their slots. A failed activation (database trouble) is released so that it is retried at
// once; one whose claim was lost is dropped. Tasks the activations start that this worker serves
// start here at once, without a claim, while the worker is not stopping (loopCtx live): a task
// on the batch's own queue first takes over the slot of an activation of the batch (which is
// done with it once the batch commits), then any free slot of its queue.
func (w *Worker) activateAll(loopCtx, ctx context.Context, l *queueLoop, jobs []*job) {
	// handover counts the batch's slots not taken over by a task started here; they are freed
	// at the end.
	handover := len(jobs)
	defer func() {
		for range handover {
			l.release()
		}
	}()
	defer func() {
		// A bug in the worker's own code must not take the process down: the jobs' leases
		// lapse and they are retried.
		if p := recover(); p != nil {
			w.log.Error("worker bug: activations abandoned", "jobs", len(jobs), "panic", p, "stack", string(debug.Stack()))
			for _, j := range jobs {
				j.dropped.Store(true)
				w.untrack(j.ID)
			}
		}
	}()
	sjobs := make([]store.Job, len(jobs))
	for i, j := range jobs {
		sjobs[i] = j.Job
	}
	t0 := time.Now()
	// Reservations in the order of the started tasks: whether each took a slot of the batch
	// (which becomes the task's if the batch commits) rather than a free slot.
	var fromBatch []bool
	handed := 0
	reserve := func(queue, name string) bool {
		ql := w.queues[queue]
		if loopCtx.Err() != nil || ql == nil || !w.serves(name) {
			return false
		}
		if ql == l && handed < len(jobs) {
			handed++
			fromBatch = append(fromBatch, true)
			return true
		}
		if !ql.reserve() {
			return false
		}
		fromBatch = append(fromBatch, false)
		return true
	}
	errs, eager, committed := w.runner.ActivateBatch(ctx, w.cfg.ID, sjobs, reserve, w.cfg.LeaseDuration)
	w.log.Debug("activations", "count", len(jobs), "started_here", len(eager), "duration", time.Since(t0))
	if committed {
		handover -= handed
	}
	for i, sj := range eager {
		ql := w.queues[sj.Queue]
		if !committed {
			if !fromBatch[i] {
				ql.release()
			}
			continue
		}
		j := &job{Job: sj, queue: ql.name}
		w.track(j)
		go w.work(ctx, ql, j)
	}
	var retry []store.Lease
	for i, j := range jobs {
		err := errs[i]
		switch {
		case err == nil:
		case errors.Is(err, store.ErrClaimLost):
			w.log.Warn("activation dropped: claim lost", "execution", j.ID, "workflow", j.Name)
		default:
			w.log.Error("activation failed; it will be retried", "execution", j.ID, "workflow", j.Name, "error", err)
			retry = append(retry, j.lease())
		}
	}
	if len(retry) > 0 {
		sleep(ctx, 100*time.Millisecond) // no hot loop on a persistent failure
		if _, err := w.store.Release(context.WithoutCancel(ctx), w.cfg.ID, retry); err != nil {
			w.log.Error("release after failed activations", "count", len(retry), "error", err)
		}
	}
	for _, j := range jobs {
		w.untrack(j.ID)
	}
}
