package builtins

import (
	"math"
	"strings"

	"github.com/rhythmflow/rhythm/engine/value"
)

// maxFlatDepth bounds the nesting flat() follows, so that a cyclic list flattened with
// Infinity is a RangeError rather than endless work.
const maxFlatDepth = 10000

// The list methods (spec §8, §12.19).
func init() {
	register("array.at", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		arr := this.Arr()
		i := intArg(a[0], 0)
		if i < 0 {
			i += arr.Len()
		}
		return arr.Get(i), nil
	})
	register("array.concat", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		out := append([]value.Value{}, this.Arr().Elems...)
		for _, v := range a {
			if inner := v.Arr(); inner != nil {
				out = append(out, inner.Elems...)
			} else {
				out = append(out, v)
			}
		}
		return value.NewArray(out), nil
	})
	register("array.flat", arrayFlat)
	register("array.includes", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		elems := this.Arr().Elems
		for i := relIndex(intArg(a[1], 0), len(elems)); i < len(elems); i++ {
			if value.SameValueZero(elems[i], a[0]) {
				return value.True, nil
			}
		}
		return value.False, nil
	})
	register("array.indexOf", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		elems := this.Arr().Elems
		for i := relIndex(intArg(a[1], 0), len(elems)); i < len(elems); i++ {
			if value.StrictEquals(elems[i], a[0]) {
				return value.Num(float64(i)), nil
			}
		}
		return value.Num(-1), nil
	})
	register("array.lastIndexOf", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		elems := this.Arr().Elems
		from := intArg(a[1], len(elems)-1)
		if from < 0 {
			from += len(elems)
		}
		for i := min(from, len(elems)-1); i >= 0; i-- {
			if value.StrictEquals(elems[i], a[0]) {
				return value.Num(float64(i)), nil
			}
		}
		return value.Num(-1), nil
	})
	register("array.join", func(env Env, this value.Value, a []value.Value) (value.Value, error) {
		sep := ","
		if !a[0].IsNull() {
			sep = a[0].Str()
		}
		max := sizeLimit(env)
		var b strings.Builder
		if !join(&b, this.Arr(), sep, map[*value.Array]bool{}, max) {
			return value.Null, value.SizeLimitError("array.join", -1, max)
		}
		return value.Str(b.String()), nil
	})
	register("array.slice", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		elems := this.Arr().Elems
		n := len(elems)
		start, end := relIndex(intArg(a[0], 0), n), relIndex(intArg(a[1], n), n)
		if start >= end {
			return value.NewArray([]value.Value{}), nil
		}
		return value.NewArray(append([]value.Value{}, elems[start:end]...)), nil
	})
	register("array.reverse", func(_ Env, this value.Value, _ []value.Value) (value.Value, error) {
		e := this.Arr().Elems
		for i, j := 0, len(e)-1; i < j; i, j = i+1, j-1 {
			e[i], e[j] = e[j], e[i]
		}
		return this, nil
	})
	register("array.push", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		arr := this.Arr()
		arr.Push(a...)
		return value.Num(float64(arr.Len())), nil
	})
	register("array.pop", func(_ Env, this value.Value, _ []value.Value) (value.Value, error) {
		arr := this.Arr()
		if arr.Len() == 0 {
			return value.Null, nil
		}
		last := arr.Elems[arr.Len()-1]
		arr.Elems[arr.Len()-1] = value.Null
		arr.Elems = arr.Elems[:arr.Len()-1]
		return last, nil
	})
	register("array.shift", func(_ Env, this value.Value, _ []value.Value) (value.Value, error) {
		arr := this.Arr()
		if arr.Len() == 0 {
			return value.Null, nil
		}
		first := arr.Elems[0]
		arr.Elems = append(arr.Elems[:0], arr.Elems[1:]...)
		return first, nil
	})
	register("array.unshift", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		arr := this.Arr()
		arr.Elems = append(append(make([]value.Value, 0, len(a)+arr.Len()), a...), arr.Elems...)
		return value.Num(float64(arr.Len())), nil
	})
	register("array.splice", arraySplice)
	register("array.sort", func(env Env, this value.Value, _ []value.Value) (value.Value, error) {
		if err := sortByString(this.Arr().Elems, sizeLimit(env)); err != nil {
			return value.Null, sizeErr(env, "array.sort", err)
		}
		return this, nil
	})
}

// join writes the string forms of a's elements separated by sep: null elements as "", nested
// lists joined by "," and a list that is already being joined (a cycle) as "". With max > 0
// it stops, and reports false, before the text would be longer than max bytes.
func join(b *strings.Builder, a *value.Array, sep string, seen map[*value.Array]bool, max int) bool {
	seen[a] = true
	defer delete(seen, a)
	fits := func(n int) bool { return max <= 0 || b.Len()+n <= max }
	for i, e := range a.Elems {
		if i > 0 {
			if !fits(len(sep)) {
				return false
			}
			b.WriteString(sep)
		}
		switch e.Kind() {
		case value.NullKind:
		case value.ArrayKind:
			if !seen[e.Arr()] && len(seen) < value.MaxDepth {
				if !join(b, e.Arr(), ",", seen, max) {
					return false
				}
			}
		default:
			s := value.ToString(e)
			if !fits(len(s)) {
				return false
			}
			b.WriteString(s)
		}
	}
	return true
}

func arrayFlat(_ Env, this value.Value, a []value.Value) (value.Value, error) {
	depth := 1.0
	if !a[0].IsNull() {
		depth = math.Trunc(a[0].Num())
		if math.IsNaN(depth) {
			depth = 0
		}
	}
	out := []value.Value{}
	var walk func(elems []value.Value, d float64, level int) error
	walk = func(elems []value.Value, d float64, level int) error {
		if level > maxFlatDepth {
			return value.RangeErrorf("array.flat: lists nested more than %d deep (a list that contains itself?)", maxFlatDepth)
		}
		for _, e := range elems {
			if inner := e.Arr(); inner != nil && d >= 1 {
				if err := walk(inner.Elems, d-1, level+1); err != nil {
					return err
				}
				continue
			}
			out = append(out, e)
		}
		return nil
	}
	if err := walk(this.Arr().Elems, depth, 0); err != nil {
		return value.Null, err
	}
	return value.NewArray(out), nil
}

func arraySplice(_ Env, this value.Value, a []value.Value) (value.Value, error) {
	arr := this.Arr()
	n := arr.Len()
	start := relIndex(intArg(a[0], 0), n)
	count := 0
	switch {
	case !a[1].IsNull():
		count = min(max(intArg(a[1], 0), 0), n-start)
	case !a[0].IsNull():
		count = n - start
	}
	items := a[2:]
	removed := append([]value.Value{}, arr.Elems[start:start+count]...)
	out := make([]value.Value, 0, n-count+len(items))
	out = append(out, arr.Elems[:start]...)
	out = append(out, items...)
	out = append(out, arr.Elems[start+count:]...)
	arr.Elems = out
	return value.NewArray(removed), nil
}
