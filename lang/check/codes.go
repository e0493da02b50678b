package check

// Diagnostic codes introduced by the checker in addition to the ones of package diag. Like
// those, they are stable: never rename one.
const (
	// CodeDuplicateLabel reports a label that repeats the label of an enclosing statement.
	CodeDuplicateLabel = "duplicate-label"
)
