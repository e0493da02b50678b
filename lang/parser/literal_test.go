package parser

import (
	"math"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
)

func TestParseNumber(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw  string
		want float64
		bad  bool
	}{
		{"0", 0, false}, {"1", 1, false}, {"1.5", 1.5, false}, {".5", 0.5, false}, {"5.", 5, false},
		{"5.e3", 5000, false}, {"1e3", 1000, false}, {"2.5E-3", 0.0025, false}, {"1E+2", 100, false},
		{"1_000_000", 1e6, false}, {"1_0.0_1e1_0", 10.01e10, false}, {"0.0", 0, false},
		{"0x1F", 31, false}, {"0XfF", 255, false}, {"0o17", 15, false}, {"0b101", 5, false},
		{"0B1_0", 2, false}, {"0x1_F", 31, false}, {"1e400", math.Inf(1), false},
		{"0xFFFFFFFFFFFFFFFFFF", 4722366482869645213695, false},
		{"007", 0, true}, {"00", 0, true}, {"0_1", 0, true}, {"08.5", 0, true}, {"1__0", 0, true},
		{"1_", 0, true}, {"1e_5", 0, true}, {"1._5", 0, true}, {"0x", 0, true}, {"0x_1", 0, true},
		{"0b2", 0, true}, {"0o8", 0, true}, {"1e", 0, true}, {"1e+", 0, true},
	} {
		got, msg := parseNumber(tc.raw)
		if tc.bad != (msg != "") {
			t.Errorf("parseNumber(%q) message %q, want error %v", tc.raw, msg, tc.bad)
			continue
		}
		if !tc.bad && got != tc.want {
			t.Errorf("parseNumber(%q) = %v, want %v", tc.raw, got, tc.want)
		}
	}
}

func TestStringDecoding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{`"a\nb"`, "a\nb"},
		{`'\t\r\b\f\v\0'`, "\t\r\b\f\v\x00"},
		{`"\x41\u0042\u{43}\u{1F600}"`, "ABC😀"},
		{`"\uD83D\uDE00"`, "😀"},
		{`"\uD800x"`, "\xed\xa0\x80x"},
		{`"\q\'\"\\"`, `q'"\`},
		{"\"a\\\nb\"", "ab"},
		{"\"a\\\r\nb\"", "ab"},
		{`"日本\u65e5"`, "日本日"},
	} {
		f, ds := Parse("s.flow", []byte("x = "+tc.src))
		if len(ds) != 0 {
			t.Errorf("%s: unexpected diagnostics %v", tc.src, ds)
			continue
		}
		lit := f.Stmts[0].(*ast.ExprStmt).X.(*ast.AssignExpr).Value.(*ast.StringLit)
		if lit.Value != tc.want || lit.Raw != tc.src {
			t.Errorf("%s: Value %q Raw %q, want %q", tc.src, lit.Value, lit.Raw, tc.want)
		}
	}
}

func TestTemplateQuasis(t *testing.T) {
	t.Parallel()
	f, ds := Parse("t.flow", []byte("x = `a\\n${b}\r\n${c}\\``"))
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics %v", ds)
	}
	lit := f.Stmts[0].(*ast.ExprStmt).X.(*ast.AssignExpr).Value.(*ast.TemplateLit)
	want := []string{"a\n", "\n", "`"}
	if len(lit.Quasis) != 3 || len(lit.Exprs) != 2 {
		t.Fatalf("quasis %q, %d exprs", lit.Quasis, len(lit.Exprs))
	}
	for i, q := range want {
		if lit.Quasis[i] != q {
			t.Errorf("quasi %d = %q, want %q", i, lit.Quasis[i], q)
		}
	}
	if lit.RawQuasis[0] != `a\n` || lit.RawQuasis[1] != "\r\n" {
		t.Errorf("raw quasis %q", lit.RawQuasis)
	}
}
