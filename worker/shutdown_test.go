package worker_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/worker"
)

// Past the grace period, shutdown cancels running tasks and releases their leases: another
// worker takes the task at once, and the interrupted attempt does not count.
func TestShutdownReleasesLeases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	started := make(chan struct{}, 1)
	var cause atomic.Value
	cfg := testConfig()
	cfg.ShutdownGrace = 200 * time.Millisecond
	cfg.LeaseDuration = time.Minute // a lapse cannot explain the takeover
	a := e.start(cfg, worker.Task("hold", func(ctx context.Context, in struct{}) (string, error) {
		started <- struct{}{}
		<-ctx.Done()
		cause.Store(context.Cause(ctx))
		return "", ctx.Err()
	}))
	ctx := context.Background()
	id, err := e.client.EnqueueTask(ctx, "hold", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	begin := time.Now()
	a.shutdown(t)
	if d := time.Since(begin); d < 200*time.Millisecond || d > 5*time.Second {
		t.Errorf("shutdown took %s, want about the grace period", d)
	}
	if c, _ := cause.Load().(error); c == nil || !errors.Is(c, context.Canceled) && c.Error() != "worker shutting down" {
		t.Errorf("task context cause: %v", c)
	}
	x, err := e.client.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if x.Status != client.StatusPending || x.Attempt != 0 {
		t.Fatalf("after shutdown: status %s attempt %d, want pending 0", x.Status, x.Attempt)
	}
	b := testConfig()
	b.LeaseDuration = time.Minute
	e.start(b, worker.Task("hold", func(ctx context.Context, in struct{}) (string, error) { return "taken over", nil }))
	e.want(e.wait(id), `"taken over"`)
	if x := e.wait(id); x.Attempt != 1 {
		t.Fatalf("attempts %d, want 1", x.Attempt)
	}
}

// Within the grace period, in-flight tasks finish and their results are recorded.
func TestShutdownLetsWorkFinish(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	started := make(chan struct{}, 1)
	a := e.start(testConfig(), worker.Task("short", func(ctx context.Context, in struct{}) (string, error) {
		started <- struct{}{}
		time.Sleep(150 * time.Millisecond)
		return "finished", ctx.Err()
	}))
	id, err := e.client.EnqueueTask(context.Background(), "short", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	a.shutdown(t)
	x, err := e.client.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	e.want(x, `"finished"`)
}

// A task whose worker died (its lease lapsed without heartbeats) is claimed again by another.
func TestLeaseExpiredIsReclaimed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	s := store.New(e.pool, store.Options{})
	id, err := e.client.EnqueueTask(ctx, "job", map[string]int{"n": 1}, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: "dead", Limit: 1, Lease: 300 * time.Millisecond, Tasks: []string{"job"}})
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim by the doomed worker: %v %d", err, len(jobs))
	}
	e.start(testConfig(), worker.Task("job", func(ctx context.Context, in struct{ N int }) (int, error) { return in.N + 1, nil }))
	x := e.wait(id)
	e.want(x, `2`)
	if x.Attempt != 2 {
		t.Fatalf("attempts %d, want 2", x.Attempt)
	}
	if done, err := s.Complete(ctx, "dead", []store.Completion{{Lease: store.Lease{ID: id, Claim: jobs[0].Claim}}}); err != nil || len(done) != 0 {
		t.Fatalf("the dead worker's late completion took effect: %v %v", done, err)
	}
}

// Connections killed under a running worker are replaced: work goes on.
func TestLostConnections(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("twice", `return (await Task.run("inc", { n: Inputs.n })) + (await Task.run("inc", { n: 1 }))`)
	e.start(testConfig(), worker.Task("inc", func(ctx context.Context, in struct{ N int }) (int, error) { return in.N + 1, nil }))
	e.want(e.wait(e.startWorkflow("twice", map[string]int{"n": 1})), `4`)
	ctx := context.Background()
	if _, err := e.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	var id string
	eventually(t, "a start after the connections were killed", func() bool {
		var err error
		id, err = e.client.StartWorkflow(ctx, "twice", map[string]int{"n": 10}, client.StartOptions{})
		return err == nil
	})
	e.want(e.wait(id), `13`)
}

// Finished executions older than the retention period are pruned in the background.
func TestRetention(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := testConfig()
	cfg.Retention = 200 * time.Millisecond
	cfg.PruneInterval = 50 * time.Millisecond
	e.start(cfg, worker.Task("noop", func(ctx context.Context, in struct{}) (int, error) { return 1, nil }))
	ctx := context.Background()
	id, err := e.client.EnqueueTask(ctx, "noop", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e.want(e.wait(id), `1`)
	eventually(t, "pruning", func() bool {
		_, err := e.client.Get(ctx, id)
		return errors.Is(err, client.ErrNotFound)
	})
}

// Heartbeats extend the lease of a task that runs longer than it: no other worker takes it.
func TestHeartbeatsExtendLeases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var runs atomic.Int64
	long := worker.Task("long", func(ctx context.Context, in struct{}) (string, error) {
		runs.Add(1)
		time.Sleep(1500 * time.Millisecond)
		return "done", nil
	})
	cfg := testConfig()
	cfg.LeaseDuration = 600 * time.Millisecond
	cfg.HeartbeatInterval = 50 * time.Millisecond
	e.start(cfg, long)
	id, err := e.client.EnqueueTask(context.Background(), "long", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the task to start", func() bool { return runs.Load() == 1 })
	cfg2 := testConfig()
	cfg2.LeaseDuration = 600 * time.Millisecond
	e.start(cfg2, long)
	x := e.wait(id)
	e.want(x, `"done"`)
	if runs.Load() != 1 || x.Attempt != 1 {
		t.Fatalf("ran %d times, attempt %d", runs.Load(), x.Attempt)
	}
}

// New work wakes an idle worker through a notification, long before its next poll.
func TestNotificationWakesIdleWorker(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := testConfig()
	cfg.PollInterval = time.Hour
	e.start(cfg, worker.Task("ping", func(ctx context.Context, in struct{}) (string, error) { return "pong", nil }))
	time.Sleep(200 * time.Millisecond) // the worker is idle, listening
	id, err := e.client.EnqueueTask(context.Background(), "ping", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	x, err := e.client.Wait(ctx, id)
	if err != nil {
		t.Fatalf("not woken: %v", err)
	}
	e.want(x, `"pong"`)
}
