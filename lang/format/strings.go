package format

import "strings"

// quoteString returns the string literal raw (with its quotes, as in the source) in the
// canonical quotes: double quotes, unless the value holds more double than single quotes.
// Escapes are kept as written except those of the quote characters, which are rewritten as
// the new quotes require; the value never changes.
func quoteString(raw, value string) string {
	if len(raw) < 2 || (raw[0] != '"' && raw[0] != '\'') || raw[len(raw)-1] != raw[0] {
		return normalizeNL(raw)
	}
	q, other := byte('"'), byte('\'')
	if strings.Count(value, `"`) > strings.Count(value, "'") {
		q, other = '\'', '"'
	}
	body := raw[1 : len(raw)-1]
	var b strings.Builder
	b.Grow(len(raw) + 2)
	b.WriteByte(q)
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\\' && i+1 < len(body):
			n := body[i+1]
			i++
			switch {
			case n == other:
				b.WriteByte(n) // `\'` inside double quotes needs no escape
			case n == '\r' && i+1 < len(body) && body[i+1] == '\n':
				b.WriteString("\\\n") // line continuation, CRLF normalised
				i++
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
		case c == q:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}
