package value

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// FormatNumber returns JavaScript's Number#toString form of f: the shortest digits that round
// trip, in plain notation for exponents from -7 to 20 and in exponential notation (`1e+21`,
// `1.5e-7`) beyond; `-0` is "0"; "NaN", "Infinity", "-Infinity".
func FormatNumber(f float64) string {
	switch {
	case f == 0:
		return "0"
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	var b [32]byte
	e := strconv.AppendFloat(b[:0], f, 'e', -1, 64)
	neg := false
	if e[0] == '-' {
		neg = true
		e = e[1:]
	}
	// e is d[.ddd]e±XX
	ePos := strings.IndexByte(string(e), 'e')
	mant, expo := e[:ePos], e[ePos+1:]
	digits := make([]byte, 0, len(mant))
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	x, _ := strconv.Atoi(string(expo))
	n := x + 1 // position of the decimal point relative to the digits
	k := len(digits)
	var out []byte
	if neg {
		out = append(out, '-')
	}
	switch {
	case k <= n && n <= 21:
		out = append(out, digits...)
		for i := 0; i < n-k; i++ {
			out = append(out, '0')
		}
	case 0 < n && n <= 21:
		out = append(out, digits[:n]...)
		out = append(out, '.')
		out = append(out, digits[n:]...)
	case -6 < n && n <= 0:
		out = append(out, '0', '.')
		for i := 0; i < -n; i++ {
			out = append(out, '0')
		}
		out = append(out, digits...)
	default:
		out = append(out, digits[0])
		if k > 1 {
			out = append(out, '.')
			out = append(out, digits[1:]...)
		}
		out = append(out, 'e')
		if n-1 >= 0 {
			out = append(out, '+')
		}
		out = strconv.AppendInt(out, int64(n-1), 10)
	}
	return string(out)
}

// ToString returns the JavaScript string form of v: "null", "true"/"false", numbers as
// FormatNumber, strings unchanged, arrays as their elements' string forms joined by "," (null
// elements and cyclic references as ""), objects "[object Object]", handles "[promise]",
// built-in functions "[function NAME]".
func ToString(v Value) string {
	switch v.kind {
	case StringKind:
		return v.str
	case NumberKind:
		return FormatNumber(v.num)
	case ArrayKind:
		var sb strings.Builder
		joinArray(&sb, v.arr, map[*Array]bool{}, 0)
		return sb.String()
	}
	return scalarString(v)
}

// ErrTooLarge is the error of the bounded conversions (ToStringMax, StringifyMax, LogLineMax,
// ToJSONMax) when their result would be longer than their bound. They stop building the
// result as soon as it is over the bound, so the memory they use stays near it.
var ErrTooLarge = errors.New("value: the result would be over the size limit")

// ToStringMax is ToString bounded to max bytes (max <= 0: unbounded): the string form of a
// list longer than max is ErrTooLarge. The string form of any other value is returned as it
// is (a string is not copied; the forms of the other kinds are short).
func ToStringMax(v Value, max int) (string, error) {
	if v.kind != ArrayKind {
		return ToString(v), nil
	}
	var sb strings.Builder
	if !joinArray(&sb, v.arr, map[*Array]bool{}, max) {
		return "", ErrTooLarge
	}
	return sb.String(), nil
}

func scalarString(v Value) string {
	switch v.kind {
	case NullKind:
		return "null"
	case BoolKind:
		if v.num != 0 {
			return "true"
		}
		return "false"
	case NumberKind:
		return FormatNumber(v.num)
	case StringKind:
		return v.str
	case ObjectKind:
		return "[object Object]"
	case PromiseKind:
		return "[promise]"
	case FuncKind:
		return "[function " + v.str + "]"
	}
	return ""
}

// joinArray writes the string form of a to sb. With max > 0 it stops, and reports false, as
// soon as the form would be longer than max bytes (before writing the element that crosses it).
func joinArray(sb *strings.Builder, a *Array, seen map[*Array]bool, max int) bool {
	seen[a] = true
	defer delete(seen, a)
	for i, e := range a.Elems {
		if i > 0 {
			if max > 0 && sb.Len()+1 > max {
				return false
			}
			sb.WriteByte(',')
		}
		switch e.kind {
		case NullKind:
		case ArrayKind:
			if !seen[e.arr] && len(seen) < MaxDepth {
				if !joinArray(sb, e.arr, seen, max) {
					return false
				}
			}
		default:
			s := scalarString(e)
			if max > 0 && sb.Len()+len(s) > max {
				return false
			}
			sb.WriteString(s)
		}
	}
	return true
}

// Truthy reports JavaScript truthiness: false, null, 0, -0, NaN and "" are falsy; everything
// else (including empty arrays and objects) is truthy.
func Truthy(v Value) bool {
	switch v.kind {
	case NullKind:
		return false
	case BoolKind:
		return v.num != 0
	case NumberKind:
		return v.num != 0 && !math.IsNaN(v.num)
	case StringKind:
		return v.str != ""
	}
	return true
}

// TypeOf returns the result of `typeof v`: "number", "string", "boolean", "object" (arrays,
// objects and null), "function" or "promise".
func TypeOf(v Value) string {
	switch v.kind {
	case BoolKind:
		return "boolean"
	case NumberKind:
		return "number"
	case StringKind:
		return "string"
	case PromiseKind:
		return "promise"
	case FuncKind:
		return "function"
	}
	return "object"
}

// StrictEquals is JavaScript's `===` (Flow's `==` too): same kind and same value; numbers by
// IEEE equality (NaN is unequal to itself, 0 equals -0); arrays and objects by reference;
// handles by id; functions by name and receiver.
func StrictEquals(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case NullKind:
		return true
	case BoolKind, NumberKind, PromiseKind:
		return a.num == b.num
	case StringKind:
		return a.str == b.str
	case ArrayKind:
		return a.arr == b.arr
	case ObjectKind:
		return a.obj == b.obj
	case FuncKind:
		if a.str != b.str {
			return false
		}
		ra, oka := a.Receiver()
		rb, okb := b.Receiver()
		return oka == okb && (!oka || StrictEquals(ra, rb))
	}
	return false
}

// SameValueZero is the equality of `includes`: StrictEquals except that NaN equals NaN.
func SameValueZero(a, b Value) bool {
	if a.kind == NumberKind && b.kind == NumberKind && math.IsNaN(a.num) && math.IsNaN(b.num) {
		return true
	}
	return StrictEquals(a, b)
}
