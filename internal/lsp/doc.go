// Package lsp is the Language Server Protocol shell of the Flow language server: it speaks
// JSON-RPC over a stream (stdio for cmd/rhythm-lsp and `rhythm lsp`), keeps the open
// documents as immutable lang/ide snapshots updated by incremental text changes, publishes
// diagnostics after a short quiet period, and answers every request by calling the pure
// feature functions of lang/ide and converting positions to the protocol's UTF-16 line and
// character pairs.
//
// Requests run concurrently on the snapshot current when they arrived; `$/cancelRequest`
// cancels one. Notifications that change state (open, change, close, watched files) are
// applied in arrival order. A malformed message, bad parameters or a panic in a feature never
// ends the session: the request gets an error reply and the server keeps going.
//
// Types that go.lsp.dev/protocol v0.12.0 lacks or gets wrong for this server (inlay hints,
// semantic token options with a legend, change events whose range may be absent) are declared
// in types.go.
package lsp
