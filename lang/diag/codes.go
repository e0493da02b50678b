package diag

// Stable diagnostic codes. They are part of the public contract (printed by `rhythm check`,
// shown by the editor); never rename one.
const (
	// Syntax.
	CodeSyntax         = "syntax-error"          // the parser could not read the text
	CodeUnsupported    = "unsupported-syntax"    // JavaScript that Flow does not have (var, new, class, ...)
	CodeFunctions      = "functions-unsupported" // functions (§9) are not supported yet
	CodeInvalidLiteral = "invalid-literal"       // malformed number, string escape or template
	CodeWrapperParams  = "wrapper-parameters"    // async function main(...) takes no parameters

	// Names and scopes.
	CodeUndeclared        = "undeclared-variable"
	CodeUseBeforeDecl     = "use-before-declaration"
	CodeAssignConst       = "assign-to-const"
	CodeAssignBuiltin     = "assign-to-builtin"
	CodeDuplicateDecl     = "duplicate-declaration"
	CodeConstNoInit       = "const-without-initializer"
	CodeShadowBuiltin     = "shadowed-builtin"
	CodeUnusedVariable    = "unused-variable"
	CodeUnknownLabel      = "unknown-label"
	CodeBreakOutsideLoop  = "break-outside-loop"
	CodeContinueOutside   = "continue-outside-loop"
	CodeInvalidDelete     = "invalid-delete"
	CodeInvalidAssignment = "invalid-assignment-target"
	CodeDeclarationBody   = "declaration-not-allowed" // let/const as the single body of if/while/for

	// Built-ins and durable operations.
	CodeArgCount        = "wrong-argument-count"
	CodeUnknownMember   = "unknown-builtin-member"
	CodeNameNotString   = "name-not-string"
	CodeAwaitInCallback = "await-in-callback"
	CodeBadDuration     = "invalid-duration"
	CodeUnawaitedSignal = "unawaited-signal"
	CodeUnknownTask     = "unknown-task"
	CodeUnknownWorkflow = "unknown-workflow"
	CodeMissingInput    = "missing-input-field" // registry-aware: a required input field is not set
	CodeUnknownInput    = "unknown-input-field" // registry-aware: an input field the task does not take
	CodeUnknownOption   = "unknown-option"

	// Code quality.
	CodeUnreachable    = "unreachable-code"
	CodeSelfComparison = "self-comparison"
	CodeNeverSettles   = "never-settles"
)
