package builtins

import (
	"math"
	"strconv"

	"github.com/rhythmflow/rhythm/engine/value"
)

// The Math namespace (spec §8), with JavaScript's results where Go's math package differs.
func init() {
	unary := map[string]func(float64) float64{
		"abs": math.Abs, "ceil": math.Ceil, "floor": math.Floor, "round": Round,
		"trunc": math.Trunc, "sign": sign, "sqrt": math.Sqrt, "log": math.Log,
		"log2": math.Log2, "log10": log10, "exp": math.Exp,
	}
	for name, f := range unary {
		register("Math."+name, func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
			return value.Num(f(a[0].Num())), nil
		})
	}
	register("Math.pow", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return value.Num(Pow(a[0].Num(), a[1].Num())), nil
	})
	register("Math.min", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		r := math.Inf(1)
		for _, v := range a {
			r = math.Min(r, v.Num())
		}
		return value.Num(r), nil
	})
	register("Math.max", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		r := math.Inf(-1)
		for _, v := range a {
			r = math.Max(r, v.Num())
		}
		return value.Num(r), nil
	})
}

// Round is JavaScript's Math.round: the nearest integer, halves towards +∞; -0 stays -0 and a
// number in [-0.5, 0) gives -0.
func Round(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == math.Trunc(x) {
		return x
	}
	f := math.Floor(x)
	if x-f >= 0.5 {
		f++
	}
	if f == 0 && x < 0 {
		return math.Copysign(0, -1)
	}
	return f
}

// Pow is JavaScript's exponentiation (Math.pow and `**`): as Go's math.Pow except that a NaN
// exponent gives NaN, and 1 or -1 raised to ±Infinity gives NaN.
func Pow(x, y float64) float64 {
	if math.IsNaN(y) || (math.IsInf(y, 0) && (x == 1 || x == -1)) {
		return math.NaN()
	}
	return math.Pow(x, y)
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // ±0 and NaN
}

// log10 is math.Log10, exact for powers of ten (Go's is off by one ulp for some of them).
func log10(x float64) float64 {
	r := math.Log10(x)
	if n := math.Round(r); n != r && math.Abs(n-r) < 1e-9 && n >= -323 && n <= 308 {
		if p, err := strconv.ParseFloat("1e"+strconv.Itoa(int(n)), 64); err == nil && p == x {
			return n
		}
	}
	return r
}
