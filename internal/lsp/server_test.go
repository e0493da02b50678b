package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/rhythmflow/rhythm/lang/ide"
)

// client is a test client: a real jsonrpc2 connection to a server over a pipe.
type client struct {
	t     testing.TB
	conn  jsonrpc2.Conn
	root  string
	done  chan error // Serve's result
	mu    sync.Mutex
	diags map[protocol.DocumentURI][]protocol.PublishDiagnosticsParams
	cond  chan struct{} // closed and replaced on every notification
	// methods counts the requests and notifications received from the server.
	methods map[string]int
}

// clientCaps are the capabilities the test client announces.
var clientCaps = map[string]any{
	"workspace":    map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}, "codeLens": map[string]any{"refreshSupport": true}},
	"textDocument": map[string]any{"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true}}},
	"window":       map[string]any{"workDoneProgress": true},
}

// newWorkspace creates a workspace folder with the registry cache of lang/ide's tests and a
// workflow file.
func newWorkspace(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	data, err := os.ReadFile("../../lang/ide/testdata/registry.json")
	if err != nil {
		t.Fatal(err)
	}
	for path, content := range map[string]string{
		".rhythm/registry.json":     string(data),
		"workflows/refund.flow":     "// Refunds an order.\nawait Task.run(\"charge_card\", {orderId: Inputs.id, amount: -1})\n",
		"node_modules/x/skip.flow":  "",
		"workflows/ship_order.flow": "// Ships an order.\n",
	} {
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// start runs a server on one end of a pipe and initializes it from the other.
func start(t testing.TB, opts Options) *client {
	t.Helper()
	a, b := net.Pipe()
	if opts.Debounce == 0 {
		opts.Debounce = 5 * time.Millisecond
	}
	c := &client{t: t, root: newWorkspace(t), done: make(chan error, 1), diags: map[protocol.DocumentURI][]protocol.PublishDiagnosticsParams{}, cond: make(chan struct{}), methods: map[string]int{}}
	go func() { c.done <- Serve(context.Background(), a, opts) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(b))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		c.mu.Lock()
		c.methods[req.Method()]++
		c.mu.Unlock()
		if req.Method() == "textDocument/publishDiagnostics" {
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics: %v", err)
			}
			c.mu.Lock()
			c.diags[p.URI] = append(c.diags[p.URI], p)
			close(c.cond)
			c.cond = make(chan struct{})
			c.mu.Unlock()
		}
		return reply(ctx, nil, nil)
	})
	t.Cleanup(func() { _ = c.conn.Close() })
	var res map[string]any
	c.call("initialize", map[string]any{"processId": 1, "rootUri": string(uri.File(c.root)), "capabilities": clientCaps}, &res)
	if err := c.conn.Notify(context.Background(), "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	return c
}

// call sends a request and decodes its result; it fails the test on an error reply.
func (c *client) call(method string, params, result any) {
	c.t.Helper()
	if err := c.try(method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// try sends a request and returns the error reply.
func (c *client) try(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatal(err)
	}
}

// waitDiagnostics waits for diagnostics of u for the given version.
func (c *client) waitDiagnostics(u protocol.DocumentURI, version uint32) []protocol.Diagnostic {
	c.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		list := c.diags[u]
		ch := c.cond
		c.mu.Unlock()
		for i := len(list) - 1; i >= 0; i-- {
			if list[i].Version == version {
				return list[i].Diagnostics
			}
		}
		select {
		case <-ch:
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s version %d (got %d publications)", u, version, len(list))
		}
	}
}

// open opens a document.
func (c *client) open(name, text string) protocol.DocumentURI {
	u := protocol.DocumentURI(uri.File(filepath.Join(c.root, name)))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": u, "languageId": "flow", "version": 1, "text": text}})
	return u
}

func pos(line, char uint32) protocol.Position { return protocol.Position{Line: line, Character: char} }

func tdp(u protocol.DocumentURI, p protocol.Position) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": u}, "position": p}
}

func TestInitializeCapabilities(t *testing.T) {
	t.Parallel()
	a, b := net.Pipe()
	go func() { _ = Serve(context.Background(), a, Options{}) }()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(b))
	conn.Go(context.Background(), jsonrpc2.MethodNotFoundHandler)
	defer conn.Close()
	var caps struct {
		Capabilities struct {
			TextDocumentSync struct {
				Change int `json:"change"`
			} `json:"textDocumentSync"`
			InlayHintProvider      bool `json:"inlayHintProvider"`
			SemanticTokensProvider struct {
				Legend struct {
					TokenTypes []string `json:"tokenTypes"`
				} `json:"legend"`
				Full, Range bool
			} `json:"semanticTokensProvider"`
			RenameProvider struct {
				PrepareProvider bool `json:"prepareProvider"`
			} `json:"renameProvider"`
		} `json:"capabilities"`
		ServerInfo struct{ Name string } `json:"serverInfo"`
	}
	// a request before initialize is refused
	var ignored any
	_, err := conn.Call(context.Background(), "textDocument/hover", tdp("file:///x.flow", pos(0, 0)), &ignored)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.ServerNotInitialized {
		t.Fatalf("request before initialize: %v", err)
	}
	if _, err := conn.Call(context.Background(), "initialize", map[string]any{"processId": 1, "capabilities": map[string]any{}}, &caps); err != nil {
		t.Fatal(err)
	}
	c := caps.Capabilities
	if c.TextDocumentSync.Change != 2 || !c.InlayHintProvider || !c.SemanticTokensProvider.Full || !c.RenameProvider.PrepareProvider || len(c.SemanticTokensProvider.Legend.TokenTypes) != len(ide.TokenTypeNames) || caps.ServerInfo.Name != "rhythm-lsp" {
		t.Fatalf("capabilities: %+v", caps)
	}
}

// TestDiagnosticsUTF16 checks diagnostics and incremental changes on text with characters
// outside the BMP: positions must count UTF-16 units.
func TestDiagnosticsUTF16(t *testing.T) {
	t.Parallel()
	c := start(t, Options{})
	u := c.open("utf16.flow", "const s = \"😀\" + nope\nconsole.log(s)\n")
	ds := c.waitDiagnostics(u, 1)
	if len(ds) != 1 || ds[0].Code != "undeclared-variable" || ds[0].Range.Start != pos(0, 17) || ds[0].Range.End != pos(0, 21) || ds[0].Source != "rhythm" {
		t.Fatalf("diagnostics: %+v", ds)
	}
	// Replace `nope` (UTF-16 columns 17–21) by `"é"`, then append a line.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": u, "version": 2},
		"contentChanges": []any{
			map[string]any{"range": protocol.Range{Start: pos(0, 17), End: pos(0, 21)}, "text": `"é"`},
			map[string]any{"range": protocol.Range{Start: pos(2, 0), End: pos(2, 0)}, "text": "let 😀x = 1\n"},
		},
	})
	ds = c.waitDiagnostics(u, 2)
	if len(ds) != 1 || ds[0].Code != "syntax-error" && ds[0].Code != "unused-variable" {
		// `😀x` is not an identifier: a syntax error on line 3
		t.Fatalf("diagnostics after change: %+v", ds)
	}
	if ds[0].Range.Start.Line != 2 {
		t.Fatalf("diagnostic on line %d, want 2: %+v", ds[0].Range.Start.Line, ds[0])
	}
	// A whole-text change (no range).
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": u, "version": 3},
		"contentChanges": []any{map[string]any{"text": "console.log(\"é😀\")\n"}},
	})
	if ds := c.waitDiagnostics(u, 3); len(ds) != 0 {
		t.Fatalf("diagnostics of a clean file: %+v", ds)
	}
	var hover protocol.Hover
	c.call("textDocument/hover", tdp(u, pos(0, 9)), &hover)
	if !strings.Contains(hover.Contents.Value, "console.log(") || hover.Range.Start != pos(0, 8) || hover.Range.End != pos(0, 11) {
		t.Fatalf("hover: %+v", hover)
	}
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}})
	if ds := c.waitDiagnostics(u, 0); len(ds) != 0 {
		t.Fatalf("close must clear diagnostics: %+v", ds)
	}
}

const featureDoc = `const order = await Task.run("charge_card", {orderId: Inputs.id, amount: 3})
let total = order.amount
total = total + 1
await Timer.delay("1h30m")
await Task.run("send_emial", {to: "a", subject: "b"})
const words = "a b".split(" ")
console.log(total, words)
await Workflow.run("ship_order")
await Task.run("
`

func TestFeatures(t *testing.T) {
	t.Parallel()
	c := start(t, Options{})
	u := c.open("features.flow", featureDoc)
	ds := c.waitDiagnostics(u, 1)
	// wait until the registry is loaded: the misspelt task is reported
	for deadline := time.Now().Add(10 * time.Second); !hasCode(ds, "unknown-task"); {
		if time.Now().After(deadline) {
			t.Fatalf("no unknown-task diagnostic: %+v", ds)
		}
		time.Sleep(10 * time.Millisecond)
		c.mu.Lock()
		list := c.diags[u]
		ds = list[len(list)-1].Diagnostics
		c.mu.Unlock()
	}

	// The watcher registration and the registry's progress notifications are sent apart from
	// the diagnostics: wait for them, then check none came twice.
	counts := func() (int, int) {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.methods["client/registerCapability"], c.methods["$/progress"]
	}
	registered, progress := counts()
	for deadline := time.Now().Add(10 * time.Second); (registered < 1 || progress < 2) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		registered, progress = counts()
	}
	if registered != 1 || progress != 2 {
		t.Fatalf("file watchers registered %d times, %d progress notifications (want 1 and 2)", registered, progress)
	}
	var list completionList
	c.call("textDocument/completion", tdp(u, pos(3, 0)), &list)
	if !hasLabel(list.Items, "forof") || !hasLabel(list.Items, "total") {
		t.Fatalf("statement completion with snippets: %+v", list.Items)
	}
	c.call("textDocument/completion", tdp(u, pos(8, 16)), &list)
	if !hasLabel(list.Items, "send_email") || hasLabel(list.Items, "ship_order") {
		t.Fatalf("task completion: %+v", list.Items)
	}
	c.call("textDocument/completion", tdp(u, pos(5, 20)), &list) // "a b".|split
	if !hasLabel(list.Items, "split") || list.Items[0].TextEdit == nil {
		t.Fatalf("member completion: %+v", list.Items)
	}

	var hover protocol.Hover
	c.call("textDocument/hover", tdp(u, pos(0, 32)), &hover)
	if !strings.Contains(hover.Contents.Value, "Charges the customer's card") {
		t.Fatalf("task hover: %+v", hover)
	}

	var sig signatureHelp
	c.call("textDocument/signatureHelp", tdp(u, pos(0, 47)), &sig)
	if len(sig.Signatures) != 1 || !strings.HasPrefix(sig.Signatures[0].Label, "Task.run(") || sig.ActiveParameter != 1 {
		t.Fatalf("signature help: %+v", sig)
	}

	var locs []protocol.Location
	c.call("textDocument/definition", tdp(u, pos(2, 9)), &locs)
	if len(locs) != 1 || locs[0].URI != u || locs[0].Range.Start != pos(1, 4) {
		t.Fatalf("definition: %+v", locs)
	}
	c.call("textDocument/definition", tdp(u, pos(7, 22)), &locs)
	if len(locs) != 1 || !strings.HasSuffix(string(locs[0].URI), "workflows/ship_order.flow") {
		t.Fatalf("workflow definition: %+v", locs)
	}
	c.call("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": u}, "position": pos(1, 5), "context": map[string]any{"includeDeclaration": true}}, &locs)
	if len(locs) != 4 {
		t.Fatalf("references: %+v", locs)
	}
	var hl []protocol.DocumentHighlight
	c.call("textDocument/documentHighlight", tdp(u, pos(1, 5)), &hl)
	if len(hl) != 4 || hl[0].Kind != protocol.DocumentHighlightKindWrite {
		t.Fatalf("highlights: %+v", hl)
	}

	var rng protocol.Range
	c.call("textDocument/prepareRename", tdp(u, pos(1, 5)), &rng)
	if rng.Start != pos(1, 4) || rng.End != pos(1, 9) {
		t.Fatalf("prepareRename: %+v", rng)
	}
	if err := c.try("textDocument/prepareRename", tdp(u, pos(6, 2)), &rng); err == nil || !strings.Contains(err.Error(), "built-in") {
		t.Fatalf("prepareRename of a built-in: %v", err)
	}
	var edit protocol.WorkspaceEdit
	c.call("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": u}, "position": pos(1, 5), "newName": "sum"}, &edit)
	if len(edit.Changes[u]) != 4 {
		t.Fatalf("rename: %+v", edit)
	}

	var syms []protocol.DocumentSymbol
	c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": u}}, &syms)
	if len(syms) < 3 || syms[0].Name != "order" || len(syms[0].Children) != 1 || syms[0].Children[0].Name != "charge_card" {
		t.Fatalf("symbols: %+v", syms)
	}

	var toks protocol.SemanticTokens
	c.call("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": u}}, &toks)
	if len(toks.Data) == 0 || len(toks.Data)%5 != 0 || toks.Data[0] != 0 || toks.Data[1] != 0 || toks.Data[2] != 5 || toks.Data[3] != uint32(ide.TokenKeyword) {
		t.Fatalf("semantic tokens: %v", toks.Data[:min(len(toks.Data), 10)])
	}
	var rangeToks protocol.SemanticTokens
	c.call("textDocument/semanticTokens/range", map[string]any{"textDocument": map[string]any{"uri": u}, "range": protocol.Range{Start: pos(1, 0), End: pos(2, 0)}}, &rangeToks)
	if len(rangeToks.Data) == 0 || len(rangeToks.Data) >= len(toks.Data) || rangeToks.Data[0] != 1 {
		t.Fatalf("range tokens: %v", rangeToks.Data)
	}

	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u}, "range": protocol.Range{Start: pos(4, 18), End: pos(4, 18)}, "context": map[string]any{"diagnostics": []any{}}}, &actions)
	if len(actions) != 1 || actions[0].Title != "replace with `send_email`" || actions[0].Edit.Changes[u][0].NewText != `"send_email"` {
		t.Fatalf("code actions: %+v", actions)
	}

	var lenses []protocol.CodeLens
	c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": u}}, &lenses)
	if len(lenses) != 1 || lenses[0].Command.Command != RunWorkflowCommand || lenses[0].Command.Title != "▶ Run features" || lenses[0].Range.Start != pos(0, 0) {
		t.Fatalf("code lenses: %+v", lenses)
	}
	var folds []protocol.FoldingRange
	c.call("textDocument/foldingRange", map[string]any{"textDocument": map[string]any{"uri": u}}, &folds)
	var sels []protocol.SelectionRange
	c.call("textDocument/selectionRange", map[string]any{"textDocument": map[string]any{"uri": u}, "positions": []protocol.Position{pos(1, 5)}}, &sels)
	if len(sels) != 1 || sels[0].Parent == nil || sels[0].Range.Start != pos(1, 4) {
		t.Fatalf("selection ranges: %+v", sels)
	}
	var hints []inlayHint
	c.call("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": u}, "range": protocol.Range{Start: pos(0, 0), End: pos(9, 0)}}, &hints)
	found := false
	for _, h := range hints {
		found = found || h.Label == "1 hour 30 minutes" && h.Position == pos(3, 25)
	}
	if !found {
		t.Fatalf("inlay hints: %+v", hints)
	}
	var wsyms []protocol.SymbolInformation
	c.call("workspace/symbol", map[string]any{"query": "ref"}, &wsyms)
	if len(wsyms) != 1 || wsyms[0].Name != "refund" {
		t.Fatalf("workspace symbols: %+v", wsyms)
	}
	// formatting: the document has a syntax error (last line), so nothing changes
	var edits []protocol.TextEdit
	c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": u}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits)
	if len(edits) != 0 {
		t.Fatalf("formatting a file with a syntax error: %+v", edits)
	}
	u2 := c.open("fmt.flow", "const  a=1\n")
	c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": u2}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits)
	if len(edits) != 1 || edits[0].NewText != "const a = 1;\n" {
		t.Fatalf("formatting: %+v", edits)
	}

	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after exit")
	}
}

func hasCode(ds []protocol.Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func hasLabel(items []completionItem, label string) bool {
	for _, it := range items {
		if it.Label == label {
			return true
		}
	}
	return false
}

// TestSemanticTokensUTF16 checks token starts and lengths in UTF-16 units.
func TestSemanticTokensUTF16(t *testing.T) {
	t.Parallel()
	c := start(t, Options{})
	u := c.open("tokens.flow", "const café = \"😀😀\"\nconsole.log(café)\n")
	var toks protocol.SemanticTokens
	c.call("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": u}}, &toks)
	want := []uint32{
		0, 0, 5, uint32(ide.TokenKeyword), 0, // const
		0, 6, 4, uint32(ide.TokenVariable), ide.ModDeclaration | ide.ModReadonly, // café
		0, 7, 6, uint32(ide.TokenString), 0, // "😀😀": 2 + 2×2 units
		1, 0, 7, uint32(ide.TokenNamespace), ide.ModDefaultLibrary, // console
		0, 8, 3, uint32(ide.TokenFunction), ide.ModDefaultLibrary, // log
		0, 4, 4, uint32(ide.TokenVariable), ide.ModReadonly, // café
	}
	if fmt.Sprint(toks.Data) != fmt.Sprint(want) {
		t.Fatalf("tokens\n got %v\nwant %v", toks.Data, want)
	}
}
