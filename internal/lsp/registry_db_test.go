package lsp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.lsp.dev/protocol"

	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/lang/ide"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// seedRegistry registers, in a fresh database, a worker serving send_email and the stored
// workflows ship_order (one execution in flight) and audit; it returns the URL and the store.
func seedRegistry(t *testing.T) (string, *store.Store) {
	t.Helper()
	url := pgtest.URL(t)
	st := openStore(t, url)
	ctx := context.Background()
	err := st.RegisterTasks(ctx, "w1", []store.TaskInfo{sendEmailTask, {Name: "noop"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ship_order", "audit"} {
		if _, _, err := st.RegisterDefinition(ctx, name, name+".flow", "return 1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Enqueue(ctx, nil, []store.NewExecution{{Kind: store.KindWorkflow, Name: "ship_order", Input: json.RawMessage(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	return url, st
}

// sendEmailTask is the send_email task of seedRegistry.
var sendEmailTask = store.TaskInfo{
	Name: "send_email", Queue: "mail", Doc: "Sends one email.", SourceFile: "/src/mail.go", SourceLine: 42,
	InputSchema:  json.RawMessage(`{"type":"object","properties":{"to":{"type":"string"}},"required":["to"],"additionalProperties":false}`),
	OutputSchema: json.RawMessage(`{"type":"object","properties":{"id":{"type":"string"}}}`),
}

// openStore opens a store on url, closed when the test ends.
func openStore(t *testing.T, url string) *store.Store {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return store.New(pool, store.Options{})
}

// writeFiles creates files (path → content) under root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for path, content := range files {
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDatabaseRegistryLoad(t *testing.T) {
	t.Parallel()
	url, st := seedRegistry(t)
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"flows/ship_order.flow": "// Ships an order.\nreturn 1\n",
		"flows/local.flow":      "return 2\n",
	})
	reg, err := DatabaseRegistry{}.Load(Workspace{Root: root, DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	if !reg.Fresh() {
		t.Fatal("a registry read from the database is not fresh")
	}
	task, ok := reg.Task("send_email")
	if !ok || task.Queue != "mail" || task.Doc != "Sends one email." || task.Source != (ide.SourceLocation{File: "/src/mail.go", Line: 42}) ||
		task.LastSeen.IsZero() || !task.Input.IsRequired("to") || !task.Input.Closed() || task.Output.TypeText() != "object" {
		t.Fatalf("send_email = %+v", task)
	}
	if noop, _ := reg.Task("noop"); noop.Queue != "" || noop.Input != nil {
		t.Fatalf("noop (default queue, no schema) = %+v", noop)
	}
	// Each task lists its workers, newest first.
	time.Sleep(2 * time.Millisecond)
	if err := st.RegisterTasks(context.Background(), "w2", []store.TaskInfo{sendEmailTask}); err != nil {
		t.Fatal(err)
	}
	reg, err = DatabaseRegistry{}.Load(Workspace{Root: root, DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	task, _ = reg.Task("send_email")
	if len(task.Workers) != 2 || task.Workers[0].ID != "w2" || task.Workers[1].ID != "w1" ||
		!task.Workers[0].LastSeen.After(task.Workers[1].LastSeen) || !task.Workers[0].LastSeen.Equal(task.LastSeen) {
		t.Fatalf("send_email workers = %+v (last seen %v), want w2 then w1", task.Workers, task.LastSeen)
	}
	if noop, _ := reg.Task("noop"); len(noop.Workers) != 1 || noop.Workers[0].ID != "w1" {
		t.Fatalf("noop workers = %+v, want w1", noop.Workers)
	}
	var names []string
	for _, w := range reg.Workflows() {
		names = append(names, w.Name+":"+filepath.ToSlash(w.Path))
	}
	if got := strings.Join(names, " "); got != "audit: local:flows/local.flow ship_order:flows/ship_order.flow" {
		t.Fatalf("workflows = %s", got)
	}
	c, ok := reg.(InFlightCounter)
	if !ok {
		t.Fatal("no in-flight counts")
	}
	if n, ok := c.InFlight("ship_order"); !ok || n != 1 {
		t.Fatalf("ship_order in flight = %d, %v", n, ok)
	}
	if n, ok := c.InFlight("audit"); !ok || n != 0 {
		t.Fatalf("audit in flight = %d, %v", n, ok)
	}
	if _, ok := c.InFlight("local"); ok {
		t.Fatal("a workflow that is not stored has an in-flight count")
	}

	// The cache holds the tasks and the stored workflows, and is not fresh when read back.
	cachePath := filepath.Join(root, RegistryCachePath)
	data, err := os.ReadFile(cachePath)
	if err != nil {
		t.Fatal(err)
	}
	cached, err := ide.ParseRegistry(data)
	if err != nil {
		t.Fatal(err)
	}
	if cached.Fresh() || len(cached.TaskList) != 2 || len(cached.WorkflowSet) != 2 || cached.FetchedAt.IsZero() {
		t.Fatalf("cache = %s", data)
	}
	if ct, _ := cached.Task("send_email"); len(ct.Workers) != 2 || ct.Workers[0].ID != "w2" || ct.Workers[0].LastSeen.IsZero() {
		t.Fatalf("cached send_email workers = %+v", ct.Workers)
	}
	if tmp, _ := filepath.Glob(filepath.Join(root, ".rhythm", ".registry-*")); len(tmp) != 0 {
		t.Fatalf("temporary files left: %v", tmp)
	}

	// An unchanged registry does not rewrite the cache (the editor reloads when it changes),
	// even when heartbeats moved the workers' last-seen times and so their order.
	cached.FetchedAt = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	old, _ := json.Marshal(cached)
	if err := os.WriteFile(cachePath, old, 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	if err := st.TouchWorker(context.Background(), "w2"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	if err := st.TouchWorker(context.Background(), "w1"); err != nil { // w1 is now the newest
		t.Fatal(err)
	}
	if _, err := (DatabaseRegistry{}).Load(Workspace{Root: root, DatabaseURL: url}); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(cachePath); string(now) != string(old) {
		t.Fatalf("unchanged registry rewrote the cache:\n%s", now)
	}
	// A new task does.
	if err := st.RegisterTasks(context.Background(), "w9", []store.TaskInfo{{Name: "archive"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := (DatabaseRegistry{}).Load(Workspace{Root: root, DatabaseURL: url}); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(cachePath); !strings.Contains(string(now), `"archive"`) {
		t.Fatalf("the cache misses the new task:\n%s", now)
	}
}

func TestDatabaseRegistryFallsBackToTheCache(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	data, err := os.ReadFile("../../lang/ide/testdata/registry.json")
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, map[string]string{RegistryCachePath: string(data), "a.flow": "return 1\n"})
	start := time.Now()
	reg, err := DatabaseRegistry{Timeout: 2 * time.Second}.Load(Workspace{Root: root, DatabaseURL: "postgres://nobody@127.0.0.1:1/none?sslmode=disable"})
	if err == nil {
		t.Fatal("no error for an unreachable database")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("Load took %v", time.Since(start))
	}
	if reg == nil || reg.Fresh() {
		t.Fatalf("registry = %v, want the cache, not fresh", reg)
	}
	if _, ok := reg.Task("send_email"); !ok {
		t.Fatal("the cached task send_email is missing")
	}
	if _, ok := reg.Workflow("a"); !ok {
		t.Fatal("the workspace's workflow a is missing")
	}
	if _, ok := reg.(InFlightCounter); ok {
		t.Fatal("the cache claims in-flight counts")
	}
	if now, _ := os.ReadFile(filepath.Join(root, RegistryCachePath)); string(now) != string(data) {
		t.Fatal("the cache was rewritten without a database")
	}
	// Without any URL and no running development database, the workspace registry is used.
	reg, err = DatabaseRegistry{}.Load(Workspace{Root: root})
	if err != nil || reg == nil || reg.Fresh() {
		t.Fatalf("no database: %v, %v", reg, err)
	}
}

func TestDatabaseRegistryWatchReportsRegistrations(t *testing.T) {
	t.Parallel()
	url, st := seedRegistry(t)
	ctx, cancel := context.WithCancel(context.Background())
	changed := make(chan struct{}, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		DatabaseRegistry{Debounce: 10 * time.Millisecond, Refresh: time.Hour, Retry: 50 * time.Millisecond}.
			Watch(ctx, Workspace{DatabaseURL: url}, func() { changed <- struct{}{} })
	}()
	// Until the watch listens, registrations go unnoticed: register until one is reported.
	deadline := time.After(10 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for seen := false; !seen; {
		if err := st.RegisterTasks(context.Background(), "w2", []store.TaskInfo{{Name: "charge_card"}}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-changed:
			seen = true
		case <-tick.C:
		case <-deadline:
			t.Fatal("no change reported after a worker registered")
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not return after its context ended")
	}
}

// lastDiagnostics returns the latest diagnostics published for u.
func (c *client) lastDiagnostics(u protocol.DocumentURI) []protocol.Diagnostic {
	c.mu.Lock()
	defer c.mu.Unlock()
	list := c.diags[u]
	if len(list) == 0 {
		return nil
	}
	return list[len(list)-1].Diagnostics
}

// waitFor polls cond until it holds, failing the test after 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestServerRegistryFromTheDatabase(t *testing.T) {
	t.Parallel()
	url, st := seedRegistry(t)
	db := DatabaseRegistry{Debounce: 10 * time.Millisecond, Refresh: time.Hour, Retry: 50 * time.Millisecond}
	c := start(t, Options{DatabaseURL: url, LoadRegistry: db.Load, WatchRegistry: db.Watch})
	u := c.open("ship_order.flow", "await Task.run(\"refund\", {})\n")
	unknownIsError := func() bool {
		for _, d := range c.lastDiagnostics(u) {
			if d.Code == "unknown-task" && d.Severity == protocol.DiagnosticSeverityError {
				return true
			}
		}
		return false
	}
	waitFor(t, "an unknown-task error (fresh registry)", unknownIsError)

	var lenses []protocol.CodeLens
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": u}}, &lenses)
	if len(lenses) != 2 || lenses[1].Command.Title != "1 execution in flight on this version" {
		t.Fatalf("code lenses: %+v", lenses)
	}

	// A worker registering the task is noticed: the diagnostic goes away.
	deadline := time.Now().Add(10 * time.Second)
	for unknownIsError() {
		if time.Now().After(deadline) {
			t.Fatalf("the registered task is still unknown: %+v", c.lastDiagnostics(u))
		}
		if err := st.RegisterTasks(context.Background(), "w3", []store.TaskInfo{{Name: "refund"}}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if hasCode(c.lastDiagnostics(u), "unknown-task") {
		t.Fatalf("diagnostics after registration: %+v", c.lastDiagnostics(u))
	}
	waitFor(t, "workspace/codeLens/refresh", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.methods["workspace/codeLens/refresh"] > 0
	})
}

func TestDatabaseRegistryWatchReconnects(t *testing.T) {
	t.Parallel()
	url, st := seedRegistry(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changed := make(chan struct{}, 16)
	go DatabaseRegistry{Debounce: 10 * time.Millisecond, Refresh: time.Hour, Retry: 50 * time.Millisecond}.
		Watch(ctx, Workspace{DatabaseURL: url}, func() { changed <- struct{}{} })
	wait := func(what string) {
		t.Helper()
		select {
		case <-changed:
		case <-time.After(10 * time.Second):
			t.Fatalf("no change reported: %s", what)
		}
	}
	// Wait until the watch listens: its connection's last statement is the LISTEN and the
	// connection is idle, waiting for its next command, so the LISTEN has completed. (While the
	// LISTEN still runs, the query is shown already; ending the connection then fails the
	// watch's subscription, before it ever listened, and the reconnection is the only change.)
	waitFor(t, "the watch to listen", func() bool {
		var n int
		err := st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND state = 'idle'`).Scan(&n)
		return err == nil && n == 1
	})
	// The server ends the watch's connection: the registry is reloaded (it may be out of date),
	// and again once the watch listens anew.
	if _, err := st.Pool().Exec(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	wait("after the connection was lost")
	wait("after reconnecting")
	if err := st.UnregisterWorker(context.Background(), "w1"); err != nil {
		t.Fatal(err)
	}
	wait("after a worker unregistered, once reconnected")
}

func TestDatabaseURLPrecedence(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := t.TempDir()
	if got := DatabaseURL(ctx, Workspace{Root: root, DatabaseURL: "postgres://x/y"}); got != "postgres://x/y" {
		t.Fatalf("explicit URL: %q", got)
	}
	if got := DatabaseURL(ctx, Workspace{Root: root}); got != "" {
		t.Fatalf("no development database: %q", got)
	}
	writeFiles(t, root, map[string]string{RegistryCachePath: "{}"})
	if got := DatabaseURL(ctx, Workspace{Root: root}); got != "" {
		t.Fatalf("a development database that is not running: %q", got)
	}
	if _, err := os.Stat(filepath.Join(root, ".rhythm", "postgres")); err == nil {
		t.Fatal("looking for the development database created it")
	}
}
