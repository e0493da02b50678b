package builtins

import (
	"math"
	"strconv"
	"strings"

	"github.com/rhythmflow/rhythm/engine/value"
)

// IsJSSpace reports whether r is white space or a line terminator for JavaScript's trim and
// number parsing: tab, vertical tab, form feed, space, no-break space, the byte order mark,
// the Unicode space separators, line feed, carriage return, and the line and paragraph
// separators.
func IsJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// trimJS removes JavaScript white space from the ends of s.
func trimJS(s string) string { return strings.TrimFunc(s, IsJSSpace) }

// ToNumber converts v to a number as JavaScript's Number(v) does: null is 0, booleans 0 or 1,
// strings by StringToNumber, lists through their string form, everything else NaN.
func ToNumber(v value.Value) float64 {
	switch v.Kind() {
	case value.NullKind:
		return 0
	case value.BoolKind:
		if v.Bool() {
			return 1
		}
		return 0
	case value.NumberKind:
		return v.Num()
	case value.StringKind:
		return StringToNumber(v.Str())
	case value.ArrayKind:
		// The string form of a list of two or more elements has a comma: NaN. That of one
		// element is the element's (null, a cycle and a list nested too deep: ""), so no
		// string needs to be built.
		a := v.Arr()
		seen := map[*value.Array]bool{}
		for {
			seen[a] = true
			switch {
			case a.Len() == 0:
				return 0
			case a.Len() > 1:
				return math.NaN()
			}
			switch e := a.Get(0); e.Kind() {
			case value.NullKind:
				return 0
			case value.ArrayKind:
				if seen[e.Arr()] || len(seen) >= value.MaxDepth {
					return 0
				}
				a = e.Arr()
			default:
				return StringToNumber(value.ToString(e))
			}
		}
	}
	return math.NaN()
}

// StringToNumber converts a string as JavaScript's Number(string) does: surrounding white
// space is ignored; "" is 0; a decimal literal (sign, digits, fraction, exponent), "Infinity"
// with an optional sign, or a 0x/0o/0b integer without sign is read; anything else is NaN.
func StringToNumber(s string) float64 {
	s = trimJS(s)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			f, n := parseRadix(s[2:], base)
			if n != len(s)-2 {
				return math.NaN()
			}
			return f
		}
	}
	f, n := decimalPrefix(s)
	if n != len(s) {
		return math.NaN()
	}
	return f
}

// decimalPrefix reads the longest prefix of s that is a JavaScript decimal literal with an
// optional sign (or "Infinity"), returning its value and length; (NaN, 0) when there is none.
// A trailing "e" without exponent digits, or a lone ".", is not part of the prefix.
func decimalPrefix(s string) (float64, int) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if strings.HasPrefix(s[i:], "Infinity") {
		n := i + len("Infinity")
		if s[0] == '-' {
			return math.Inf(-1), n
		}
		return math.Inf(1), n
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		frac := 0
		for j < len(s) && isDigit(s[j]) {
			j++
			frac++
		}
		if digits > 0 || frac > 0 {
			i = j
			digits += frac
		}
	}
	if digits == 0 {
		return math.NaN(), 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k > j {
			i = k
		}
	}
	f, err := strconv.ParseFloat(s[:i], 64)
	if err != nil && !isRangeErr(err) {
		return math.NaN(), 0
	}
	return f, i
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digitVal returns the value of c as a digit of any base up to 36, or 99.
func digitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// parseRadix reads the longest prefix of s made of digits of base, returning its value and
// length; (NaN, 0) when there is none. Base 10 is read exactly (correctly rounded).
func parseRadix(s string, base int) (float64, int) {
	n := 0
	for n < len(s) && digitVal(s[n]) < base {
		n++
	}
	if n == 0 {
		return math.NaN(), 0
	}
	if base == 10 {
		f, _ := strconv.ParseFloat(s[:n], 64)
		return f, n
	}
	// Up to 64 bits the integer is exact, then rounded once; longer digit strings accumulate.
	if u, err := strconv.ParseUint(s[:n], base, 64); err == nil {
		return float64(u), n
	}
	f := 0.0
	for i := 0; i < n; i++ {
		f = f*float64(base) + float64(digitVal(s[i]))
	}
	return f, n
}

// ParseInt is JavaScript's parseInt(text, radix) on the string form of the text: leading white
// space is skipped, then an optional sign; radix 0 means 10 (or 16 with a 0x prefix), a radix
// outside 2..36 gives NaN; digits are read up to the first that is not a digit of the radix;
// none gives NaN.
func ParseInt(s string, radix int) float64 {
	s = strings.TrimLeftFunc(s, IsJSSpace)
	sign := 1.0
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	strip := true
	if radix != 0 {
		if radix < 2 || radix > 36 {
			return math.NaN()
		}
		strip = radix == 16
	} else {
		radix = 10
	}
	if strip && len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
		radix = 16
	}
	f, n := parseRadix(s, radix)
	if n == 0 {
		return math.NaN()
	}
	return sign * f
}

// ParseFloat is JavaScript's parseFloat on the string form of the text: leading white space is
// skipped and the longest decimal literal prefix (or Infinity) is read; none gives NaN.
func ParseFloat(s string) float64 {
	s = strings.TrimLeftFunc(s, IsJSSpace)
	f, n := decimalPrefix(s)
	if n == 0 {
		return math.NaN()
	}
	return f
}

// CompareUTF16 compares a and b by UTF-16 code units, as JavaScript orders strings (and as
// sort() without a comparator does). It returns -1, 0 or 1.
func CompareUTF16(a, b string) int {
	if value.IsASCII(a) && value.IsASCII(b) {
		return strings.Compare(a, b)
	}
	ua, ub := value.ToUTF16(a), value.ToUTF16(b)
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(ua) < len(ub):
		return -1
	case len(ua) > len(ub):
		return 1
	}
	return 0
}
