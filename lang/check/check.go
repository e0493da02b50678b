package check

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Options carries what the caller knows beyond the file itself. The zero value checks the
// file alone.
type Options struct {
	// KnownTasks is the set of task names registered by workers. When nil the registry is
	// unknown and no unknown-task warning is produced; when non-nil (even empty) a literal
	// name passed to Task.run that is not in the set is reported.
	KnownTasks map[string]bool
	// KnownWorkflows is the set of workflow names that have a .flow file or a stored
	// definition. When nil no unknown-workflow warning is produced.
	KnownWorkflows map[string]bool
	// SyntaxErrors tells that the parser reported errors for this file, so that the tree may
	// lack text it could not read: warnings that such a gap makes unreliable (unused
	// variables) are then not given. Callers that parse and check set it to
	// diag.HasErrors(parserDiagnostics). Check also detects Bad nodes by itself, unless
	// NoBadNodes is set.
	SyntaxErrors bool
	// NoBadNodes tells that the caller has made sure f holds no Bad node (or has set
	// SyntaxErrors), so that Check need not walk the tree to find out.
	NoBadNodes bool
	// Scopes, when not nil, is the name resolution of the file given to Check, Resolve(f), that
	// the caller computed already (the language server shares one between its features); Check
	// then reads it instead of resolving the file again. It must belong to that very file. Nil
	// means Check resolves the file itself.
	Scopes *Scopes
}

// Check runs every compile-time check on f and returns the diagnostics sorted with diag.Sort.
// It never reports syntax errors (the parser does) and produces nothing for the Bad* nodes the
// parser left where it could not read the text. A nil file gives no diagnostics. Check does not
// modify f and is safe for concurrent use.
func Check(f *ast.File, opts Options) []diag.Diagnostic {
	if f == nil {
		return nil
	}
	scopes := opts.Scopes
	if scopes == nil {
		scopes = Resolve(f)
	}
	c := &checker{file: f, opts: opts, scopes: scopes, badBranch: map[*ast.BranchStmt]bool{}, term: map[ast.Stmt]bool{}}
	c.checkNames()
	c.checkWrapper()
	c.walk()
	diag.Sort(c.diags)
	return c.diags
}

// checker accumulates the diagnostics of one file.
type checker struct {
	file   *ast.File
	opts   Options
	scopes *Scopes
	diags  []diag.Diagnostic
	// badBranch holds the break/continue statements reported as invalid.
	badBranch map[*ast.BranchStmt]bool
	// term caches terminates for compound statements.
	term map[ast.Stmt]bool
	// assigns caches assignStmts.
	assigns map[*ast.Ident]*ast.ExprStmt
	// partialState caches isPartial: 0 unknown, 1 no, 2 yes.
	partialState int
}

// isPartial reports whether the tree may lack text (the parser reported errors or left Bad
// nodes): the uses of a variable may be in that text, so unused-variable warnings are not
// given. The tree is only walked the first time a caller needs to know.
func (c *checker) isPartial() bool {
	if c.partialState == 0 {
		c.partialState = 1
		if c.opts.SyntaxErrors || !c.opts.NoBadNodes && hasBadNodes(c.file) {
			c.partialState = 2
		}
	}
	return c.partialState == 2
}

// hasBadNodes reports whether the parser left a *ast.BadStmt or *ast.BadExpr in f.
func hasBadNodes(f *ast.File) bool {
	bad := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.BadStmt, *ast.BadExpr:
			bad = true
		}
		return !bad
	})
	return bad
}

// errorf reports an error and returns it so that the caller can attach fixes and related
// information; the pointer is valid until the next report.
func (c *checker) errorf(code string, r source.Range, format string, args ...any) *diag.Diagnostic {
	c.diags = append(c.diags, diag.Errorf(code, r, format, args...))
	return &c.diags[len(c.diags)-1]
}

// warnf reports a warning, like errorf.
func (c *checker) warnf(code string, r source.Range, format string, args ...any) *diag.Diagnostic {
	c.diags = append(c.diags, diag.Warningf(code, r, format, args...))
	return &c.diags[len(c.diags)-1]
}

// fix builds a one-edit fix.
func fix(title string, r source.Range, text string) diag.Fix {
	return diag.Fix{Title: title, Edits: []diag.Edit{{Range: r, NewText: text}}}
}

// checkWrapper reports parameters of the `async function main()` wrapper (spec §1).
func (c *checker) checkWrapper() {
	w := c.file.Wrapper
	if w == nil || len(w.Params) == 0 {
		return
	}
	first, last := w.Params[0].Span(), w.Params[len(w.Params)-1].Span()
	r := source.Range{Start: first.Start, End: last.End}
	d := c.errorf(diag.CodeWrapperParams, r, "the workflow wrapper `main` takes no parameters; read the inputs from `Inputs`")
	d.Fixes = append(d.Fixes, fix("remove the parameters", r, ""))
}

// point returns the empty range at p.
func point(p source.Pos) source.Range { return source.Range{Start: p, End: p} }

// advance returns p moved n bytes to the right on the same line (n ASCII characters).
func advance(p source.Pos, n int) source.Pos {
	return source.Pos{Offset: p.Offset + n, Line: p.Line, Col: p.Col + n}
}
