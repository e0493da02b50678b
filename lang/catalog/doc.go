// Package catalog is the one table of Flow's built-ins (spec §6–8): every global name, every
// namespace and its members, the string and array methods, their parameters with kinds and
// docs, return kinds, examples and flags, the option tables of the durable operations, and the
// diagnostic codes of the checker.
//
// The table is pure data with lookups (no I/O). It is read by the checker (argument counts,
// unknown members, options), the language server (completion, hover, signature help), the
// interpreter (argument checks in engine/builtins) and the generated reference documentation
// (Markdown, written to docs/reference.md by this package's tests).
//
// Qualified names: a global is its own name ("parseInt", "Inputs"); a namespace member is
// "Namespace.member" ("Math.floor", "Task.run", "Promise.any_kv"); a field of Context is
// "Context.executionId"; string and array methods and properties are "string.slice",
// "string.length", "array.push", "array.length".
package catalog
