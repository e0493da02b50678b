package parser

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// number converts a numeric literal. The grammar lexes numbers loosely; the rules of
// JavaScript's strict mode are checked here: no leading zeros, `_` only between digits,
// digits required after `0x`/`0o`/`0b` and in an exponent.
func (c *converter) number(n *cst) *ast.NumberLit {
	raw := c.text(n)
	lit := &ast.NumberLit{Loc: c.loc(n), Raw: raw}
	v, msg := parseNumber(raw)
	if msg != "" {
		c.errorOn(diag.CodeInvalidLiteral, n, "%s", msg)
	}
	lit.Value = v
	return lit
}

// parseNumber returns the value of a numeric literal, or an error message.
func parseNumber(raw string) (float64, string) {
	if len(raw) >= 2 && raw[0] == '0' {
		base := 0
		switch raw[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			digits := raw[2:]
			if digits == "" {
				return 0, "missing digits after `" + raw[:2] + "`"
			}
			if msg := checkSeparators(digits, func(b byte) bool { return digitValue(b) < base }); msg != "" {
				return 0, msg
			}
			return parseRadix(strings.ReplaceAll(digits, "_", ""), base), ""
		}
		if isDigit(raw[1]) || raw[1] == '_' {
			fixed := strings.TrimLeft(raw, "0_")
			if fixed == "" || !isDigit(fixed[0]) {
				fixed = "0" + fixed
			}
			return 0, "number literals cannot start with 0 (write `" + fixed + "`, or `0o…` for octal)"
		}
	}
	mant, exp, hasExp := raw, "", false
	if i := strings.IndexAny(raw, "eE"); i >= 0 {
		mant, exp, hasExp = raw[:i], raw[i+1:], true
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	for _, part := range []string{intPart, frac} {
		if msg := checkSeparators(part, isDigit); msg != "" {
			return 0, msg
		}
	}
	if intPart == "" && frac == "" {
		return 0, "invalid number `" + raw + "`"
	}
	if hasExp {
		digits := strings.TrimLeft(exp, "+-")
		if digits == "" {
			return 0, "missing digits in the exponent of `" + raw + "`"
		}
		if msg := checkSeparators(digits, isDigit); msg != "" {
			return 0, msg
		}
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(raw, "_", ""), 64)
	if err != nil && !math.IsInf(v, 0) {
		return 0, "invalid number `" + raw + "`"
	}
	return v, ""
}

// checkSeparators reports misplaced `_` in a run of digits, or a character that is not a
// digit of the base.
func checkSeparators(s string, isDigitOf func(byte) bool) string {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b == '_' {
			if i == 0 || i == len(s)-1 || s[i-1] == '_' || s[i+1] == '_' {
				return "numeric separator `_` must be between two digits"
			}
			continue
		}
		if !isDigitOf(b) {
			return "invalid digit `" + string(b) + "` in number"
		}
	}
	return ""
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// digitValue returns the value of a hexadecimal digit, or 99.
func digitValue(b byte) int {
	switch {
	case b >= '0' && b <= '9':
		return int(b - '0')
	case b >= 'a' && b <= 'f':
		return int(b-'a') + 10
	case b >= 'A' && b <= 'F':
		return int(b-'A') + 10
	}
	return 99
}

// parseRadix converts digits of base to the nearest float64, as JavaScript does.
func parseRadix(digits string, base int) float64 {
	if u, err := strconv.ParseUint(digits, base, 64); err == nil {
		return float64(u)
	}
	i, ok := new(big.Int).SetString(digits, base)
	if !ok {
		return math.NaN()
	}
	f, _ := new(big.Float).SetInt(i).Float64()
	return f
}

// stringLit converts a quoted string literal, decoding its escapes.
func (c *converter) stringLit(n *cst) *ast.StringLit {
	raw := c.text(n)
	lit := &ast.StringLit{Loc: c.loc(n), Raw: raw}
	if len(raw) < 2 || raw[len(raw)-1] != raw[0] || n.missing {
		// Unterminated: reported as a syntax error by reportSyntaxErrors.
		if len(raw) > 0 {
			lit.Value = raw[1:]
		}
		return lit
	}
	lit.Value = c.decode(raw[1:len(raw)-1], n.start+1, false)
	return lit
}

// template converts a template literal into its decoded text parts and expressions.
func (c *converter) template(n *cst) *ast.TemplateLit {
	t := &ast.TemplateLit{Loc: c.loc(n)}
	pos := n.start + 1 // after the opening backtick
	addQuasi := func(end int) {
		if end < pos {
			end = pos
		}
		raw := string(c.src[pos:end])
		t.RawQuasis = append(t.RawQuasis, raw)
		t.Quasis = append(t.Quasis, c.decode(raw, pos, true))
	}
	for _, k := range n.kids {
		if k.kind != "template_substitution" {
			continue
		}
		addQuasi(k.start)
		t.Exprs = append(t.Exprs, c.exprField(k, "expression"))
		pos = k.end
	}
	end := n.end - 1
	if last := n.kids; len(last) == 0 || last[len(last)-1].kind != "`" || last[len(last)-1].missing {
		end = n.end
	}
	addQuasi(end)
	return t
}

// decode interprets the escapes of string or template text raw, which starts at byte offset
// base of the source. Invalid escapes are reported and kept as written. Lone surrogates are
// kept in generalised UTF-8, as the runtime's strings hold them.
func (c *converter) decode(raw string, base int, template bool) string {
	if !strings.ContainsAny(raw, "\\\r") {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw))
	pendingHigh := -1 // a \uD8xx high surrogate waiting for its low half
	flushHigh := func() {
		if pendingHigh >= 0 {
			appendCodePoint(&b, rune(pendingHigh))
			pendingHigh = -1
		}
	}
	for i := 0; i < len(raw); {
		ch := raw[i]
		if ch == '\r' && template {
			// Template text normalises CRLF and CR to LF.
			flushHigh()
			b.WriteByte('\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			continue
		}
		if ch != '\\' {
			flushHigh()
			_, size := utf8.DecodeRuneInString(raw[i:])
			b.WriteString(raw[i : i+size])
			i += size
			continue
		}
		start := i
		i++
		if i >= len(raw) {
			flushHigh()
			b.WriteByte('\\')
			break
		}
		e := raw[i]
		i++
		var r rune = -1
		switch e {
		case 'n':
			r = '\n'
		case 't':
			r = '\t'
		case 'r':
			r = '\r'
		case 'b':
			r = '\b'
		case 'f':
			r = '\f'
		case 'v':
			r = '\v'
		case '0':
			if i < len(raw) && isDigit(raw[i]) {
				c.errorAt(diag.CodeInvalidLiteral, base+start, base+i+1, "octal escape sequences are not allowed; use `\\x` or `\\u` escapes")
				r = 0
				break
			}
			r = 0
		case '1', '2', '3', '4', '5', '6', '7':
			c.errorAt(diag.CodeInvalidLiteral, base+start, base+i, "octal escape sequences are not allowed; use `\\x` or `\\u` escapes")
			for i < len(raw) && i-start < 4 && raw[i] >= '0' && raw[i] <= '7' {
				i++
			}
			r = 0xFFFD
		case '8', '9':
			c.errorAt(diag.CodeInvalidLiteral, base+start, base+i, "`\\%c` is not a valid escape sequence", e)
			r = rune(e)
		case 'x':
			if i+2 <= len(raw) && digitValue(raw[i]) < 16 && digitValue(raw[i+1]) < 16 {
				r = rune(digitValue(raw[i])<<4 | digitValue(raw[i+1]))
				i += 2
			} else {
				c.errorAt(diag.CodeInvalidLiteral, base+start, base+min(i+2, len(raw)), "invalid `\\x` escape: expected two hexadecimal digits")
				r = 0xFFFD
			}
		case 'u':
			var ok bool
			r, i, ok = readUnicodeEscape(raw, i)
			if !ok {
				c.errorAt(diag.CodeInvalidLiteral, base+start, base+i, "invalid `\\u` escape: expected `\\uXXXX` or `\\u{X…}` with a code point up to 10FFFF")
				r = 0xFFFD
			}
		case '\r':
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			continue // line continuation
		case '\n':
			continue
		default:
			// \u2028 and \u2029 continue lines too; any other character escapes itself.
			rr, size := utf8.DecodeRuneInString(raw[i-1:])
			i += size - 1
			if rr == 0x2028 || rr == 0x2029 {
				continue
			}
			r = rr
		}
		if r >= 0xD800 && r <= 0xDBFF {
			flushHigh()
			pendingHigh = int(r)
			continue
		}
		if r >= 0xDC00 && r <= 0xDFFF && pendingHigh >= 0 {
			r = 0x10000 + (rune(pendingHigh)-0xD800)<<10 + (r - 0xDC00)
			pendingHigh = -1
		}
		flushHigh()
		appendCodePoint(&b, r)
	}
	flushHigh()
	return b.String()
}

// readUnicodeEscape reads the part of a `\u` escape after the `u` starting at raw[i].
func readUnicodeEscape(raw string, i int) (rune, int, bool) {
	if i < len(raw) && raw[i] == '{' {
		j := i + 1
		var v rune
		for j < len(raw) && digitValue(raw[j]) < 16 {
			v = v*16 + rune(digitValue(raw[j]))
			if v > 0x10FFFF {
				v = 0x110000
			}
			j++
		}
		if j == i+1 || j >= len(raw) || raw[j] != '}' || v > 0x10FFFF {
			return 0, j, false
		}
		return v, j + 1, true
	}
	if i+4 > len(raw) {
		return 0, len(raw), false
	}
	var v rune
	for k := i; k < i+4; k++ {
		d := digitValue(raw[k])
		if d >= 16 {
			return 0, k, false
		}
		v = v*16 + rune(d)
	}
	return v, i + 4, true
}

// appendCodePoint writes r in UTF-8, writing a surrogate code point in its three-byte
// generalised form.
func appendCodePoint(b *strings.Builder, r rune) {
	if r >= 0xD800 && r <= 0xDFFF {
		b.WriteByte(byte(0xE0 | r>>12))
		b.WriteByte(byte(0x80 | (r>>6)&0x3F))
		b.WriteByte(byte(0x80 | r&0x3F))
		return
	}
	b.WriteRune(r)
}
