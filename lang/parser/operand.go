package parser

// A missing operand (`x +` with nothing after the operator) shows in the tree in one of two
// ways. When tree-sitter can recover by inserting one token, it inserts a MISSING identifier
// in the operand's place: that node stands for an expression, not for a name. When it cannot
// (typically at the end of the file, where no later token lets it resume), the statement
// becomes an ERROR region ending with the operator, and the first tokens of the region say
// nothing about what went wrong. The region is then probed: the text of its statement is
// parsed again with a placeholder operand after the last token, and if that parses the
// operand is what was missing.

// exprSlots lists, by node kind, the fields that hold an expression: the fields typed
// `expression` in grammar/src/node-types.json (TestExprSlotsMatchGrammar keeps them in step).
var exprSlots = map[string][]string{
	"arguments":                       {"argument"},
	"array":                           {"element"},
	"arrow_function":                  {"body"},
	"assignment_expression":           {"right"},
	"assignment_pattern":              {"right"},
	"augmented_assignment_expression": {"right"},
	"await_expression":                {"argument"},
	"binary_expression":               {"left", "right"},
	"call_expression":                 {"function"},
	"class_declaration":               {"superclass"},
	"computed_property_name":          {"expression"},
	"export_statement":                {"value"},
	"expression_statement":            {"expression"},
	"field_definition":                {"value"},
	"for_in_statement":                {"right"},
	"for_statement":                   {"condition", "increment", "initializer"},
	"member_expression":               {"object"},
	"object_assignment_pattern":       {"right"},
	"object_default":                  {"right"},
	"pair":                            {"value"},
	"parenthesized_expression":        {"expression"},
	"return_statement":                {"argument"},
	"spread_element":                  {"argument"},
	"subscript_expression":            {"index", "object"},
	"switch_case":                     {"value"},
	"template_substitution":           {"expression"},
	"ternary_expression":              {"alternative", "condition", "consequence"},
	"throw_statement":                 {"argument"},
	"unary_expression":                {"argument"},
	"update_expression":               {"argument"},
	"variable_declarator":             {"value"},
}

// isExpressionSlot reports whether n is the content of a field that holds an expression.
func isExpressionSlot(n *cst) bool {
	if n.parent == nil || n.field == "" {
		return false
	}
	for _, f := range exprSlots[n.parent.kind] {
		if f == n.field {
			return true
		}
	}
	return false
}

// missingOperandError reports a MISSING node that stands for an expression: after the token
// before it, and pointing at the token found instead (or at the token before it at the end of
// the file).
func (c *converter) missingOperandError(n *cst) {
	after := prevLeaf(n)
	if after == nil {
		c.syntaxError(n.start, n.end, "expected an expression")
		return
	}
	c.expectedAfter("an expression", after, nextLeaf(n))
}

// expectedAfter reports that what was expected after the token after, and was not there:
// found is the token that came instead, nil at the end of the file.
func (c *converter) expectedAfter(what string, after, found *cst) {
	at := c.text(after)
	if at == "=>" && what == "an expression" {
		what = "an expression or a block"
	}
	if found == nil {
		c.syntaxError(after.start, after.end, "expected %s after `%s`", what, at)
		return
	}
	c.syntaxError(found.start, found.end, "expected %s after `%s`, found %s", what, at, describeToken(c.text(found)))
}

// nextLeaf returns the first token after n in the tree, skipping comments and MISSING
// tokens, or nil at the end of the file.
func nextLeaf(n *cst) *cst {
	for x := n; x.parent != nil; x = x.parent {
		sibs := x.parent.kids
		i := 0
		for i < len(sibs) && sibs[i] != x {
			i++
		}
		for i++; i < len(sibs); i++ {
			if sibs[i].kind == "comment" {
				continue
			}
			if ls := leaves(sibs[i]); len(ls) > 0 {
				return ls[0]
			}
		}
	}
	return nil
}

// Limits of probing: the length of a statement parsed again, and the bytes parsed by the
// probes of one converter. Past them a region is explained from its tokens alone.
const (
	maxProbeText  = 4 << 10
	maxProbeBytes = 64 << 10
)

// operandProbes are the completions tried after the last token of an ERROR region, in order,
// with what the first one that parses says was expected. `0 : 0` completes a conditional
// expression, whose `?` needs two more operands.
var operandProbes = []struct{ text, what string }{
	{" 0", "an expression"},
	{" 0 : 0", "an expression"},
	{" _", "a name"},
}

// operandError explains the ERROR region n, whose tokens are ls, when its last token is an
// operator or punctuator left without what must follow it: an operand, a name, or (at the
// end of the file) nothing at all, when the token itself is the mistake. It reports whether
// it did.
func (c *converter) operandError(n *cst, ls []*cst) bool {
	last := ls[len(ls)-1]
	lt := c.text(last)
	if !isOperatorToken(lt) {
		return false
	}
	s := statementAncestor(n)
	if s.start > last.start || s.end-s.start > maxProbeText {
		return false
	}
	next := nextLeaf(n)
	// The text after the region up to the end of its statement; at the end of the file, the
	// brackets left open instead, then those and a body for a statement whose head they
	// close (`if (x >`), so that only what follows the last token can make it fail.
	tails := []string{string(c.src[last.end:max(s.end, last.end)])}
	var open []*cst
	if next == nil {
		open = c.openBrackets(s, last.end)
		closing := c.closing(open)
		tails = []string{closing, closing + " {}"}
	}
	head := string(c.src[s.start:last.end])
	for _, tail := range tails {
		if c.parsesCleanly(head+tail) != 0 {
			return false
		}
		for _, p := range operandProbes {
			switch c.parsesCleanly(head + p.text + tail) {
			case 1:
				what := p.what
				if p.what == "a name" {
					what = c.nameAfter(s, lt)
				}
				c.expectedAfter(what, last, next)
				if len(open) > 0 && open[0] != last {
					// The file also ends inside these brackets: point at the outermost.
					o := open[0]
					c.syntaxError(o.start, o.end, "`%s` is never closed: expected `%s`", c.text(o), closers[c.text(o)])
				}
				return true
			case -1:
				return false
			}
		}
	}
	if next == nil && c.parsesCleanly(string(c.src[s.start:last.start])+c.closing(c.openBrackets(s, last.start))) == 1 {
		// Without its last token the statement is whole: that token is the mistake.
		c.syntaxError(last.start, last.end, "unexpected %s at the end of the file", describeToken(lt))
		return true
	}
	return false
}

// nameAfter says what kind of name follows the token t in the statement s.
func (c *converter) nameAfter(s *cst, t string) string {
	switch {
	case t == "." || t == "?.":
		return "a property name"
	case s.kind == "lexical_declaration" || s.kind == "variable_declaration":
		return "a variable name"
	}
	if ls := leaves(s); len(ls) > 0 {
		switch c.text(ls[0]) {
		case "let", "const", "var":
			return "a variable name"
		}
	}
	return "a name"
}

// openBrackets returns the brackets opened in the statement s before the offset end and not
// closed before it, outermost first.
func (c *converter) openBrackets(s *cst, end int) []*cst {
	var stack []*cst
	for _, l := range leaves(s) {
		if l.start >= end {
			break
		}
		t := c.text(l)
		if _, ok := closers[t]; ok {
			stack = append(stack, l)
			continue
		}
		if n := len(stack); n > 0 && closers[c.text(stack[n-1])] == t {
			stack = stack[:n-1]
		}
	}
	return stack
}

// closing returns the closing brackets of the open brackets, innermost first.
func (c *converter) closing(open []*cst) string {
	out := ""
	for i := len(open) - 1; i >= 0; i-- {
		out += closers[c.text(open[i])]
	}
	return out
}

// parsesCleanly parses text on its own and returns 1 when the tree has no ERROR and no
// MISSING node, 0 when it has, and -1 when the probe budget is spent.
func (c *converter) parsesCleanly(text string) int {
	if c.probed+len(text) > maxProbeBytes {
		return -1
	}
	c.probed += len(text)
	sess := newFlowSession()
	defer sess.close()
	root, _ := buildCST(sess, []byte(text))
	clean := true
	var walk func(n *cst)
	walk = func(n *cst) {
		if n.isError() || n.missing {
			clean = false
			return
		}
		for _, k := range n.kids {
			if clean {
				walk(k)
			}
		}
	}
	walk(root)
	if clean {
		return 1
	}
	return 0
}
