package ide

import (
	"strconv"
	"strings"
)

// frame is one bracket open before the cursor.
type frame struct {
	open byte // '(', '[', '{', or '$' for a template substitution `${`
	off  int  // offset of the opening bracket
	// args counts the commas seen directly in the bracket (the index of the current argument,
	// element or property).
	args int
	// count is the number of tokens since the bracket or its last comma (nested brackets
	// count as one token each); last is the last of them.
	count int
	last  token
	// callee is the dotted name before a '(' ("Task.run", "s.slice", "parseInt"), or "".
	callee      string
	calleeStart int
	// firstArg is the value of the first argument of a '(' when it is a single string literal.
	firstArg   string
	firstArgOK bool
	// key is the property key before a '{' (`backoff: {`), or "".
	key string
	// afterSep is set when a '{' directly follows '(', '[' or ',' (an argument or element).
	afterSep bool
}

// cursorContext is what the lexical scan knows about the text before a cursor.
type cursorContext struct {
	off   int
	stack []frame // brackets open at the cursor, outermost first
	// in is the string, template text, comment, number or front matter that contains the
	// cursor (kind 0 when none).
	in token
	// prefixStart is the start of the identifier that ends at the cursor (off when none).
	prefixStart int
	// prev is the last token before the prefix (kind 0 when none); recent are the last few
	// significant tokens before the prefix, prev last.
	prev   token
	recent []token
}

// contextAt scans src up to off.
func contextAt(src []byte, off int) *cursorContext {
	off = max(0, min(off, len(src)))
	c := &cursorContext{off: off, prefixStart: off}
	var recent []token // significant tokens, the last few
	push := func(t token) {
		recent = append(recent, t)
		if len(recent) > 64 {
			recent = append(recent[:0], recent[len(recent)-32:]...)
		}
	}
	text := func(t token) string { return string(src[t.start:t.end]) }
	countTok := func(t token) {
		if n := len(c.stack); n > 0 {
			c.stack[n-1].count++
			c.stack[n-1].last = t
		}
	}
	scan(src, func(t token) bool {
		if t.start >= off {
			return false
		}
		switch t.kind {
		case tIdent:
			if t.end >= off {
				c.prefixStart = t.start
				return false
			}
		case tNumber:
			if t.end >= off {
				c.in = t
				return false
			}
		case tComment:
			if off < t.end || off == t.end && (!t.closed || src[t.start+1] == '/') {
				c.in = t
				return false
			}
			return true
		case tFrontMatter:
			if off < t.end || !t.closed && off == t.end {
				c.in = t
				return false
			}
			return true
		case tString:
			if off < t.end || !t.closed && off == t.end {
				c.in = t
				return false
			}
		case tTemplate:
			opensSubst := t.closed && strings.HasSuffix(text(t), "${")
			inside := off < t.end || !t.closed && off == t.end
			if opensSubst && off == t.end {
				inside = false
			} else if opensSubst && off == t.end-1 {
				inside = true
			}
			if src[t.start] == '}' {
				c.pop('$')
			}
			if inside {
				c.in = t
				return false
			}
			if opensSubst {
				countTok(t)
				c.stack = append(c.stack, frame{open: '$', off: t.end - 2})
				push(t)
				return true
			}
		case tPunct:
			s := text(t)
			switch s {
			case "(", "[", "{":
				countTok(t)
				f := frame{open: s[0], off: t.start}
				if s == "(" {
					f.callee, f.calleeStart = dottedBefore(src, recent)
				}
				if s == "{" && len(recent) > 0 {
					p := recent[len(recent)-1]
					ps := text(p)
					f.afterSep = p.kind == tPunct && (ps == "(" || ps == "," || ps == "[")
					if p.kind == tPunct && ps == ":" && len(recent) > 1 {
						k := recent[len(recent)-2]
						switch k.kind {
						case tIdent:
							f.key = text(k)
						case tString:
							f.key, _ = unquote(text(k))
						}
					}
				}
				c.stack = append(c.stack, f)
				push(t)
				return true
			case ")", "]", "}":
				c.pop(map[string]byte{")": '(', "]": '[', "}": '{'}[s])
				push(t)
				return true
			case ",":
				if n := len(c.stack); n > 0 {
					f := &c.stack[n-1]
					if f.open == '(' && f.args == 0 && f.count == 1 && f.last.kind == tString {
						f.firstArg, f.firstArgOK = unquote(text(f.last))
					}
					f.args++
					f.count = 0
					f.last = token{}
				}
				push(t)
				return true
			}
		}
		countTok(t)
		push(t)
		return true
	})
	if len(recent) > 0 {
		c.recent = append([]token(nil), recent[max(0, len(recent)-8):]...)
		if c.in.kind == 0 {
			c.prev = recent[len(recent)-1]
		}
	}
	// The first argument may be the only one so far: `Task.run("x"` followed by the cursor is
	// not a name context, but `Task.run("x", {|` needs "x", recorded at the comma above.
	return c
}

// pop closes the innermost bracket of kind open (and any unclosed one inside it).
func (c *cursorContext) pop(open byte) {
	for i := len(c.stack) - 1; i >= 0; i-- {
		if c.stack[i].open == open {
			c.stack = c.stack[:i]
			return
		}
	}
}

// top returns the innermost open bracket, or nil.
func (c *cursorContext) top() *frame {
	if len(c.stack) == 0 {
		return nil
	}
	return &c.stack[len(c.stack)-1]
}

// call returns the innermost '(' frame and its index in the stack, or nil.
func (c *cursorContext) call() (*frame, int) {
	for i := len(c.stack) - 1; i >= 0; i-- {
		switch c.stack[i].open {
		case '(':
			return &c.stack[i], i
		case '$':
			return nil, -1
		}
	}
	return nil, -1
}

// dottedBefore returns the dotted name (`a.b.c`, with `?.` read as `.`) that the last
// significant tokens end with, and its start offset.
func dottedBefore(src []byte, recent []token) (string, int) {
	i := len(recent) - 1
	if i < 0 || recent[i].kind != tIdent {
		return "", -1
	}
	parts := []string{string(src[recent[i].start:recent[i].end])}
	start := recent[i].start
	for i >= 2 {
		dot := string(src[recent[i-1].start:recent[i-1].end])
		if recent[i-1].kind != tPunct || (dot != "." && dot != "?.") || recent[i-2].kind != tIdent {
			break
		}
		i -= 2
		parts = append([]string{string(src[recent[i].start:recent[i].end])}, parts...)
		start = recent[i].start
	}
	return strings.Join(parts, "."), start
}

// unquote returns the value of a quoted string token (a closed one, or one cut by the end of
// the line or the cursor).
func unquote(s string) (string, bool) {
	if len(s) == 0 || (s[0] != '"' && s[0] != '\'') {
		return "", false
	}
	q := s[0]
	if len(s) >= 2 && s[len(s)-1] == q {
		body := s[1 : len(s)-1]
		if q == '\'' {
			body = strings.ReplaceAll(strings.ReplaceAll(body, `\'`, `'`), `"`, `\"`)
		}
		if v, err := strconv.Unquote(`"` + body + `"`); err == nil {
			return v, true
		}
		return body, true
	}
	return s[1:], true
}
