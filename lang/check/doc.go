// Package check runs the compile-time checks of the Flow language (spec §11, §12) over a parsed
// file and returns diagnostics: name resolution (undeclared variables, use before
// declaration, assignment to const or to built-ins, duplicates, unused variables), control flow
// (break/continue targets, unreachable code), built-in calls (argument counts, unknown members,
// options of the durable operations, duration literals), unsupported JavaScript and the other
// diagnostics listed in the spec.
//
// Check is the entry point; Resolve exposes the scope information it is built on (bindings,
// references, scopes per position) for the language server. Diagnostic codes come from package
// diag, plus the ones declared in codes.go.
package check
