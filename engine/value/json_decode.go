package value

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// ParseJSON decodes JSON text into a Value, as JSON.parse does, except that object keys keep
// the order of the text: a repeated key keeps the position of its first occurrence and the value
// of its last (spec §12.17). A malformed text is a SyntaxError *Error.
func ParseJSON(text string) (Value, error) {
	p := jsonParser{s: text}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return Null, err
	}
	p.skipSpace()
	if p.i < len(p.s) {
		return Null, p.unexpected()
	}
	return v, nil
}

// FromJSON is ParseJSON on bytes.
func FromJSON(b []byte) (Value, error) { return ParseJSON(string(b)) }

const maxJSONDepth = 10000

type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) unexpected() error {
	if p.i >= len(p.s) {
		return Errorf(CodeSyntaxError, "Unexpected end of JSON input")
	}
	r, _ := DecodeCodePoint(p.s, p.i)
	return Errorf(CodeSyntaxError, "Unexpected token %s in JSON at position %d", ValidUTF8(string(appendCodePoint(nil, r))), UTF16Len(p.s[:p.i]))
}

func (p *jsonParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) literal(word string, v Value) (Value, error) {
	if len(p.s)-p.i >= len(word) && p.s[p.i:p.i+len(word)] == word {
		p.i += len(word)
		return v, nil
	}
	for j := 0; j < len(word); j++ {
		if p.i >= len(p.s) || p.s[p.i] != word[j] {
			return Null, p.unexpected()
		}
		p.i++
	}
	return Null, p.unexpected()
}

func (p *jsonParser) value(depth int) (Value, error) {
	if depth > maxJSONDepth {
		return Null, Errorf(CodeSyntaxError, "JSON nested too deeply at position %d", p.i)
	}
	if p.i >= len(p.s) {
		return Null, p.unexpected()
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		obj := &Object{}
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return ObjectValue(obj), nil
		}
		for {
			p.skipSpace()
			if p.i >= len(p.s) || p.s[p.i] != '"' {
				return Null, p.unexpected()
			}
			k, err := p.str()
			if err != nil {
				return Null, err
			}
			p.skipSpace()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return Null, p.unexpected()
			}
			p.i++
			p.skipSpace()
			v, err := p.value(depth + 1)
			if err != nil {
				return Null, err
			}
			obj.Set(k, v)
			p.skipSpace()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return ObjectValue(obj), nil
			}
			return Null, p.unexpected()
		}
	case c == '[':
		p.i++
		var elems []Value
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return NewArray([]Value{}), nil
		}
		for {
			p.skipSpace()
			v, err := p.value(depth + 1)
			if err != nil {
				return Null, err
			}
			elems = append(elems, v)
			p.skipSpace()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == ']' {
				p.i++
				return NewArray(elems), nil
			}
			return Null, p.unexpected()
		}
	case c == '"':
		s, err := p.str()
		if err != nil {
			return Null, err
		}
		return Str(s), nil
	case c == 't':
		return p.literal("true", True)
	case c == 'f':
		return p.literal("false", False)
	case c == 'n':
		return p.literal("null", Null)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return Null, p.unexpected()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *jsonParser) number() (Value, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	if p.i >= len(p.s) {
		return Null, p.unexpected()
	}
	if p.s[p.i] == '0' {
		p.i++
	} else if isDigit(p.s[p.i]) {
		for p.i < len(p.s) && isDigit(p.s[p.i]) {
			p.i++
		}
	} else {
		return Null, p.unexpected()
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.i >= len(p.s) || !isDigit(p.s[p.i]) {
			return Null, p.unexpected()
		}
		for p.i < len(p.s) && isDigit(p.s[p.i]) {
			p.i++
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.i >= len(p.s) || !isDigit(p.s[p.i]) {
			return Null, p.unexpected()
		}
		for p.i < len(p.s) && isDigit(p.s[p.i]) {
			p.i++
		}
	}
	f, err := strconv.ParseFloat(p.s[start:p.i], 64)
	if err != nil {
		// Out-of-range literals are ±Infinity or 0 as in JavaScript; ParseFloat reports
		// them with the right value.
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return Null, Errorf(CodeSyntaxError, "bad number in JSON at position %d", start)
		}
	}
	return Num(f), nil
}

func hexVal(c byte) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

func (p *jsonParser) hex4() (rune, error) {
	if p.i+4 > len(p.s) {
		p.i = len(p.s)
		return 0, p.unexpected()
	}
	var r rune
	for j := 0; j < 4; j++ {
		d, ok := hexVal(p.s[p.i])
		if !ok {
			return 0, p.unexpected()
		}
		r = r<<4 | d
		p.i++
	}
	return r, nil
}

// str reads a string literal starting at the opening quote.
func (p *jsonParser) str() (string, error) {
	p.i++
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.i++
	}
	b := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), nil
		case c < 0x20:
			return "", p.unexpected()
		case c == '\\':
			p.i++
			if p.i >= len(p.s) {
				return "", p.unexpected()
			}
			e := p.s[p.i]
			p.i++
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, err := p.hex4()
				if err != nil {
					return "", err
				}
				if r >= 0xD800 && r <= 0xDBFF && p.i+6 <= len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					lo, err := p.hex4()
					if err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
						b = utf8.AppendRune(b, utf16.DecodeRune(r, lo))
						continue
					}
					p.i = save
				}
				b = appendCodePoint(b, r)
			default:
				p.i--
				return "", p.unexpected()
			}
		default:
			b = append(b, c)
			p.i++
		}
	}
	return "", p.unexpected()
}

// MustParseJSON is ParseJSON for literals known to be valid (tests, constants); it panics on
// malformed text.
func MustParseJSON(text string) Value {
	v, err := ParseJSON(text)
	if err != nil {
		panic(fmt.Sprintf("value.MustParseJSON(%q): %v", text, err))
	}
	return v
}
