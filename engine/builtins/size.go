package builtins

import (
	"errors"

	"github.com/rhythmflow/rhythm/engine/value"
)

// sizeLimit returns the bound, in bytes, of the strings the built-ins build: env's MaxSize (0
// for none, also when env is nil). A built-in whose result would be longer fails with
// SizeLimit before it allocates the result (spec §10, §12.14).
func sizeLimit(env Env) int {
	if env == nil {
		return 0
	}
	return env.MaxSize()
}

// checkSize returns the SizeLimit error of built-in name when its result would be n bytes, over
// env's bound.
func checkSize(env Env, name string, n int) error {
	if max := sizeLimit(env); max > 0 && n > max {
		return value.SizeLimitError(name, n, max)
	}
	return nil
}

// sizeErr turns value.ErrTooLarge from a bounded conversion into built-in name's SizeLimit
// error; other errors pass unchanged.
func sizeErr(env Env, name string, err error) error {
	if errors.Is(err, value.ErrTooLarge) {
		return value.SizeLimitError(name, -1, sizeLimit(env))
	}
	return err
}

// stringForm returns the string form of v (value.ToString) for built-in name, bounded by env's
// size limit.
func stringForm(env Env, name string, v value.Value) (string, error) {
	s, err := value.ToStringMax(v, sizeLimit(env))
	return s, sizeErr(env, name, err)
}
