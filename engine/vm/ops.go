package vm

import (
	"errors"
	"math"
	"strconv"

	"github.com/rhythmflow/rhythm/engine/builtins"
	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
)

// arrayIndex parses a canonical array index key ("0", "12"; not "01", "-1", "1.0").
func arrayIndex(k string) (int, bool) {
	if k == "" || len(k) > 15 || (len(k) > 1 && k[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// propertyKey converts a computed key to a property name (JavaScript's ToPropertyKey on Flow
// values: the string form).
func propertyKey(k value.Value) string {
	if k.Kind() == value.StringKind {
		return k.Str()
	}
	return value.ToString(k)
}

// listKey returns the computed key k ready for propertyKey: a list, whose string form may be
// long, is converted here with the size limit (a SizeLimit error beyond it); any other key is
// returned as it is.
func (m *Machine) listKey(k value.Value) (value.Value, error) {
	if k.Kind() != value.ArrayKind {
		return k, nil
	}
	s, err := value.ToStringMax(k, m.cfg.MaxSize)
	if err != nil {
		return value.Null, value.SizeLimitError("property key", -1, m.cfg.MaxSize)
	}
	return value.Str(s), nil
}

// objSetKey performs o[k] = v in an object literal ({[k]: v}).
func (m *Machine) objSetKey(o *value.Object, k, v value.Value) error {
	k, err := m.listKey(k)
	if err == nil {
		o.Set(propertyKey(k), v)
	}
	return err
}

// setIndex performs x[k] = v.
func (m *Machine) setIndex(x, k, v value.Value) error {
	k, err := m.listKey(k)
	if err != nil {
		return err
	}
	return setIndex(x, k, v)
}

// deleteKey performs delete x[k].
func (m *Machine) deleteKey(x, k value.Value) error {
	k, err := m.listKey(k)
	if err != nil {
		return err
	}
	return deleteKey(x, k)
}

// hasKey reports whether k is present in x (destructuring defaults).
func (m *Machine) hasKey(x, k value.Value) (bool, error) {
	k, err := m.listKey(k)
	return err == nil && hasKey(x, k), err
}

// inOp is `k in x`.
func (m *Machine) inOp(k, x value.Value) (value.Value, error) {
	k, err := m.listKey(k)
	if err != nil {
		return value.Null, err
	}
	return inOp(k, x)
}

// objRest builds the rest object of an object pattern: src's own keys except those listed.
func (m *Machine) objRest(src value.Value, keys []value.Value) (value.Value, error) {
	for i := range keys {
		var err error
		if keys[i], err = m.listKey(keys[i]); err != nil {
			return value.Null, err
		}
	}
	return objRest(src, keys), nil
}

// checkOutput checks that the workflow output v converts to JSON within the size limit.
func (m *Machine) checkOutput(v value.Value, pc int) error {
	_, err := value.ToJSONMax(v, "workflow output", m.cfg.MaxSize)
	if errors.Is(err, value.ErrTooLarge) {
		return &fatalError{code: value.CodeSizeLimit, msg: sizeError("the workflow output", -1, m.cfg.MaxSize).Message, pos: m.prog.Pos[pc]}
	}
	return err
}

// getProp reads x.name (spec §5: missing → null; any property of null is a TypeError).
func (m *Machine) getProp(x value.Value, name string) (value.Value, error) {
	switch x.Kind() {
	case value.ObjectKind:
		v, _ := x.Obj().Get(name)
		return v, nil
	case value.ArrayKind:
		a := x.Arr()
		if i, ok := arrayIndex(name); ok {
			return a.Get(i), nil
		}
		if name == "length" {
			return value.Num(float64(a.Len())), nil
		}
		if q, ok := builtins.MethodName(x, name); ok {
			return value.BoundMethod(q, x), nil
		}
		return value.Null, nil
	case value.StringKind:
		if i, ok := arrayIndex(name); ok {
			s, _ := value.UTF16CharAt(x.Str(), i)
			if s == "" {
				return value.Null, nil
			}
			return value.Str(s), nil
		}
		if name == "length" {
			return value.Num(float64(value.UTF16Len(x.Str()))), nil
		}
		if q, ok := builtins.MethodName(x, name); ok {
			return value.BoundMethod(q, x), nil
		}
		return value.Null, nil
	case value.NullKind:
		return value.Null, value.TypeErrorf("cannot read property %q of null", name)
	}
	return value.Null, nil
}

// getIndex reads x[k].
func (m *Machine) getIndex(x, k value.Value) (value.Value, error) {
	if k.Kind() == value.NumberKind {
		f := k.Num()
		switch x.Kind() {
		case value.ArrayKind:
			if i := int(f); float64(i) == f && i >= 0 {
				return x.Arr().Get(i), nil
			}
			if f == 0 {
				return x.Arr().Get(0), nil
			}
			return value.Null, nil
		case value.StringKind:
			if i := int(f); float64(i) == f {
				s, ok := value.UTF16CharAt(x.Str(), i)
				if !ok {
					return value.Null, nil
				}
				return value.Str(s), nil
			}
			return value.Null, nil
		}
	}
	k, err := m.listKey(k)
	if err != nil {
		return value.Null, err
	}
	return m.getProp(x, propertyKey(k))
}

// setProp performs x.name = v.
func setProp(x value.Value, name string, v value.Value) error {
	switch x.Kind() {
	case value.ObjectKind:
		x.Obj().Set(name, v)
		return nil
	case value.ArrayKind:
		if i, ok := arrayIndex(name); ok {
			return setArrayIndex(x.Arr(), float64(i), v)
		}
		if name == "length" {
			return setLength(x.Arr(), v)
		}
		return value.TypeErrorf("cannot set property %q of a list", name)
	case value.NullKind:
		return value.TypeErrorf("cannot set property %q of null", name)
	}
	return value.TypeErrorf("cannot set property %q of %s", name, value.Describe(x))
}

// maxGrow bounds how far past its end a list may be written to at once.
const maxGrow = 1 << 20

func setArrayIndex(a *value.Array, f float64, v value.Value) error {
	i := int(f)
	if float64(i) != f || i < 0 {
		return value.RangeErrorf("invalid list index %s", value.FormatNumber(f))
	}
	if i-a.Len() > maxGrow {
		return value.RangeErrorf("list index %d is too far beyond the end (length %d)", i, a.Len())
	}
	a.Set(i, v)
	return nil
}

func setLength(a *value.Array, v value.Value) error {
	if !v.IsInteger() || v.Num() < 0 {
		return value.RangeErrorf("invalid list length %s", value.Describe(v))
	}
	n := int(v.Num())
	if n <= a.Len() {
		a.Elems = a.Elems[:n:n]
		return nil
	}
	if n-a.Len() > maxGrow {
		return value.RangeErrorf("list length %d is too large", n)
	}
	for a.Len() < n {
		a.Elems = append(a.Elems, value.Null)
	}
	return nil
}

// setIndex performs x[k] = v.
func setIndex(x, k, v value.Value) error {
	if x.Kind() == value.ArrayKind && k.Kind() == value.NumberKind {
		return setArrayIndex(x.Arr(), k.Num(), v)
	}
	return setProp(x, propertyKey(k), v)
}

// deleteKey performs delete x[k] (spec §12.7).
func deleteKey(x, k value.Value) error {
	switch x.Kind() {
	case value.ObjectKind:
		x.Obj().Delete(propertyKey(k))
		return nil
	case value.ArrayKind, value.StringKind, value.NullKind:
		return value.TypeErrorf("cannot delete %q of %s", propertyKey(k), value.Describe(x))
	}
	return nil
}

// hasKey reports whether k is present in x, for destructuring defaults: an own key of an
// object, an index (or length) of a list or string. Other values have no keys.
func hasKey(x, k value.Value) bool {
	switch x.Kind() {
	case value.ObjectKind:
		return x.Obj().Has(propertyKey(k))
	case value.ArrayKind, value.StringKind:
		var n int
		if x.Kind() == value.StringKind {
			n = value.UTF16Len(x.Str())
		} else {
			n = x.Arr().Len()
		}
		if k.Kind() == value.NumberKind {
			f := k.Num()
			return f >= 0 && f == math.Trunc(f) && f < float64(n)
		}
		s := propertyKey(k)
		if i, ok := arrayIndex(s); ok {
			return i < n
		}
		return s == "length"
	}
	return false
}

// inOp is `k in x`.
func inOp(k, x value.Value) (value.Value, error) {
	switch x.Kind() {
	case value.ObjectKind:
		return value.Bool(x.Obj().Has(propertyKey(k))), nil
	case value.ArrayKind:
		return value.Bool(hasKey(x, k)), nil
	}
	return value.Null, value.TypeErrorf("cannot use 'in' to search for %q in %s", propertyKey(k), value.Describe(x))
}

// concatName names string concatenation (`+`, `+=`, template literals) in SizeLimit errors.
const concatName = "string concatenation (+)"

// add is `+` when the operands are not both numbers. A string longer than the size limit is a
// SizeLimit error, raised before the string is built (spec §10, §12.14).
func (m *Machine) add(x, y value.Value) (value.Value, error) {
	if x.Kind() == value.StringKind || y.Kind() == value.StringKind {
		limit := m.cfg.MaxSize
		a, err := value.ToStringMax(x, limit)
		if err != nil {
			return value.Null, value.SizeLimitError(concatName, -1, limit)
		}
		b, err := value.ToStringMax(y, max(limit-len(a), 1))
		if err != nil {
			return value.Null, value.SizeLimitError(concatName, -1, limit)
		}
		if len(a)+len(b) > limit {
			return value.Null, value.SizeLimitError(concatName, len(a)+len(b), limit)
		}
		return value.Str(value.Concat(a, b)), nil
	}
	if x.Kind() == value.NumberKind && y.Kind() == value.NumberKind {
		return value.Num(x.Num() + y.Num()), nil
	}
	return value.Null, value.TypeErrorf("+ needs two numbers or a string, got %s and %s", value.Describe(x), value.Describe(y))
}

var arithNames = map[compiler.Op]string{
	compiler.OpSub: "-", compiler.OpMul: "*", compiler.OpDiv: "/", compiler.OpMod: "%", compiler.OpPow: "**",
}

func arith(op compiler.Op, x, y value.Value) (value.Value, error) {
	if x.Kind() != value.NumberKind || y.Kind() != value.NumberKind {
		return value.Null, value.TypeErrorf("%s needs two numbers, got %s and %s", arithNames[op], value.Describe(x), value.Describe(y))
	}
	a, b := x.Num(), y.Num()
	switch op {
	case compiler.OpSub:
		return value.Num(a - b), nil
	case compiler.OpMul:
		return value.Num(a * b), nil
	case compiler.OpDiv:
		return value.Num(a / b), nil
	case compiler.OpMod:
		return value.Num(mod(a, b)), nil
	}
	return value.Num(pow(a, b)), nil
}

// mod is JavaScript's %: the remainder with the sign of the dividend, with a fast path for
// integers (math.Mod is slow).
func mod(a, b float64) float64 {
	const limit = 1 << 53
	if a == math.Trunc(a) && b == math.Trunc(b) && b != 0 && a < limit && a > -limit && b < limit && b > -limit {
		r := float64(int64(a) % int64(b))
		if r == 0 {
			return math.Copysign(0, a)
		}
		return r
	}
	return math.Mod(a, b)
}

// pow is JavaScript's exponentiation, which differs from math.Pow for a NaN exponent and for
// ±1 to an infinite power (both NaN).
func pow(a, b float64) float64 {
	if math.IsNaN(b) || (math.IsInf(b, 0) && (a == 1 || a == -1)) {
		return math.NaN()
	}
	return math.Pow(a, b)
}

var compareNames = map[compiler.Op]string{
	compiler.OpLt: "<", compiler.OpLe: "<=", compiler.OpGt: ">", compiler.OpGe: ">=",
}

// compare is an ordering operator on two strings (by UTF-16 code units); the two-number case
// is inlined in exec.
func compare(op compiler.Op, x, y value.Value) (value.Value, error) {
	if x.Kind() != value.StringKind || y.Kind() != value.StringKind {
		return value.Null, value.TypeErrorf("%s needs two numbers or two strings, got %s and %s", compareNames[op], value.Describe(x), value.Describe(y))
	}
	c := builtins.CompareUTF16(x.Str(), y.Str())
	var r bool
	switch op {
	case compiler.OpLt:
		r = c < 0
	case compiler.OpLe:
		r = c <= 0
	case compiler.OpGt:
		r = c > 0
	default:
		r = c >= 0
	}
	return value.Bool(r), nil
}

// iterElems returns the elements iterating x yields: a list's elements, a string's code
// points; anything else is a TypeError naming what iterated.
func iterElems(x value.Value, what string) ([]value.Value, error) {
	switch x.Kind() {
	case value.ArrayKind:
		return append([]value.Value(nil), x.Arr().Elems...), nil
	case value.StringKind:
		cps := value.CodePoints(x.Str())
		out := make([]value.Value, len(cps))
		for i, c := range cps {
			out[i] = value.Str(c)
		}
		return out, nil
	}
	return nil, value.TypeErrorf("%s needs a list or a string, got %s (not iterable)", what, value.Describe(x))
}

// spreadInto copies src's own keys into o ({...src}): object keys in order, list and string
// indices; other values have none.
func spreadInto(o *value.Object, src value.Value) {
	switch src.Kind() {
	case value.ObjectKind:
		s := src.Obj()
		for i := 0; i < s.Len(); i++ {
			k, v := s.KeyAt(i)
			o.Set(k, v)
		}
	case value.ArrayKind:
		for i, v := range src.Arr().Elems {
			o.Set(strconv.Itoa(i), v)
		}
	case value.StringKind:
		u := value.ToUTF16(src.Str())
		for i := range u {
			o.Set(strconv.Itoa(i), value.Str(value.FromUTF16(u[i:i+1])))
		}
	}
}

// forInKeys returns the keys a for…in loop visits (spec §12.8): an object's keys, the indices
// of a list or string as strings; nothing for other values.
func forInKeys(x value.Value) []value.Value {
	var n int
	switch x.Kind() {
	case value.ObjectKind:
		o := x.Obj()
		out := make([]value.Value, o.Len())
		for i := range out {
			k, _ := o.KeyAt(i)
			out[i] = value.Str(k)
		}
		return out
	case value.ArrayKind:
		n = x.Arr().Len()
	case value.StringKind:
		n = value.UTF16Len(x.Str())
	}
	out := make([]value.Value, n)
	for i := range out {
		out[i] = value.Str(strconv.Itoa(i))
	}
	return out
}

// stillPresent reports whether a for…in key is still present when it is reached.
func stillPresent(x value.Value, k string) bool {
	switch x.Kind() {
	case value.ObjectKind:
		return x.Obj().Has(k)
	case value.ArrayKind:
		i, _ := arrayIndex(k)
		return i < x.Arr().Len()
	}
	return true
}

// objRest builds the rest object of an object pattern: src's own keys except those listed.
func objRest(src value.Value, keys []value.Value) value.Value {
	tmp := value.NewObjectCap(4)
	spreadInto(tmp, src)
	for _, k := range keys {
		tmp.Delete(propertyKey(k))
	}
	return value.ObjectValue(tmp)
}
