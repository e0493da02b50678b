package check

// Diagnostic codes introduced by the checker in addition to the ones of package diag. Like
// those, they are stable: never rename one.
const (
	// CodeDuplicateLabel reports a label that repeats the label of an enclosing statement.
	CodeDuplicateLabel = "duplicate-label"
	// CodeBadInstant reports a literal instant given to Timer.until that is not an RFC 3339
	// time with `Z` or an offset (a TypeError at run time). A warning, like invalid-duration.
	CodeBadInstant = "invalid-instant"
	// CodeInvalidArgument reports a literal argument or option value that a built-in rejects
	// at run time (spec §12.1, §12.4): the wrong kind (`Math.floor("1")`, `Task.run("t", [])`,
	// `{retries: "3"}`), a fraction for an integer, a negative `retries`, a `factor` below 1.
	// A warning: the spec makes these catchable run-time errors, not compile errors.
	CodeInvalidArgument = "invalid-argument"
	// CodeDiscardedPromise warns about a timer or a Promise combinator used as a statement
	// without await: unlike a task or a child workflow, it has no effect (`Timer.delay("1h")`
	// does not pause the workflow).
	CodeDiscardedPromise = "discarded-promise"
	// CodeUnknownMethod warns about a call of a method that strings or lists do not have, on a
	// value whose kind is known (a catchable TypeError at run time, spec §5).
	CodeUnknownMethod = "unknown-method"
)
