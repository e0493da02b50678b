package worker_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/worker"
)

// RegisterWorkflows checks every file, refuses those with errors (reporting every diagnostic) and
// registers the rest; a changed source is a new version, and executions resume on the version
// they started with.
func TestRegisterWorkflows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("greet.flow", `const s = await Signal.next("go")
return "v1 " + s`)
	write("broken.flow", "const x = \nreturn y\n")
	w, err := worker.New(e.pool, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	err = w.RegisterWorkflows(ctx, dir)
	var we *worker.WorkflowError
	if !errors.As(err, &we) {
		t.Fatalf("error %v, want a *WorkflowError", err)
	}
	if len(we.Files) != 1 || len(we.Files[filepath.Join(dir, "broken.flow")]) < 2 {
		t.Fatalf("refused: %v", we.Files)
	}
	if !strings.Contains(err.Error(), "broken.flow:2:1: error") || !strings.Contains(err.Error(), "broken.flow:2:8: error") {
		t.Fatalf("message does not list every diagnostic:\n%v", err)
	}
	s := store.New(e.pool, store.Options{})
	v1, err := s.CurrentDefinition(ctx, "greet")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CurrentDefinition(ctx, "broken"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("broken registered: %v", err)
	}

	e.start(testConfig())
	old := e.startWorkflow("greet", nil)
	eventually(t, "the first workflow to suspend", func() bool {
		x, err := e.client.Get(ctx, old)
		return err == nil && x.Status == client.StatusSuspended
	})
	write("greet.flow", `const s = await Signal.next("go")
return "v2 " + s`)
	if err := os.Remove(filepath.Join(dir, "broken.flow")); err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflows(ctx, dir); err != nil {
		t.Fatal(err)
	}
	v2, err := s.CurrentDefinition(ctx, "greet")
	if err != nil || v2.Version == v1.Version {
		t.Fatalf("no new version: %v", err)
	}
	fresh := e.startWorkflow("greet", nil)
	pinned, err := e.client.StartWorkflow(ctx, "greet", nil, client.StartOptions{Version: v1.Version})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{old, fresh, pinned} {
		if err := e.client.Signal(ctx, id, "go", "there"); err != nil {
			t.Fatal(err)
		}
	}
	e.want(e.wait(old), `"v1 there"`)
	e.want(e.wait(fresh), `"v2 there"`)
	e.want(e.wait(pinned), `"v1 there"`)
	if x := e.wait(old); x.Version != v1.Version {
		t.Fatalf("old execution on %s", x.Version)
	}
}

// A start inside the caller's transaction exists exactly when the transaction commits.
func TestTransactionalEnqueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.workflow("hello", `return "hi " + Inputs.name`)
	e.start(testConfig())
	ctx := context.Background()
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.StartWorkflow(ctx, "hello", map[string]string{"name": "x"}, client.StartOptions{Tx: tx}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	tx, err = e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.client.StartWorkflow(ctx, "hello", map[string]string{"name": "tx"}, client.StartOptions{Tx: tx})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	e.want(e.wait(id), `"hi tx"`)
	list, err := e.client.List(ctx, client.Filter{Kind: "workflow", Name: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("%d executions, want 1 (the rolled back start must not exist)", len(list))
	}
	if list, _ := e.client.List(ctx, client.Filter{Status: client.StatusFailed}); len(list) != 0 {
		t.Fatalf("failed executions: %d", len(list))
	}
}

// AutoMigrate brings an empty database to the current schema before serving.
func TestAutoMigrate(t *testing.T) {
	t.Parallel()
	pool, err := pgxpool.New(context.Background(), pgtest.EmptyURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	e := &env{t: t, pool: pool, client: client.New(pool)}
	cfg := testConfig()
	cfg.AutoMigrate = true
	e.start(cfg, worker.Task("hi", func(ctx context.Context, in struct{}) (string, error) { return "hi", nil }))
	var id string
	eventually(t, "the migrated schema", func() bool {
		id, err = e.client.EnqueueTask(context.Background(), "hi", nil, client.TaskOptions{})
		return err == nil
	})
	e.want(e.wait(id), `"hi"`)
}

// With AutoMigrate, registering workflows before Run works on an empty database: the
// migrations run first.
func TestAutoMigrateBeforeRegisterWorkflows(t *testing.T) {
	t.Parallel()
	pool, err := pgxpool.New(context.Background(), pgtest.EmptyURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	cfg := testConfig()
	cfg.AutoMigrate = true
	w, err := worker.New(pool, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.RegisterWorkflow(context.Background(), "hello", "hello.flow", []byte("return 1\n")); err != nil {
		t.Fatalf("RegisterWorkflow on an empty database with AutoMigrate: %v", err)
	}
}

// A shutdown requested while Run is still starting is a clean shutdown, not a start error.
func TestRunCancelledDuringStart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := testConfig()
	cfg.AutoMigrate = true
	w, err := worker.New(e.pool, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Register(worker.Task("hi", func(ctx context.Context, in struct{}) (string, error) { return "hi", nil })); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx); err != nil {
		t.Fatalf("Run with a cancelled context = %v, want nil (clean shutdown)", err)
	}
}

// recorder is a slog handler that keeps the records' messages and attributes.
type recorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	line := rec.Level.String() + " " + rec.Message
	rec.Attrs(func(a slog.Attr) bool { line += " " + a.String(); return true })
	r.mu.Lock()
	r.lines = append(r.lines, line)
	r.mu.Unlock()
	return nil
}

// Registration warns about tasks no worker serves, without refusing the file.
func TestRegisterWarnsUnknownTasks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rec := &recorder{}
	cfg := testConfig()
	cfg.Logger = slog.New(rec)
	w, err := worker.New(e.pool, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Register(worker.Task("mine", double)); err != nil {
		t.Fatal(err)
	}
	src := `await Task.run("mine", { x: 1 })
await Task.run("nobody_serves_this", {})`
	if err := w.RegisterWorkflow(context.Background(), "warned", "warned.flow", []byte(src)); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(rec.lines, "\n")
	if !strings.Contains(all, "WARN") || !strings.Contains(all, "nobody_serves_this") || strings.Contains(all, "`mine`") {
		t.Fatalf("logs:\n%s", all)
	}
}
