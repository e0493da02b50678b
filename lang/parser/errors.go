package parser

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rhythmflow/rhythm/lang/diag"
)

// reportSyntaxErrors reports every ERROR and MISSING node of the tree. An ERROR nested
// directly in another ERROR is part of the same mistake and is not reported again.
func (c *converter) reportSyntaxErrors(root *cst) {
	c.reportSyntaxErrorsIn(root, 0, len(c.src)+1)
}

// reportSyntaxErrorsIn is reportSyntaxErrors for the nodes that overlap [from, to).
func (c *converter) reportSyntaxErrorsIn(root *cst, from, to int) {
	var walk func(n *cst)
	walk = func(n *cst) {
		if n.end < from || n.start >= to {
			return
		}
		if n.kind == "labeled_statement" {
			if l := n.child("label"); l != nil && (c.text(l) == "case" || c.text(l) == "default") {
				// `case x:` outside a switch reads as a label with a broken body.
				c.syntaxError(l.start, l.end, "`%s` can only appear inside a `switch` body", c.text(l))
				for _, k := range n.kids {
					if k.isError() || k.missing || k.kind == "empty_statement" {
						continue
					}
					walk(k)
				}
				return
			}
		}
		if n.missing {
			c.missingError(n)
			return
		}
		if n.isError() && (n.parent == nil || !n.parent.isError()) {
			c.errorNodeError(n)
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	if root.isError() {
		// The whole file failed to parse as a program: treat the root as a region.
		for _, k := range root.kids {
			walk(k)
		}
		if !c.hasErrorIn(root) {
			c.errorNodeError(root)
		}
		return
	}
	walk(root)
}

// hasErrorIn reports whether a diagnostic was already reported inside n.
func (c *converter) hasErrorIn(n *cst) bool {
	for _, d := range c.diags {
		if d.Range.Start.Offset >= n.start && d.Range.Start.Offset <= n.end {
			return true
		}
	}
	return false
}

// syntaxError reports a syntax error over [start, end); an empty range is widened to the next
// character so that editors can show it.
func (c *converter) syntaxError(start, end int, format string, args ...any) {
	if end <= start {
		end = start
		if end < len(c.src) && c.src[end] != '\n' && c.src[end] != '\r' {
			_, size := utf8.DecodeRune(c.src[end:])
			end += size
		}
	}
	c.errorAt(diag.CodeSyntax, start, end, format, args...)
}

// leaves returns the tokens of n in source order, without comments.
func leaves(n *cst) []*cst {
	var out []*cst
	var walk func(n *cst)
	walk = func(n *cst) {
		if n.kind == "comment" {
			return
		}
		if len(n.kids) == 0 {
			if n.end > n.start {
				out = append(out, n)
			}
			return
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return out
}

// statementKeywords start a statement; seen in the middle of an expression they show where
// the previous statement was left unfinished.
var statementKeywords = map[string]bool{
	"let": true, "const": true, "var": true, "if": true, "for": true, "while": true, "do": true,
	"switch": true, "try": true, "throw": true, "return": true, "break": true, "continue": true,
	"function": true, "class": true, "import": true, "export": true,
}

// headKeywords must be followed by `(`.
var headKeywords = map[string]bool{"if": true, "while": true, "for": true, "switch": true, "with": true}

var closers = map[string]string{"(": ")", "[": "]", "{": "}", "${": "}"}

// errorNodeError explains one ERROR region: what was unexpected, and what was expected when
// it can tell.
func (c *converter) errorNodeError(n *cst) {
	c.anchor = -1
	src := c.src[n.start:]
	switch {
	case len(src) >= 2 && src[0] == '/' && src[1] == '*' && !bytes.Contains(src[2:], []byte("*/")):
		c.syntaxError(n.start, n.start+2, "unterminated comment: expected `*/`")
		return
	}
	ls := leaves(n)
	if len(ls) == 0 {
		c.syntaxError(n.start, n.end, "%s", unexpectedHere(c, n.start))
		return
	}
	first := ls[0]
	ft := c.text(first)
	if t := c.unclosedDelimiter(ls, "`"); t != nil {
		c.syntaxError(t.start, t.end, "unterminated template literal: expected a closing backtick")
		return
	}
	for _, q := range []string{`"`, `'`} {
		if t := c.unclosedDelimiter(ls, q); t != nil {
			c.syntaxError(t.start, lineEnd(c.src, t.start), "unterminated string: a string must end on the line where it starts (write `\\n` for a line break)")
			return
		}
	}
	if prev := prevLeaf(n); prev != nil && c.firstKeywordError(first, ft, c.text(prev)) {
		return
	}
	switch ft {
	case `"`, `'`:
		c.syntaxError(first.start, lineEnd(c.src, first.start), "unterminated string: a string must end on the line where it starts (write `\\n` for a line break)")
		return
	case "`":
		c.syntaxError(first.start, first.end, "unterminated template literal: expected a closing backtick")
		return
	case "else":
		c.syntaxError(first.start, first.end, "unexpected `else`: it must follow the statement of an `if`")
		return
	case "catch", "finally":
		c.syntaxError(first.start, first.end, "unexpected `%s`: it must follow a `try` block", ft)
		return
	case "case", "default":
		if !insideKind(n, "switch_body") {
			c.syntaxError(first.start, first.end, "unexpected `%s` outside a `switch`", ft)
			return
		}
	}
	if c.operandError(n, ls) {
		return
	}
	// Unbalanced brackets inside the region.
	type open struct {
		tok  *cst
		want string
	}
	var stack []open
	for i, l := range ls {
		t := c.text(l)
		if len(stack) > 0 && stack[len(stack)-1].want != "}" && statementKeywords[t] && c.firstOnLine(l.start) {
			o := stack[len(stack)-1]
			c.anchor = o.tok.start
			c.syntaxError(l.start, l.end, "expected `%s` to close the `%s` at %s before `%s`", o.want, c.text(o.tok), c.file.Pos(o.tok.start), t)
			return
		}
		if want, ok := closers[t]; ok {
			stack = append(stack, open{l, want})
			continue
		}
		if t == ")" || t == "]" || t == "}" {
			if len(stack) > 0 && stack[len(stack)-1].want == t {
				stack = stack[:len(stack)-1]
				continue
			}
			if len(stack) > 0 {
				o := stack[len(stack)-1]
				c.syntaxError(l.start, l.end, "unexpected `%s`: expected `%s` to close the `%s` at %s", t, o.want, c.text(o.tok), c.file.Pos(o.tok.start))
				return
			}
			if i == 0 || !c.regionContinuesBefore(n) {
				c.syntaxError(l.start, l.end, "unexpected `%s`: there is no matching opening bracket", t)
				return
			}
		}
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		c.anchor = o.tok.start
		// Where the region gave up: the first statement keyword after the opener, else the
		// opener itself.
		for i, l := range ls {
			if l.start > o.tok.start && statementKeywords[c.text(l)] && ls[i-1] != o.tok {
				c.syntaxError(l.start, l.end, "expected `%s` to close the `%s` at %s before `%s`", o.want, c.text(o.tok), c.file.Pos(o.tok.start), c.text(l))
				return
			}
		}
		c.syntaxError(o.tok.start, o.tok.end, "`%s` is never closed: expected `%s`", c.text(o.tok), o.want)
		return
	}
	// A keyword where a declaration expects its name.
	if len(ls) > 1 && (ft == "let" || ft == "const" || ft == "var" || ft == "function") && reservedWords[c.text(ls[1])] != 0 {
		c.checkName(ls[1], c.text(ls[1]))
		return
	}
	// A statement keyword in the middle of the region: the previous statement is unfinished.
	for i, l := range ls {
		t := c.text(l)
		if i == 0 || !statementKeywords[t] {
			continue
		}
		prev := c.text(ls[i-1])
		if isOperatorToken(prev) {
			c.syntaxError(l.start, l.end, "expected an expression after `%s`, found `%s`", prev, t)
		} else {
			c.syntaxError(l.start, l.end, "unexpected token `%s`; a statement cannot start here", t)
		}
		return
	}
	if statementKeywords[ft] || headKeywords[ft] {
		if len(ls) > 1 {
			second := ls[1]
			st := c.text(second)
			switch {
			case headKeywords[ft] && st != "(":
				c.syntaxError(second.start, second.end, "expected `(` after `%s`, found `%s`", ft, st)
				return
			case (ft == "let" || ft == "const" || ft == "var") && st != "{" && st != "[" && !isWordToken(st):
				c.syntaxError(second.start, second.end, "expected a variable name after `%s`, found `%s`", ft, st)
				return
			}
			if !isStatementContext(n) {
				c.syntaxError(first.start, first.end, "unexpected token `%s`; a statement cannot start here", ft)
				return
			}
			c.syntaxError(second.start, second.end, "unexpected `%s` after `%s`", st, ft)
			return
		}
		if !isStatementContext(n) {
			c.syntaxError(first.start, first.end, "unexpected token `%s`; a statement cannot start here", ft)
			return
		}
		c.syntaxError(first.start, first.end, "incomplete `%s` statement", ft)
		return
	}
	if q := c.unansweredQuestion(ls); q != nil {
		c.syntaxError(q.start, q.end, "expected `:` after the `?` branch of the conditional expression")
		return
	}
	if first.start > n.start || !isStatementContext(n) || len(ls) == 1 {
		c.syntaxError(first.start, first.end, "unexpected %s%s", describeToken(ft), listHint(n))
		return
	}
	// The region starts with something valid; the mistake is where the valid prefix ends:
	// report the second token.
	second := ls[1]
	c.syntaxError(second.start, second.end, "unexpected %s after %s", describeToken(c.text(second)), describeToken(ft))
}

// firstKeywordError explains a region that starts with a keyword, using the token before
// the region: a keyword where a name was expected, or a statement keyword where an operand
// was expected (`const x =` left unfinished before the next line). It reports whether it
// did.
func (c *converter) firstKeywordError(first *cst, ft, prev string) bool {
	if reservedWords[ft] == 0 {
		return false
	}
	switch prev {
	case "let", "const", "var", "function", "catch":
		c.checkName(first, ft)
		return true
	}
	if statementKeywords[ft] && isOperatorToken(prev) && prev != "{" && c.firstOnLine(first.start) {
		c.syntaxError(first.start, first.end, "expected an expression after `%s`, found `%s`", prev, ft)
		return true
	}
	return false
}

// prevLeaf returns the last token before n in the tree, skipping comments, or nil.
func prevLeaf(n *cst) *cst {
	for x := n; x.parent != nil; x = x.parent {
		sibs := x.parent.kids
		i := 0
		for i < len(sibs) && sibs[i] != x {
			i++
		}
		for i--; i >= 0; i-- {
			if sibs[i].kind == "comment" {
				continue
			}
			if l := lastLeaf(sibs[i]); l != nil {
				return l
			}
		}
	}
	return nil
}

// lastLeaf returns the last non-empty token of n, or nil.
func lastLeaf(n *cst) *cst {
	if len(n.kids) == 0 {
		if n.end > n.start {
			return n
		}
		return nil
	}
	for i := len(n.kids) - 1; i >= 0; i-- {
		if n.kids[i].kind == "comment" {
			continue
		}
		if l := lastLeaf(n.kids[i]); l != nil {
			return l
		}
	}
	return nil
}

// unclosedDelimiter returns the opening quote or backtick of a string or template literal
// left open in the region, or nil.
func (c *converter) unclosedDelimiter(ls []*cst, delim string) *cst {
	var open *cst
	for _, l := range ls {
		if l.kind == delim {
			if open == nil {
				open = l
			} else {
				open = nil
			}
		}
	}
	return open
}

// unansweredQuestion returns a `?` of a conditional expression with no `:` after it in the
// region, or nil.
func (c *converter) unansweredQuestion(ls []*cst) *cst {
	var q []*cst
	for _, l := range ls {
		switch l.kind {
		case "?":
			q = append(q, l)
		case ":":
			if len(q) > 0 {
				q = q[:len(q)-1]
			}
		}
	}
	if len(q) > 0 {
		return q[0]
	}
	return nil
}

// listHint says what may follow an element of the list an ERROR region stands in.
func listHint(n *cst) string {
	if n.parent == nil {
		return ""
	}
	switch n.parent.kind {
	case "arguments":
		return "; expected `,` or `)` after an argument"
	case "array":
		return "; expected `,` or `]` after an element"
	case "object":
		return "; expected `,` or `}` after a property"
	case "formal_parameters":
		return "; expected `,` or `)` after a parameter"
	}
	return ""
}

// isWordToken reports whether t is an identifier-like word.
func isWordToken(t string) bool {
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if !isIdentByte(t[i]) {
			return false
		}
	}
	return !(t[0] >= '0' && t[0] <= '9')
}

// firstOnLine reports whether only blanks precede off on its line.
func (c *converter) firstOnLine(off int) bool {
	for i := off - 1; i >= 0; i-- {
		switch c.src[i] {
		case ' ', '\t':
			continue
		case '\n', '\r':
			return true
		}
		return false
	}
	return true
}

// regionContinuesBefore reports whether an ERROR region could be the continuation of an
// opener before it (its closer then matches something outside the region).
func (c *converter) regionContinuesBefore(n *cst) bool {
	return n.parent != nil && !n.parent.isError() && n.parent.kind != "program" && n.parent.kind != "statement_block"
}

// isStatementContext reports whether the ERROR region n stands where statements are expected.
func isStatementContext(n *cst) bool {
	if n.parent == nil {
		return true
	}
	switch n.parent.kind {
	case "program", "statement_block", "switch_case", "switch_default", "ERROR", "class_body":
		return true
	}
	return false
}

// insideKind reports whether an ancestor of n has the given kind.
func insideKind(n *cst, kind string) bool {
	for p := n.parent; p != nil; p = p.parent {
		if p.kind == kind {
			return true
		}
	}
	return false
}

// unexpectedHere describes an empty ERROR region.
func unexpectedHere(c *converter, at int) string {
	if at >= len(c.src) {
		return "unexpected end of file"
	}
	r, _ := utf8.DecodeRune(c.src[at:])
	return "unexpected " + describeToken(string(r))
}

// describeToken quotes a token for a message.
func describeToken(t string) string {
	if t == "" {
		return "end of file"
	}
	if utf8.RuneCountInString(t) > 30 {
		t = string([]rune(t)[:30]) + "…"
	}
	if isNumberStart(t) {
		return "number `" + t + "`"
	}
	if t[0] == '"' || t[0] == '\'' {
		return "string " + t
	}
	return "`" + t + "`"
}

func isNumberStart(t string) bool {
	return t != "" && (t[0] >= '0' && t[0] <= '9' || len(t) > 1 && t[0] == '.' && t[1] >= '0' && t[1] <= '9')
}

// isOperatorToken reports whether t is an operator after which an operand must follow.
func isOperatorToken(t string) bool {
	switch t {
	case "=", "+=", "-=", "*=", "/=", "%=", "**=", "??=", "||=", "&&=", "==", "!=", "===", "!==",
		"<", "<=", ">", ">=", "+", "-", "*", "/", "%", "**", "!", "&&", "||", "??", "?", ":", ",",
		"(", "[", "{", "...", "=>", "in", "instanceof", "of", "typeof", "delete", "await", "void", ".", "?.":
		return true
	}
	return false
}

// lineEnd returns the offset of the end of the line containing off.
func lineEnd(src []byte, off int) int {
	for i := off; i < len(src); i++ {
		if src[i] == '\n' || src[i] == '\r' {
			return i
		}
	}
	return len(src)
}

// missingError explains a token that error recovery inserted: what was expected, and after
// what.
func (c *converter) missingError(n *cst) {
	if n.named && isExpressionSlot(n) {
		c.missingOperandError(n)
		return
	}
	p := n.parent
	pk := ""
	if p != nil {
		pk = p.kind
	}
	prev := prevSibling(n)
	after := ""
	if prev != nil {
		after = c.shortText(prev)
	}
	kind := n.kind
	var msg string
	switch kind {
	case ";", "_automatic_semicolon":
		msg = "missing `;` or line break between statements"
	case ")":
		switch pk {
		case "arguments":
			msg = "expected `)` after arguments"
		case "formal_parameters":
			msg = "expected `)` after parameters"
		case "parenthesized_expression":
			switch gp := grandKind(p); gp {
			case "if_statement", "while_statement", "do_statement":
				msg = "expected `)` after the condition"
			case "switch_statement":
				msg = "expected `)` after the `switch` value"
			default:
				msg = "expected `)` after the expression"
			}
		case "for_statement", "for_in_statement":
			msg = "expected `)` after the `for` header"
		case "catch_clause":
			msg = "expected `)` after the `catch` parameter"
		default:
			msg = "expected `)`"
		}
	case "]":
		switch pk {
		case "array":
			msg = "expected `]` after array elements"
		case "subscript_expression":
			msg = "expected `]` after the index"
		case "computed_property_name":
			msg = "expected `]` after the computed key"
		default:
			msg = "expected `]`"
		}
	case "}":
		switch pk {
		case "statement_block":
			msg = "expected `}` to close the block"
		case "object":
			msg = "expected `}` after object properties"
		case "object_pattern":
			msg = "expected `}` to close the object pattern"
		case "switch_body":
			msg = "expected `}` to close the `switch` body"
		case "template_substitution":
			msg = "expected `}` after the template expression"
		default:
			msg = "expected `}`"
		}
	case "(":
		if p != nil && len(p.kids) > 0 && p.kids[0] != n {
			msg = fmt.Sprintf("expected `(` after `%s`", c.text(p.kids[0]))
		} else {
			msg = "expected `(`"
		}
	case ":":
		switch pk {
		case "ternary_expression":
			msg = "expected `:` in the conditional expression"
		case "pair", "pair_pattern":
			msg = "expected `:` after the property key"
		case "switch_case", "switch_default":
			msg = "expected `:` after the case"
		case "labeled_statement":
			msg = "expected `:` after the label"
		default:
			msg = "expected `:`"
		}
	case `"`, `'`:
		msg = "unterminated string: a string must end on the line where it starts (write `\\n` for a line break)"
	case "`":
		msg = "unterminated template literal: expected a closing backtick"
	case "identifier", "property_identifier", "statement_identifier", "shorthand_property_identifier_pattern":
		switch {
		case pk == "arrow_function" || after == "=>":
			msg = "expected an expression or a block after `=>`"
		case after == "." || after == "?.":
			msg = fmt.Sprintf("expected a property name after `%s`", after)
		case after == "let" || after == "const" || after == "var" || pk == "variable_declarator":
			msg = "expected a variable name"
		case after == "function":
			msg = "expected a function name after `function`"
		default:
			msg = "expected a name"
		}
	case "=>":
		msg = "expected `=>` after the arrow function parameters"
	case "while":
		msg = "expected `while` after the body of `do`"
	default:
		if !n.named && kind != "" {
			msg = fmt.Sprintf("expected `%s`", kind)
		} else {
			msg = "expected an expression"
		}
		if after != "" {
			msg += fmt.Sprintf(" after `%s`", after)
		}
	}
	c.syntaxError(n.start, n.end, "%s", msg)
}

// shortText returns the text of n if it is short and on one line, else its last token.
func (c *converter) shortText(n *cst) string {
	t := c.text(n)
	if len(t) <= 20 && !strings.ContainsAny(t, "\r\n") {
		return t
	}
	if ls := leaves(n); len(ls) > 0 {
		return c.text(ls[len(ls)-1])
	}
	return ""
}

// prevSibling returns the sibling before n (skipping comments), or nil.
func prevSibling(n *cst) *cst {
	if n.parent == nil {
		return nil
	}
	var prev *cst
	for _, k := range n.parent.kids {
		if k == n {
			return prev
		}
		if k.kind != "comment" {
			prev = k
		}
	}
	return nil
}

// grandKind returns the kind of n's parent, or "".
func grandKind(n *cst) string {
	if n == nil || n.parent == nil {
		return ""
	}
	return n.parent.kind
}
