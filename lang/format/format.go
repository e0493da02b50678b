package format

import (
	"bytes"
	"fmt"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// SyntaxError is returned by Source for a file the parser cannot read completely. The file is
// not formatted.
type SyntaxError struct {
	// Diagnostics are the parser's syntax errors (codes syntax-error and invalid-literal),
	// sorted by position, with positions in the source given to Source.
	Diagnostics []diag.Diagnostic
}

// Error describes the first syntax error and how many there are.
func (e *SyntaxError) Error() string {
	if len(e.Diagnostics) == 0 {
		return "syntax error"
	}
	d := e.Diagnostics[0]
	msg := fmt.Sprintf("%s: %s", d.Range.Start, d.Message)
	if n := len(e.Diagnostics) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more syntax errors)", n)
	}
	return msg
}

// Source parses src and returns it in canonical form (see the package documentation). A file
// with syntax errors is refused: the result is nil and the error a *SyntaxError holding them.
// Other compile errors (unsupported syntax, functions, unknown names, ...) do not prevent
// formatting. The result is independent of line endings and of a leading byte order mark in
// src; src itself is not modified.
func Source(src []byte) ([]byte, error) {
	f, ds := parser.Parse("", src)
	if errs := SyntaxErrors(ds); len(errs) > 0 {
		return nil, &SyntaxError{Diagnostics: errs}
	}
	return File(f, src), nil
}

// SyntaxErrors returns the diagnostics among ds that make a file unformattable: errors with
// code syntax-error or invalid-literal (the syntax errors of spec §2–3).
func SyntaxErrors(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error && (d.Code == diag.CodeSyntax || d.Code == diag.CodeInvalidLiteral) {
			out = append(out, d)
		}
	}
	return out
}

// File returns the canonical form of f, which the parser produced from src (src must be the
// exact text f was parsed from: comments, literals and layout decisions are read from it).
// The caller is responsible for refusing files with syntax errors; a part the parser could
// not read is written as it stands in src. File and Source keep no state between calls and
// are safe for concurrent use.
func File(f *ast.File, src []byte) []byte {
	p := newPrinter(f, src)
	p.file(f)
	out := bytes.TrimLeft(p.out, "\n")
	out = bytes.TrimRight(out, " \t\n")
	if len(out) == 0 {
		return []byte{}
	}
	return append(out, '\n')
}
