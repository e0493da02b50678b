package parser

// The tree is parsed and flattened by one C call: going through go-tree-sitter node by node
// costs several cgo transitions per node (and its allocator calls back into Go for every
// allocation), which made a 5,000-line file take hundreds of milliseconds. The functions
// declared below are the tree-sitter runtime's public C API, linked in by go-tree-sitter.

/*
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct TSLanguage TSLanguage;
typedef struct TSParser TSParser;
typedef struct TSTree TSTree;
typedef struct { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;
typedef struct { uint32_t row; uint32_t column; } TSPoint;
typedef struct {
	uint32_t start_byte, old_end_byte, new_end_byte;
	TSPoint start_point, old_end_point, new_end_point;
} TSInputEdit;

extern TSParser *ts_parser_new(void);
extern void ts_parser_delete(TSParser *self);
extern bool ts_parser_set_language(TSParser *self, const TSLanguage *language);
extern TSTree *ts_parser_parse_string(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length);
extern void ts_tree_delete(TSTree *self);
extern TSTree *ts_tree_copy(const TSTree *self);
extern void ts_tree_edit(TSTree *self, const TSInputEdit *edit);
extern bool ts_node_has_error(TSNode self);
extern TSNode ts_tree_root_node(const TSTree *self);
extern TSTreeCursor ts_tree_cursor_new(TSNode node);
extern void ts_tree_cursor_delete(TSTreeCursor *self);
extern bool ts_tree_cursor_goto_first_child(TSTreeCursor *self);
extern bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *self);
extern bool ts_tree_cursor_goto_parent(TSTreeCursor *self);
extern TSNode ts_tree_cursor_current_node(const TSTreeCursor *self);
extern uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *self);
extern uint16_t ts_node_symbol(TSNode self);
extern uint32_t ts_node_start_byte(TSNode self);
extern uint32_t ts_node_end_byte(TSNode self);
extern bool ts_node_is_named(TSNode self);
extern bool ts_node_is_missing(TSNode self);
extern bool ts_node_is_error(TSNode self);
extern uint32_t ts_node_descendant_count(TSNode self);
extern void ts_set_allocator(void *(*new_malloc)(size_t), void *(*new_calloc)(size_t, size_t),
                             void *(*new_realloc)(void *, size_t), void (*new_free)(void *));

enum { FLOW_NAMED = 1, FLOW_MISSING = 2, FLOW_ERROR = 4 };

typedef struct {
	uint32_t start, end;
	int32_t parent;
	uint16_t symbol, field;
	uint8_t flags;
} flow_node;

static void flow_use_libc_allocator(void) {
	ts_set_allocator(malloc, calloc, realloc, free);
}

static flow_node *flow_record(flow_node *out, uint32_t *n, uint32_t *cap, TSTreeCursor *cur, int32_t parent) {
	if (*n == *cap) {
		*cap = *cap * 2 + 64;
		flow_node *grown = realloc(out, *cap * sizeof(flow_node));
		if (!grown) {
			free(out);
			return NULL;
		}
		out = grown;
	}
	TSNode node = ts_tree_cursor_current_node(cur);
	flow_node *r = &out[*n];
	r->start = ts_node_start_byte(node);
	r->end = ts_node_end_byte(node);
	r->parent = parent;
	r->symbol = ts_node_symbol(node);
	r->field = ts_tree_cursor_current_field_id(cur);
	r->flags = (ts_node_is_named(node) ? FLOW_NAMED : 0) | (ts_node_is_missing(node) ? FLOW_MISSING : 0) |
	           (ts_node_is_error(node) ? FLOW_ERROR : 0);
	(*n)++;
	return out;
}

typedef struct {
	TSParser *parser;
	TSTree *tree;
} flow_session;

static flow_session *flow_session_new(const void *language) {
	flow_session *s = calloc(1, sizeof(flow_session));
	if (!s) {
		return NULL;
	}
	s->parser = ts_parser_new();
	if (!ts_parser_set_language(s->parser, (const TSLanguage *)language)) {
		ts_parser_delete(s->parser);
		free(s);
		return NULL;
	}
	return s;
}

static void flow_session_free(flow_session *s) {
	if (s->tree) {
		ts_tree_delete(s->tree);
	}
	ts_parser_delete(s->parser);
	free(s);
}

// flow_session_parse parses src, reusing the unchanged parts of old when it is not NULL (old
// must have been edited to describe the changes), and returns its nodes in document order, each
// after its parent, or NULL when out of memory. The caller frees the array. (Re-parsing
// incrementally after blanking an error region was tried: it was no faster, because nodes
// built during error recovery cannot be reused, and it could keep a worse recovery; old is
// only given for the first parse of a new version of the text, see ParseIncremental.)
static flow_node *flow_session_parse(flow_session *s, const TSTree *old, const char *src, uint32_t len, uint32_t *count) {
	*count = 0;
	TSTree *tree = ts_parser_parse_string(s->parser, old, src, len);
	if (!tree) {
		return NULL;
	}
	if (s->tree) {
		ts_tree_delete(s->tree);
	}
	s->tree = tree;
	TSNode root = ts_tree_root_node(tree);
	uint32_t cap = ts_node_descendant_count(root) + 1, n = 0;
	flow_node *out = malloc(cap * sizeof(flow_node));
	TSTreeCursor cur = ts_tree_cursor_new(root);
	int32_t stack_cap = 64, depth = 0;
	int32_t *stack = malloc(stack_cap * sizeof(int32_t));
	if (!out || !stack) {
		goto fail;
	}
	out = flow_record(out, &n, &cap, &cur, -1);
	if (!out) {
		goto fail;
	}
	stack[0] = 0;
	for (;;) {
		if (ts_tree_cursor_goto_first_child(&cur)) {
			int32_t parent = stack[depth];
			if (!(out = flow_record(out, &n, &cap, &cur, parent))) {
				goto fail;
			}
			if (++depth == stack_cap) {
				stack_cap *= 2;
				int32_t *grown = realloc(stack, stack_cap * sizeof(int32_t));
				if (!grown) {
					goto fail;
				}
				stack = grown;
			}
			stack[depth] = (int32_t)n - 1;
			continue;
		}
		for (;;) {
			if (depth == 0) {
				goto done;
			}
			if (ts_tree_cursor_goto_next_sibling(&cur)) {
				if (!(out = flow_record(out, &n, &cap, &cur, stack[depth - 1]))) {
					goto fail;
				}
				stack[depth] = (int32_t)n - 1;
				break;
			}
			ts_tree_cursor_goto_parent(&cur);
			depth--;
		}
	}
done:
	free(stack);
	ts_tree_cursor_delete(&cur);
	*count = n;
	return out;
fail:
	free(out);
	free(stack);
	ts_tree_cursor_delete(&cur);
	return NULL;
}
*/
import "C"

import (
	"unsafe"
)

// useLibcAllocator makes the tree-sitter runtime allocate with the C library directly.
// go-tree-sitter installs allocation hooks that call back into Go for every allocation, which
// tripled the cost of a parse; the memory is the same C heap either way, so trees and parsers
// made before or after the switch can be freed by either.
func useLibcAllocator() { C.flow_use_libc_allocator() }

// Flags of a flattened node record.
const (
	flagNamed   = C.FLOW_NAMED
	flagMissing = C.FLOW_MISSING
	flagError   = C.FLOW_ERROR
)

// tsTree is a tree-sitter syntax tree (C memory).
type tsTree = C.TSTree

// nodeRecord is one node of a flattened tree.
type nodeRecord = C.flow_node

// session is a tree-sitter parser and the tree of its last parse. It holds C memory: call
// close.
type session struct{ s *C.flow_session }

// newSession returns a parser session for the Flow language.
func newSession(language unsafe.Pointer) *session {
	s := C.flow_session_new(language)
	if s == nil {
		panic("parser: cannot create a tree-sitter parser for the Flow language")
	}
	return &session{s}
}

// close frees the parser and its tree.
func (s *session) close() { C.flow_session_free(s.s) }

// parse parses src from scratch and returns the flattened tree: node records in document
// order, each after its parent.
func (s *session) parse(src []byte) []C.flow_node { return s.reparse(src, nil) }

// reparse is parse reusing the unchanged parts of old, a tree edited to describe how src
// differs from the text it was parsed from; old is only read.
func (s *session) reparse(src []byte, old *C.TSTree) []C.flow_node {
	var count C.uint32_t
	var ptr *C.char
	if len(src) > 0 {
		ptr = (*C.char)(unsafe.Pointer(&src[0]))
	}
	arr := C.flow_session_parse(s.s, old, ptr, C.uint32_t(len(src)), &count)
	if arr == nil {
		panic("parser: tree-sitter failed (out of memory)")
	}
	defer C.free(unsafe.Pointer(arr))
	out := make([]C.flow_node, int(count))
	copy(out, unsafe.Slice(arr, int(count)))
	return out
}

// hasError reports whether the session's last tree contains syntax errors.
func (s *session) hasError() bool {
	return s.s.tree != nil && bool(C.ts_node_has_error(C.ts_tree_root_node(s.s.tree)))
}

// keep returns a copy of the session's last tree, owned by the caller (free it with
// C.ts_tree_delete), or nil before the first parse.
func (s *session) keep() *C.TSTree {
	if s.s.tree == nil {
		return nil
	}
	return C.ts_tree_copy(s.s.tree)
}

// copyTree returns a copy of t that may be used and edited independently of t.
func copyTree(t *C.TSTree) *C.TSTree { return C.ts_tree_copy(t) }

// deleteTree frees t.
func deleteTree(t *C.TSTree) { C.ts_tree_delete(t) }

// editTree records in t that the bytes [e.Start, e.OldEnd) of its text were replaced by
// [e.Start, e.NewEnd).
func editTree(t *C.TSTree, e Edit) {
	pt := func(p Point) C.TSPoint { return C.TSPoint{row: C.uint32_t(p.Row), column: C.uint32_t(p.Column)} }
	in := C.TSInputEdit{
		start_byte:    C.uint32_t(e.Start),
		old_end_byte:  C.uint32_t(e.OldEnd),
		new_end_byte:  C.uint32_t(e.NewEnd),
		start_point:   pt(e.StartPoint),
		old_end_point: pt(e.OldEndPoint),
		new_end_point: pt(e.NewEndPoint),
	}
	C.ts_tree_edit(t, &in)
}
