package builtins

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
)

// testEnv is a fixed Env.
type testEnv struct{}

func (testEnv) Now() time.Time  { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
func (testEnv) Random() float64 { return 0.5 }
func (testEnv) MaxSize() int    { return 0 }

// S, N, J and L build argument values: a string, a number, a value from JSON text, a list.
func S(s string) value.Value            { return value.Str(s) }
func N(f float64) value.Value           { return value.Num(f) }
func J(text string) value.Value         { return value.MustParseJSON(text) }
func L(vs ...value.Value) []value.Value { return vs }

var (
	null   = value.Null
	nan    = math.NaN()
	inf    = math.Inf(1)
	negZ   = math.Copysign(0, -1)
	handle = value.Promise(1)
)

// repr writes v unambiguously for comparisons: numbers as JavaScript writes them but -0 as
// "-0", strings as JSON literals, lists and objects recursively, handles and functions by
// their string form.
func repr(v value.Value) string {
	var b strings.Builder
	writeRepr(&b, v, 0)
	return b.String()
}

func writeRepr(b *strings.Builder, v value.Value, depth int) {
	if depth > 20 {
		b.WriteString("…")
		return
	}
	switch v.Kind() {
	case value.NumberKind:
		if v.Num() == 0 && math.Signbit(v.Num()) {
			b.WriteString("-0")
			return
		}
		b.WriteString(value.FormatNumber(v.Num()))
	case value.StringKind:
		b.WriteString(value.QuoteJSON(v.Str()))
	case value.ArrayKind:
		b.WriteByte('[')
		for i, e := range v.Arr().Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			writeRepr(b, e, depth+1)
		}
		b.WriteByte(']')
	case value.ObjectKind:
		b.WriteByte('{')
		o := v.Obj()
		for i := 0; i < o.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			k, e := o.KeyAt(i)
			b.WriteString(value.QuoteJSON(k) + ":")
			writeRepr(b, e, depth+1)
		}
		b.WriteByte('}')
	default:
		b.WriteString(value.ToString(v))
	}
}

// call runs the checked built-in name.
func call(t *testing.T, name string, this value.Value, args []value.Value) (value.Value, error) {
	t.Helper()
	f, ok := Lookup(name)
	if !ok {
		t.Fatalf("Lookup(%q) failed", name)
	}
	return f(testEnv{}, this, args)
}

// tc is one table case: call name on this with args; want is repr of the result, or, when
// err is set, the error must start with err ("TypeError: string.repeat"). after, when set, is
// repr of the receiver after the call.
type tc struct {
	name  string
	this  value.Value
	args  []value.Value
	want  string
	err   string
	after string
}

func runCases(t *testing.T, cases []tc) {
	t.Helper()
	for _, c := range cases {
		got, err := call(t, c.name, c.this, c.args)
		label := c.name + "(" + reprs(c.args) + ")"
		if c.this.Kind() != value.NullKind {
			label = repr(c.this) + "." + label
		}
		switch {
		case c.err != "":
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%s = %s, %v; want error %q", label, repr(got), err, c.err)
			} else if _, ok := err.(*value.Error); !ok {
				t.Errorf("%s: error %T is not a *value.Error", label, err)
			}
		case err != nil:
			t.Errorf("%s: unexpected error %v", label, err)
		case repr(got) != c.want:
			t.Errorf("%s = %s, want %s", label, repr(got), c.want)
		}
		if c.after != "" && repr(c.this) != c.after {
			t.Errorf("%s: receiver after = %s, want %s", label, repr(c.this), c.after)
		}
	}
}

func reprs(vs []value.Value) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = repr(v)
	}
	return strings.Join(parts, ", ")
}
