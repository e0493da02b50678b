// Package format prints Flow source in its canonical form, as `rhythm fmt` and the language
// server's formatting request do.
//
// Contract:
//   - Source refuses a file with syntax errors (parser diagnostics with codes syntax-error or
//     invalid-literal) and returns a *SyntaxError; any other compile error does not matter.
//   - Formatting never changes meaning: parsing the output gives the same syntax tree as
//     parsing the input (positions aside, and string literals may change quotes but never
//     value), and the same comments in the same order.
//   - Formatting is idempotent: formatting the output again gives the same bytes.
//
// Style:
//   - Two spaces per indentation level. A line feed ends every line (CRLF becomes LF), a byte
//     order mark is dropped, and the file ends with exactly one line feed (an empty file, or
//     one of white space only, stays empty).
//   - Every statement ends with a semicolon and starts its own line (blocks, if, loops, try,
//     switch and function declarations take none). Blank lines between statements are kept,
//     at most one in a row, but never right after an opening brace or before a closing one.
//   - Braces are kept as written: a single-statement body of if/else/while/for/do stays without
//     braces, on the line of its head, or indented on the next line when the source had it
//     there. `} else {`, `} catch (e) {`, `} finally {`, `} while (c);` share the line of
//     the closing brace; after a body without braces, `else` (or the `while` of do-while)
//     starts its own line. A case
//     clause's statements are indented under it (a block right after `case x:` stays there).
//   - Spaces around binary, logical, assignment and conditional operators, after commas, after
//     keywords; none inside parentheses or brackets. `{ a: 1 }`: spaces inside the braces of a
//     non-empty object literal or pattern; `{}` and `[]` when empty.
//   - Lists (array and object literals and patterns, call arguments, parameters) are written
//     on one line, or broken with one item per line and a trailing comma (none after a rest
//     element). A list is broken when the source has a line break right after its opening
//     bracket; when a comment between its items is a line comment or sits next to a line
//     break; when its one-line form would reach past column 99 (leaving column 100 for the
//     `;`, `,` or `)` that follows); and, for literals and patterns, when an item spans
//     several lines (a function body, a broken list). Arguments and parameters stay on their
//     line when only their last line is long: `f(a, {` newline `...` newline `})`. A call
//     whose one-line form is too long keeps its arguments on its line and breaks only its
//     last argument when that is an object or array literal (or an arrow function returning
//     one) and the first line then fits; otherwise it gets one argument per line.
//   - Line breaks the author put before `.`/`?.` of a member chain, before or after a binary
//     operator, after `=`, after a declaration's comma, and before `?` and `:` are kept (one
//     continuation level deeper); the printer adds no other line breaks inside expressions.
//   - Strings use double quotes unless the value holds more double than single quotes; only
//     the escapes of quote characters are rewritten. Numbers keep their source text. Template
//     literals are kept verbatim, embedded expressions included. Constructs that Flow does not
//     have (class, new, this, ...) are kept verbatim.
//   - Parentheses are kept as written and never added. Arrow function parameters are always
//     parenthesised (`x => x` becomes `(x) => x`; the syntax tree is the same).
//   - Front matter is kept verbatim at the top; the legacy `async function main() { ... }`
//     wrapper is kept, its body indented.
//   - Every comment is kept, verbatim, in its place among the tokens: a comment on a line of
//     its own stays on a line of its own (indented like the code that follows it), a comment
//     after code stays after that code, and a line comment always ends its line.
package format
