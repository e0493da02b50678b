// Package e2e holds Rhythm's process-level tests: real worker processes (built from
// testdata/crashworker) on a real PostgreSQL, killed with SIGKILL in the middle of a task or of a
// workflow activation, several of them at once, and a soak of many workflows whose outputs are
// all checked (go test ./internal/e2e -run TestSoak -soak 10000 for a bigger run). It has no code
// of its own.
package e2e
