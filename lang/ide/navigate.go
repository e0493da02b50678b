package ide

import (
	"errors"
	"fmt"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Location is a place a navigation leads to: a range of the document itself (Path empty), or
// a place in another file (Path set; Range.Start.Line and Range.Start.Col are 1-based, the
// offsets are unknown and zero).
type Location struct {
	Path  string
	Range source.Range
}

// Definition returns where the thing at byte offset off is defined: the declaration of a
// variable; the Go function implementing a task named in Task.run (from the registry's source
// location); the .flow file of a workflow named in Workflow.run. It returns nil for built-ins
// and unknown names.
func Definition(d *Document, off int, reg Registry) []Location {
	if id, b := identAt(d, off); id != nil {
		if b == nil || b.Kind == check.KindBuiltin || b.Ident == nil {
			return nil
		}
		return []Location{{Range: b.Ident.Range}}
	}
	path := pathAt(d.Tree(), off)
	lit, ok := path[len(path)-1].(*ast.StringLit)
	if !ok || reg == nil || len(path) < 2 {
		return nil
	}
	call, ok := path[len(path)-2].(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || call.Args[0] != ast.Expr(lit) {
		return nil
	}
	en, ok := builtinOf(d, call.Callee)
	if !ok {
		return nil
	}
	switch en.Name {
	case "Task.run":
		if t, ok := reg.Task(lit.Value); ok && t.Source.File != "" {
			return []Location{{Path: t.Source.File, Range: lineRange(max(t.Source.Line, 1))}}
		}
	case "Workflow.run":
		if w, ok := reg.Workflow(lit.Value); ok && w.Path != "" {
			return []Location{{Path: w.Path, Range: lineRange(1)}}
		}
	}
	return nil
}

// lineRange is the empty range at the start of a 1-based line of another file.
func lineRange(line int) source.Range {
	p := source.Pos{Line: line, Col: 1}
	return source.Range{Start: p, End: p}
}

// identAt returns the variable identifier at off (or just before it) and its binding.
func identAt(d *Document, off int) (*ast.Ident, *check.Binding) {
	return d.Scopes().IdentAt(off)
}

// References returns the ranges of every occurrence of the variable at byte offset off, in
// source order, with its declaration when includeDecl is set. Built-ins and undeclared names
// give their uses in the document.
func References(d *Document, off int, includeDecl bool) []source.Range {
	id, b := identAt(d, off)
	if id == nil {
		return nil
	}
	var out []source.Range
	for _, o := range occurrences(d, id, b) {
		if !includeDecl && b != nil && o == b.Ident {
			continue
		}
		out = append(out, o.Range)
	}
	return out
}

// occurrences returns the identifiers naming the same variable as id (for an undeclared name
// or a built-in, every reference by that name that resolves the same way).
func occurrences(d *Document, id *ast.Ident, b *check.Binding) []*ast.Ident {
	if b != nil && b.Kind != check.KindBuiltin {
		return b.Occurrences()
	}
	var out []*ast.Ident
	ast.Inspect(d.Tree(), func(n ast.Node) bool {
		x, ok := n.(*ast.Ident)
		if !ok || x.Name != id.Name {
			return true
		}
		if r := d.Scopes().Ref(x); r != nil && r.Binding == b {
			out = append(out, x)
		}
		return true
	})
	return out
}

// Highlight is one occurrence of a variable, telling whether it writes it.
type Highlight struct {
	Range source.Range
	Write bool
}

// Highlights returns the occurrences of the variable at byte offset off in the document: the
// declaration and assignments are writes, the others reads.
func Highlights(d *Document, off int) []Highlight {
	id, b := identAt(d, off)
	if id == nil {
		return nil
	}
	var out []Highlight
	for _, o := range occurrences(d, id, b) {
		w := b != nil && o == b.Ident
		if r := d.Scopes().Ref(o); r != nil && r.Access != check.Read {
			w = true
		}
		out = append(out, Highlight{Range: o.Range, Write: w})
	}
	return out
}

// ErrCannotRename is wrapped by the errors of PrepareRename and Rename.
var ErrCannotRename = errors.New("cannot rename")

// PrepareRename returns the range of the variable name at byte offset off that a rename
// would change, or an error wrapping ErrCannotRename: there is no variable there, it is a
// built-in, or it is not declared.
func PrepareRename(d *Document, off int) (source.Range, error) {
	id, b := identAt(d, off)
	switch {
	case id == nil:
		return source.Range{}, fmt.Errorf("%w: no variable here", ErrCannotRename)
	case b == nil:
		return source.Range{}, fmt.Errorf("%w: `%s` is not declared", ErrCannotRename, id.Name)
	case b.Kind == check.KindBuiltin:
		return source.Range{}, fmt.Errorf("%w: `%s` is a built-in", ErrCannotRename, id.Name)
	}
	return id.Range, nil
}

// Rename returns the edits that rename the variable at byte offset off to newName in the
// document. Shorthand properties are expanded (`{a}` becomes `{a: b}`) so that object keys
// keep their names. newName must be an identifier that is not a reserved word, and must not
// collide with a variable visible at any occurrence.
func Rename(d *Document, off int, newName string) ([]diag.Edit, error) {
	if _, err := PrepareRename(d, off); err != nil {
		return nil, err
	}
	if !validIdent(newName) {
		return nil, fmt.Errorf("%w: `%s` is not a valid variable name", ErrCannotRename, newName)
	}
	_, b := identAt(d, off)
	if newName == b.Name {
		return nil, nil
	}
	if other := b.Scope.Lookup(newName); other != nil {
		return nil, fmt.Errorf("%w: `%s` is already declared in the same scope (line %d)", ErrCannotRename, newName, other.Ident.Range.Start.Line)
	}
	for _, r := range b.Refs {
		if other := r.Scope.LookupParent(newName); other != nil && other.Kind != check.KindBuiltin {
			return nil, fmt.Errorf("%w: `%s` would refer to the variable declared on line %d", ErrCannotRename, newName, other.Ident.Range.Start.Line)
		}
	}
	var edits []diag.Edit
	for _, o := range b.Occurrences() {
		text := newName
		if o == b.Ident && b.Shorthand {
			text = b.Name + ": " + newName
		} else if r := d.Scopes().Ref(o); r != nil && r.Shorthand {
			text = b.Name + ": " + newName
		}
		edits = append(edits, diag.Edit{Range: o.Range, NewText: text})
	}
	return edits, nil
}

// reserved are the words that cannot name a variable (spec §2).
var reserved = map[string]bool{}

func init() {
	for _, w := range []string{"let", "const", "if", "else", "switch", "case", "default", "while", "do", "for", "of", "in", "break", "continue", "return", "try", "catch", "finally", "throw", "await", "true", "false", "null", "function", "async", "typeof", "delete", "var", "new", "class", "instanceof", "void", "with", "yield", "import", "export"} {
		reserved[w] = true
	}
}

// validIdent reports whether s is an identifier that is not reserved.
func validIdent(s string) bool {
	b := []byte(s)
	return s != "" && isIdentStart(b) && identEnd(b, 0) == len(b) && !reserved[s]
}
