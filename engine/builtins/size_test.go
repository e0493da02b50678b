package builtins

import (
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
)

// sizedEnv is an Env with a size limit of max bytes.
type sizedEnv struct{ max int }

func (sizedEnv) Now() time.Time  { return time.Time{} }
func (sizedEnv) Random() float64 { return 0 }
func (e sizedEnv) MaxSize() int  { return e.max }

// TestSizeLimit checks that every string-building built-in refuses, with SizeLimit naming
// it, a result over the limit, and builds one exactly at the limit.
func TestSizeLimit(t *testing.T) {
	t.Parallel()
	const max = 20
	x := func(n int) value.Value { return S(strings.Repeat("x", n)) }
	list := func(vs ...value.Value) value.Value { return value.NewArray(vs) }
	shared := list(x(5))
	for i := 0; i < 30; i++ {
		shared = list(shared, shared)
	}
	tests := []struct {
		name string
		this value.Value
		args []value.Value
		ok   bool // the result fits
	}{
		{"string.repeat", S("ab"), L(N(10)), true},
		{"string.repeat", S("ab"), L(N(11)), false},
		{"string.repeat", S("ab"), L(N(1 << 52)), false},
		{"string.padStart", S("x"), L(N(20), S("ab")), true},
		{"string.padStart", S("x"), L(N(21), S("ab")), false},
		{"string.padEnd", S("x"), L(N(1 << 40)), false},
		{"string.padEnd", S("é"), L(N(19), S("é")), false}, // 19 units of 2 bytes
		{"string.concat", x(10), L(x(5), x(5)), true},
		{"string.concat", x(10), L(x(5), x(6)), false},
		{"string.replace", x(10), L(S("x"), x(11)), true},
		{"string.replace", x(10), L(S("x"), x(12)), false},
		{"string.replace", x(10), L(S("y"), x(30)), true}, // no match: no growth
		{"string.replaceAll", x(10), L(S("x"), S("yy")), true},
		{"string.replaceAll", x(10), L(S("x"), S("yyy")), false},
		{"string.replaceAll", x(9), L(S(""), S("y")), true},
		{"string.replaceAll", x(10), L(S(""), S("y")), false},
		{"string.toUpperCase", S(strings.Repeat("ß", 10)), nil, true},
		{"string.toUpperCase", S(strings.Repeat("ΐ", 10)), nil, false},
		{"array.join", list(x(10), x(9)), L(null), true},
		{"array.join", list(x(10), x(10)), L(null), false},
		{"array.join", list(x(1), x(1)), L(x(19)), false},
		{"array.join", shared, L(null), false},
		{"array.sort", list(shared, N(1)), nil, false},
		{"String", list(x(10), x(9)), L(null), true},
		{"String", shared, nil, false},
		{"parseInt", null, L(shared, null), false},
		{"parseFloat", shared, nil, false},
		{"Object.fromEntries", null, L(list(list(shared, N(1)))), false},
		{"JSON.stringify", null, L(x(18)), true},
		{"JSON.stringify", null, L(x(19)), false},
		{"JSON.stringify", null, L(list(N(1), N(2)), null, N(10)), false},
		{"JSON.stringify", null, L(shared), false},
	}
	for _, tc := range tests {
		f, ok := Lookup(tc.name)
		if !ok {
			t.Fatalf("no %s", tc.name)
		}
		args := tc.args
		if tc.name == "String" || tc.name == "parseFloat" {
			args = args[:0:0]
			args = append(args, tc.this)
			tc.this = null
		}
		got, err := f(sizedEnv{max}, tc.this, args)
		if tc.ok {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			} else if s := got.Str(); got.Kind() == value.StringKind && len(s) > max {
				t.Errorf("%s: %d bytes built, over the limit", tc.name, len(s))
			}
			continue
		}
		ve, isValue := err.(*value.Error)
		if !isValue || ve.Code != value.CodeSizeLimit || !strings.HasPrefix(ve.Message, tc.name+":") {
			t.Errorf("%s: got %s, %v; want a SizeLimit error naming it", tc.name, repr(got), err)
		}
	}
}

// TestSizeLimitNone checks that an Env without a limit builds long strings.
func TestSizeLimitNone(t *testing.T) {
	t.Parallel()
	got, err := call(t, "string.repeat", S("ab"), L(N(1000)))
	if err != nil || len(got.Str()) != 2000 {
		t.Fatalf("repeat without a limit: %d bytes, %v", len(got.Str()), err)
	}
}

// TestToNumberOfLists checks Number of lists, which reads the single element rather than
// building the string form.
func TestToNumberOfLists(t *testing.T) {
	t.Parallel()
	cyclic := value.NewArray(nil)
	cyclic.Arr().Push(cyclic)
	tests := []struct {
		v    value.Value
		want string
	}{
		{J(`[]`), "0"}, {J(`[null]`), "0"}, {J(`[[["12"]]]`), "12"}, {J(`[" 7 "]`), "7"},
		{J(`[1, 2]`), "NaN"}, {J(`[[1, 2]]`), "NaN"}, {J(`[{}]`), "NaN"}, {J(`[true]`), "NaN"},
		{cyclic, "0"},
	}
	for _, tc := range tests {
		want := StringToNumber(value.ToString(tc.v))
		if got := ToNumber(tc.v); value.FormatNumber(got) != tc.want || value.FormatNumber(want) != tc.want {
			t.Errorf("ToNumber(%s) = %v (string form gives %v), want %s", repr(tc.v), got, want, tc.want)
		}
	}
}
