package builtins

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/engine/value"
)

// widen maps the ASCII letters a, b, c to the one-code-unit letters é, ü, ß, so that a string
// keeps its UTF-16 structure but leaves the ASCII fast paths.
var (
	widen  = strings.NewReplacer("a", "é", "b", "ü", "c", "ß")
	narrow = strings.NewReplacer("é", "a", "ü", "b", "ß", "c")
)

// TestFastPathsAgree checks that the ASCII fast paths of the string methods give the results of
// the general UTF-16 paths: every method is run on random strings over {a, b, c, ","} and on
// their widened forms, and the results must correspond.
func TestFastPathsAgree(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	word := func(max int) string {
		var b strings.Builder
		for n := r.IntN(max + 1); n > 0; n-- {
			b.WriteByte("abc,"[r.IntN(4)])
		}
		return b.String()
	}
	methods := []struct {
		name string
		args func() []value.Value
	}{
		{"string.indexOf", func() []value.Value { return L(S(word(2)), N(float64(r.IntN(10)-2))) }},
		{"string.lastIndexOf", func() []value.Value { return L(S(word(2)), N(float64(r.IntN(10)-2))) }},
		{"string.includes", func() []value.Value { return L(S(word(2)), N(float64(r.IntN(10)))) }},
		{"string.startsWith", func() []value.Value { return L(S(word(2)), N(float64(r.IntN(10)-2))) }},
		{"string.endsWith", func() []value.Value { return L(S(word(2)), N(float64(r.IntN(10)-2))) }},
		{"string.split", func() []value.Value { return L(S(word(2)), N(float64(r.IntN(5)))) }},
		{"string.split", func() []value.Value { return L(S(word(2))) }},
		{"string.replace", func() []value.Value { return L(S(word(2)), S(word(2))) }},
		{"string.replaceAll", func() []value.Value { return L(S(word(2)), S(word(2))) }},
		{"string.slice", func() []value.Value { return L(N(float64(r.IntN(12)-6)), N(float64(r.IntN(12)-6))) }},
		{"string.padStart", func() []value.Value { return L(N(float64(r.IntN(12))), S(word(3))) }},
		{"string.padEnd", func() []value.Value { return L(N(float64(r.IntN(12))), S(word(3))) }},
		{"string.at", func() []value.Value { return L(N(float64(r.IntN(12) - 6))) }},
		{"string.repeat", func() []value.Value { return L(N(float64(r.IntN(4)))) }},
	}
	for i := 0; i < 3000; i++ {
		m := methods[i%len(methods)]
		s, args := word(8), m.args()
		wargs := make([]value.Value, len(args))
		for j, a := range args {
			wargs[j] = a
			if a.Kind() == value.StringKind {
				wargs[j] = S(widen.Replace(a.Str()))
			}
		}
		plain, err1 := call(t, m.name, S(s), args)
		wide, err2 := call(t, m.name, S(widen.Replace(s)), wargs)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q.%s(%s): errors differ: %v / %v", s, m.name, reprs(args), err1, err2)
		}
		if got, want := narrow.Replace(repr(wide)), repr(plain); got != want {
			t.Fatalf("%q.%s(%s) = %s, but widened gives %s", s, m.name, reprs(args), want, got)
		}
	}
}
