package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/ide"
)

// Options configure a server. The zero value is usable.
type Options struct {
	// LoadRegistry returns the task registry of a workspace. It runs in the background (at
	// initialization, when watched files or the settings change), so it may be slow; requests
	// are served with the previous registry meanwhile. Nil means LoadWorkspaceRegistry, which
	// reads the registry cache and the workspace's .flow files.
	LoadRegistry func(ws Workspace) (ide.Registry, error)
	// WatchRegistry, when set, runs in the background for the session's workspace (again when
	// the database URL changes; its ctx ends then and at shutdown) and calls changed whenever
	// the registry should be loaded again (DatabaseRegistry.Watch listens for the database's
	// notifications). A loader that returns a registry together with an error (a fallback,
	// such as the cache of an unreachable database) has its registry used and its error logged.
	WatchRegistry func(ctx context.Context, ws Workspace, changed func())
	// DatabaseURL is the default PostgreSQL URL of the task registry (cmd/rhythm-lsp passes
	// RHYTHM_DATABASE_URL); the client's settings override it.
	DatabaseURL string
	// Debounce is the quiet period after a change before diagnostics are published (default
	// 150ms).
	Debounce time.Duration
	// Log receives the server's log lines; nil discards them.
	Log io.Writer
	// Version is reported to the client in serverInfo.
	Version string
}

// Workspace is what the registry loader knows of the session.
type Workspace struct {
	// Root is the workspace folder ("" when the client gave none).
	Root string
	// DatabaseURL is the PostgreSQL URL of the task registry: the client's `rhythm.databaseUrl`
	// setting (initialization options or workspace/configuration), else Options.DatabaseURL.
	DatabaseURL string
}

// settings are the client settings of the `rhythm` section the server reads.
type settings struct {
	DatabaseURL string `json:"databaseUrl"`
}

// ErrExitWithoutShutdown is returned by Serve when the client sent exit without shutdown
// first (the process should exit with status 1).
var ErrExitWithoutShutdown = errors.New("exit without shutdown")

// Serve runs a language server session over rwc until the client sends exit, the stream ends
// or ctx is cancelled. It returns nil after shutdown and exit, ErrExitWithoutShutdown after an
// exit alone, and the stream's error when it ended without exit.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	s := newServer(opts)
	st := newStream(rwc, s.logf)
	conn := jsonrpc2.NewConn(st)
	s.conn = conn
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn.Go(ctx, s.handle)
	select {
	case <-conn.Done():
	case <-s.exited:
		_ = conn.Close()
		// A read blocked on standard input is not interrupted by closing it: the session ends
		// at exit, as the protocol requires, without waiting for the client to close the pipe.
		select {
		case <-conn.Done():
		case <-time.After(time.Second):
		}
	case <-ctx.Done():
		_ = conn.Close()
		<-conn.Done()
	}
	s.stop()
	select {
	case <-s.exited:
		if s.shutdown.Load() {
			return nil
		}
		return ErrExitWithoutShutdown
	default:
	}
	if err := conn.Err(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("lsp session: %w", err)
	}
	return nil
}

// server is one session's state.
type server struct {
	opts   Options
	conn   jsonrpc2.Conn
	logger *log.Logger

	initialized atomic.Bool
	shutdown    atomic.Bool
	exited      chan struct{}
	exitOnce    sync.Once

	root  string                 // workspace root folder, set by initialize
	caps  clientCapabilities     // set by initialize
	dbURL atomic.Pointer[string] // the registry's database URL from the settings

	// docs maps URIs to the current snapshots; it is replaced, never modified (copy on
	// write), so a request reads the map current when it arrived without locking.
	docs atomic.Pointer[map[protocol.DocumentURI]*ide.Document]
	reg  atomic.Pointer[registryBox]

	mu      sync.Mutex
	timers  map[protocol.DocumentURI]*time.Timer
	running map[jsonrpc2.ID]context.CancelFunc
	stopped bool

	watching    Workspace          // the workspace WatchRegistry runs for
	watchCancel context.CancelFunc // ends that watch (nil when none runs)
	loads       atomic.Uint64      // registry loads started (only the latest one is kept)
	wg          sync.WaitGroup     // running requests and background work

	pubMu sync.Mutex // serialises publishing

	anMu     sync.Mutex
	analyses map[protocol.DocumentURI]*analysis // the latest diagnostics computed per document
}

// registryBox holds a possibly nil Registry in an atomic pointer. Every load stores a new box.
type registryBox struct{ r ide.Registry }

// analysis is the diagnostics of one snapshot of a document with one registry, computed once
// and shared by the publication and the code actions of that version.
type analysis struct {
	doc  *ide.Document
	reg  *registryBox
	once sync.Once
	ds   []diag.Diagnostic
}

// diagnostics returns ide.Diagnostics(doc, reg.r) for the snapshot doc of u, computing it only
// the first time it is asked for that snapshot and registry (a later caller waits for the
// first one). The result is shared: it must not be modified.
func (s *server) diagnostics(u protocol.DocumentURI, doc *ide.Document, reg *registryBox) []diag.Diagnostic {
	s.anMu.Lock()
	a := s.analyses[u]
	if a == nil || a.doc != doc || a.reg != reg {
		a = &analysis{doc: doc, reg: reg}
		if s.documents()[u] == doc && s.reg.Load() == reg {
			s.analyses[u] = a // keep only the current version's
		}
	}
	s.anMu.Unlock()
	a.once.Do(func() { a.ds = ide.Diagnostics(doc, reg.r) })
	return a.ds
}

// forget drops the diagnostics kept for u.
func (s *server) forget(u protocol.DocumentURI) {
	s.anMu.Lock()
	delete(s.analyses, u)
	s.anMu.Unlock()
}

func newServer(opts Options) *server {
	if opts.LoadRegistry == nil {
		opts.LoadRegistry = LoadWorkspaceRegistry
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 150 * time.Millisecond
	}
	w := opts.Log
	if w == nil {
		w = io.Discard
	}
	s := &server{
		opts: opts, logger: log.New(w, "rhythm-lsp: ", log.LstdFlags|log.Lmicroseconds),
		exited: make(chan struct{}), timers: map[protocol.DocumentURI]*time.Timer{},
		running: map[jsonrpc2.ID]context.CancelFunc{}, analyses: map[protocol.DocumentURI]*analysis{},
	}
	empty := map[protocol.DocumentURI]*ide.Document{}
	s.docs.Store(&empty)
	s.reg.Store(&registryBox{})
	return s
}

func (s *server) logf(format string, args ...any) { s.logger.Printf(format, args...) }

// documents returns the current snapshot map.
func (s *server) documents() map[protocol.DocumentURI]*ide.Document { return *s.docs.Load() }

// setDocument replaces (or with nil removes) the snapshot of u. Only the read loop calls it.
func (s *server) setDocument(u protocol.DocumentURI, d *ide.Document) {
	old := s.documents()
	next := make(map[protocol.DocumentURI]*ide.Document, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	if d == nil {
		delete(next, u)
	} else {
		next[u] = d
	}
	s.docs.Store(&next)
}

// stop cancels pending work and waits for it.
func (s *server) stop() {
	s.mu.Lock()
	s.stopped = true
	for _, t := range s.timers {
		t.Stop()
	}
	for _, c := range s.running {
		c()
	}
	if s.watchCancel != nil {
		s.watchCancel()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// goBackground runs f unless the server stopped.
func (s *server) goBackground(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				s.logf("panic in background work: %v\n%s", r, debug.Stack())
			}
		}()
		f()
	}()
}

// handle is the connection's handler. It never returns an error (which would end the
// session): failures are replied.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
	replied := false
	once := func(ctx context.Context, result any, err error) error {
		if replied {
			return nil
		}
		replied = true
		if rerr := reply(ctx, result, err); rerr != nil {
			s.logf("reply to %s: %v", req.Method(), rerr)
		}
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			s.logf("panic in %s: %v\n%s", req.Method(), r, debug.Stack())
			_ = once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", req.Method(), r))
		}
	}()
	method := req.Method()
	_, isCall := req.(*jsonrpc2.Call)
	switch method {
	case "initialize":
		if s.initialized.Load() {
			return once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice"))
		}
		var p initializeParams
		if err := unmarshal(req.Params(), &p); err != nil {
			return once(ctx, nil, err)
		}
		return once(ctx, s.initialize(&p), nil)
	case "exit":
		s.exitOnce.Do(func() { close(s.exited) })
		return nil
	case "$/cancelRequest":
		var p cancelParams
		if unmarshal(req.Params(), &p) == nil {
			s.cancel(p.ID)
		}
		return nil
	}
	if !s.initialized.Load() {
		if isCall {
			return once(ctx, nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "the server is not initialized"))
		}
		return nil
	}
	if s.shutdown.Load() {
		if isCall {
			return once(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shutting down"))
		}
		return nil
	}
	if !isCall {
		s.notification(method, req.Params())
		return nil
	}
	if method == "shutdown" {
		s.shutdown.Store(true)
		return once(ctx, nil, nil)
	}
	call := req.(*jsonrpc2.Call)
	docs, reg := s.documents(), s.reg.Load()
	rctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		cancel()
		return once(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is stopping"))
	}
	s.running[call.ID()] = cancel
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			delete(s.running, call.ID())
			s.mu.Unlock()
			cancel()
		}()
		result, err := s.safeRequest(rctx, method, req.Params(), docs, reg)
		if rctx.Err() != nil {
			result, err = nil, jsonrpc2.NewError(codeRequestCancelled, "request cancelled")
		}
		_ = reply(context.Background(), result, err)
	}()
	return nil
}

// safeRequest runs a request, turning a panic into an error reply.
func (s *server) safeRequest(ctx context.Context, method string, params json.RawMessage, docs map[protocol.DocumentURI]*ide.Document, reg *registryBox) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.logf("panic in %s: %v\n%s", method, r, debug.Stack())
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", method, r)
		}
	}()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	start := time.Now()
	result, err = s.request(ctx, method, params, docs, reg)
	s.logf("%s in %v", method, time.Since(start))
	return result, err
}

// cancel cancels the running request with the given id (a number or a string).
func (s *server) cancel(id any) {
	var key jsonrpc2.ID
	switch v := id.(type) {
	case float64:
		key = jsonrpc2.NewNumberID(int32(v))
	case string:
		key = jsonrpc2.NewStringID(v)
	default:
		return
	}
	s.mu.Lock()
	c := s.running[key]
	s.mu.Unlock()
	if c != nil {
		c()
	}
}

// unmarshal decodes request parameters, failing with an invalid-params error.
func unmarshal(data json.RawMessage, v any) error {
	if len(data) == 0 || string(data) == "null" {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "missing parameters")
	}
	if err := json.Unmarshal(data, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid parameters: %v", err)
	}
	return nil
}

// initialize records the workspace, starts loading the registry and returns the
// capabilities.
func (s *server) initialize(p *initializeParams) *initializeResult {
	switch {
	case len(p.WorkspaceFolders) > 0:
		s.root = uriPath(p.WorkspaceFolders[0].URI)
	case p.RootURI != "":
		s.root = uriPath(p.RootURI)
	default:
		s.root = p.RootPath
	}
	if err := json.Unmarshal(p.Capabilities, &s.caps); err != nil {
		s.logf("client capabilities not understood (using defaults): %v", err)
		s.caps = clientCapabilities{}
	}
	var opts settings
	if len(p.InitializationOptions) > 0 && json.Unmarshal(p.InitializationOptions, &opts) == nil && opts.DatabaseURL != "" {
		s.dbURL.Store(&opts.DatabaseURL)
	}
	s.initialized.Store(true)
	s.reloadRegistry()
	caps := serverCapabilities{
		ServerCapabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: true, Change: protocol.TextDocumentSyncKindIncremental,
				Save: &protocol.SaveOptions{},
			},
			CompletionProvider:         &protocol.CompletionOptions{TriggerCharacters: []string{".", `"`, "'", "{", ",", "("}},
			HoverProvider:              true,
			SignatureHelpProvider:      &protocol.SignatureHelpOptions{TriggerCharacters: []string{"(", ","}, RetriggerCharacters: []string{","}},
			DefinitionProvider:         true,
			ReferencesProvider:         true,
			DocumentHighlightProvider:  true,
			DocumentSymbolProvider:     true,
			WorkspaceSymbolProvider:    true,
			CodeActionProvider:         &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix}},
			DocumentFormattingProvider: true,
			RenameProvider:             &protocol.RenameOptions{PrepareProvider: true},
			FoldingRangeProvider:       true,
			CodeLensProvider:           &protocol.CodeLensOptions{},
			SelectionRangeProvider:     true,
		},
		InlayHintProvider: true,
		SemanticTokensProvider: &semanticTokensOptions{
			Legend: semanticTokensLegend{TokenTypes: ide.TokenTypeNames, TokenModifiers: ide.TokenModifierNames},
			Range:  true, Full: true,
		},
	}
	return &initializeResult{Capabilities: caps, ServerInfo: &protocol.ServerInfo{Name: "rhythm-lsp", Version: s.opts.Version}}
}

// reloadRegistry loads the registry in the background, showing progress, then republishes
// diagnostics.
func (s *server) reloadRegistry() { s.loadRegistry(true) }

// loadRegistry loads the registry in the background (with progress when asked; not for the
// watch's frequent reloads), then republishes diagnostics and asks the client to refresh its
// code lenses (their in-flight counts) when it can.
func (s *server) loadRegistry(progress bool) {
	ws := Workspace{Root: s.root, DatabaseURL: s.opts.DatabaseURL}
	if u := s.dbURL.Load(); u != nil && *u != "" {
		ws.DatabaseURL = *u
	}
	s.watchRegistry(ws)
	seq := s.loads.Add(1)
	s.goBackground(func() {
		done := func() {}
		if progress {
			done = s.beginProgress("Rhythm: loading the task registry")
		}
		reg, err := s.opts.LoadRegistry(ws)
		done()
		if err != nil {
			s.logf("registry: %v", err)
			if reg == nil {
				return
			}
		}
		if s.loads.Load() != seq {
			return // a later load is running; it has the last word
		}
		s.reg.Store(&registryBox{r: reg})
		for u := range s.documents() {
			s.schedule(u, 0)
		}
		if s.caps.Workspace.CodeLens.RefreshSupport {
			ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
			defer cancel()
			if _, err := s.conn.Call(ctx, "workspace/codeLens/refresh", nil, nil); err != nil {
				s.logf("workspace/codeLens/refresh: %v", err)
			}
		}
	})
}

// watchRegistry starts Options.WatchRegistry for ws unless it already runs for it, ending
// the watch of a previous workspace or database.
func (s *server) watchRegistry(ws Workspace) {
	if s.opts.WatchRegistry == nil {
		return
	}
	s.mu.Lock()
	if s.stopped || s.watchCancel != nil && s.watching == ws {
		s.mu.Unlock()
		return
	}
	if s.watchCancel != nil {
		s.watchCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.watching, s.watchCancel = ws, cancel
	s.mu.Unlock()
	s.goBackground(func() { s.opts.WatchRegistry(ctx, ws, func() { s.loadRegistry(false) }) })
}

// notification applies a notification, in arrival order.
func (s *server) notification(method string, params json.RawMessage) {
	switch method {
	case "textDocument/didOpen":
		var p protocol.DidOpenTextDocumentParams
		if unmarshal(params, &p) != nil {
			return
		}
		u := p.TextDocument.URI
		s.setDocument(u, ide.NewDocument(docName(u), p.TextDocument.Version, []byte(p.TextDocument.Text)))
		s.schedule(u, 0)
	case "textDocument/didChange":
		var p didChangeParams
		if err := unmarshal(params, &p); err != nil {
			s.logf("didChange: %v", err)
			return
		}
		u := p.TextDocument.URI
		doc := s.documents()[u]
		if doc == nil {
			s.logf("didChange of a document that is not open: %s", u)
			return
		}
		changes := make([]ide.Change, len(p.ContentChanges))
		for i, c := range p.ContentChanges {
			if c.Range == nil {
				changes[i] = ide.Change{Whole: true, Text: c.Text}
				continue
			}
			changes[i] = ide.Change{
				Start: ide.Position{Line: int(c.Range.Start.Line), Character: int(c.Range.Start.Character)},
				End:   ide.Position{Line: int(c.Range.End.Line), Character: int(c.Range.End.Character)},
				Text:  c.Text,
			}
		}
		next, err := doc.Apply(p.TextDocument.Version, changes)
		if err != nil {
			s.logf("didChange %s: %v", u, err)
			return
		}
		s.setDocument(u, next)
		s.schedule(u, s.opts.Debounce)
	case "textDocument/didClose":
		var p protocol.DidCloseTextDocumentParams
		if unmarshal(params, &p) != nil {
			return
		}
		u := p.TextDocument.URI
		s.setDocument(u, nil)
		s.forget(u)
		s.mu.Lock()
		if t := s.timers[u]; t != nil {
			t.Stop()
			delete(s.timers, u)
		}
		s.mu.Unlock()
		s.goBackground(func() {
			s.pubMu.Lock()
			defer s.pubMu.Unlock()
			if s.documents()[u] == nil {
				_ = s.conn.Notify(context.Background(), "textDocument/publishDiagnostics", &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
			}
		})
	case "workspace/didChangeWatchedFiles":
		var p protocol.DidChangeWatchedFilesParams
		if unmarshal(params, &p) != nil {
			return
		}
		for _, c := range p.Changes {
			if strings.HasSuffix(string(c.URI), ".flow") || strings.HasSuffix(string(c.URI), "registry.json") {
				s.reloadRegistry()
				return
			}
		}
	case "initialized":
		if s.caps.Workspace.DidChangeWatchedFiles.DynamicRegistration {
			s.goBackground(s.watchFiles)
		}
		if s.caps.Workspace.Configuration {
			s.goBackground(s.fetchSettings)
		}
	case "workspace/didChangeConfiguration":
		var p struct {
			Settings struct {
				Rhythm *settings `json:"rhythm"`
			} `json:"settings"`
		}
		if json.Unmarshal(params, &p) == nil && p.Settings.Rhythm != nil {
			s.applySettings(*p.Settings.Rhythm)
		} else if s.caps.Workspace.Configuration {
			s.goBackground(s.fetchSettings)
		}
	case "textDocument/didSave", "$/setTrace":
		// nothing to do: diagnostics follow every change already
	default:
		s.logf("ignoring notification %s", method)
	}
}

// schedule publishes the diagnostics of u after delay, replacing a pending publication.
func (s *server) schedule(u protocol.DocumentURI, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	if t := s.timers[u]; t != nil {
		t.Stop()
	}
	s.timers[u] = time.AfterFunc(delay, func() { s.goBackground(func() { s.publish(u) }) })
}

// publish computes and sends the diagnostics of the current snapshot of u, unless a newer
// snapshot replaced it meanwhile (its own publication follows).
func (s *server) publish(u protocol.DocumentURI) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	doc := s.documents()[u]
	if doc == nil {
		return
	}
	start := time.Now()
	// The parse and the name resolution are shared with the requests on this snapshot; when a
	// newer snapshot arrives meanwhile, its own publication follows and this one stops.
	doc.SyntaxDiagnostics()
	if s.documents()[u] != doc {
		return
	}
	doc.Scopes()
	if s.documents()[u] != doc {
		return
	}
	ds := s.diagnostics(u, doc, s.reg.Load())
	if s.documents()[u] != doc {
		return
	}
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, diagnostic(doc, u, d))
	}
	s.logf("diagnostics of %s (version %d): %d in %v", u, doc.Version, len(out), time.Since(start))
	params := &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: out}
	if doc.Version > 0 {
		params.Version = uint32(doc.Version)
	}
	if err := s.conn.Notify(context.Background(), "textDocument/publishDiagnostics", params); err != nil {
		s.logf("publish diagnostics: %v", err)
	}
}
