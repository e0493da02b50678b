package ide

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies the tokens of the editor's lexical scan.
type tokKind uint8

const (
	tIdent       tokKind = iota + 1 // identifier or keyword
	tNumber                         // numeric literal
	tString                         // quoted string literal
	tTemplate                       // a text part of a template literal (with its backtick, `${` or `}` delimiters)
	tComment                        // line or block comment
	tPunct                          // punctuation and operators
	tFrontMatter                    // the front matter block at the start of the file
)

// token is one token of the scan: its kind, byte span and, for strings, comments and
// templates, whether it is closed.
type token struct {
	kind       tokKind
	start, end int
	closed     bool
}

// scan tokenizes src for the editor features that must work on text the parser cannot read
// (a half-typed `Task.run("sen`): it knows comments, strings, template literals with nested
// `${…}`, numbers, identifiers and punctuation, and nothing of the grammar. It calls emit for
// each token in order and stops when emit returns false or at the end of src.
func scan(src []byte, emit func(token) bool) {
	i := 0
	if bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}) {
		i = 3
	}
	if bytes.HasPrefix(src[i:], []byte("```")) {
		end := len(src)
		if nl := bytes.IndexByte(src[i:], '\n'); nl >= 0 {
			rest := src[i+nl+1:]
			for off := 0; off <= len(rest); {
				line := rest[off:]
				if k := bytes.IndexByte(line, '\n'); k >= 0 {
					line = line[:k]
				}
				if bytes.Equal(bytes.TrimRight(line, " \t\r"), []byte("```")) {
					end = i + nl + 1 + off + len(line)
					break
				}
				if off+len(line) >= len(rest) {
					break
				}
				off += len(line) + 1
			}
		}
		if !emit(token{kind: tFrontMatter, start: i, end: end, closed: end < len(src)}) {
			return
		}
		i = end
	}
	var braces []int // open `{` counts of each enclosing template substitution
	// template scans a template text part starting at i (just after "`" or the "}" closing a
	// substitution, included in the token from start).
	template := func(start int) (token, bool) {
		j := i
		for j < len(src) {
			switch src[j] {
			case '\\':
				j += 2
				continue
			case '`':
				i = j + 1
				return token{kind: tTemplate, start: start, end: i, closed: true}, false
			case '$':
				if j+1 < len(src) && src[j+1] == '{' {
					i = j + 2
					braces = append(braces, 0)
					return token{kind: tTemplate, start: start, end: i, closed: true}, true
				}
			}
			j++
		}
		i = len(src)
		return token{kind: tTemplate, start: start, end: i}, false
	}
	for i < len(src) {
		c := src[i]
		start := i
		var t token
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				i = len(src)
			} else {
				i += j
			}
			t = token{kind: tComment, start: start, end: i, closed: true}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := bytes.Index(src[i+2:], []byte("*/"))
			if j < 0 {
				i = len(src)
				t = token{kind: tComment, start: start, end: i}
			} else {
				i += j + 4
				t = token{kind: tComment, start: start, end: i, closed: true}
			}
		case c == '"' || c == '\'':
			j := i + 1
			closed := false
			for j < len(src) && src[j] != '\n' {
				if src[j] == '\\' {
					j += 2
					continue
				}
				if src[j] == c {
					j++
					closed = true
					break
				}
				j++
			}
			i = min(j, len(src))
			t = token{kind: tString, start: start, end: i, closed: closed}
		case c == '`':
			i++
			t, _ = template(start)
		case c == '}' && len(braces) > 0 && braces[len(braces)-1] == 0:
			braces = braces[:len(braces)-1]
			i++
			t, _ = template(start)
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			i++
			for i < len(src) {
				d := src[i]
				if d >= '0' && d <= '9' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d == '_' || d == '.' {
					i++
				} else if (d == '+' || d == '-') && (src[i-1] == 'e' || src[i-1] == 'E') && src[start] != '0' {
					i++
				} else {
					break
				}
			}
			t = token{kind: tNumber, start: start, end: i}
		case isIdentStart(src[i:]):
			i = identEnd(src, i)
			t = token{kind: tIdent, start: start, end: i}
		default:
			i++
			if c == '?' && i < len(src) && src[i] == '.' && !(i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9') {
				i++
			}
			if len(braces) > 0 {
				switch c {
				case '{':
					braces[len(braces)-1]++
				case '}':
					braces[len(braces)-1]--
				}
			}
			if c >= 0x80 { // a stray non-letter rune: skip it whole
				_, size := utf8.DecodeRune(src[start:])
				i = start + size
			}
			t = token{kind: tPunct, start: start, end: i}
		}
		if !emit(t) {
			return
		}
	}
}

// isIdentStart reports whether b starts with an identifier's first character (spec §2).
func isIdentStart(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	c := b[0]
	if c < utf8.RuneSelf {
		return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}

// identEnd returns the offset just after the identifier starting at i.
func identEnd(src []byte, i int) int {
	for i < len(src) {
		c := src[i]
		if c < utf8.RuneSelf {
			if c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRune(src[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return i
		}
		i += size
	}
	return i
}

// identStartBefore returns the start of the identifier characters that end at off.
func identStartBefore(src []byte, off int) int {
	for off > 0 {
		r, size := utf8.DecodeLastRune(src[:off])
		if r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			off -= size
			continue
		}
		break
	}
	return off
}
