package builtins

import (
	"math"

	"github.com/rhythmflow/rhythm/engine/value"
)

// The conversion functions (spec §8): they accept any value and convert as JavaScript does.
func init() {
	register("String", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Str(value.ToString(a[0])), nil
	})
	register("Number", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Num(ToNumber(a[0])), nil
	})
	register("Boolean", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Bool(value.Truthy(a[0])), nil
	})
	register("parseInt", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Num(ParseInt(value.ToString(a[0]), intArg(a[1], 0))), nil
	})
	register("parseFloat", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Num(ParseFloat(value.ToString(a[0]))), nil
	})
	register("isNaN", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Bool(math.IsNaN(ToNumber(a[0]))), nil
	})
	register("Number.isInteger", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Bool(a[0].IsInteger()), nil
	})
	register("Array.isArray", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Bool(a[0].Kind() == value.ArrayKind), nil
	})
}
