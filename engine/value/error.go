package value

import "fmt"

// Error codes of the runtime errors raised by the language (spec §7).
const (
	CodeTypeError      = "TypeError"
	CodeReferenceError = "ReferenceError"
	CodeRangeError     = "RangeError"
	CodeSyntaxError    = "SyntaxError"
	CodeTaskFailed     = "TaskFailed"
	CodeWorkflowFailed = "WorkflowFailed"
	CodeTimeout        = "Timeout"
	CodeCancelled      = "Cancelled"
	CodeAggregateError = "AggregateError"
	CodeStepLimit      = "StepLimit"
	CodeSizeLimit      = "SizeLimit"
	CodeStuck          = "Stuck"
	CodeThrown         = "Thrown"
)

// Error is a runtime error raised by a built-in or by the VM. The VM turns it into the thrown
// Flow error object {code, message, ...Fields, line, column}, with the position of the
// expression that raised it. Fields (may be nil) holds extra properties such as
// AggregateError's `errors`.
type Error struct {
	Code    string
	Message string
	Fields  *Object
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns a new *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// TypeErrorf returns a TypeError with a formatted message.
func TypeErrorf(format string, args ...any) *Error {
	return Errorf(CodeTypeError, format, args...)
}

// RangeErrorf returns a RangeError with a formatted message.
func RangeErrorf(format string, args ...any) *Error {
	return Errorf(CodeRangeError, format, args...)
}

// SizeLimitError returns the SizeLimit error of an operation (what: "string.repeat",
// "JSON.stringify", "string concatenation (+)") whose string result would be n bytes, over the
// size limit of max bytes; n < 0 when the operation stopped as soon as it was over, without
// the exact size. SizeLimit cannot be caught: it fails the workflow (spec §7, §12.14).
func SizeLimitError(what string, n, max int) *Error {
	if n < 0 {
		return Errorf(CodeSizeLimit, "%s: the result would be over the size limit of %d bytes", what, max)
	}
	return Errorf(CodeSizeLimit, "%s: the result would be %d bytes, over the size limit of %d bytes", what, n, max)
}

// Describe returns a short description of v for error messages: the kind with a hint of the
// value (`number NaN`, `string "abc"`, `list`, `object`, `null`).
func Describe(v Value) string {
	switch v.kind {
	case NullKind:
		return "null"
	case BoolKind, NumberKind:
		return v.kind.String() + " " + scalarString(v)
	case StringKind:
		s := v.str
		if UTF16Len(s) > 20 {
			s = UTF16Slice(s, 0, 20) + "…"
		}
		return fmt.Sprintf("string %q", ValidUTF8(s))
	case FuncKind:
		return scalarString(v)
	}
	return v.kind.String()
}
