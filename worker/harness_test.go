package worker_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/worker"
)

func TestMain(m *testing.M) {
	if url := os.Getenv(crashWorkerEnv); url != "" {
		crashWorker(url) // a worker process for the crash tests; never returns
	}
	pgtest.Main(m)
}

var workerSeq atomic.Int64

// testLogger logs to stderr when RHYTHM_TEST_LOG is set, else nowhere.
func testLogger() *slog.Logger {
	if os.Getenv("RHYTHM_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// testConfig is a worker configuration with short intervals.
func testConfig() worker.Config {
	return worker.Config{
		ID:                "w" + string(rune('a'+workerSeq.Add(1)%26)) + time.Now().Format("150405.000000"),
		Logger:            testLogger(),
		PollInterval:      100 * time.Millisecond,
		LeaseDuration:     2 * time.Second,
		HeartbeatInterval: 50 * time.Millisecond,
		ShutdownGrace:     2 * time.Second,
		Retention:         -1,
	}
}

// env is a database with a client and running workers.
type env struct {
	t      testing.TB
	pool   *pgxpool.Pool
	client *client.Client
}

func newEnv(t testing.TB) *env {
	t.Helper()
	pool := pgtest.DB(t)
	return &env{t: t, pool: pool, client: client.New(pool)}
}

// running is a worker started by start.
type running struct {
	w    *worker.Worker
	stop context.CancelFunc
	done chan error
}

// start runs a worker with cfg serving defs; it is stopped when the test ends.
func (e *env) start(cfg worker.Config, defs ...*worker.TaskDef) *running {
	e.t.Helper()
	w, err := worker.New(e.pool, cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := w.Register(defs...); err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{w: w, stop: cancel, done: make(chan error, 1)}
	go func() { r.done <- w.Run(ctx) }()
	e.t.Cleanup(func() { r.shutdown(e.t) })
	return r
}

// shutdown stops the worker and waits for Run to return.
func (r *running) shutdown(t testing.TB) {
	r.stop()
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("worker: %v", err)
		}
		r.done <- nil
	case <-time.After(15 * time.Second):
		t.Error("worker did not stop")
	}
}

// workflow registers a workflow source.
func (e *env) workflow(name, src string) {
	e.t.Helper()
	w, err := worker.New(e.pool, worker.Config{Logger: testLogger()})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := w.RegisterWorkflow(context.Background(), name, name+".flow", []byte(src)); err != nil {
		e.t.Fatal(err)
	}
}

// startWorkflow starts a workflow and returns its id.
func (e *env) startWorkflow(name string, inputs any) string {
	e.t.Helper()
	id, err := e.client.StartWorkflow(context.Background(), name, inputs, client.StartOptions{})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// wait waits (at most 20s) for an execution to end.
func (e *env) wait(id string) *client.Execution {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	x, err := e.client.Wait(ctx, id)
	if err != nil {
		e.t.Fatalf("wait for %s: %v", id, err)
	}
	return x
}

// want checks that an execution completed with output equal (as JSON) to want.
func (e *env) want(x *client.Execution, want string) {
	e.t.Helper()
	if x.Status != client.StatusCompleted {
		e.t.Fatalf("%s %s: status %s, error %s", x.Kind, x.Name, x.Status, x.Error)
	}
	if !jsonEqual(x.Output, []byte(want)) {
		e.t.Fatalf("%s %s: output\n%s\nwant\n%s", x.Kind, x.Name, x.Output, want)
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

// errorObject decodes an execution's error.
func errorObject(t testing.TB, x *client.Execution) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(x.Error, &m); err != nil {
		t.Fatalf("error of %s: %v (%s)", x.ID, err, x.Error)
	}
	return m
}

// eventually polls cond for up to 10s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var errBoom = errors.New("boom")
