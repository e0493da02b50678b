package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"
)

// clientTimeout bounds the server's own requests to the client.
const clientTimeout = 10 * time.Second

// watchFiles asks the client to report changes of .flow files and of the registry cache
// (workspace/didChangeWatchedFiles), which refresh the registry.
func (s *server) watchFiles() {
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	params := map[string]any{"registrations": []registration{{
		ID: "rhythm-watch", Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: map[string]any{"watchers": []fileWatcher{{GlobPattern: "**/*.flow"}, {GlobPattern: "**/" + RegistryCachePath}}},
	}}}
	if _, err := s.conn.Call(ctx, "client/registerCapability", params, nil); err != nil {
		s.logf("register file watchers: %v", err)
	}
}

var progressTokens atomic.Int64

// beginProgress reports slow work to a client that supports work done progress, and returns
// the function that ends the report. With other clients both are no-ops.
func (s *server) beginProgress(title string) (end func()) {
	if !s.caps.Window.WorkDoneProgress {
		return func() {}
	}
	token := fmt.Sprintf("rhythm-%d", progressTokens.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	if _, err := s.conn.Call(ctx, "window/workDoneProgress/create", map[string]any{"token": token}, nil); err != nil {
		s.logf("progress: %v", err)
		return func() {}
	}
	_ = s.conn.Notify(context.Background(), "$/progress", map[string]any{"token": token, "value": progress{Kind: "begin", Title: title}})
	return func() {
		_ = s.conn.Notify(context.Background(), "$/progress", map[string]any{"token": token, "value": progress{Kind: "end"}})
	}
}

// fetchSettings asks the client for the `rhythm` settings (workspace/configuration).
func (s *server) fetchSettings() {
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	var res []json.RawMessage
	if _, err := s.conn.Call(ctx, "workspace/configuration", map[string]any{"items": []map[string]any{{"section": "rhythm"}}}, &res); err != nil {
		s.logf("workspace/configuration: %v", err)
		return
	}
	var st settings
	if len(res) == 0 || json.Unmarshal(res[0], &st) != nil {
		return
	}
	s.applySettings(st)
}

// applySettings reloads the registry when the database URL changed.
func (s *server) applySettings(st settings) {
	old := s.dbURL.Load()
	if old != nil && *old == st.DatabaseURL || old == nil && st.DatabaseURL == "" {
		return
	}
	s.dbURL.Store(&st.DatabaseURL)
	s.reloadRegistry()
}
