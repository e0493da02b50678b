package builtins

import (
	"testing"

	"github.com/rhythmflow/rhythm/engine/value"
)

// emoji is "😀" (U+1F600): two UTF-16 code units, \ud83d \ude00.
const emoji = "😀"

// stringCases returns fresh cases (some mutate their receivers).
func stringCases() []tc {
	return []tc{
		{name: "string.at", this: S("abc"), args: L(N(-1)), want: `"c"`},
		{name: "string.at", this: S("abc"), args: L(N(0)), want: `"a"`},
		{name: "string.at", this: S("abc"), args: L(N(5)), want: "null"},
		{name: "string.at", this: S("abc"), args: L(N(-4)), want: "null"},
		{name: "string.at", this: S("a" + emoji), args: L(N(1)), want: `"\ud83d"`},
		{name: "string.at", this: S("a" + emoji), args: L(N(-1)), want: `"\ude00"`},
		{name: "string.at", this: S("abc"), args: L(N(0.5)), err: "RangeError: string.at: argument 1 (index) must be an integer, got number 0.5"},
		{name: "string.at", this: S("abc"), args: L(), err: "TypeError: string.at expects 1 argument, got 0"},
		{name: "string.at", this: J("[1]"), args: L(N(0)), err: "TypeError: string.at called on list, not a string"},
		{name: "string.charAt", this: S("abc"), args: L(N(1)), want: `"b"`},
		{name: "string.charAt", this: S("abc"), args: L(), want: `"a"`},
		{name: "string.charAt", this: S("abc"), args: L(null), want: `"a"`},
		{name: "string.charAt", this: S("abc"), args: L(N(-1)), want: `""`},
		{name: "string.charAt", this: S(emoji), args: L(N(0)), want: `"\ud83d"`},
		{name: "string.charAt", this: S("abc"), args: L(S("1")), err: "TypeError: string.charAt: argument 1 (index) must be an integer, got string"},
		{name: "string.includes", this: S("hello"), args: L(S("ell")), want: "true"},
		{name: "string.includes", this: S("hello"), args: L(S("ell"), N(2)), want: "false"},
		{name: "string.includes", this: S("hello"), args: L(S(""), N(99)), want: "true"},
		{name: "string.includes", this: S("x" + emoji), args: L(S(emoji)), want: "true"},
		{name: "string.includes", this: S("hello"), args: L(N(1)), err: "TypeError: string.includes: argument 1 (search) must be a string"},
		{name: "string.indexOf", this: S("banana"), args: L(S("an")), want: "1"},
		{name: "string.indexOf", this: S("banana"), args: L(S("an"), N(2)), want: "3"},
		{name: "string.indexOf", this: S("banana"), args: L(S("x")), want: "-1"},
		{name: "string.indexOf", this: S("banana"), args: L(S(""), N(10)), want: "6"},
		{name: "string.indexOf", this: S("banana"), args: L(S("b"), N(-5)), want: "0"},
		{name: "string.indexOf", this: S(emoji + "b"), args: L(S("b")), want: "2"},
		{name: "string.indexOf", this: S("a"), args: L(), err: "TypeError"},
		{name: "string.lastIndexOf", this: S("banana"), args: L(S("an")), want: "3"},
		{name: "string.lastIndexOf", this: S("banana"), args: L(S("an"), N(2)), want: "1"},
		{name: "string.lastIndexOf", this: S("banana"), args: L(S("x")), want: "-1"},
		{name: "string.lastIndexOf", this: S("banana"), args: L(S("")), want: "6"},
		{name: "string.lastIndexOf", this: S("banana"), args: L(S("b"), N(-3)), want: "0"},
		{name: "string.lastIndexOf", this: S("ab" + emoji + "b"), args: L(S("b")), want: "4"},
		{name: "string.lastIndexOf", this: S("a"), args: L(S("a"), N(1.5)), err: "RangeError"},
		{name: "string.startsWith", this: S("order-1"), args: L(S("order-")), want: "true"},
		{name: "string.startsWith", this: S("order-1"), args: L(S("der"), N(2)), want: "true"},
		{name: "string.startsWith", this: S("ab"), args: L(S("abc")), want: "false"},
		{name: "string.startsWith", this: S(emoji), args: L(S("\xed\xa0\xbd")), want: "true"},
		{name: "string.startsWith", this: S("a"), args: L(null), err: "TypeError: string.startsWith: argument 1 (search) must be a string, got null"},
		{name: "string.endsWith", this: S("report.pdf"), args: L(S(".pdf")), want: "true"},
		{name: "string.endsWith", this: S("report.pdf"), args: L(S("report"), N(6)), want: "true"},
		{name: "string.endsWith", this: S("ab"), args: L(S("xab")), want: "false"},
		{name: "string.endsWith", this: S("a" + emoji), args: L(S(emoji)), want: "true"},
		{name: "string.endsWith", this: S("a"), args: L(S("a"), N(1), N(2)), err: "TypeError: string.endsWith expects 1 or 2 arguments, got 3"},
		{name: "string.slice", this: S("abcdef"), args: L(N(1), N(3)), want: `"bc"`},
		{name: "string.slice", this: S("abcdef"), args: L(N(-2)), want: `"ef"`},
		{name: "string.slice", this: S("abcdef"), args: L(), want: `"abcdef"`},
		{name: "string.slice", this: S("abcdef"), args: L(null, N(2)), want: `"ab"`},
		{name: "string.slice", this: S("abcdef"), args: L(N(4), N(2)), want: `""`},
		{name: "string.slice", this: S("abcdef"), args: L(N(-100), N(1e300)), want: `"abcdef"`},
		{name: "string.slice", this: S("a" + emoji + "b"), args: L(N(0), N(2)), want: `"a\ud83d"`},
		{name: "string.slice", this: S("a" + emoji + "b"), args: L(N(1), N(3)), want: `"😀"`},
		{name: "string.slice", this: S("a"), args: L(N(inf)), err: "RangeError"},
		{name: "string.substring", this: S("abcdef"), args: L(N(3), N(1)), want: `"bc"`},
		{name: "string.substring", this: S("abcdef"), args: L(N(-3)), want: `"abcdef"`},
		{name: "string.substring", this: S("abcdef"), args: L(N(2)), want: `"cdef"`},
		{name: "string.substring", this: S(emoji + "x"), args: L(N(1)), want: `"\ude00x"`},
		{name: "string.substring", this: S("a"), args: L(S("0")), err: "TypeError"},
		{name: "string.toUpperCase", this: S("abc"), args: L(), want: `"ABC"`},
		{name: "string.toUpperCase", this: S("straße é"), args: L(), want: `"STRASSE É"`},
		{name: "string.toUpperCase", this: S("ﬁ" + emoji), args: L(), want: `"FI😀"`},
		{name: "string.toUpperCase", this: S("a\xed\xa0\xbd"), args: L(), want: `"A\ud83d"`},
		{name: "string.toUpperCase", this: S("a"), args: L(N(1)), err: "TypeError: string.toUpperCase expects no arguments, got 1"},
		{name: "string.toLowerCase", this: S("ABC"), args: L(), want: `"abc"`},
		{name: "string.toLowerCase", this: S("ÉΟΔΟΣ ΣΑ"), args: L(), want: `"éοδος σα"`},
		{name: "string.toLowerCase", this: S("İ"), args: L(), want: "\"i\u0307\""},
		{name: "string.toLowerCase", this: S("Σ"), args: L(), want: `"σ"`},
		{name: "string.toLowerCase", this: S("a"), args: L(null), err: "TypeError"},
		{name: "string.trim", this: S(" \t\n a b \u00a0\u2028\ufeff"), args: L(), want: `"a b"`},
		{name: "string.trim", this: S(""), args: L(), want: `""`},
		{name: "string.trim", this: S("\u200b x"), args: L(), want: "\"\u200b x\""},
		{name: "string.trim", this: N(1), args: L(), err: "TypeError: string.trim called on number 1, not a string"},
		{name: "string.trimStart", this: S("  a "), args: L(), want: `"a "`},
		{name: "string.trimStart", this: S("\u3000" + emoji), args: L(), want: `"😀"`},
		{name: "string.trimStart", this: S("a"), args: L(S(" ")), err: "TypeError"},
		{name: "string.trimEnd", this: S("  a "), args: L(), want: `"  a"`},
		{name: "string.trimEnd", this: S("a\r\n"), args: L(), want: `"a"`},
		{name: "string.trimEnd", this: S("a"), args: L(N(0)), err: "TypeError"},
		{name: "string.padStart", this: S("7"), args: L(N(3), S("0")), want: `"007"`},
		{name: "string.padStart", this: S("abc"), args: L(N(6), S("12")), want: `"121abc"`},
		{name: "string.padStart", this: S("abc"), args: L(N(5)), want: `"  abc"`},
		{name: "string.padStart", this: S("abc"), args: L(N(2), S("x")), want: `"abc"`},
		{name: "string.padStart", this: S("abc"), args: L(N(6), S("")), want: `"abc"`},
		{name: "string.padStart", this: S("a"), args: L(N(2), S(emoji)), want: `"\ud83da"`},
		{name: "string.padStart", this: S("a"), args: L(N(3), S(emoji)), want: `"😀a"`},
		{name: "string.padStart", this: S("a"), args: L(N(1 << 40)), err: "RangeError: string.padStart: argument 1 (length)"},
		{name: "string.padStart", this: S("a"), args: L(N(2.5)), err: "RangeError"},
		{name: "string.padStart", this: S("a"), args: L(), err: "TypeError"},
		{name: "string.padEnd", this: S("ab"), args: L(N(4), S(".")), want: `"ab.."`},
		{name: "string.padEnd", this: S("ab"), args: L(N(5), S("xy")), want: `"abxyx"`},
		{name: "string.padEnd", this: S("ab"), args: L(N(-1)), want: `"ab"`},
		{name: "string.padEnd", this: S(emoji), args: L(N(3), S("-")), want: `"😀-"`},
		{name: "string.padEnd", this: S("a"), args: L(N(2), N(0)), err: "TypeError: string.padEnd: argument 2 (pad) must be a string"},
		{name: "string.repeat", this: S("ab"), args: L(N(3)), want: `"ababab"`},
		{name: "string.repeat", this: S("ab"), args: L(N(0)), want: `""`},
		{name: "string.repeat", this: S(""), args: L(N(1e15)), want: `""`},
		{name: "string.repeat", this: S(emoji), args: L(N(2)), want: `"😀😀"`},
		{name: "string.repeat", this: S("\xed\xb8\x80\xed\xa0\xbd"), args: L(N(2)), want: `"\ude00😀\ud83d"`},
		{name: "string.repeat", this: S("x"), args: L(N(-1)), err: "RangeError: string.repeat: argument 1 (count) must not be negative"},
		{name: "string.repeat", this: S("x"), args: L(N(inf)), err: "RangeError"},
		{name: "string.repeat", this: S("xx"), args: L(N(1 << 29)), err: "RangeError: string.repeat: the result would be longer"},
		{name: "string.repeat", this: S("x"), args: L(), err: "TypeError"},
		{name: "string.replace", this: S("a-b-c"), args: L(S("-"), S("+")), want: `"a+b-c"`},
		{name: "string.replace", this: S("a-b"), args: L(S("-"), S("$&$1$$")), want: `"a$&$1$$b"`},
		{name: "string.replace", this: S("abc"), args: L(S(""), S("_")), want: `"_abc"`},
		{name: "string.replace", this: S("abc"), args: L(S("x"), S("_")), want: `"abc"`},
		{name: "string.replace", this: S(emoji + emoji), args: L(S(emoji), S("é")), want: `"é😀"`},
		{name: "string.replace", this: S(emoji), args: L(S("\xed\xb8\x80"), S("!")), want: `"\ud83d!"`},
		{name: "string.replace", this: S("a"), args: L(S("a")), err: "TypeError: string.replace expects 2 arguments, got 1"},
		{name: "string.replace", this: S("a"), args: L(S("a"), N(1)), err: "TypeError: string.replace: argument 2 (replacement) must be a string"},
		{name: "string.replaceAll", this: S("a-b-c"), args: L(S("-"), S("+")), want: `"a+b+c"`},
		{name: "string.replaceAll", this: S("ab"), args: L(S(""), S("_")), want: `"_a_b_"`},
		{name: "string.replaceAll", this: S(""), args: L(S(""), S("_")), want: `"_"`},
		{name: "string.replaceAll", this: S("aaa"), args: L(S("aa"), S("b")), want: `"ba"`},
		{name: "string.replaceAll", this: S(emoji), args: L(S(""), S("|")), want: `"|\ud83d|\ude00|"`},
		{name: "string.replaceAll", this: S("x.x"), args: L(S("x"), S("é$")), want: `"é$.é$"`},
		{name: "string.replaceAll", this: S("a"), args: L(null, S("b")), err: "TypeError"},
		{name: "string.split", this: S("a,b,c"), args: L(S(",")), want: `["a","b","c"]`},
		{name: "string.split", this: S("a,b,c"), args: L(S(","), N(2)), want: `["a","b"]`},
		{name: "string.split", this: S("a,b,c"), args: L(S(","), N(0)), want: `[]`},
		{name: "string.split", this: S("a,b,"), args: L(S(",")), want: `["a","b",""]`},
		{name: "string.split", this: S("abc"), args: L(), want: `["abc"]`},
		{name: "string.split", this: S("abc"), args: L(null, N(0)), want: `[]`},
		{name: "string.split", this: S("abc"), args: L(S("")), want: `["a","b","c"]`},
		{name: "string.split", this: S("a" + emoji), args: L(S("")), want: `["a","\ud83d","\ude00"]`},
		{name: "string.split", this: S(""), args: L(S(",")), want: `[""]`},
		{name: "string.split", this: S(""), args: L(S("")), want: `[]`},
		{name: "string.split", this: S("a😀b😀"), args: L(S(emoji)), want: `["a","b",""]`},
		{name: "string.split", this: S("a,b"), args: L(S(","), N(-1)), err: "RangeError: string.split: argument 2 (limit) must not be negative"},
		{name: "string.split", this: S("a,b"), args: L(N(1)), err: "TypeError"},
		{name: "string.concat", this: S("a"), args: L(S("b"), S("c")), want: `"abc"`},
		{name: "string.concat", this: S("a"), args: L(), want: `"a"`},
		{name: "string.concat", this: S("\xed\xa0\xbd"), args: L(S("\xed\xb8\x80")), want: `"😀"`},
		{name: "string.concat", this: S("a"), args: L(S("b"), N(1)), err: "TypeError: string.concat: argument 2 (strings) must be a string, got number 1"},
		{name: "string.concat", this: S("a"), args: L(null), err: "TypeError"},
	}
}

func TestStringMethods(t *testing.T) {
	t.Parallel()
	runCases(t, stringCases())
}

func TestProperty(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v    value.Value
		name string
		want string
		ok   bool
	}{
		{S("abc"), "length", "3", true},
		{S(emoji), "length", "2", true},
		{S(""), "length", "0", true},
		{J("[1,2]"), "length", "2", true},
		{J(`{"length":5}`), "length", "null", false},
		{N(1), "length", "null", false},
		{S("abc"), "size", "null", false},
	}
	for _, c := range cases {
		got, ok := Property(c.v, c.name)
		if ok != c.ok || repr(got) != c.want {
			t.Errorf("Property(%s, %q) = %s, %v; want %s, %v", repr(c.v), c.name, repr(got), ok, c.want, c.ok)
		}
	}
}

func TestMethodName(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v    value.Value
		name string
		want string
	}{
		{S("a"), "slice", "string.slice"},
		{J("[]"), "slice", "array.slice"},
		{J("[]"), "map", "array.map"},
		{S("a"), "length", ""},
		{S("a"), "push", ""},
		{J("{}"), "keys", ""},
		{null, "slice", ""},
	}
	for _, c := range cases {
		got, ok := MethodName(c.v, c.name)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("MethodName(%s, %q) = %q, %v; want %q", repr(c.v), c.name, got, ok, c.want)
		}
	}
}

func TestFinalSigma(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"ΑΣ.":       "ας.",
		"ΑΣΑ":       "ασα",
		"Σ":         "σ",
		" Σ ":       " σ ",
		"ΟΔΟΣ ΟΔΟΣ": "οδος οδος",
		"ΑΣ'":       "ας'",
		"ΑΣ'Α":      "ασ'α",
	}
	for in, want := range cases {
		if got := ToLower(in); got != want {
			t.Errorf("ToLower(%q) = %q, want %q", in, got, want)
		}
	}
}
