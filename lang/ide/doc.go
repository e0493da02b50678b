// Package ide implements the editor features of Flow files (diagnostics, completion, hover,
// signature help, navigation, rename, symbols, semantic tokens, formatting, code actions,
// folding, selection ranges, highlights and inlay hints) as pure functions of a document
// snapshot, a byte offset and a task Registry.
//
// The package does no I/O and knows nothing of the Language Server Protocol: positions are
// the front end's byte offsets and source.Range values (internal/lsp converts them to UTF-16
// line/character pairs), and results are plain Go values. It uses the same parser, checker,
// catalogue and formatter as the engine and the CLI, so the editor can never disagree with
// `rhythm check`.
//
// A Document is immutable: editing it (Apply) returns a new Document, so a snapshot may be
// read by any number of goroutines while the editor keeps typing. The new Document's parse
// reuses the unchanged parts of the previous one's syntax tree (parser.ParseIncremental), so
// a keystroke in a large file does not re-parse all of it.
package ide
