package catalog

import "github.com/rhythmflow/rhythm/lang/diag"

// CodeDoc documents one diagnostic code of the checker and parser.
type CodeDoc struct {
	Code     string
	Severity diag.Severity // the severity the code is reported with
	Doc      string        // one line, Markdown
}

// codeDocs lists every code of lang/diag, grouped as its codes.go groups them, and the codes
// lang/check adds (written as literals: lang/check imports this package).
var codeDocs = []CodeDoc{
	{diag.CodeSyntax, diag.Error, "The parser could not read the text (every syntax error is reported, with what was expected)."},
	{diag.CodeUnsupported, diag.Error, "JavaScript that Flow does not have: `var`, `new`, `class`, `instanceof`, `void`, `with`, `yield`, `import`, `export`."},
	{diag.CodeFunctions, diag.Error, "Functions (arrow functions, `function` declarations) are not supported yet."},
	{diag.CodeInvalidLiteral, diag.Error, "A malformed number, string escape or template literal."},
	{diag.CodeWrapperParams, diag.Error, "The `async function main()` wrapper takes no parameters."},

	{diag.CodeUndeclared, diag.Error, "A variable that is not declared (`undefined` suggests `null`; a near name is suggested)."},
	{diag.CodeUseBeforeDecl, diag.Error, "A `let`/`const` binding referenced before the end of its declarator."},
	{diag.CodeAssignConst, diag.Error, "Assignment to a `const` binding."},
	{diag.CodeAssignBuiltin, diag.Error, "Assignment to a built-in name such as `Inputs` or `Math`."},
	{diag.CodeDuplicateDecl, diag.Error, "A second `let`/`const` of the same name in one scope."},
	{diag.CodeConstNoInit, diag.Error, "A `const` declaration without an initialiser."},
	{diag.CodeShadowBuiltin, diag.Warning, "A declaration that shadows a built-in name in its block."},
	{diag.CodeUnusedVariable, diag.Warning, "A variable that is declared but never read."},
	{diag.CodeUnknownLabel, diag.Error, "`break` or `continue` with a label that no enclosing statement has."},
	{"duplicate-label", diag.Error, "A label that repeats the label of an enclosing statement."},
	{diag.CodeBreakOutsideLoop, diag.Error, "`break` outside a loop, `switch` or labelled statement."},
	{diag.CodeContinueOutside, diag.Error, "`continue` outside a loop."},
	{diag.CodeInvalidDelete, diag.Error, "`delete` of something other than a member or index expression."},
	{diag.CodeInvalidAssignment, diag.Error, "An assignment, `++`/`--` or destructuring target that cannot be assigned."},
	{diag.CodeDeclarationBody, diag.Error, "A `let`/`const` declaration as the single body of `if`, `while`, `for` …."},

	{diag.CodeArgCount, diag.Error, "A call to a built-in with too few or too many arguments."},
	{diag.CodeUnknownMember, diag.Error, "A member that a built-in namespace (`Math`, `Task`, …) does not have."},
	{diag.CodeNameNotString, diag.Error, "A literal task or workflow name that is not a string."},
	{diag.CodeAwaitInCallback, diag.Error, "`await` inside a callback of a synchronous array method."},
	{diag.CodeBadDuration, diag.Warning, "A duration that is negative or does not parse (`\"90s\"`, `\"1h30m\"` are valid)."},
	{"invalid-argument", diag.Warning, "A literal argument or option value of the wrong kind or out of range (`Math.floor(\"1\")`, `{retries: -1}`)."},
	{"unknown-method", diag.Warning, "A call of a method that strings or lists do not have, on a value whose kind is known (it throws a `TypeError`)."},
	{diag.CodeMissingInput, diag.Warning, "A `Task.run` inputs object without a field the task's input schema requires (language server, with the registry)."},
	{diag.CodeUnknownInput, diag.Warning, "A `Task.run` inputs field the task's input schema does not have (language server, with the registry)."},
	{"discarded-promise", diag.Warning, "A timer or `Promise` combinator used as a statement without `await`: it does nothing."},
	{"invalid-instant", diag.Warning, "A `Timer.until` instant that is not an RFC 3339 time with `Z` or an offset."},
	{diag.CodeUnawaitedSignal, diag.Warning, "A `Signal.next` whose handle is never awaited (it still consumes a signal)."},
	{diag.CodeUnknownTask, diag.Warning, "A `Task.run` name that no worker registers (when the registry is known)."},
	{diag.CodeUnknownWorkflow, diag.Warning, "A `Workflow.run` name with no `.flow` file or stored definition."},
	{diag.CodeUnknownOption, diag.Warning, "An option key that `Task.run`, `Workflow.run` or `Signal.next` does not accept (it throws a `TypeError`)."},

	{diag.CodeUnreachable, diag.Warning, "Code after `return`, `throw`, `break` or `continue` that can never run."},
	{diag.CodeSelfComparison, diag.Warning, "A comparison of an expression with itself."},
	{diag.CodeNeverSettles, diag.Warning, "An `await` of something that can never settle, such as `Promise.race([])`."},
}

// Codes returns the documentation of every diagnostic code, grouped by topic.
func Codes() []CodeDoc { return append([]CodeDoc(nil), codeDocs...) }

// LookupCode returns the documentation of a diagnostic code.
func LookupCode(code string) (CodeDoc, bool) {
	for _, c := range codeDocs {
		if c.Code == code {
			return c, true
		}
	}
	return CodeDoc{}, false
}
