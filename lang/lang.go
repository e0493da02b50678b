// Package lang is the front door of the Flow front end: it parses and checks a source file in
// one call, so that every consumer (CLI, engine, language server) gets exactly the same
// diagnostics. The parts live in sub-packages: source (positions), ast (syntax tree), parser,
// check, diag (diagnostics), catalog (built-ins) and format.
package lang

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// Analyze parses src and runs every check that needs no registry (opts may add registry
// knowledge). It returns the syntax tree (never nil, partial when the text has syntax errors)
// and all diagnostics, syntax and semantic, sorted by position.
func Analyze(filename string, src []byte, opts check.Options) (*ast.File, []diag.Diagnostic) {
	f, ds := parser.Parse(filename, src)
	opts.SyntaxErrors = opts.SyntaxErrors || diag.HasErrors(ds)
	ds = append(ds, check.Check(f, opts)...)
	diag.Sort(ds)
	return f, ds
}
