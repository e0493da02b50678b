package builtins

import (
	"strconv"

	"github.com/rhythmflow/rhythm/engine/value"
)

// The Object namespace (spec §8): lists and strings behave as JavaScript's array-like objects
// with keys "0", "1", ….
func init() {
	register("Object.keys", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return ownEntries("Object.keys", a[0], func(k string, _ value.Value) value.Value { return value.Str(k) })
	})
	register("Object.values", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return ownEntries("Object.values", a[0], func(_ string, v value.Value) value.Value { return v })
	})
	register("Object.entries", func(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
		return ownEntries("Object.entries", a[0], func(k string, v value.Value) value.Value {
			return value.NewArray([]value.Value{value.Str(k), v})
		})
	})
	register("Object.fromEntries", objectFromEntries)
	register("Object.assign", objectAssign)
}

// eachOwn calls f for every own key of v in order: an object's keys, a list's or a string's
// indices (a string's values are its UTF-16 code units). Other values have no own keys.
func eachOwn(v value.Value, f func(k string, v value.Value)) {
	switch v.Kind() {
	case value.ObjectKind:
		o := v.Obj()
		for i := 0; i < o.Len(); i++ {
			f(o.KeyAt(i))
		}
	case value.ArrayKind:
		for i, e := range v.Arr().Elems {
			f(strconv.Itoa(i), e)
		}
	case value.StringKind:
		for i, u := range value.ToUTF16(v.Str()) {
			f(strconv.Itoa(i), value.Str(value.FromUTF16([]uint16{u})))
		}
	}
}

// ownEntries maps the own keys of v to a new list; null is a TypeError, as JavaScript's
// conversion to an object.
func ownEntries(name string, v value.Value, f func(k string, v value.Value) value.Value) (value.Value, error) {
	if v.IsNull() {
		return value.Null, value.TypeErrorf("%s: argument 1 (value) cannot be null", name)
	}
	var out []value.Value
	eachOwn(v, func(k string, e value.Value) { out = append(out, f(k, e)) })
	if out == nil {
		out = []value.Value{}
	}
	return value.NewArray(out), nil
}

func objectFromEntries(env Env, _ value.Value, a []value.Value) (value.Value, error) {
	o := value.NewObjectCap(a[0].Arr().Len())
	for i, e := range a[0].Arr().Elems {
		pair := e.Arr()
		if pair == nil {
			return value.Null, value.TypeErrorf("Object.fromEntries: entry %d must be a [key, value] list, got %s", i, value.Describe(e))
		}
		k, err := stringForm(env, "Object.fromEntries", pair.Get(0))
		if err != nil {
			return value.Null, err
		}
		o.Set(k, pair.Get(1))
	}
	return value.ObjectValue(o), nil
}

func objectAssign(_ Env, _ value.Value, a []value.Value) (value.Value, error) {
	target := a[0].Obj()
	for _, src := range a[1:] {
		if src.Kind() == value.ObjectKind && src.Obj() == target {
			continue
		}
		eachOwn(src, func(k string, v value.Value) { target.Set(k, v) })
	}
	return a[0], nil
}
