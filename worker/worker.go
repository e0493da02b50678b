package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/engine/activation"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/migrations"
)

// Worker claims and runs tasks and workflow activations. Register tasks and workflows, then
// call Run.
type Worker struct {
	cfg    Config
	pool   *pgxpool.Pool
	store  *store.Store
	runner *activation.Runner
	log    *slog.Logger

	mu       sync.Mutex
	tasks    map[string]*TaskDef
	running  atomic.Bool
	migrated atomic.Bool     // the migrations ran (AutoMigrate), so later calls skip them
	inflight map[string]*job // by execution id, until its result is recorded
	queues   map[string]*queueLoop

	done *completer
}

// job is a claimed execution being worked on.
type job struct {
	store.Job
	queue string
	// cancelMu guards cancel, the task context's cancel function (nil for activations).
	cancelMu sync.Mutex
	cancel   context.CancelCauseFunc
	// dropped is set when the result must not be recorded (lease lost, shutdown past grace).
	dropped atomic.Bool
	// finishing is set when the result is queued in the completer: the heartbeat leaves the
	// lease alone (the completion deletes the queue row).
	finishing atomic.Bool
}

func (j *job) lease() store.Lease { return store.Lease{ID: j.ID, Claim: j.Claim} }

func (j *job) setCancel(f context.CancelCauseFunc) {
	j.cancelMu.Lock()
	j.cancel = f
	j.cancelMu.Unlock()
}

// stop cancels the task's context with cause.
func (j *job) stop(cause error) {
	j.cancelMu.Lock()
	f := j.cancel
	j.cancelMu.Unlock()
	if f != nil {
		f(cause)
	}
}

// New returns a worker on pool. Nothing touches the database until Run (or RegisterWorkflows).
func New(pool *pgxpool.Pool, cfg Config) (*Worker, error) {
	if pool == nil {
		return nil, errors.New("worker: nil pool")
	}
	cfg = cfg.withDefaults()
	s := store.New(pool, store.Options{Clock: cfg.Clock})
	log := cfg.Logger.With("worker", cfg.ID)
	w := &Worker{
		cfg:      cfg,
		pool:     pool,
		store:    s,
		runner:   activation.New(s, activation.Options{Logger: log}),
		log:      log,
		tasks:    map[string]*TaskDef{},
		inflight: map[string]*job{},
	}
	return w, nil
}

// ID returns the worker's id.
func (w *Worker) ID() string { return w.cfg.ID }

// Register adds tasks. Registering a name twice, or after Run started, is an error.
func (w *Worker) Register(defs ...*TaskDef) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running.Load() {
		return errors.New("worker: Register after Run")
	}
	for _, d := range defs {
		if d == nil || d.name == "" {
			return errors.New("worker: a task needs a name")
		}
		if w.tasks[d.name] != nil {
			return fmt.Errorf("worker: task %q registered twice", d.name)
		}
		w.tasks[d.name] = d
	}
	return nil
}

// Run serves the configured queues until ctx is cancelled, then shuts down gracefully: it stops
// claiming, lets in-flight work finish within Config.ShutdownGrace, then cancels the contexts of
// the tasks still running and releases their leases so another worker takes them at once.
// Database errors while running are logged and retried, never fatal. Run returns nil after a
// clean shutdown, or the error that prevented the start (migration, registry).
func (w *Worker) Run(ctx context.Context) error {
	if !w.running.CompareAndSwap(false, true) {
		return errors.New("worker: Run called twice")
	}
	if w.cfg.AutoMigrate {
		if err := w.migrate(ctx); err != nil {
			return startErr(ctx, err)
		}
	}
	if err := w.registerTasks(ctx); err != nil {
		return startErr(ctx, err)
	}
	names := w.taskNames()
	queues := map[string]int{}
	for q, n := range w.cfg.Queues {
		queues[q] = n
	}
	for _, d := range w.tasks {
		q := d.opts.Queue
		if q == "" {
			q = store.DefaultQueue
		}
		if _, ok := queues[q]; !ok {
			queues[q] = DefaultConcurrency
		}
	}
	w.queues = map[string]*queueLoop{}
	for q, n := range queues {
		w.queues[q] = &queueLoop{w: w, name: q, slots: n, tasks: names, wake: make(chan struct{}, 1)}
	}
	w.log.Info("worker started", "queues", queues, "tasks", names)

	// Task contexts outlive ctx until the grace period ends.
	taskCtx, cancelTasks := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancelTasks(errShutdown)
	bg := context.WithoutCancel(ctx)
	w.done = newCompleter(w)
	var side sync.WaitGroup
	sideCtx, stopSide := context.WithCancel(bg)
	side.Go(func() { w.done.run(sideCtx) })
	side.Go(func() { w.heartbeat(sideCtx) })
	side.Go(func() { w.listen(sideCtx) })
	if w.cfg.Retention > 0 {
		side.Go(func() { w.prune(sideCtx) })
	}

	var loops sync.WaitGroup
	for _, l := range w.queues {
		loops.Go(func() { l.run(ctx, taskCtx) })
	}
	<-ctx.Done()
	loops.Wait()
	w.log.Info("worker stopping: waiting for in-flight work", "grace", w.cfg.ShutdownGrace)

	w.drain(w.cfg.ShutdownGrace)
	if n := w.busy(); n > 0 {
		w.log.Warn("shutdown grace period over: cancelling running tasks", "running", n)
		w.mu.Lock()
		var leases []store.Lease
		for _, j := range w.inflight {
			if !j.finishing.Load() && j.dropped.CompareAndSwap(false, true) {
				leases = append(leases, j.lease())
			}
		}
		w.mu.Unlock()
		cancelTasks(errShutdown)
		w.finalFlush(bg)
		w.untrackDropped()
		rctx, cancel := context.WithTimeout(bg, 5*time.Second)
		n, err := w.store.Release(rctx, w.cfg.ID, leases)
		cancel()
		if err != nil {
			w.log.Error("release leases", "error", err)
		} else {
			w.log.Info("released leases", "count", n)
		}
	}
	w.finalFlush(bg)
	stopSide()
	side.Wait()
	nctx, cancel := context.WithTimeout(bg, 5*time.Second)
	if err := w.store.FlushNotifications(nctx); err != nil {
		w.log.Warn("notifications not sent before stopping", "error", err)
	}
	cancel()
	w.log.Info("worker stopped")
	return nil
}

var errShutdown = errors.New("worker shutting down")

// finalFlush records the results still queued, giving up after a while if the database cannot be
// reached (those tasks then run again after their leases lapse).
func (w *Worker) finalFlush(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	w.done.flush(ctx)
}

// drain waits until no work is in flight (results recorded) or the grace period ends.
func (w *Worker) drain(grace time.Duration) {
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		if w.busy() == 0 {
			return
		}
		w.done.kick()
		time.Sleep(5 * time.Millisecond)
	}
}

// busy counts the jobs whose result is not recorded yet.
func (w *Worker) busy() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.inflight)
}

// serves reports whether the worker registered task name.
func (w *Worker) serves(name string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.tasks[name] != nil
}

func (w *Worker) taskNames() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	names := make([]string, 0, len(w.tasks))
	for n := range w.tasks {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (w *Worker) migrate(ctx context.Context) error {
	if w.migrated.Load() {
		return nil
	}
	conn, err := w.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("worker: migrate: %w", err)
	}
	defer conn.Release()
	if err := migrations.Migrate(ctx, conn.Conn()); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	w.migrated.Store(true)
	return nil
}

// startErr is the result of Run when starting failed with err: nil when ctx was cancelled
// meanwhile (a shutdown requested during the start is a clean shutdown), else err.
func startErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// registerTasks records the served tasks in the registry.
func (w *Worker) registerTasks(ctx context.Context) error {
	w.mu.Lock()
	infos := make([]store.TaskInfo, 0, len(w.tasks))
	for _, d := range w.tasks {
		infos = append(infos, store.TaskInfo{
			Name: d.name, Queue: d.opts.Queue, InputSchema: d.inSchema, OutputSchema: d.outSchema,
			Doc: d.opts.Doc, SourceFile: d.file, SourceLine: d.line,
		})
	}
	w.mu.Unlock()
	if err := w.store.RegisterTasks(ctx, w.cfg.ID, infos); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	return nil
}

// track records a claimed job as in flight.
func (w *Worker) track(j *job) {
	w.mu.Lock()
	w.inflight[j.ID] = j
	w.mu.Unlock()
}

// untrackDropped forgets the jobs whose results are dropped.
func (w *Worker) untrackDropped() {
	w.mu.Lock()
	for id, j := range w.inflight {
		if j.dropped.Load() {
			delete(w.inflight, id)
		}
	}
	w.mu.Unlock()
}

// untrack forgets a job whose result is recorded (or dropped).
func (w *Worker) untrack(ids ...string) {
	w.mu.Lock()
	for _, id := range ids {
		delete(w.inflight, id)
	}
	w.mu.Unlock()
}
