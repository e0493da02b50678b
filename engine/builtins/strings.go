package builtins

import (
	"math"
	"strings"

	"github.com/rhythmflow/rhythm/engine/value"
)

// maxStringUnits is the longest string, in UTF-16 code units, that padStart, padEnd and repeat
// build; beyond it they throw a RangeError (JavaScript engines have a similar limit).
const maxStringUnits = 1 << 29

// The string methods (spec §8): positions and lengths in UTF-16 code units, no regular
// expressions.
func init() {
	register("string.at", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		s := this.Str()
		i := intArg(a[0], 0)
		if i < 0 {
			i += value.UTF16Len(s)
		}
		c, ok := value.UTF16CharAt(s, i)
		if !ok {
			return value.Null, nil
		}
		return value.Str(c), nil
	})
	register("string.charAt", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		c, _ := value.UTF16CharAt(this.Str(), intArg(a[0], 0))
		return value.Str(c), nil
	})
	register("string.includes", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		return value.Bool(value.UTF16Index(this.Str(), a[0].Str(), max(intArg(a[1], 0), 0)) >= 0), nil
	})
	register("string.indexOf", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		s := this.Str()
		from := min(max(intArg(a[1], 0), 0), value.UTF16Len(s))
		return value.Num(float64(value.UTF16Index(s, a[0].Str(), from))), nil
	})
	register("string.lastIndexOf", stringLastIndexOf)
	register("string.startsWith", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		if s, w := this.Str(), a[0].Str(); value.IsASCII(s) && value.IsASCII(w) {
			start := min(max(intArg(a[1], 0), 0), len(s))
			return value.Bool(strings.HasPrefix(s[start:], w)), nil
		}
		u, w := value.ToUTF16(this.Str()), value.ToUTF16(a[0].Str())
		start := min(max(intArg(a[1], 0), 0), len(u))
		return value.Bool(start+len(w) <= len(u) && equalUnits(u[start:start+len(w)], w)), nil
	})
	register("string.endsWith", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		if s, w := this.Str(), a[0].Str(); value.IsASCII(s) && value.IsASCII(w) {
			end := min(max(intArg(a[1], len(s)), 0), len(s))
			return value.Bool(strings.HasSuffix(s[:end], w)), nil
		}
		u, w := value.ToUTF16(this.Str()), value.ToUTF16(a[0].Str())
		end := min(max(intArg(a[1], len(u)), 0), len(u))
		return value.Bool(end-len(w) >= 0 && equalUnits(u[end-len(w):end], w)), nil
	})
	register("string.slice", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		s := this.Str()
		n := value.UTF16Len(s)
		start, end := relIndex(intArg(a[0], 0), n), relIndex(intArg(a[1], n), n)
		return value.Str(value.UTF16Slice(s, start, end)), nil
	})
	register("string.substring", func(_ Env, this value.Value, a []value.Value) (value.Value, error) {
		s := this.Str()
		n := value.UTF16Len(s)
		start, end := min(max(intArg(a[0], 0), 0), n), min(max(intArg(a[1], n), 0), n)
		if start > end {
			start, end = end, start
		}
		return value.Str(value.UTF16Slice(s, start, end)), nil
	})
	// Case mapping may lengthen a string (at most three times: "ΐ" has three code points in
	// upper case), so a result over the size limit is refused after it is built.
	register("string.toUpperCase", func(env Env, this value.Value, _ []value.Value) (value.Value, error) {
		s := ToUpper(this.Str())
		if err := checkSize(env, "string.toUpperCase", len(s)); err != nil {
			return value.Null, err
		}
		return value.Str(s), nil
	})
	register("string.toLowerCase", func(env Env, this value.Value, _ []value.Value) (value.Value, error) {
		s := ToLower(this.Str())
		if err := checkSize(env, "string.toLowerCase", len(s)); err != nil {
			return value.Null, err
		}
		return value.Str(s), nil
	})
	register("string.trim", func(_ Env, this value.Value, _ []value.Value) (value.Value, error) {
		return value.Str(trimJS(this.Str())), nil
	})
	register("string.trimStart", func(_ Env, this value.Value, _ []value.Value) (value.Value, error) {
		return value.Str(strings.TrimLeftFunc(this.Str(), IsJSSpace)), nil
	})
	register("string.trimEnd", func(_ Env, this value.Value, _ []value.Value) (value.Value, error) {
		return value.Str(strings.TrimRightFunc(this.Str(), IsJSSpace)), nil
	})
	register("string.padStart", func(env Env, this value.Value, a []value.Value) (value.Value, error) {
		return pad(env, "string.padStart", this.Str(), a, true)
	})
	register("string.padEnd", func(env Env, this value.Value, a []value.Value) (value.Value, error) {
		return pad(env, "string.padEnd", this.Str(), a, false)
	})
	register("string.repeat", stringRepeat)
	register("string.replace", func(env Env, this value.Value, a []value.Value) (value.Value, error) {
		return replaceChecked(env, "string.replace", this.Str(), a[0].Str(), a[1].Str(), false)
	})
	register("string.replaceAll", func(env Env, this value.Value, a []value.Value) (value.Value, error) {
		return replaceChecked(env, "string.replaceAll", this.Str(), a[0].Str(), a[1].Str(), true)
	})
	register("string.split", stringSplit)
	register("string.concat", func(env Env, this value.Value, a []value.Value) (value.Value, error) {
		s := this.Str()
		n := len(s)
		for _, v := range a {
			n += len(v.Str())
		}
		if err := checkSize(env, "string.concat", n); err != nil {
			return value.Null, err
		}
		for _, v := range a {
			s = value.Concat(s, v.Str())
		}
		return value.Str(s), nil
	})
}

func equalUnits(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// indexUnits returns the first index ≥ from where w occurs in u, or -1.
func indexUnits(u, w []uint16, from int) int {
	for i := from; i+len(w) <= len(u); i++ {
		if equalUnits(u[i:i+len(w)], w) {
			return i
		}
	}
	return -1
}

func stringLastIndexOf(_ Env, this value.Value, a []value.Value) (value.Value, error) {
	if s, w := this.Str(), a[0].Str(); value.IsASCII(s) && value.IsASCII(w) {
		from := min(max(intArg(a[1], len(s)), 0), len(s))
		return value.Num(float64(strings.LastIndex(s[:min(from+len(w), len(s))], w))), nil
	}
	u, w := value.ToUTF16(this.Str()), value.ToUTF16(a[0].Str())
	from := min(max(intArg(a[1], len(u)), 0), len(u))
	for i := min(from, len(u)-len(w)); i >= 0; i-- {
		if equalUnits(u[i:i+len(w)], w) {
			return value.Num(float64(i)), nil
		}
	}
	return value.Num(-1), nil
}

// pad implements padStart (atStart) and padEnd.
func pad(env Env, name, s string, a []value.Value, atStart bool) (value.Value, error) {
	target := intArg(a[0], 0)
	filler := " "
	if !a[1].IsNull() {
		filler = a[1].Str()
	}
	n := value.UTF16Len(s)
	if target <= n || filler == "" {
		return value.Str(s), nil
	}
	// The size of the result: s, whole copies of the filler, then the start of one more.
	f := value.ToUTF16(filler)
	units := target - n
	if max := sizeLimit(env); max > 0 {
		whole, part := units/len(f), units%len(f)
		if whole > max/len(filler) {
			return value.Null, value.SizeLimitError(name, -1, max)
		}
		size := len(s) + whole*len(filler) + len(value.FromUTF16(f[:part]))
		if err := checkSize(env, name, size); err != nil {
			return value.Null, err
		}
	}
	u := value.ToUTF16(s)
	if target > maxStringUnits {
		return value.Null, value.RangeErrorf("%s: argument 1 (length) %d is larger than the longest string (%d)", name, target, maxStringUnits)
	}
	fill := make([]uint16, 0, target)
	for len(fill) < target-len(u) {
		fill = append(fill, f...)
	}
	fill = fill[:target-len(u)]
	if atStart {
		return value.Str(value.FromUTF16(append(fill, u...))), nil
	}
	return value.Str(value.FromUTF16(append(u, fill...))), nil
}

func stringRepeat(env Env, this value.Value, a []value.Value) (value.Value, error) {
	s := this.Str()
	count := intArg(a[0], 0)
	if count < 0 {
		return value.Null, value.RangeErrorf("string.repeat: argument 1 (count) must not be negative, got %d", count)
	}
	if max := sizeLimit(env); max > 0 && len(s) > 0 && count > max/len(s) {
		if count <= math.MaxInt/len(s) {
			return value.Null, value.SizeLimitError("string.repeat", len(s)*count, max)
		}
		return value.Null, value.SizeLimitError("string.repeat", -1, max)
	}
	n := value.UTF16Len(s)
	if n > 0 && count > maxStringUnits/n {
		return value.Null, value.RangeErrorf("string.repeat: the result would be longer than the longest string (%d)", maxStringUnits)
	}
	if n == 0 || count == 0 {
		return value.Str(""), nil
	}
	if value.IsASCII(s) || !endsWithHighSurrogate(s) {
		return value.Str(strings.Repeat(s, count)), nil
	}
	u := value.ToUTF16(s)
	out := make([]uint16, 0, len(u)*count)
	for range count {
		out = append(out, u...)
	}
	return value.Str(value.FromUTF16(out)), nil
}

// endsWithHighSurrogate reports whether s ends with a lone high surrogate (which would pair
// with a following low surrogate when strings are joined).
func endsWithHighSurrogate(s string) bool {
	n := len(s)
	return n >= 3 && s[n-3] == 0xED && s[n-2] >= 0xA0 && s[n-2] <= 0xAF
}

// replaceChecked is replace for built-in name, refused with SizeLimit when the result would be
// over env's size limit.
func replaceChecked(env Env, name, s, search, repl string, all bool) (value.Value, error) {
	if max := sizeLimit(env); max > 0 && len(repl) > len(search) {
		n := 0
		if all {
			n = matches(s, search)
		} else if value.UTF16Index(s, search, 0) >= 0 {
			n = 1
		}
		if n > 0 && len(repl)-len(search) > (max-len(s))/n {
			return value.Null, value.SizeLimitError(name, -1, max)
		}
	}
	return value.Str(replace(s, search, repl, all)), nil
}

// matches counts the non-overlapping occurrences of search in s, as replaceAll finds them (an
// empty search matches before every code unit and at the end).
func matches(s, search string) int {
	if search == "" {
		return value.UTF16Len(s) + 1
	}
	if value.IsASCII(s) && value.IsASCII(search) {
		return strings.Count(s, search)
	}
	u, w := value.ToUTF16(s), value.ToUTF16(search)
	n := 0
	for i := indexUnits(u, w, 0); i >= 0; i = indexUnits(u, w, i+len(w)) {
		n++
	}
	return n
}

// replace replaces the first (or every) occurrence of search in s by repl, literally. An empty
// search matches at the start (and, for all, between every code unit and at the end).
func replace(s, search, repl string, all bool) string {
	if value.IsASCII(s) && value.IsASCII(search) && value.IsASCII(repl) {
		if !all {
			return strings.Replace(s, search, repl, 1)
		}
		return strings.ReplaceAll(s, search, repl)
	}
	u, w, r := value.ToUTF16(s), value.ToUTF16(search), value.ToUTF16(repl)
	out := make([]uint16, 0, len(u)+len(r))
	pos := 0
	for {
		i := indexUnits(u, w, pos)
		if i < 0 {
			break
		}
		out = append(out, u[pos:i]...)
		out = append(out, r...)
		pos = i + len(w)
		if !all {
			break
		}
		if len(w) == 0 {
			if pos >= len(u) {
				break
			}
			out = append(out, u[pos])
			pos++
		}
	}
	out = append(out, u[pos:]...)
	return value.FromUTF16(out)
}

func stringSplit(_ Env, this value.Value, a []value.Value) (value.Value, error) {
	s := this.Str()
	limit := -1
	if !a[1].IsNull() {
		limit = intArg(a[1], 0)
		if limit < 0 {
			return value.Null, value.RangeErrorf("string.split: argument 2 (limit) must not be negative, got %d", limit)
		}
	}
	var parts []value.Value
	add := func(p string) bool {
		if limit >= 0 && len(parts) >= limit {
			return false
		}
		parts = append(parts, value.Str(p))
		return true
	}
	switch {
	case a[0].IsNull():
		add(s)
	case a[0].Str() == "":
		for _, c := range value.ToUTF16(s) {
			if !add(value.FromUTF16([]uint16{c})) {
				break
			}
		}
	case value.IsASCII(s) && value.IsASCII(a[0].Str()):
		sep := a[0].Str()
		for {
			i := strings.Index(s, sep)
			if i < 0 {
				add(s)
				break
			}
			if !add(s[:i]) {
				break
			}
			s = s[i+len(sep):]
		}
	default:
		u, w := value.ToUTF16(s), value.ToUTF16(a[0].Str())
		pos := 0
		for {
			i := indexUnits(u, w, pos)
			if i < 0 {
				add(value.FromUTF16(u[pos:]))
				break
			}
			if !add(value.FromUTF16(u[pos:i])) {
				break
			}
			pos = i + len(w)
		}
	}
	if parts == nil {
		parts = []value.Value{}
	}
	return value.NewArray(parts), nil
}
