// Package parser reads Flow source text into the typed syntax tree of package ast. It runs the
// tree-sitter grammar of grammar/ and converts the concrete syntax tree, decoding literals,
// turning destructuring targets into patterns and reporting every syntax error with a message
// that says what was expected. Checks that need names and scopes belong to package check.
package parser

import (
	"sort"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// bom is the UTF-8 byte order mark, ignored at the start of a file.
var bom = []byte{0xEF, 0xBB, 0xBF}

// Parse reads the Flow source src of the file filename. It always returns a non-nil *ast.File:
// when the text has syntax errors the file holds what could be read (unreadable parts become
// *ast.BadStmt / *ast.BadExpr or are skipped) and the diagnostics, sorted by position, say
// what is wrong. File.Name is the base name of filename without its ".flow" extension.
//
// Positions are byte offsets into src (a leading byte order mark is skipped but still counts),
// 1-based lines and 1-based columns in code points. Parse is safe for concurrent use.
func Parse(filename string, src []byte) (*ast.File, []diag.Diagnostic) {
	f, ds, _ := parse(filename, src, nil, false, resyncBudget)
	return f, ds
}

// parse is Parse reusing the edited tree old when it is not nil and, when keep is set,
// returning the tree-sitter tree of src (owned by the caller). budget bounds the time spent
// resynchronising after errors (see resyncBudget).
func parse(filename string, src []byte, old *tsTree, keep bool, budget time.Duration) (*ast.File, []diag.Diagnostic, *tsTree) {
	c := newConverter(filename, src, budget)
	root, comments, text, cuts, first := c.parseWithResync(src, old, keep)
	c.src = text
	f, ds := c.convert(filename, src, root, comments, cuts)
	return f, ds, first
}

// convert converts the final tree of parseWithResync, root with its comments, parsed from
// c.src: src with the regions cuts blanked.
func (c *converter) convert(filename string, src []byte, root *cst, comments []*cst, cuts []removed) (*ast.File, []diag.Diagnostic) {
	f := fileNode(c, filename, src)
	for _, cm := range comments {
		f.Comments = append(f.Comments, c.comment(cm))
	}
	for _, rm := range cuts {
		f.Comments = append(f.Comments, rm.comments...)
	}
	if len(cuts) > 0 {
		sort.SliceStable(f.Comments, func(i, j int) bool {
			return f.Comments[i].Range.Start.Offset < f.Comments[j].Range.Start.Offset
		})
	}
	c.reportSyntaxErrors(root)
	if c.truncatedAt > 0 {
		// What the final parse says past the dropped text (a block left open, ...) is an
		// artefact of dropping it.
		kept := c.diags[:0]
		for _, d := range c.diags {
			if d.Range.Start.Offset < c.truncatedAt {
				kept = append(kept, d)
			}
		}
		c.diags = kept
	}
	for _, rm := range cuts {
		c.diags = append(c.diags, rm.diags...)
	}
	c.program(f, root)
	insertStandIns(f, cuts)
	diag.Sort(c.diags)
	c.diags = dedupe(c.diags)
	return f, c.diags
}

// comment converts a comment node.
func (c *converter) comment(n *cst) *ast.Comment {
	text := c.text(n)
	return &ast.Comment{Loc: c.loc(n), Text: text, Block: strings.HasPrefix(text, "/*")}
}

// converter turns the concrete syntax tree of one file into ast nodes and collects
// diagnostics.
type converter struct {
	src    []byte
	file   *source.File
	bomLen int
	diags  []diag.Diagnostic
	// anchor is set by errorNodeError to the offset of the unclosed bracket it diagnosed,
	// or -1.
	anchor int
	// truncatedAt is the offset from which the text was dropped when resynchronisation ran
	// out of budget, or 0.
	truncatedAt int
	// budget bounds the time spent resynchronising (see resyncBudget).
	budget time.Duration
	// probed counts the bytes parsed again to explain error regions (see operandError).
	probed int
}

func (c *converter) span(start, end int) source.Range { return c.file.Range(start, end) }

func (c *converter) rng(n *cst) source.Range { return c.file.Range(n.start, n.end) }

func (c *converter) loc(n *cst) ast.Loc { return ast.Loc{Range: c.rng(n)} }

func (c *converter) text(n *cst) string { return string(c.src[n.start:n.end]) }

// errorAt reports an error diagnostic over [start, end).
func (c *converter) errorAt(code string, start, end int, format string, args ...any) {
	c.diags = append(c.diags, diag.Errorf(code, c.span(start, end), format, args...))
}

// errorOn reports an error diagnostic over the node n.
func (c *converter) errorOn(code string, n *cst, format string, args ...any) {
	c.errorAt(code, n.start, n.end, format, args...)
}

// program fills f from the root node: front matter, statements, and the legacy wrapper.
func (c *converter) program(f *ast.File, root *cst) {
	var items []*cst
	for _, k := range root.kids {
		switch {
		case k.kind == "front_matter":
			f.FrontMatter = c.frontMatter(k)
		case k.kind == "comment":
		default:
			items = append(items, k)
		}
	}
	if len(items) == 1 && items[0].kind == "function_declaration" && isWrapper(c, items[0]) {
		fn := items[0]
		w := &ast.Wrapper{Loc: c.loc(fn), Async: true, Name: c.ident(fn.child("name"))}
		for _, p := range c.params(fn.child("parameters")) {
			w.Params = append(w.Params, p.Target)
		}
		f.Wrapper = w
		if body := fn.child("body"); body != nil {
			f.Stmts = c.blockStmts(body)
		}
		return
	}
	f.Stmts = c.stmtList(items)
}

// isWrapper reports whether fn is `async function main(...) { ... }`.
func isWrapper(c *converter, fn *cst) bool {
	name := fn.child("name")
	return fn.child("async") != nil && name != nil && c.text(name) == "main" && fn.child("body") != nil
}

// frontMatter decodes the fenced block at the start of the file.
func (c *converter) frontMatter(n *cst) *ast.FrontMatter {
	if n.start != c.bomLen {
		c.errorOn(diag.CodeSyntax, n, "front matter must be at the very start of the file")
	}
	text := c.text(n)
	fm := &ast.FrontMatter{Loc: c.loc(n)}
	first, rest, _ := strings.Cut(text, "\n")
	fm.Info = strings.TrimSpace(strings.TrimPrefix(first, "```"))
	// The closing fence is the last line when the block is terminated.
	body := rest
	lastNL := strings.LastIndex(rest, "\n")
	lastLine := rest[lastNL+1:]
	if strings.TrimRight(lastLine, " \t\r") == "```" && (lastNL >= 0 || rest == lastLine) {
		body = rest[:lastNL+1]
		if lastNL < 0 {
			body = ""
		}
	} else {
		c.errorAt(diag.CodeSyntax, n.start, n.start+len(first), "unterminated front matter: expected a closing line of ```")
		// A fence line with more text after it is the likely culprit.
		off := n.start + len(first) + 1
		for _, line := range strings.SplitAfter(rest, "\n") {
			if strings.HasPrefix(line, "```") {
				end := off + len(strings.TrimRight(line, "\r\n"))
				c.errorAt(diag.CodeSyntax, off, end, "the closing ``` of the front matter must be alone on its line")
				break
			}
			off += len(line)
		}
	}
	fm.Content = body
	return fm
}

// dedupe drops diagnostics that repeat the message at the same position.
func dedupe(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if n := len(out); n > 0 {
			p := out[n-1]
			if p.Range.Start.Offset == d.Range.Start.Offset && p.Message == d.Message {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}
