package parser

import (
	"fmt"
	"strings"
	"testing"
)

// TestSyntaxErrorMessages checks the position, code and wording of every syntax error the
// parser reports, one small source per case.
func TestSyntaxErrorMessages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		src  string
		want []string
	}{
		{"let x = 1 let y = 2", []string{
			"1:10-1:11 syntax-error: missing `;` or line break between statements",
		}},
		{"let c = (1 + 2\nlet d = 3", []string{
			"2:1-2:4 syntax-error: expected `)` to close the `(` at 1:9 before `let`",
		}},
		{"f(1, 2\nlet e = 3", []string{
			"2:1-2:4 syntax-error: expected `)` to close the `(` at 1:2 before `let`",
		}},
		{"x = }\nlet y = 1", []string{
			"1:5-1:6 syntax-error: unexpected `}`: there is no matching opening bracket",
		}},
		{"}", []string{
			"1:1-1:2 syntax-error: unexpected `}`: there is no matching opening bracket",
		}},
		{"f(1))", []string{
			"1:5-1:6 syntax-error: unexpected `)`: there is no matching opening bracket",
		}},
		{"let x = [1, 2", []string{
			"1:9-1:10 syntax-error: `[` is never closed: expected `]`",
		}},
		{"let o = {a: 1\nlet b = 2", []string{
			"2:1-2:4 syntax-error: expected `}` to close the `{` at 1:9 before `let`",
		}},
		{"if (a) {\n  let x = (1\n  let y = 2\n}\nlet z = 3", []string{
			"3:3-3:6 syntax-error: expected `)` to close the `(` at 2:11 before `let`",
		}},
		{"async function main() {\n  let a = [1, 2\n  let b = 3\n  return b\n}", []string{
			"3:3-3:6 syntax-error: expected `]` to close the `[` at 2:11 before `let`",
		}},
		{"let = 5", []string{
			"1:4-1:5 syntax-error: expected a variable name",
		}},
		{"let 5 = 3", []string{
			"1:5-1:6 syntax-error: expected a variable name after `let`, found `5`",
		}},
		{"x = 1 +", []string{
			"1:7-1:8 syntax-error: expected an expression after `+`",
		}},
		{"x = a ? b : ", []string{
			"1:11-1:12 syntax-error: expected an expression after `:`",
		}},
		{"x = a ? b\ny()", []string{
			"1:7-1:8 syntax-error: expected `:` after the `?` branch of the conditional expression",
			"2:1-2:2 syntax-error: unexpected `y`",
		}},
		{"foo(a b)", []string{
			"1:7-1:8 syntax-error: unexpected `b`; expected `,` or `)` after an argument",
		}},
		{"x = [a b]", []string{
			"1:8-1:9 syntax-error: unexpected `b`; expected `,` or `]` after an element",
		}},
		{"x = {a: 1 b: 2}", []string{
			"1:11-1:12 syntax-error: unexpected `b`; expected `,` or `}` after a property",
		}},
		{"while true {}", []string{
			"1:7-1:11 syntax-error: expected `(` after `while`, found `true`",
		}},
		{"if (x { y() }", []string{
			"1:6-1:7 syntax-error: expected `)` after the condition",
		}},
		{"f(1, 2", []string{
			"1:2-1:3 syntax-error: `(` is never closed: expected `)`",
		}},
		{"while (x { }", []string{
			"1:9-1:10 syntax-error: expected `)` after the condition",
		}},
		{"switch (x { }", []string{
			"1:10-1:11 syntax-error: expected `)` after the `switch` value",
		}},
		{"x = (1 + 2", []string{
			"1:5-1:6 syntax-error: `(` is never closed: expected `)`",
		}},
		{"x = a[1", []string{
			"1:6-1:7 syntax-error: `[` is never closed: expected `]`",
		}},
		{"function f(a, b { }", []string{
			"1:16-1:17 syntax-error: expected `)` after parameters",
		}},
		{"let s = \"abc\nlet t = 1", []string{
			"1:9-1:13 syntax-error: unterminated string: a string must end on the line where it starts (write `\\n` for a line break)",
		}},
		{"let s = 'abc", []string{
			"1:9-1:13 syntax-error: unterminated string: a string must end on the line where it starts (write `\\n` for a line break)",
		}},
		{"let x = `abc", []string{
			"1:9-1:10 syntax-error: unterminated template literal: expected a closing backtick",
		}},
		{"let x = /* unterminated", []string{
			"1:9-1:11 syntax-error: unterminated comment: expected `*/`",
		}},
		{"else { x() }", []string{
			"1:1-1:5 syntax-error: unexpected `else`: it must follow the statement of an `if`",
		}},
		{"catch (e) {}", []string{
			"1:1-1:6 syntax-error: unexpected `catch`: it must follow a `try` block",
		}},
		{"let if = 1", []string{
			"1:5-1:7 syntax-error: `if` is a reserved word and cannot be used as a name",
		}},
		{"let yield = 2", []string{
			"1:5-1:10 unsupported-syntax: `yield` is not part of Flow and cannot be used as a name",
		}},
		{"let of = 3", []string{
			"1:5-1:7 syntax-error: `of` is a reserved word and cannot be used as a name",
		}},
		{"x = {a = 1}", []string{
			"1:6-1:11 syntax-error: `a = 1` is only allowed in a destructuring pattern; use `:` to give a property a value",
		}},
		{"1 = 2", []string{
			"1:3-1:4 syntax-error: unexpected `=` after number `1`",
		}},
		{"a + b = 1", []string{
			"1:1-1:8 invalid-assignment-target: invalid assignment target: the left side of `=` must be a variable, property, index or destructuring pattern",
		}},
		{"a?.b = 1", []string{
			"1:1-1:5 invalid-assignment-target: an optional chain (`?.`) cannot be assigned to",
		}},
		{"a?.b.c = 1", []string{
			"1:1-1:7 invalid-assignment-target: an optional chain (`?.`) cannot be assigned to",
		}},
		{"a?.b++", []string{
			"1:1-1:5 invalid-assignment-target: an optional chain (`?.`) cannot be the operand of `++`",
		}},
		{"f() += 1", []string{
			"1:2-1:3 syntax-error: unexpected `(` after `f`",
		}},
		{"[a, ...b, c] = d", []string{
			"1:5-1:9 syntax-error: the rest element must be the last element of an array pattern, without a trailing comma",
		}},
		{"let [...r, x] = y", []string{
			"1:6-1:10 syntax-error: the rest element must be the last element of an array pattern, without a trailing comma",
		}},
		{"let {...r, x} = y", []string{
			"1:6-1:10 syntax-error: the rest element must be the last element of an object pattern, without a trailing comma",
		}},
		{"function f(...a, b) {}", []string{
			"1:12-1:16 syntax-error: the rest parameter must be the last parameter, without a trailing comma",
		}},
		{"throw\nx", []string{
			"1:1-1:6 syntax-error: `throw` must be followed by an expression on the same line",
		}},
		{"try {}", []string{
			"1:7-1:7 syntax-error: expected `catch` or `finally` after the `try` block",
		}},
		{"x = 007", []string{
			"1:5-1:8 invalid-literal: number literals cannot start with 0 (write `7`, or `0o\u2026` for octal)",
		}},
		{"x = 08.5", []string{
			"1:5-1:9 invalid-literal: number literals cannot start with 0 (write `8.5`, or `0o\u2026` for octal)",
		}},
		{"x = 0_1", []string{
			"1:5-1:8 invalid-literal: number literals cannot start with 0 (write `1`, or `0o\u2026` for octal)",
		}},
		{"x = 1__0", []string{
			"1:5-1:9 invalid-literal: numeric separator `_` must be between two digits",
		}},
		{"x = 1_", []string{
			"1:5-1:7 invalid-literal: numeric separator `_` must be between two digits",
		}},
		{"x = 0x", []string{
			"1:5-1:7 invalid-literal: missing digits after `0x`",
		}},
		{"x = 0b2", []string{
			"1:5-1:7 syntax-error: unexpected number `0b`",
		}},
		{"x = 1e", []string{
			"1:5-1:7 invalid-literal: missing digits in the exponent of `1e`",
		}},
		{"x = 1e_5", []string{
			"1:5-1:9 invalid-literal: numeric separator `_` must be between two digits",
		}},
		{"x = \"\\x4g\"", []string{
			"1:6-1:10 invalid-literal: invalid `\\x` escape: expected two hexadecimal digits",
		}},
		{"x = \"\\u12\"", []string{
			"1:6-1:10 invalid-literal: invalid `\\u` escape: expected `\\uXXXX` or `\\u{X\u2026}` with a code point up to 10FFFF",
		}},
		{"x = \"\\u{110000}\"", []string{
			"1:6-1:15 invalid-literal: invalid `\\u` escape: expected `\\uXXXX` or `\\u{X\u2026}` with a code point up to 10FFFF",
		}},
		{"x = \"\\u{}\"", []string{
			"1:6-1:9 invalid-literal: invalid `\\u` escape: expected `\\uXXXX` or `\\u{X\u2026}` with a code point up to 10FFFF",
		}},
		{"x = \"\\1\"", []string{
			"1:6-1:8 invalid-literal: octal escape sequences are not allowed; use `\\x` or `\\u` escapes",
		}},
		{"x = \"\\08\"", []string{
			"1:6-1:9 invalid-literal: octal escape sequences are not allowed; use `\\x` or `\\u` escapes",
		}},
		{"x = \"\\8\"", []string{
			"1:6-1:8 invalid-literal: `\\8` is not a valid escape sequence",
		}},
		{"x = `\\x`", []string{
			"1:6-1:8 invalid-literal: invalid `\\x` escape: expected two hexadecimal digits",
		}},
		{"x = [1,,2]", []string{
			"1:8-1:9 syntax-error: array holes are not allowed: write `null` for an empty element",
		}},
		{"x = [,1]", []string{
			"1:6-1:7 syntax-error: array holes are not allowed: write `null` for an empty element",
		}},
		{"x = a ?? b || c", []string{
			"1:7-1:9 syntax-error: `??` cannot be mixed with `||` without parentheses",
		}},
		{"x = a || b ?? c", []string{
			"1:12-1:14 syntax-error: `??` cannot be mixed with `||` without parentheses",
		}},
		{"x = a && b ?? c", []string{
			"1:12-1:14 syntax-error: `??` cannot be mixed with `&&` without parentheses",
		}},
		{"x = -a ** 2", []string{
			"1:5-1:10 syntax-error: unary operator `-` before `**` needs parentheses: write `(-\u2026) ** \u2026`",
		}},
		{"x = !a ** 2", []string{
			"1:5-1:10 syntax-error: unary operator `!` before `**` needs parentheses: write `(!\u2026) ** \u2026`",
		}},
		{"x = typeof a ** 2", []string{
			"1:5-1:16 syntax-error: unary operator `typeof` before `**` needs parentheses: write `(typeof \u2026) ** \u2026`",
		}},
		{"x = await a ** 2", []string{
			"1:5-1:15 syntax-error: unary operator `await` before `**` needs parentheses: write `(await \u2026) ** \u2026`",
		}},
		{"switch (x) { default: a() \n default: b() }", []string{
			"2:2-2:9 syntax-error: a `switch` can have only one `default` clause",
		}},
		{"```\nabc", []string{
			"1:1-1:4 syntax-error: unterminated front matter: expected a closing line of ```",
		}},
		{"let s = 'abc", []string{
			"1:9-1:13 syntax-error: unterminated string: a string must end on the line where it starts (write `\\n` for a line break)",
		}},
		{"a + b = 1", []string{
			"1:1-1:8 invalid-assignment-target: invalid assignment target: the left side of `=` must be a variable, property, index or destructuring pattern",
		}},
		{"case 1:\n  x()\ndefault:\n", []string{
			"1:1-1:5 syntax-error: unexpected `case` outside a `switch`",
			"3:1-3:8 syntax-error: unexpected `default` outside a `switch`",
		}},
		{"if: while (1) {}", []string{
			"1:3-1:4 syntax-error: expected `(` after `if`, found `:`",
		}},
		{"yield: while (1) { break yield }", []string{
			"1:1-1:6 unsupported-syntax: `yield` is not part of Flow and cannot be used as a name",
		}},
		{"x\n{A,}", []string{
			"2:1-2:2 syntax-error: a statement cannot start with an object literal: `{` starts a block here; wrap the expression in parentheses",
		}},
		{"{a: 1}.a", []string{
			"1:7-1:8 syntax-error: unexpected `.`",
		}},
		{"function () {}", []string{
			"1:1-1:9 syntax-error: a statement cannot start with a function expression; wrap it in parentheses",
		}},
		{"x = a[1;", []string{
			"1:8-1:9 syntax-error: expected `]` after the index",
		}},
		{"x = {a: 1;", []string{
			"1:10-1:11 syntax-error: expected `}` after object properties",
		}},
		{"x = [1, 2;", []string{
			"1:10-1:11 syntax-error: expected `]` after array elements",
		}},
		{"x = a ? b;", []string{
			"1:7-1:8 syntax-error: expected `:` after the `?` branch of the conditional expression",
		}},
		{"x = {a 1}", []string{
			"1:8-1:9 syntax-error: unexpected number `1`; expected `,` or `}` after a property",
		}},
		{"switch (x) { case 1 x() }", []string{
			"1:19-1:20 syntax-error: unexpected number `1`",
			"1:24-1:25 syntax-error: expected `:` after the case",
		}},
		{"f(a, b;", []string{
			"1:7-1:8 syntax-error: expected `)` after arguments",
		}},
		{"let {a: [b} = c", []string{
			"1:11-1:12 syntax-error: expected `]`",
		}},
		{"x = `a${b`", []string{
			"1:10-1:11 syntax-error: expected `}` after the template expression",
		}},
		{"function f(a { }", []string{
			"1:13-1:14 syntax-error: expected `)` after parameters",
		}},
		{"x = {[k: 1}", []string{
			"1:8-1:9 syntax-error: expected `]` after the computed key",
		}},
		{"x = (a, b) => ;", []string{
			"1:15-1:16 syntax-error: expected an expression or a block after `=>`, found `;`",
		}},
		{"for (let i = 0; i < 3; i++ {}", []string{
			"1:5-1:6 syntax-error: `(` is never closed: expected `)`",
		}},
		{"for (const x of y {}", []string{
			"1:5-1:6 syntax-error: `(` is never closed: expected `)`",
		}},
		{"x = f(...)", []string{
			"1:10-1:11 syntax-error: expected an expression after `...`, found `)`",
		}},
		{"while (x) { y()", []string{
			"1:11-1:12 syntax-error: `{` is never closed: expected `}`",
		}},
		{"x = /re/ +", []string{
			"1:10-1:11 syntax-error: expected an expression after `+`",
		}},
		{"x = a.;", []string{
			"1:7-1:8 syntax-error: expected a property name after `.`, found `;`",
		}},
		{"x = [00, 00.5]", []string{
			"1:6-1:8 invalid-literal: number literals cannot start with 0 (write `0`, or `0o…` for octal)",
			"1:10-1:14 invalid-literal: number literals cannot start with 0 (write `0.5`, or `0o…` for octal)",
		}},
		// A missing operand: at the end of the file, where the statement is left as an
		// ERROR region, and in the middle, where a MISSING node stands for it.
		{"return x +", []string{
			"1:10-1:11 syntax-error: expected an expression after `+`",
		}},
		{"let y = 1 +", []string{
			"1:11-1:12 syntax-error: expected an expression after `+`",
		}},
		{"const {a, b} = ", []string{
			"1:14-1:15 syntax-error: expected an expression after `=`",
		}},
		{"let x =", []string{
			"1:7-1:8 syntax-error: expected an expression after `=`",
		}},
		{"throw x *", []string{
			"1:9-1:10 syntax-error: expected an expression after `*`",
		}},
		{"x = 1 + // c", []string{
			"1:7-1:8 syntax-error: expected an expression after `+`",
		}},
		{"let a = 1 +\n// c\n", []string{
			"1:11-1:12 syntax-error: expected an expression after `+`",
		}},
		{"if (x > ) { y = 3 }", []string{
			"1:9-1:10 syntax-error: expected an expression after `>`, found `)`",
		}},
		{"return x + ;", []string{
			"1:12-1:13 syntax-error: expected an expression after `+`, found `;`",
		}},
		{"f(x * )", []string{
			"1:7-1:8 syntax-error: expected an expression after `*`, found `)`",
		}},
		{"x = {a: y + }", []string{
			"1:13-1:14 syntax-error: expected an expression after `+`, found `}`",
		}},
		{"x = [1, 2 + ]", []string{
			"1:13-1:14 syntax-error: expected an expression after `+`, found `]`",
		}},
		{"x = `a${b - }`", []string{
			"1:13-1:14 syntax-error: expected an expression after `-`, found `}`",
		}},
		{"switch (x) { case 1 + : y() }", []string{
			"1:23-1:24 syntax-error: expected an expression after `+`, found `:`",
		}},
		{"async function main() {\n  return a *\n}", []string{
			"3:1-3:2 syntax-error: expected an expression after `*`, found `}`",
		}},
		{"let f = (a) =>", []string{
			"1:13-1:15 syntax-error: expected an expression or a block after `=>`",
		}},
		{"x = a ?", []string{
			"1:7-1:8 syntax-error: expected an expression after `?`",
		}},
		{"x = a ? b : c ?", []string{
			"1:15-1:16 syntax-error: expected an expression after `?`",
		}},
		{"x = {a:", []string{
			"1:5-1:6 syntax-error: `{` is never closed: expected `}`",
			"1:7-1:8 syntax-error: expected an expression after `:`",
		}},
		{"x = (", []string{
			"1:5-1:6 syntax-error: expected an expression after `(`",
		}},
		{"x = a[", []string{
			"1:6-1:7 syntax-error: expected an expression after `[`",
		}},
		{"let a = 1,", []string{
			"1:10-1:11 syntax-error: expected a variable name after `,`",
		}},
		{"x = a.b.", []string{
			"1:8-1:9 syntax-error: expected a property name after `.`",
		}},
		{"x = a?.", []string{
			"1:6-1:8 syntax-error: expected a property name after `?.`",
		}},
		{"x = !", []string{
			"1:5-1:6 syntax-error: expected an expression after `!`",
		}},
		{"x = await", []string{
			"1:5-1:10 syntax-error: expected an expression after `await`",
		}},
		// Where nothing is missing but the bracket's closer (`f()`, `[]`, `{}` and a trailing
		// comma are valid), the bracket is what is reported.
		{"f(", []string{
			"1:2-1:3 syntax-error: `(` is never closed: expected `)`",
		}},
		{"x = [", []string{
			"1:5-1:6 syntax-error: `[` is never closed: expected `]`",
		}},
		{"x = {", []string{
			"1:5-1:6 syntax-error: `{` is never closed: expected `}`",
		}},
		{"f(a,", []string{
			"1:2-1:3 syntax-error: `(` is never closed: expected `)`",
		}},
		{"x = [1,", []string{
			"1:5-1:6 syntax-error: `[` is never closed: expected `]`",
		}},
		{"if (x) {", []string{
			"1:8-1:9 syntax-error: `{` is never closed: expected `}`",
		}},
		// A missing operand inside brackets left open at the end of the file.
		{"if (x >", []string{
			"1:4-1:5 syntax-error: `(` is never closed: expected `)`",
			"1:7-1:8 syntax-error: expected an expression after `>`",
		}},
		{"async function main() {\n  let a = 1 +", []string{
			"1:23-1:24 syntax-error: `{` is never closed: expected `}`",
			"2:13-2:14 syntax-error: expected an expression after `+`",
		}},
		{"let a = 1\nlet b = (2 +\n  3 *", []string{
			"2:9-2:10 syntax-error: `(` is never closed: expected `)`",
			"3:5-3:6 syntax-error: expected an expression after `*`",
		}},
		{"let c = (1 + 2\nlet d = 3 +", []string{
			"2:1-2:4 syntax-error: expected `)` to close the `(` at 1:9 before `let`",
			"2:11-2:12 syntax-error: expected an expression after `+`",
		}},
		// A last token that nothing can follow.
		{"x = y :", []string{
			"1:7-1:8 syntax-error: unexpected `:` at the end of the file",
		}},
		{"let y = x !", []string{
			"1:11-1:12 syntax-error: unexpected `!` at the end of the file",
		}},
		{"return x {", []string{
			"1:10-1:11 syntax-error: unexpected `{` at the end of the file",
		}},
		{"```\nfm\n``` // c\nreturn 1\n", []string{
			"1:1-1:4 syntax-error: unterminated front matter: expected a closing line of ```",
			"3:1-3:9 syntax-error: the closing ``` of the front matter must be alone on its line",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.src, func(t *testing.T) {
			t.Parallel()
			f, ds := Parse("case.flow", []byte(tc.src))
			if f == nil {
				t.Fatal("Parse returned a nil file")
			}
			var got []string
			for _, d := range ds {
				if d.Severity.String() != "error" {
					t.Errorf("severity %v, want error", d.Severity)
				}
				got = append(got, d.Range.String()+" "+d.Code+": "+d.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("diagnostics of %q:\n got: %q\nwant: %q", tc.src, got, tc.want)
			}
		})
	}
}

// binaryOperators are the operators of binary_expression, assignment and augmented
// assignment.
var binaryOperators = []string{
	"+", "-", "*", "/", "%", "**", "==", "!=", "===", "!==", "<", "<=", ">", ">=", "&&", "||",
	"??", "in", "instanceof", "=", "+=", "-=", "*=", "/=", "%=", "**=", "??=", "||=", "&&=",
}

// TestMissingOperandOfEveryOperator checks that an operator left without its right operand
// is reported as such whatever the statement: at the end of the file (pointing at the
// operator) and before another token (pointing at that token).
func TestMissingOperandOfEveryOperator(t *testing.T) {
	t.Parallel()
	for _, op := range binaryOperators {
		end := len(op)
		cases := []struct{ src, want string }{
			{"return x " + op, fmt.Sprintf("1:10-1:%d syntax-error: expected an expression after `%s`", 10+end, op)},
			{"let y = x " + op, fmt.Sprintf("1:11-1:%d syntax-error: expected an expression after `%s`", 11+end, op)},
			{"x = y " + op + "\n", fmt.Sprintf("1:7-1:%d syntax-error: expected an expression after `%s`", 7+end, op)},
			{"f(y " + op + " )", fmt.Sprintf("1:%d-1:%d syntax-error: expected an expression after `%s`, found `)`", 6+end, 7+end, op)},
			{"let q = y " + op + "\nlet r = 2", fmt.Sprintf("2:1-2:4 syntax-error: expected an expression after `%s`, found `let`", op)},
			{"if (y " + op + " ) { z() }", fmt.Sprintf("1:%d-1:%d syntax-error: expected an expression after `%s`, found `)`", 8+end, 9+end, op)},
		}
		for _, tc := range cases {
			_, ds := Parse("case.flow", []byte(tc.src))
			var got []string
			for _, d := range ds {
				got = append(got, d.Range.String()+" "+d.Code+": "+d.Message)
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("diagnostics of %q:\n got: %q\nwant: %q", tc.src, got, tc.want)
			}
		}
	}
}
