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
typedef struct {
	TSPoint start_point, end_point;
	uint32_t start_byte, end_byte;
} TSRange;

extern TSParser *ts_parser_new(void);
extern void ts_parser_delete(TSParser *self);
extern bool ts_parser_set_language(TSParser *self, const TSLanguage *language);
extern TSTree *ts_parser_parse_string(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length);
extern void ts_tree_delete(TSTree *self);
extern TSTree *ts_tree_copy(const TSTree *self);
extern void ts_tree_edit(TSTree *self, const TSInputEdit *edit);
extern bool ts_node_has_error(TSNode self);
extern TSRange *ts_tree_get_changed_ranges(const TSTree *old_tree, const TSTree *new_tree, uint32_t *length);
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

// flow_walk appends to out (n records so far, room for cap) the node at the cursor, whose
// parent is the record parent, and its descendants, each after its parent; the cursor ends on
// the node it started on. It returns the grown array, or NULL (out freed) when out of memory.
static flow_node *flow_walk(flow_node *out, uint32_t *n, uint32_t *cap, TSTreeCursor *cur, int32_t parent) {
	if (!(out = flow_record(out, n, cap, cur, parent))) {
		return NULL;
	}
	int32_t stack_cap = 64, depth = 0;
	int32_t *stack = malloc(stack_cap * sizeof(int32_t));
	if (!stack) {
		free(out);
		return NULL;
	}
	stack[0] = (int32_t)*n - 1;
	for (;;) {
		if (ts_tree_cursor_goto_first_child(cur)) {
			if (!(out = flow_record(out, n, cap, cur, stack[depth]))) {
				goto fail;
			}
			if (++depth == stack_cap) {
				stack_cap *= 2;
				int32_t *grown = realloc(stack, stack_cap * sizeof(int32_t));
				if (!grown) {
					free(out);
					goto fail;
				}
				stack = grown;
			}
			stack[depth] = (int32_t)*n - 1;
			continue;
		}
		for (;;) {
			if (depth == 0) {
				free(stack);
				return out;
			}
			if (ts_tree_cursor_goto_next_sibling(cur)) {
				if (!(out = flow_record(out, n, cap, cur, stack[depth - 1]))) {
					goto fail;
				}
				stack[depth] = (int32_t)*n - 1;
				break;
			}
			ts_tree_cursor_goto_parent(cur);
			depth--;
		}
	}
fail:
	free(stack);
	return NULL;
}

// flow_session_run parses src into the session's tree, reusing the unchanged parts of old
// when it is not NULL (old must have been edited to describe the changes). It returns false
// when out of memory.
static bool flow_session_run(flow_session *s, const TSTree *old, const char *src, uint32_t len) {
	TSTree *tree = ts_parser_parse_string(s->parser, old, src, len);
	if (!tree) {
		return false;
	}
	if (s->tree) {
		ts_tree_delete(s->tree);
	}
	s->tree = tree;
	return true;
}

static flow_node *flow_session_walk(flow_session *s, uint32_t *count);

// flow_session_parse parses src, reusing the unchanged parts of old when it is not NULL (old
// must have been edited to describe the changes), and returns its nodes in document order, each
// after its parent, or NULL when out of memory. The caller frees the array. (Re-parsing
// incrementally after blanking an error region was tried: it was no faster, because nodes
// built during error recovery cannot be reused, and it could keep a worse recovery; old is
// only given for the first parse of a new version of the text, see ParseIncremental.)
static flow_node *flow_session_parse(flow_session *s, const TSTree *old, const char *src, uint32_t len, uint32_t *count) {
	*count = 0;
	if (!flow_session_run(s, old, src, len)) {
		return NULL;
	}
	return flow_session_walk(s, count);
}

// flow_session_walk returns the nodes of the session's tree as flow_session_parse does.
static flow_node *flow_session_walk(flow_session *s, uint32_t *count) {
	*count = 0;
	TSNode root = ts_tree_root_node(s->tree);
	uint32_t cap = ts_node_descendant_count(root) + 1, n = 0;
	flow_node *out = malloc(cap * sizeof(flow_node));
	if (!out) {
		return NULL;
	}
	TSTreeCursor cur = ts_tree_cursor_new(root);
	out = flow_walk(out, &n, &cap, &cur, -1);
	ts_tree_cursor_delete(&cur);
	*count = n;
	return out;
}

// flow_session_parse_top is flow_session_parse returning only the root and its children (the
// records of the children name the root, record 0, as their parent), and, when want_changed
// is set, in *changed and *nchanged, the ranges of the text where the syntax tree differs from
// old (an array the caller frees). When the tree has syntax errors it returns NULL with *has_error set. It also
// returns NULL when out of memory.
static flow_node *flow_session_parse_top(flow_session *s, const TSTree *old, const char *src, uint32_t len, uint32_t *count,
                                         bool want_changed, TSRange **changed, uint32_t *nchanged, bool *has_error) {
	*count = 0;
	*changed = NULL;
	*nchanged = 0;
	*has_error = false;
	if (!flow_session_run(s, old, src, len)) {
		return NULL;
	}
	TSNode root = ts_tree_root_node(s->tree);
	if (ts_node_has_error(root)) {
		*has_error = true;
		return NULL;
	}
	uint32_t cap = 256, n = 0;
	flow_node *out = malloc(cap * sizeof(flow_node));
	if (!out) {
		return NULL;
	}
	TSTreeCursor cur = ts_tree_cursor_new(root);
	if (!(out = flow_record(out, &n, &cap, &cur, -1))) {
		ts_tree_cursor_delete(&cur);
		return NULL;
	}
	if (ts_tree_cursor_goto_first_child(&cur)) {
		do {
			if (!(out = flow_record(out, &n, &cap, &cur, 0))) {
				ts_tree_cursor_delete(&cur);
				return NULL;
			}
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
	if (old && want_changed) {
		*changed = ts_tree_get_changed_ranges(old, s->tree, nchanged);
	}
	*count = n;
	return out;
}

// flow_session_children returns the subtrees of the children of the root of the session's
// tree at the ascending positions idx[0..nidx), one after the other in document order, each
// node after its parent; the records of the children themselves have the parent -1. It
// returns NULL when out of memory; the caller frees the array.
static flow_node *flow_session_children(flow_session *s, const uint32_t *idx, uint32_t nidx, uint32_t *count) {
	*count = 0;
	uint32_t cap = 1024, n = 0, at = 0, i = 0;
	flow_node *out = malloc(cap * sizeof(flow_node));
	if (!out) {
		return NULL;
	}
	TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(s->tree));
	if (nidx > 0 && ts_tree_cursor_goto_first_child(&cur)) {
		do {
			if (at == idx[i]) {
				if (!(out = flow_walk(out, &n, &cap, &cur, -1))) {
					ts_tree_cursor_delete(&cur);
					return NULL;
				}
				if (++i == nidx) {
					break;
				}
			}
			at++;
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
	*count = n;
	return out;
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
	arr := C.flow_session_parse(s.s, old, cText(src), C.uint32_t(len(src)), &count)
	return takeNodes(arr, count)
}

// cText returns a C pointer to the bytes of src, nil when it is empty.
func cText(src []byte) *C.char {
	if len(src) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(&src[0]))
}

// takeNodes copies the count node records of arr, an array returned by one of the
// flow_session functions, into Go memory and frees arr. A nil arr means tree-sitter ran out of
// memory.
func takeNodes(arr *C.flow_node, count C.uint32_t) []C.flow_node {
	if arr == nil {
		panic("parser: tree-sitter failed (out of memory)")
	}
	defer C.free(unsafe.Pointer(arr))
	out := make([]C.flow_node, int(count))
	copy(out, unsafe.Slice(arr, int(count)))
	return out
}

// reparseTop is reparse returning only the root and its children (see flow_session_parse_top)
// and, when wantChanged is set, the byte ranges [start, end) where the new tree differs from
// old (none when old is nil). When the new tree has syntax errors, ok is false and the
// session's tree is that tree.
func (s *session) reparseTop(src []byte, old *C.TSTree, wantChanged bool) (top []C.flow_node, changed []region, ok bool) {
	var count, nchanged C.uint32_t
	var ranges *C.TSRange
	var hasError C.bool
	arr := C.flow_session_parse_top(s.s, old, cText(src), C.uint32_t(len(src)), &count, C.bool(wantChanged), &ranges, &nchanged, &hasError)
	if ranges != nil {
		defer C.free(unsafe.Pointer(ranges))
	}
	if arr == nil && hasError {
		return nil, nil, false
	}
	top = takeNodes(arr, count)
	changed = make([]region, int(nchanged))
	for i, r := range unsafe.Slice(ranges, int(nchanged)) {
		changed[i] = region{start: int(r.start_byte), end: int(r.end_byte)}
	}
	return top, changed, true
}

// children returns the flattened subtrees of the children of the root of the session's last
// tree at the ascending positions idx: node records in document order, each after its parent;
// the records of the children themselves have the parent -1.
func (s *session) children(idx []uint32) []C.flow_node {
	if len(idx) == 0 {
		return nil
	}
	var count C.uint32_t
	arr := C.flow_session_children(s.s, (*C.uint32_t)(unsafe.Pointer(&idx[0])), C.uint32_t(len(idx)), &count)
	return takeNodes(arr, count)
}

// walk returns the flattened session's last tree, as parse does.
func (s *session) walk() []C.flow_node {
	var count C.uint32_t
	arr := C.flow_session_walk(s.s, &count)
	return takeNodes(arr, count)
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
