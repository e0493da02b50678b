package lsp

import (
	"context"
	"net"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/rhythmflow/rhythm/lang/ide"
)

// TestSettingsReachTheRegistryLoader checks that the database URL of the initialization
// options, of workspace/configuration and of didChangeConfiguration reaches the registry
// loader, each change reloading the registry.
func TestSettingsReachTheRegistryLoader(t *testing.T) {
	t.Parallel()
	loads := make(chan Workspace, 10)
	a, b := net.Pipe()
	go func() {
		_ = Serve(context.Background(), a, Options{DatabaseURL: "postgres://env", LoadRegistry: func(ws Workspace) (ide.Registry, error) {
			loads <- ws
			return nil, nil
		}})
	}()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(b))
	conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == "workspace/configuration" {
			return reply(ctx, []any{map[string]any{"databaseUrl": "postgres://config"}}, nil)
		}
		return reply(ctx, nil, nil)
	})
	defer conn.Close()
	next := func(want string) {
		t.Helper()
		select {
		case ws := <-loads:
			if ws.DatabaseURL != want || ws.Root != "/work/ws" {
				t.Fatalf("loader got %+v, want database %q and root /work/ws", ws, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no registry load with %q", want)
		}
	}
	ctx := context.Background()
	if _, err := conn.Call(ctx, "initialize", map[string]any{
		"processId": 1, "rootUri": "file:///work/ws",
		"capabilities":          map[string]any{"workspace": map[string]any{"configuration": true}},
		"initializationOptions": map[string]any{"databaseUrl": "postgres://init"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	next("postgres://init")
	if err := conn.Notify(ctx, "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	next("postgres://config")
	if err := conn.Notify(ctx, "workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"rhythm": map[string]any{"databaseUrl": "postgres://changed"}}}); err != nil {
		t.Fatal(err)
	}
	next("postgres://changed")
}
