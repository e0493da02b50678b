package builtins

import (
	"math"

	"github.com/rhythmflow/rhythm/engine/value"
)

// The conversion functions (spec §8): they accept any value and convert as JavaScript does.
func init() {
	register("String", func(env Env, _ value.Value, a []value.Value) (value.Value, error) {
		s, err := stringForm(env, "String", a[0])
		if err != nil {
			return value.Null, err
		}
		return value.Str(s), nil
	})
	register("Number", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Num(ToNumber(a[0])), nil
	})
	register("Boolean", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Bool(value.Truthy(a[0])), nil
	})
	register("parseInt", func(env Env, _ value.Value, a []value.Value) (value.Value, error) {
		s, err := stringForm(env, "parseInt", a[0])
		if err != nil {
			return value.Null, err
		}
		return value.Num(ParseInt(s, intArg(a[1], 0))), nil
	})
	register("parseFloat", func(env Env, _ value.Value, a []value.Value) (value.Value, error) {
		s, err := stringForm(env, "parseFloat", a[0])
		if err != nil {
			return value.Null, err
		}
		return value.Num(ParseFloat(s)), nil
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
