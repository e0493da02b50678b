package value

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// MaxDepth is how deeply lists and objects may nest in the conversions of this package (JSON
// in and out, string forms, copies). Deeper values are refused (JSON) or cut short (string
// forms, logs), so that no conversion can exhaust the stack.
const MaxDepth = 10000

// appendJSONString appends s as a JSON string literal, escaping as JSON.stringify does: `"`,
// `\`, control characters, and lone surrogates as \uXXXX; everything else verbatim.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := DecodeCodePoint(s, i)
			if r >= 0xD800 && r <= 0xDFFF {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
				start = i + size
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// QuoteJSON returns s as a JSON string literal (JSON.stringify of a string).
func QuoteJSON(s string) string { return string(appendJSONString(nil, s)) }

// appendJSONNumber appends f as JSON.stringify writes it (non-finite numbers as null).
func appendJSONNumber(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	return append(b, FormatNumber(f)...)
}

// JSONIndent returns the indentation JSON.stringify uses for its third argument: a number is
// that many spaces (clamped to 0..10), a string its first 10 code units, anything else none.
func JSONIndent(space Value) string {
	switch space.kind {
	case NumberKind:
		n := space.num
		if math.IsNaN(n) || n < 1 {
			return ""
		}
		if n > 10 {
			n = 10
		}
		return strings.Repeat(" ", int(n))
	case StringKind:
		return UTF16Slice(space.str, 0, 10)
	}
	return ""
}

// Stringify is JSON.stringify(v, null, indent) (indent as returned by JSONIndent). Object
// properties holding handles or functions are omitted and such array elements written as
// null, as JavaScript does with functions; non-finite numbers are written as null. When v
// itself is a handle or function ok is false (JavaScript returns undefined). A cyclic value is
// a TypeError.
func Stringify(v Value, indent string) (s string, ok bool, err error) {
	if v.kind == PromiseKind || v.kind == FuncKind {
		return "", false, nil
	}
	return StringifyMax(v, indent, 0)
}

// StringifyMax is Stringify bounded to max bytes (max <= 0: unbounded): a result longer than
// max is ErrTooLarge, found before the whole result is built.
func StringifyMax(v Value, indent string, max int) (s string, ok bool, err error) {
	if v.kind == PromiseKind || v.kind == FuncKind {
		return "", false, nil
	}
	e := stringifier{indent: indent, logMode: false, max: max}
	b, err := e.write(nil, v, "")
	if err == nil && e.over(b) {
		err = ErrTooLarge
	}
	if err != nil {
		return "", false, err
	}
	return string(b), true, nil
}

type stringifier struct {
	indent  string
	logMode bool // cycles become "[Circular]" instead of an error; lone surrogates U+FFFD
	path    pathSet
	max     int // the bound of the output in bytes (0: none)
}

// over reports whether b is already longer than the bound.
func (e *stringifier) over(b []byte) bool { return e.max > 0 && len(b) > e.max }

func (e *stringifier) str(b []byte, s string) []byte {
	if e.logMode {
		s = ValidUTF8(s)
	}
	return appendJSONString(b, s)
}

func (e *stringifier) write(b []byte, v Value, cur string) ([]byte, error) {
	if e.over(b) || (e.max > 0 && v.kind == StringKind && len(b)+len(v.str) > e.max) {
		return nil, ErrTooLarge
	}
	if e.path.depth() >= MaxDepth && (v.kind == ArrayKind || v.kind == ObjectKind) {
		if e.logMode {
			return append(b, `"[…]"`...), nil
		}
		return nil, TypeErrorf("JSON.stringify: value nested more than %d levels deep", MaxDepth)
	}
	switch v.kind {
	case NullKind, PromiseKind, FuncKind:
		return append(b, "null"...), nil
	case BoolKind:
		if v.num != 0 {
			return append(b, "true"...), nil
		}
		return append(b, "false"...), nil
	case NumberKind:
		return appendJSONNumber(b, v.num), nil
	case StringKind:
		return e.str(b, v.str), nil
	case ArrayKind:
		if e.path.has(v.arr) {
			if e.logMode {
				return append(b, `"[Circular]"`...), nil
			}
			return nil, TypeErrorf("JSON.stringify: cannot convert a cyclic structure to JSON")
		}
		if len(v.arr.Elems) == 0 {
			return append(b, "[]"...), nil
		}
		e.path.push(v.arr)
		inner := cur + e.indent
		b = append(b, '[')
		for i, el := range v.arr.Elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.newline(b, inner)
			var err error
			if b, err = e.write(b, el, inner); err != nil {
				return nil, err
			}
		}
		b = e.newline(b, cur)
		e.path.pop()
		return append(b, ']'), nil
	case ObjectKind:
		if e.path.has(v.obj) {
			if e.logMode {
				return append(b, `"[Circular]"`...), nil
			}
			return nil, TypeErrorf("JSON.stringify: cannot convert a cyclic structure to JSON")
		}
		e.path.push(v.obj)
		inner := cur + e.indent
		b = append(b, '{')
		n := 0
		for i, k := range v.obj.keys {
			el := v.obj.vals[i]
			if el.kind == PromiseKind || el.kind == FuncKind {
				continue
			}
			if n > 0 {
				b = append(b, ',')
			}
			n++
			if e.over(b) || (e.max > 0 && len(b)+len(k) > e.max) {
				return nil, ErrTooLarge
			}
			b = e.newline(b, inner)
			b = e.str(b, k)
			b = append(b, ':')
			if e.indent != "" {
				b = append(b, ' ')
			}
			var err error
			if b, err = e.write(b, el, inner); err != nil {
				return nil, err
			}
		}
		if n > 0 {
			b = e.newline(b, cur)
		}
		e.path.pop()
		return append(b, '}'), nil
	}
	return append(b, "null"...), nil
}

func (e *stringifier) newline(b []byte, cur string) []byte {
	if e.indent == "" {
		return b
	}
	b = append(b, '\n')
	return append(b, cur...)
}

// LogString returns the console.log form of one argument: strings as they are, lists and
// objects as compact JSON.stringify output (a cyclic reference written as "[Circular]"),
// everything else its string form. Lone surrogates become U+FFFD. It never fails.
func LogString(v Value) string {
	s, _ := logStringMax(v, 0)
	return s
}

func logStringMax(v Value, max int) (string, error) {
	switch v.kind {
	case ArrayKind, ObjectKind:
		e := stringifier{logMode: true, max: max}
		b, err := e.write(nil, v, "")
		if err == nil && e.over(b) {
			err = ErrTooLarge
		}
		return string(b), err
	}
	s, err := ToStringMax(v, max)
	return ValidUTF8(s), err
}

// LogLine returns the console.log line for args: their LogString forms separated by a space.
func LogLine(args []Value) string {
	s, _ := LogLineMax(args, 0)
	return s
}

// LogLineMax is LogLine bounded to max bytes (max <= 0: unbounded): a longer line is
// ErrTooLarge, found before the whole line is built.
func LogLineMax(args []Value, max int) (string, error) {
	parts := make([]string, len(args))
	n := 0
	for i, a := range args {
		rest := 0 // what is left of the bound for this part
		if max > 0 {
			if rest = max - n; rest <= 0 {
				return "", ErrTooLarge
			}
		}
		p, err := logStringMax(a, rest)
		if err != nil {
			return "", err
		}
		parts[i] = p
		n += len(p) + 1
	}
	if max > 0 && n-1 > max {
		return "", ErrTooLarge
	}
	return strings.Join(parts, " "), nil
}

// ToJSON converts v to compact JSON for a durable boundary (task and workflow inputs and
// outputs, signal payloads, state shown to users). NaN, ±Infinity, handles, functions and
// cyclic references cannot be converted: the result is a TypeError whose message names where
// (e.g. "Task.run inputs"), the offending value and its path inside v.
func ToJSON(v Value, where string) ([]byte, error) {
	return ToJSONMax(v, where, 0)
}

// ToJSONMax is ToJSON bounded to max bytes (max <= 0: unbounded): a result longer than max is
// ErrTooLarge, found before the whole result is built.
func ToJSONMax(v Value, where string, max int) ([]byte, error) {
	c := strictEncoder{where: where, max: max}
	b, err := c.write(make([]byte, 0, 64), v, nil)
	if err == nil && max > 0 && len(b) > max {
		err = ErrTooLarge
	}
	return b, err
}

type strictEncoder struct {
	where string
	path  pathSet
	max   int // the bound of the output in bytes (0: none)
}

func pathString(path []string) string {
	return strings.Join(path, "")
}

func (c *strictEncoder) fail(what string, path []string) error {
	if len(path) == 0 {
		return TypeErrorf("%s: %s cannot be converted to JSON", c.where, what)
	}
	return TypeErrorf("%s: %s at %s cannot be converted to JSON", c.where, what, pathString(path))
}

func (c *strictEncoder) write(b []byte, v Value, path []string) ([]byte, error) {
	if c.max > 0 && (len(b) > c.max || (v.kind == StringKind && len(b)+len(v.str) > c.max)) {
		return nil, ErrTooLarge
	}
	if c.path.depth() >= MaxDepth && (v.kind == ArrayKind || v.kind == ObjectKind) {
		return nil, c.fail(fmt.Sprintf("a value nested more than %d levels deep", MaxDepth), path[:0])
	}
	switch v.kind {
	case NumberKind:
		if math.IsNaN(v.num) || math.IsInf(v.num, 0) {
			return nil, c.fail(FormatNumber(v.num), path)
		}
		return append(b, FormatNumber(v.num)...), nil
	case PromiseKind:
		return nil, c.fail("a promise", path)
	case FuncKind:
		return nil, c.fail("the function "+v.str, path)
	case ArrayKind:
		if c.path.has(v.arr) {
			return nil, c.fail("a cyclic reference", path)
		}
		c.path.push(v.arr)
		b = append(b, '[')
		for i, el := range v.arr.Elems {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = c.write(b, el, append(path, "["+strconv.Itoa(i)+"]")); err != nil {
				return nil, err
			}
		}
		c.path.pop()
		return append(b, ']'), nil
	case ObjectKind:
		if c.path.has(v.obj) {
			return nil, c.fail("a cyclic reference", path)
		}
		c.path.push(v.obj)
		b = append(b, '{')
		for i, k := range v.obj.keys {
			if i > 0 {
				b = append(b, ',')
			}
			if c.max > 0 && len(b)+len(k) > c.max {
				return nil, ErrTooLarge
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			var err error
			if b, err = c.write(b, v.obj.vals[i], append(path, keyPath(k))); err != nil {
				return nil, err
			}
		}
		c.path.pop()
		return append(b, '}'), nil
	}
	e := stringifier{max: c.max}
	return e.write(b, v, "")
}

func keyPath(k string) string {
	if k == "" {
		return "[\"\"]"
	}
	for i, r := range k {
		ok := r == '_' || r == '$' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return "[" + QuoteJSON(k) + "]"
		}
	}
	return "." + k
}
