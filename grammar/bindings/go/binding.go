// Package flow exposes the tree-sitter grammar of the Flow language (grammar/src) to Go.
package flow

// #cgo CFLAGS: -std=c11 -fPIC -I${SRCDIR}/../../src
// #include "../../src/parser.c"
// #include "../../src/scanner.c"
import "C"

import "unsafe"

// Language returns the tree-sitter language of Flow, for
// tree_sitter.NewLanguage(flow.Language()). The pointer refers to static C data: it is valid
// for the life of the process and must not be freed.
func Language() unsafe.Pointer {
	return unsafe.Pointer(C.tree_sitter_flow())
}
