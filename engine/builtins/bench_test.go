package builtins

import (
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/engine/value"
)

func benchCall(b *testing.B, name string, this value.Value, args []value.Value) {
	f, ok := Lookup(name)
	if !ok {
		b.Fatalf("no %s", name)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f(testEnv{}, this, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStringSliceASCII(b *testing.B) {
	benchCall(b, "string.slice", S(strings.Repeat("abcdef", 100)), L(N(10), N(-10)))
}

func BenchmarkStringSliceUnicode(b *testing.B) {
	benchCall(b, "string.slice", S(strings.Repeat("abcdé😀", 100)), L(N(10), N(-10)))
}

func BenchmarkStringSplit(b *testing.B) {
	benchCall(b, "string.split", S(strings.Repeat("field,", 100)), L(S(",")))
}

func BenchmarkMathFloor(b *testing.B) {
	benchCall(b, "Math.floor", null, L(N(1.5)))
}

func BenchmarkArraySort(b *testing.B) {
	elems := make([]value.Value, 1000)
	for i := range elems {
		elems[i] = N(float64((i * 7919) % 1000))
	}
	list := value.NewArray(make([]value.Value, len(elems)))
	f, _ := Lookup("array.sort")
	b.ReportAllocs()
	for b.Loop() {
		copy(list.Arr().Elems, elems)
		if _, err := f(testEnv{}, list, nil); err != nil {
			b.Fatal(err)
		}
	}
}
