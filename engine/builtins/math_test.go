package builtins

import "testing"

// mathCases returns fresh cases (some mutate their receivers).
func mathCases() []tc {
	return []tc{
		{name: "Math.abs", args: L(N(-3)), want: "3"},
		{name: "Math.abs", args: L(N(negZ)), want: "0"},
		{name: "Math.abs", args: L(S("-3")), err: "TypeError: Math.abs: argument 1 (x) must be a number, got string"},
		{name: "Math.abs", args: L(), err: "TypeError: Math.abs expects 1 argument, got 0"},
		{name: "Math.ceil", args: L(N(1.2)), want: "2"},
		{name: "Math.ceil", args: L(N(-0.5)), want: "-0"},
		{name: "Math.ceil", args: L(null), err: "TypeError"},
		{name: "Math.floor", args: L(N(1.8)), want: "1"},
		{name: "Math.floor", args: L(N(-1.5)), want: "-2"},
		{name: "Math.floor", args: L(N(nan)), want: "NaN"},
		{name: "Math.floor", args: L(N(1), N(2)), err: "TypeError: Math.floor expects 1 argument, got 2"},
		{name: "Math.round", args: L(N(2.5)), want: "3"},
		{name: "Math.round", args: L(N(-2.5)), want: "-2"},
		{name: "Math.round", args: L(N(-0.5)), want: "-0"},
		{name: "Math.round", args: L(N(-0.2)), want: "-0"},
		{name: "Math.round", args: L(N(0.49999999999999994)), want: "0"},
		{name: "Math.round", args: L(N(1.4)), want: "1"},
		{name: "Math.round", args: L(N(-inf)), want: "-Infinity"},
		{name: "Math.round", args: L(N(4503599627370495.5)), want: "4503599627370496"},
		{name: "Math.round", args: L(J("true")), err: "TypeError"},
		{name: "Math.trunc", args: L(N(-1.7)), want: "-1"},
		{name: "Math.trunc", args: L(N(1.7)), want: "1"},
		{name: "Math.trunc", args: L(S("1")), err: "TypeError"},
		{name: "Math.sign", args: L(N(-3)), want: "-1"},
		{name: "Math.sign", args: L(N(5)), want: "1"},
		{name: "Math.sign", args: L(N(negZ)), want: "-0"},
		{name: "Math.sign", args: L(N(nan)), want: "NaN"},
		{name: "Math.sign", args: L(), err: "TypeError"},
		{name: "Math.min", args: L(N(3), N(1), N(2)), want: "1"},
		{name: "Math.min", args: L(), want: "Infinity"},
		{name: "Math.min", args: L(N(0), N(negZ)), want: "-0"},
		{name: "Math.min", args: L(N(1), N(nan)), want: "NaN"},
		{name: "Math.min", args: L(N(1), S("0")), err: "TypeError: Math.min: argument 2 (values) must be a number"},
		{name: "Math.max", args: L(N(3), N(1), N(2)), want: "3"},
		{name: "Math.max", args: L(), want: "-Infinity"},
		{name: "Math.max", args: L(N(negZ), N(0)), want: "0"},
		{name: "Math.max", args: L(null), err: "TypeError"},
		{name: "Math.pow", args: L(N(2), N(10)), want: "1024"},
		{name: "Math.pow", args: L(N(1), N(inf)), want: "NaN"},
		{name: "Math.pow", args: L(N(-1), N(-inf)), want: "NaN"},
		{name: "Math.pow", args: L(N(1), N(nan)), want: "NaN"},
		{name: "Math.pow", args: L(N(nan), N(0)), want: "1"},
		{name: "Math.pow", args: L(N(2), N(0.5)), want: "1.4142135623730951"},
		{name: "Math.pow", args: L(N(2)), err: "TypeError: Math.pow expects 2 arguments, got 1"},
		{name: "Math.sqrt", args: L(N(9)), want: "3"},
		{name: "Math.sqrt", args: L(N(-1)), want: "NaN"},
		{name: "Math.sqrt", args: L(S("9")), err: "TypeError"},
		{name: "Math.log", args: L(N(1)), want: "0"},
		{name: "Math.log", args: L(N(0)), want: "-Infinity"},
		{name: "Math.log", args: L(N(-1)), want: "NaN"},
		{name: "Math.log", args: L(), err: "TypeError"},
		{name: "Math.log2", args: L(N(8)), want: "3"},
		{name: "Math.log2", args: L(N(1024)), want: "10"},
		{name: "Math.log2", args: L(S("8")), err: "TypeError"},
		{name: "Math.log10", args: L(N(1000)), want: "3"},
		{name: "Math.log10", args: L(N(1e15)), want: "15"},
		{name: "Math.log10", args: L(N(1e-5)), want: "-5"},
		{name: "Math.log10", args: L(N(2)), want: "0.3010299956639812"},
		{name: "Math.log10", args: L(null), err: "TypeError"},
		{name: "Math.exp", args: L(N(0)), want: "1"},
		{name: "Math.exp", args: L(N(1)), want: "2.718281828459045"},
		{name: "Math.exp", args: L(N(1), N(2)), err: "TypeError"},
	}
}

func TestMath(t *testing.T) {
	t.Parallel()
	runCases(t, mathCases())
}

func TestConstant(t *testing.T) {
	t.Parallel()
	constants := map[string]string{"Math.PI": "3.141592653589793", "Math.E": "2.718281828459045", "NaN": "NaN", "Infinity": "Infinity"}
	for name, want := range constants {
		v, ok := Constant(name)
		if !ok || repr(v) != want {
			t.Errorf("Constant(%q) = %s, %v; want %s", name, repr(v), ok, want)
		}
	}
	if _, ok := Constant("Math.floor"); ok {
		t.Error("Constant(Math.floor) found a value")
	}
}
