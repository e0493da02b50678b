package value

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JavaScript measures and indexes strings in UTF-16 code units; Flow strings are held as UTF-8
// (with lone surrogates in their three-byte generalised form). The helpers below translate,
// with a fast path for ASCII text where bytes and code units coincide.

// IsASCII reports whether s holds only ASCII bytes.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// DecodeCodePoint decodes the code point starting at byte i of s and returns it with its size
// in bytes. A lone surrogate in generalised UTF-8 decodes to the surrogate code point; any
// other invalid byte decodes to U+FFFD with size 1.
func DecodeCodePoint(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 && c == 0xED && i+2 < len(s) &&
		s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2] >= 0x80 && s[i+2] <= 0xBF {
		return rune(0xD000) | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return r, size
}

// appendCodePoint appends r to b, writing a surrogate code point in generalised UTF-8.
func appendCodePoint(b []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(b, 0xED, byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(b, r)
}

// UTF16Len returns the length of s in UTF-16 code units (JavaScript's `length`).
func UTF16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := DecodeCodePoint(s, i)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// ToUTF16 returns the UTF-16 code units of s.
func ToUTF16(s string) []uint16 {
	u := make([]uint16, 0, len(s))
	for i := 0; i < len(s); {
		r, size := DecodeCodePoint(s, i)
		i += size
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			u = append(u, uint16(r1), uint16(r2))
		} else {
			u = append(u, uint16(r))
		}
	}
	return u
}

// FromUTF16 returns the string of the code units u. Surrogate pairs become their code point;
// a lone surrogate is kept (in generalised UTF-8).
func FromUTF16(u []uint16) string {
	b := make([]byte, 0, len(u))
	for i := 0; i < len(u); i++ {
		c := rune(u[i])
		if c < utf8.RuneSelf {
			b = append(b, byte(c))
			continue
		}
		if c >= 0xD800 && c <= 0xDBFF && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] <= 0xDFFF {
			b = utf8.AppendRune(b, utf16.DecodeRune(c, rune(u[i+1])))
			i++
			continue
		}
		b = appendCodePoint(b, c)
	}
	return string(b)
}

// UTF16At returns the code unit at index i of s, and false when i is out of range.
func UTF16At(s string, i int) (uint16, bool) {
	if i < 0 {
		return 0, false
	}
	if IsASCII(s) {
		if i >= len(s) {
			return 0, false
		}
		return uint16(s[i]), true
	}
	n := 0
	for j := 0; j < len(s); {
		r, size := DecodeCodePoint(s, j)
		j += size
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			if n == i {
				return uint16(r1), true
			}
			if n+1 == i {
				return uint16(r2), true
			}
			n += 2
			continue
		}
		if n == i {
			return uint16(r), true
		}
		n++
	}
	return 0, false
}

// UTF16CharAt returns the one-code-unit string at index i of s (JavaScript's s[i]) and false
// when i is out of range.
func UTF16CharAt(s string, i int) (string, bool) {
	if i >= 0 && i < len(s) && IsASCII(s) {
		return s[i : i+1], true
	}
	c, ok := UTF16At(s, i)
	if !ok {
		return "", false
	}
	return FromUTF16([]uint16{c}), true
}

// UTF16Slice returns the code units [start, end) of s; the bounds are clamped to [0, length].
func UTF16Slice(s string, start, end int) string {
	if IsASCII(s) {
		start, end = clamp(start, len(s)), clamp(end, len(s))
		if start >= end {
			return ""
		}
		return s[start:end]
	}
	u := ToUTF16(s)
	start, end = clamp(start, len(u)), clamp(end, len(u))
	if start >= end {
		return ""
	}
	return FromUTF16(u[start:end])
}

func clamp(i, n int) int {
	if i < 0 {
		return 0
	}
	if i > n {
		return n
	}
	return i
}

// UTF16Index returns the code-unit index of the first occurrence of sub in s at or after code
// unit from, or -1 (JavaScript's indexOf).
func UTF16Index(s, sub string, from int) int {
	if IsASCII(s) && IsASCII(sub) {
		from = clamp(from, len(s))
		i := strings.Index(s[from:], sub)
		if i < 0 {
			return -1
		}
		return i + from
	}
	u, w := ToUTF16(s), ToUTF16(sub)
	from = clamp(from, len(u))
	for i := from; i+len(w) <= len(u); i++ {
		if equalUnits(u[i:i+len(w)], w) {
			return i
		}
	}
	return -1
}

func equalUnits(a, b []uint16) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Concat joins a and b as JavaScript string concatenation does: a high surrogate at the end of
// a and a low surrogate at the start of b combine into one code point.
func Concat(a, b string) string {
	n, m := len(a), len(b)
	if n >= 3 && m >= 3 && a[n-3] == 0xED && b[0] == 0xED &&
		a[n-2] >= 0xA0 && a[n-2] <= 0xAF && b[1] >= 0xB0 && b[1] <= 0xBF {
		hi, _ := DecodeCodePoint(a, n-3)
		lo, _ := DecodeCodePoint(b, 0)
		buf := make([]byte, 0, n+m)
		buf = append(buf, a[:n-3]...)
		buf = utf8.AppendRune(buf, utf16.DecodeRune(hi, lo))
		buf = append(buf, b[3:]...)
		return string(buf)
	}
	return a + b
}

// CodePoints returns the code points of s as one string each, as JavaScript's string iterator
// yields them (a lone surrogate is its own element).
func CodePoints(s string) []string {
	out := make([]string, 0, len(s))
	for i := 0; i < len(s); {
		_, size := DecodeCodePoint(s, i)
		out = append(out, s[i:i+size])
		i += size
	}
	return out
}

// ValidUTF8 returns s with every lone surrogate and invalid byte replaced by U+FFFD: the form
// written to logs.
func ValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, size := DecodeCodePoint(s, i)
		if r >= 0xD800 && r <= 0xDFFF {
			r = utf8.RuneError
		}
		b = utf8.AppendRune(b, r)
		i += size
	}
	return string(b)
}
