package builtins

import (
	"github.com/rhythmflow/rhythm/engine/value"
)

// JSON.stringify and JSON.parse (spec §8, §12.6, §12.17).
func init() {
	register("JSON.stringify", func(env Env, _ value.Value, a []value.Value) (value.Value, error) {
		s, ok, err := value.StringifyMax(a[0], value.JSONIndent(a[2]), sizeLimit(env))
		if err != nil {
			return value.Null, sizeErr(env, "JSON.stringify", err)
		}
		if !ok {
			return value.Null, nil
		}
		return value.Str(s), nil
	})
	register("JSON.parse", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		v, err := value.ParseJSON(a[0].Str())
		if err != nil {
			if ve, ok := err.(*value.Error); ok {
				return value.Null, value.Errorf(ve.Code, "JSON.parse: %s", ve.Message)
			}
			return value.Null, value.Errorf(value.CodeSyntaxError, "JSON.parse: %v", err)
		}
		return v, nil
	})
}
