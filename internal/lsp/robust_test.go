package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/rhythmflow/rhythm/lang/ide"
)

// rawClient writes raw bytes to a server and reads its messages.
type rawClient struct {
	t    *testing.T
	w    io.Writer
	in   jsonrpc2.Stream
	done chan error
}

func startRaw(t *testing.T, opts Options) *rawClient {
	t.Helper()
	a, b := net.Pipe()
	c := &rawClient{t: t, w: b, in: jsonrpc2.NewStream(b), done: make(chan error, 1)}
	if opts.Debounce == 0 {
		opts.Debounce = time.Millisecond
	}
	go func() { c.done <- Serve(context.Background(), a, opts) }()
	t.Cleanup(func() { _ = b.Close() })
	return c
}

// send writes one framed message (body written as given).
func (c *rawClient) send(body string) {
	c.t.Helper()
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatal(err)
	}
}

// request sends a request with a numeric id.
func (c *rawClient) request(id int, method string, params any) {
	c.t.Helper()
	p, _ := json.Marshal(params)
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, id, method, p))
}

// response reads messages until the response to id, collecting the notifications seen.
func (c *rawClient) response(id int) (*jsonrpc2.Response, []*jsonrpc2.Notification) {
	c.t.Helper()
	var notes []*jsonrpc2.Notification
	for {
		msg, _, err := c.in.Read(context.Background())
		if err != nil {
			c.t.Fatalf("waiting for response %d: %v", id, err)
		}
		switch m := msg.(type) {
		case *jsonrpc2.Response:
			if m.ID() == jsonrpc2.NewNumberID(int32(id)) {
				return m, notes
			}
		case *jsonrpc2.Notification:
			notes = append(notes, m)
		}
	}
}

// errCode returns the error code of a response (0 when it succeeded).
func errCode(r *jsonrpc2.Response) jsonrpc2.Code {
	var e *jsonrpc2.Error
	if errors.As(r.Err(), &e) {
		return e.Code
	}
	if r.Err() != nil {
		return -1
	}
	return 0
}

func (c *rawClient) initialize() {
	c.t.Helper()
	c.request(1, "initialize", map[string]any{"processId": 1, "rootUri": "file:///nonexistent-root", "capabilities": map[string]any{}})
	if r, _ := c.response(1); r.Err() != nil {
		c.t.Fatal(r.Err())
	}
}

// TestMalformedInput sends broken frames, broken JSON, bad parameters and unknown methods:
// each gets an error reply (or is skipped) and the session goes on.
func TestMalformedInput(t *testing.T) {
	t.Parallel()
	c := startRaw(t, Options{})
	c.initialize()
	// a header line without a colon and no length: skipped
	if _, err := io.WriteString(c.w, "garbage\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	c.send(`{"jsonrpc":"2.0","id":2,"method":`) // truncated JSON: skipped
	c.send(`[1, 2, 3]`)                         // not a message: skipped
	c.request(3, "textDocument/hover", "not an object")
	if r, _ := c.response(3); errCode(r) != jsonrpc2.InvalidParams {
		t.Fatalf("bad params: %v", r.Err())
	}
	c.request(4, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///not-open.flow"}, "position": map[string]any{"line": 0, "character": 0}})
	if r, _ := c.response(4); r.Err() != nil || len(r.Result()) != 0 && string(r.Result()) != "null" {
		t.Fatalf("request about a closed document: %s %v", r.Result(), r.Err())
	}
	c.request(5, "textDocument/unknownThing", map[string]any{})
	if r, _ := c.response(5); errCode(r) != jsonrpc2.MethodNotFound {
		t.Fatalf("unknown method: %v", r.Err())
	}
	c.send(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///not-open.flow","version":2},"contentChanges":[{"text":"x"}]}}`)
	c.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.flow","languageId":"flow","version":1,"text":"let x = (\n"}}}`)
	// positions far outside the document are clamped
	c.request(6, "textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": "file:///a.flow"}, "position": map[string]any{"line": 99, "character": 99}})
	r, _ := c.response(6)
	if r.Err() != nil {
		t.Fatalf("completion past the end: %v", r.Err())
	}
	var list completionList
	if err := json.Unmarshal(r.Result(), &list); err != nil || len(list.Items) == 0 {
		t.Fatalf("completion: %v %s", err, r.Result())
	}
	for _, it := range list.Items {
		if it.InsertTextFormat == 2 {
			t.Fatalf("snippet %q sent to a client without snippet support", it.Label)
		}
	}
	// a change whose range is reversed is refused without ending the session
	c.send(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.flow","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":5},"end":{"line":0,"character":1}},"text":"y"}]}}`)
	c.request(7, "shutdown", nil)
	if r, _ := c.response(7); r.Err() != nil {
		t.Fatalf("shutdown: %v", r.Err())
	}
	c.request(8, "textDocument/hover", map[string]any{})
	if r, _ := c.response(8); errCode(r) != jsonrpc2.InvalidRequest {
		t.Fatalf("request after shutdown: %v", r.Err())
	}
	c.send(`{"jsonrpc":"2.0","method":"exit"}`)
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}

// panicRegistry panics when asked for its tasks.
type panicRegistry struct{ ide.MemRegistry }

func (panicRegistry) Tasks() []ide.TaskInfo { panic("registry exploded") }

// TestPanicBecomesError checks that a panic in a feature is replied as an internal error and
// the server keeps serving.
func TestPanicBecomesError(t *testing.T) {
	t.Parallel()
	loaded := make(chan struct{})
	c := startRaw(t, Options{LoadRegistry: func(Workspace) (ide.Registry, error) {
		defer close(loaded)
		return &panicRegistry{}, nil
	}})
	c.initialize()
	<-loaded
	c.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///p.flow","languageId":"flow","version":1,"text":"await Task.run(\"\")\n"}}}`)
	for id := 2; ; id++ { // until the registry is in use
		c.request(id, "textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": "file:///p.flow"}, "position": map[string]any{"line": 0, "character": 16}})
		r, _ := c.response(id)
		if errCode(r) == jsonrpc2.InternalError && strings.Contains(r.Err().Error(), "registry exploded") {
			break
		}
		if id > 1000 {
			t.Fatalf("no internal error: %v", r.Err())
		}
	}
	c.request(2000, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///p.flow"}, "position": map[string]any{"line": 0, "character": 8}})
	if r, _ := c.response(2000); r.Err() != nil || !strings.Contains(string(r.Result()), "Starts tasks") {
		t.Fatalf("hover after a panic: %s %v", r.Result(), r.Err())
	}
}

// blockingRegistry blocks Task until release is closed.
type blockingRegistry struct {
	ide.MemRegistry
	asked   chan struct{}
	release chan struct{}
}

func (r *blockingRegistry) Task(name string) (ide.TaskInfo, bool) {
	r.asked <- struct{}{}
	<-r.release
	return ide.TaskInfo{}, false
}

func TestCancelRequest(t *testing.T) {
	t.Parallel()
	reg := &blockingRegistry{asked: make(chan struct{}, 1), release: make(chan struct{})}
	loaded := make(chan struct{})
	c := startRaw(t, Options{LoadRegistry: func(Workspace) (ide.Registry, error) {
		defer close(loaded)
		return reg, nil
	}})
	c.initialize()
	<-loaded
	c.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///c.flow","languageId":"flow","version":1,"text":"await Task.run(\"nope\")\n"}}}`)
	hover := map[string]any{"textDocument": map[string]any{"uri": "file:///c.flow"}, "position": map[string]any{"line": 0, "character": 17}}
	// The registry may not be in use yet: hover until a request blocks in it.
	id := 2
	for ; ; id++ {
		c.request(id, "textDocument/hover", hover)
		select {
		case <-reg.asked:
		case <-time.After(20 * time.Millisecond):
			if r, _ := c.response(id); r.Err() != nil {
				t.Fatal(r.Err())
			}
			continue
		}
		break
	}
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":%d}}`, id))
	// another request is served while the first one is blocked
	c.request(id+1, "textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": "file:///c.flow"}})
	if r, _ := c.response(id + 1); r.Err() != nil {
		t.Fatal(r.Err())
	}
	close(reg.release)
	if r, _ := c.response(id); errCode(r) != codeRequestCancelled {
		t.Fatalf("cancelled request: %s %v", r.Result(), r.Err())
	}
	c.send(`{"jsonrpc":"2.0","method":"exit"}`)
	if err := <-c.done; !errors.Is(err, ErrExitWithoutShutdown) {
		t.Fatalf("exit without shutdown: %v", err)
	}
}

// TestNoWriteDeadlock writes many requests that the read loop answers itself without reading
// the replies in between (over a synchronous pipe): the server must keep reading while its
// replies wait.
func TestNoWriteDeadlock(t *testing.T) {
	t.Parallel()
	c := startRaw(t, Options{})
	const n = 50
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		for id := 1; id <= n; id++ {
			body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/hover","params":{}}`, id)
			if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
				return
			}
		}
	}()
	select {
	case <-wrote:
	case <-time.After(10 * time.Second):
		t.Fatal("the server stopped reading while its replies were not read (deadlock)")
	}
	for id := 1; id <= n; id++ {
		if r, _ := c.response(id); errCode(r) != jsonrpc2.ServerNotInitialized {
			t.Fatalf("reply %d: %v", id, r.Err())
		}
	}
}
