package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/devdb"
	"github.com/rhythmflow/rhythm/lang/ide"
)

// InFlightCounter is implemented by registries that know how many executions of a workflow's
// current version have not finished (the registry read from the database). The code lens of a
// workflow shows the count when ok is true.
type InFlightCounter interface {
	InFlight(workflow string) (n int, ok bool)
}

// DatabaseRegistry reads the task registry from PostgreSQL and keeps it current. Its Load and
// Watch methods are the Options.LoadRegistry and Options.WatchRegistry of a server. The zero
// value is usable.
//
// The database is ws.DatabaseURL, else the workspace's development database when it is already
// running (it is never started). Without a database, or when it cannot be reached, the
// registry comes from the .rhythm/registry.json cache and the workspace's .flow files, like
// LoadWorkspaceRegistry, and is not fresh.
type DatabaseRegistry struct {
	// Timeout bounds one read of the registry, connection included (default 3s).
	Timeout time.Duration
	// Debounce is how long Watch waits after a notification for more before it reports the
	// change (default 200ms).
	Debounce time.Duration
	// Refresh is how often Watch reports a change without notification, so that the
	// in-flight counts stay roughly current (default 30s).
	Refresh time.Duration
	// Retry is how long Watch waits before trying again to reach the database (default 10s).
	Retry time.Duration
}

func (d DatabaseRegistry) timeout() time.Duration { return orDefault(d.Timeout, 3*time.Second) }
func (d DatabaseRegistry) debounce() time.Duration {
	return orDefault(d.Debounce, 200*time.Millisecond)
}
func (d DatabaseRegistry) refresh() time.Duration { return orDefault(d.Refresh, 30*time.Second) }
func (d DatabaseRegistry) retry() time.Duration   { return orDefault(d.Retry, 10*time.Second) }

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// dbRegistry is a registry read from the database: fresh, with the in-flight counts.
type dbRegistry struct {
	*ide.MemRegistry
	inFlight map[string]int // every stored workflow has an entry
}

// InFlight implements InFlightCounter: every workflow with a stored definition has a count.
func (r *dbRegistry) InFlight(workflow string) (int, bool) {
	n, ok := r.inFlight[workflow]
	return n, ok
}

// DatabaseURL returns the database of the workspace's registry: ws.DatabaseURL, else the URL of
// the development database of ws.Root when it has one and it is running, else "".
func DatabaseURL(ctx context.Context, ws Workspace) string {
	if ws.DatabaseURL != "" {
		return ws.DatabaseURL
	}
	if ws.Root == "" {
		return ""
	}
	if _, err := os.Stat(filepath.Join(ws.Root, ".rhythm")); err != nil {
		return "" // no development database was ever made here
	}
	info, running, err := devdb.Status(ctx, ws.Root)
	if err != nil || !running {
		return ""
	}
	return info.URL
}

// Load returns the registry of ws. Read from the database, it is fresh, its stored workflows
// are completed with the workspace's .flow files, and the tasks and stored workflows are written
// to the .rhythm/registry.json cache (atomically, and only when they changed). When the
// database cannot be read, Load returns the cached registry (not fresh) together with the
// error; a server uses the registry and logs the error.
func (d DatabaseRegistry) Load(ws Workspace) (ide.Registry, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d.timeout())
	defer cancel()
	url := DatabaseURL(ctx, ws)
	if url == "" {
		return LoadWorkspaceRegistry(ws)
	}
	reg, inFlight, err := readRegistry(ctx, url)
	if err != nil {
		cached, cerr := LoadWorkspaceRegistry(ws)
		return cached, errors.Join(fmt.Errorf("task registry from the database (using the cache): %w", err), cerr)
	}
	var werr error
	if ws.Root != "" {
		werr = writeRegistryCache(filepath.Join(ws.Root, RegistryCachePath), reg)
	}
	// The workspace's .flow files give the stored workflows their paths and add the others.
	local, lerr := LoadWorkspaceRegistry(Workspace{Root: ws.Root})
	if m, ok := local.(*ide.MemRegistry); ok && lerr == nil {
		stored := map[string]int{}
		for i, w := range reg.WorkflowSet {
			stored[w.Name] = i
		}
		for _, w := range m.WorkflowSet {
			if w.Path == "" {
				continue // a stored workflow of an older cache: the database knows better
			}
			if i, ok := stored[w.Name]; ok {
				reg.WorkflowSet[i].Path, reg.WorkflowSet[i].Doc = w.Path, w.Doc
			} else {
				reg.WorkflowSet = append(reg.WorkflowSet, w)
			}
		}
		reg.Sort()
	}
	reg.Current = true
	return &dbRegistry{MemRegistry: reg, inFlight: inFlight}, errors.Join(werr, lerr)
}

// readRegistry reads the tasks with their workers, the stored workflows and the in-flight
// counts.
func readRegistry(ctx context.Context, url string) (*ide.MemRegistry, map[string]int, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, nil, fmt.Errorf("database URL: %w", err)
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("connect: %w", err)
	}
	defer pool.Close()
	st := store.New(pool, store.Options{})
	tasks, err := st.Tasks(ctx, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	defs, err := st.Workflows(ctx)
	if err != nil {
		return nil, nil, err
	}
	inFlight, err := st.WorkflowsInFlight(ctx)
	if err != nil {
		return nil, nil, err
	}
	workers, err := st.TaskWorkers(ctx, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	reg := &ide.MemRegistry{FetchedAt: time.Now().UTC().Truncate(time.Second), TaskList: []ide.TaskInfo{}}
	for _, t := range tasks {
		info := ide.TaskInfo{
			Name: t.Name, Doc: t.Doc, Queue: t.Queue,
			Input: parseSchema(t.InputSchema), Output: parseSchema(t.OutputSchema),
			Source: ide.SourceLocation{File: t.SourceFile, Line: t.SourceLine}, LastSeen: t.LastSeen.UTC(),
		}
		if info.Queue == store.DefaultQueue {
			info.Queue = ""
		}
		for _, w := range workers[t.Name] {
			info.Workers = append(info.Workers, ide.WorkerInfo{ID: w.ID, LastSeen: w.LastSeen.UTC()})
		}
		reg.TaskList = append(reg.TaskList, info)
	}
	for _, def := range defs {
		reg.WorkflowSet = append(reg.WorkflowSet, ide.WorkflowInfo{Name: def.Name})
		if _, ok := inFlight[def.Name]; !ok {
			inFlight[def.Name] = 0
		}
	}
	reg.Sort()
	return reg, inFlight, nil
}

// parseSchema reads a task's JSON Schema, or returns nil when there is none or it is not one.
func parseSchema(raw json.RawMessage) *ide.Schema {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var s ide.Schema
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	return &s
}

// writeRegistryCache writes reg to path in the ParseRegistry format, atomically (a temporary
// file renamed over it), unless the file already holds the same tasks (with the same workers)
// and workflows, last-seen times aside (workers' heartbeats move them all the time): the editor
// watches the file and reloads the registry when it changes.
func writeRegistryCache(path string, reg *ide.MemRegistry) error {
	content := func(r *ide.MemRegistry) []byte {
		c := *r
		c.FetchedAt = time.Time{}
		c.TaskList = append([]ide.TaskInfo(nil), r.TaskList...)
		for i := range c.TaskList {
			c.TaskList[i].LastSeen = time.Time{}
			// Which workers serve the task matters, not their order (heartbeats change it).
			ws := make([]ide.WorkerInfo, len(c.TaskList[i].Workers))
			for j, w := range c.TaskList[i].Workers {
				ws[j] = ide.WorkerInfo{ID: w.ID}
			}
			sort.Slice(ws, func(a, b int) bool { return ws[a].ID < ws[b].ID })
			c.TaskList[i].Workers = ws
		}
		b, _ := json.Marshal(&c)
		return b
	}
	if old, err := os.ReadFile(path); err == nil {
		if prev, err := ide.ParseRegistry(old); err == nil && bytes.Equal(content(prev), content(reg)) {
			return nil
		}
	}
	data, err := json.MarshalIndent(reg, "", "  ")
	if err != nil {
		return fmt.Errorf("registry cache: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("registry cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".registry-*.json")
	if err != nil {
		return fmt.Errorf("registry cache: %w", err)
	}
	_, err = f.Write(append(data, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("registry cache: %w", err)
	}
	return nil
}

// Watch listens for registry changes in the database of ws until ctx ends, calling changed
// (debounced) after workers register or unregister tasks or workflows are registered, every
// Refresh while connected, and when the database becomes reachable after a failure. It
// retries every Retry while the database is missing or unreachable (the development database
// may be started later); it never starts one.
func (d DatabaseRegistry) Watch(ctx context.Context, ws Workspace, changed func()) {
	failed := false
	for ctx.Err() == nil {
		err := d.watchOnce(ctx, ws, changed, failed)
		if ctx.Err() != nil {
			return
		}
		failed = err != nil
		t := time.NewTimer(d.retry())
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// watchOnce connects, listens and reports changes until the connection fails or ctx ends. When
// reconnected is true (an earlier attempt failed), it reports a change once listening.
func (d DatabaseRegistry) watchOnce(ctx context.Context, ws Workspace, changed func(), reconnected bool) error {
	cctx, cancel := context.WithTimeout(ctx, d.timeout())
	url := DatabaseURL(cctx, ws)
	if url == "" {
		cancel()
		return errors.New("no database")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		cancel()
		return fmt.Errorf("database URL: %w", err)
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(cctx, cfg)
	if err != nil {
		cancel()
		return fmt.Errorf("connect: %w", err)
	}
	defer pool.Close()
	sub, err := store.New(pool, store.Options{}).Subscribe(cctx, store.RegistryChannel)
	cancel()
	if err != nil {
		return err
	}
	wctx, stop := context.WithCancel(ctx)
	notes := make(chan struct{}, 1)
	failure := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if _, err := sub.Next(wctx); err != nil {
				failure <- err
				return
			}
			select {
			case notes <- struct{}{}:
			default:
			}
		}
	}()
	defer func() {
		stop()
		<-done
		sub.Close()
	}()
	if reconnected {
		changed()
	}
	refresh := time.NewTicker(d.refresh())
	defer refresh.Stop()
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-failure:
			changed() // the registry is no longer current: reload (the cache, not fresh)
			return err
		case <-notes:
			debounce = time.After(d.debounce())
		case <-debounce:
			debounce = nil
			changed()
		case <-refresh.C:
			changed()
		}
	}
}

// inFlightTitle is the code lens text of a workflow's in-flight count.
func inFlightTitle(n int) string {
	if n == 1 {
		return "1 execution in flight on this version"
	}
	return fmt.Sprintf("%d executions in flight on this version", n)
}
