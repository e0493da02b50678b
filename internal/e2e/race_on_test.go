//go:build race

package e2e

// raceEnabled tells that the tests run with the race detector, so the worker binary is built
// with it too.
const raceEnabled = true
