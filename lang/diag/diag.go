// Package diag defines diagnostics: the values every layer of the Flow front end (parser,
// checker, registry-aware checks) returns to report problems in a source file. A diagnostic is
// plain data — severity, stable code, message, range, related ranges and suggested fixes — so
// the CLI, the engine and the language server all print the same thing.
package diag

import (
	"fmt"
	"sort"

	"github.com/rhythmflow/rhythm/lang/source"
)

// Severity is how serious a diagnostic is.
type Severity int

// Severities, most serious first. Their String forms are the words used by `rhythm check`.
const (
	Error Severity = iota + 1
	Warning
	Info
	Hint
)

// String returns "error", "warning", "info" or "hint".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	case Hint:
		return "hint"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// Diagnostic is one problem found in a source file.
type Diagnostic struct {
	Severity Severity
	Code     string // stable identifier, e.g. "undeclared-variable"; see codes.go
	Message  string
	Range    source.Range
	Related  []Related
	Fixes    []Fix
}

// Related points at another place that explains a diagnostic (e.g. the first declaration of a
// duplicated name).
type Related struct {
	Range   source.Range
	Message string
}

// Fix is a suggested change that resolves a diagnostic.
type Fix struct {
	Title string
	Edits []Edit
}

// Edit replaces the text of Range with NewText.
type Edit struct {
	Range   source.Range
	NewText string
}

// String formats d as "line:col: severity: message [code]".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Range.Start, d.Severity, d.Message, d.Code)
}

// Errorf builds an error diagnostic.
func Errorf(code string, r source.Range, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Error, Code: code, Range: r, Message: fmt.Sprintf(format, args...)}
}

// Warningf builds a warning diagnostic.
func Warningf(code string, r source.Range, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Warning, Code: code, Range: r, Message: fmt.Sprintf(format, args...)}
}

// Sort orders diagnostics by start position, then severity, then code, stably.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Range.Start.Offset != b.Range.Start.Offset {
			return a.Range.Start.Offset < b.Range.Start.Offset
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Code < b.Code
	})
}

// HasErrors reports whether any diagnostic in ds is an error.
func HasErrors(ds []Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}
