package builtins

import (
	"testing"

	"github.com/rhythmflow/rhythm/engine/value"
)

// arrayCases returns fresh cases (some mutate their receivers).
func arrayCases() []tc {
	return []tc{
		{name: "array.at", this: J(`[1,2,3]`), args: L(N(-1)), want: "3"},
		{name: "array.at", this: J(`[1,2,3]`), args: L(N(0)), want: "1"},
		{name: "array.at", this: J(`[1,2,3]`), args: L(N(3)), want: "null"},
		{name: "array.at", this: J(`[1,2,3]`), args: L(N(-4)), want: "null"},
		{name: "array.at", this: J(`[1]`), args: L(N(0.5)), err: "RangeError: array.at: argument 1 (index) must be an integer"},
		{name: "array.at", this: S("abc"), args: L(N(0)), err: "TypeError: array.at called on string \"abc\", not a list"},
		{name: "array.concat", this: J(`[1]`), args: L(J(`[2,[3]]`), N(4)), want: "[1,2,[3],4]", after: "[1]"},
		{name: "array.concat", this: J(`[1]`), args: L(), want: "[1]"},
		{name: "array.concat", this: J(`[]`), args: L(S("ab"), J(`{"a":1}`), null), want: `["ab",{"a":1},null]`},
		{name: "array.concat", this: J(`{"a":1}`), args: L(J(`[1]`)), err: "TypeError: array.concat called on object, not a list"},
		{name: "array.flat", this: J(`[1,[2,[3,[4]]]]`), args: L(), want: "[1,2,[3,[4]]]"},
		{name: "array.flat", this: J(`[1,[2,[3,[4]]]]`), args: L(N(2)), want: "[1,2,3,[4]]"},
		{name: "array.flat", this: J(`[1,[2,[3,[4]]]]`), args: L(N(inf)), want: "[1,2,3,4]"},
		{name: "array.flat", this: J(`[1,[2]]`), args: L(N(0)), want: "[1,[2]]"},
		{name: "array.flat", this: J(`[1,[2]]`), args: L(N(-1)), want: "[1,[2]]"},
		{name: "array.flat", this: J(`[1,[2]]`), args: L(N(1.9)), want: "[1,2]"},
		{name: "array.flat", this: J(`[1,[2]]`), args: L(N(nan)), want: "[1,[2]]"},
		{name: "array.flat", this: J(`[1,[2]]`), args: L(null), want: "[1,2]"},
		{name: "array.flat", this: cyclic(), args: L(N(inf)), err: "RangeError: array.flat"},
		{name: "array.flat", this: J(`[]`), args: L(S("1")), err: "TypeError: array.flat: argument 1 (depth) must be a number"},
		{name: "array.includes", this: J(`[1,2]`), args: L(N(2)), want: "true"},
		{name: "array.includes", this: J(`[1,2]`), args: L(S("2")), want: "false"},
		{name: "array.includes", this: value.NewArray(L(N(nan))), args: L(N(nan)), want: "true"},
		{name: "array.includes", this: J(`[null]`), args: L(null), want: "true"},
		{name: "array.includes", this: J(`[1,2,3]`), args: L(N(1), N(1)), want: "false"},
		{name: "array.includes", this: J(`[1,2,3]`), args: L(N(3), N(-1)), want: "true"},
		{name: "array.includes", this: J(`[[1]]`), args: L(J(`[1]`)), want: "false"},
		{name: "array.includes", this: J(`[]`), args: L(), err: "TypeError: array.includes expects 1 or 2 arguments, got 0"},
		{name: "array.indexOf", this: J(`["a","b","a"]`), args: L(S("a")), want: "0"},
		{name: "array.indexOf", this: J(`["a","b","a"]`), args: L(S("a"), N(1)), want: "2"},
		{name: "array.indexOf", this: J(`["a","b","a"]`), args: L(S("a"), N(-1)), want: "2"},
		{name: "array.indexOf", this: value.NewArray(L(N(nan))), args: L(N(nan)), want: "-1"},
		{name: "array.indexOf", this: J(`[0]`), args: L(N(negZ)), want: "0"},
		{name: "array.indexOf", this: J(`[]`), args: L(N(1), S("0")), err: "TypeError"},
		{name: "array.lastIndexOf", this: J(`[1,2,1]`), args: L(N(1)), want: "2"},
		{name: "array.lastIndexOf", this: J(`[1,2,1]`), args: L(N(1), N(1)), want: "0"},
		{name: "array.lastIndexOf", this: J(`[1,2,1]`), args: L(N(1), N(-2)), want: "0"},
		{name: "array.lastIndexOf", this: J(`[1,2,1]`), args: L(N(1), N(-4)), want: "-1"},
		{name: "array.lastIndexOf", this: J(`[1,2,1]`), args: L(N(1), N(99)), want: "2"},
		{name: "array.lastIndexOf", this: J(`[]`), args: L(N(1)), want: "-1"},
		{name: "array.lastIndexOf", this: J(`[]`), args: L(), err: "TypeError"},
		{name: "array.join", this: J(`[1,null,2]`), args: L(S("-")), want: `"1--2"`},
		{name: "array.join", this: J(`[1,[2,[3]],{"a":1}]`), args: L(), want: `"1,2,3,[object Object]"`},
		{name: "array.join", this: J(`[]`), args: L(), want: `""`},
		{name: "array.join", this: J(`["a","b"]`), args: L(S("")), want: `"ab"`},
		{name: "array.join", this: cyclic(), args: L(S("+")), want: `"1+"`},
		{name: "array.join", this: J(`[1]`), args: L(N(1)), err: "TypeError: array.join: argument 1 (separator) must be a string"},
		{name: "array.slice", this: J(`[1,2,3,4]`), args: L(N(1), N(3)), want: "[2,3]"},
		{name: "array.slice", this: J(`[1,2,3,4]`), args: L(N(-2)), want: "[3,4]"},
		{name: "array.slice", this: J(`[1,2,3,4]`), args: L(), want: "[1,2,3,4]"},
		{name: "array.slice", this: J(`[1,2,3,4]`), args: L(N(3), N(1)), want: "[]"},
		{name: "array.slice", this: J(`[1]`), args: L(N(1), N(2), N(3)), err: "TypeError: array.slice expects 0 to 2 arguments, got 3"},
		{name: "array.reverse", this: J(`[1,2,3]`), args: L(), want: "[3,2,1]", after: "[3,2,1]"},
		{name: "array.reverse", this: J(`[]`), args: L(), want: "[]"},
		{name: "array.reverse", this: J(`[1]`), args: L(N(1)), err: "TypeError"},
		{name: "array.push", this: J(`[1]`), args: L(N(2), N(3)), want: "3", after: "[1,2,3]"},
		{name: "array.push", this: J(`[]`), args: L(), want: "0", after: "[]"},
		{name: "array.push", this: J(`[]`), args: L(null), want: "1", after: "[null]"},
		{name: "array.push", this: J(`{}`), args: L(N(1)), err: "TypeError: array.push called on object, not a list"},
		{name: "array.pop", this: J(`[1,2]`), args: L(), want: "2", after: "[1]"},
		{name: "array.pop", this: J(`[]`), args: L(), want: "null", after: "[]"},
		{name: "array.pop", this: J(`[1]`), args: L(N(0)), err: "TypeError: array.pop expects no arguments, got 1"},
		{name: "array.shift", this: J(`[1,2]`), args: L(), want: "1", after: "[2]"},
		{name: "array.shift", this: J(`[]`), args: L(), want: "null"},
		{name: "array.shift", this: J(`[1]`), args: L(null), err: "TypeError"},
		{name: "array.unshift", this: J(`[3]`), args: L(N(1), N(2)), want: "3", after: "[1,2,3]"},
		{name: "array.unshift", this: J(`[3]`), args: L(), want: "1", after: "[3]"},
		{name: "array.unshift", this: S("x"), args: L(), err: "TypeError"},
		{name: "array.splice", this: J(`[1,2,3,4]`), args: L(N(1), N(2)), want: "[2,3]", after: "[1,4]"},
		{name: "array.splice", this: J(`[1,2,3,4]`), args: L(N(1)), want: "[2,3,4]", after: "[1]"},
		{name: "array.splice", this: J(`[1,2,3,4]`), args: L(N(-1)), want: "[4]", after: "[1,2,3]"},
		{name: "array.splice", this: J(`[1,2,3,4]`), args: L(), want: "[]", after: "[1,2,3,4]"},
		{name: "array.splice", this: J(`[1,2]`), args: L(N(0), N(0), S("a"), S("b")), want: "[]", after: `["a","b",1,2]`},
		{name: "array.splice", this: J(`[1,2,3]`), args: L(N(1), N(99), S("x")), want: "[2,3]", after: `[1,"x"]`},
		{name: "array.splice", this: J(`[1,2,3]`), args: L(N(1), N(-5), S("x")), want: "[]", after: `[1,"x",2,3]`},
		{name: "array.splice", this: J(`[1,2,3]`), args: L(N(9), N(1), S("x")), want: "[]", after: `[1,2,3,"x"]`},
		{name: "array.splice", this: J(`[1,2,3]`), args: L(N(1), null), want: "[2,3]", after: `[1]`},
		{name: "array.splice", this: J(`[1]`), args: L(N(0.5)), err: "RangeError: array.splice: argument 1 (start) must be an integer"},
		{name: "array.splice", this: J(`[1]`), args: L(N(0), S("1")), err: "TypeError: array.splice: argument 2 (count) must be an integer"},
		{name: "array.sort", this: J(`["b","a","c"]`), args: L(), want: `["a","b","c"]`, after: `["a","b","c"]`},
		{name: "array.sort", this: J(`[10,9,1,100]`), args: L(), want: "[1,10,100,9]"},
		{name: "array.sort", this: J(`[null,"m","nz",true,"a"]`), args: L(), want: `["a","m",null,"nz",true]`},
		{name: "array.sort", this: J(`[[2,1],[1,2],"1,2"]`), args: L(), want: `[[1,2],"1,2",[2,1]]`},
		{name: "array.sort", this: J(`[{"k":1},{"k":2},"[object Array]"]`), args: L(), want: `["[object Array]",{"k":1},{"k":2}]`},
		{name: "array.sort", this: value.NewArray(L(S("\uff61"), S(emoji), S("a"))), args: L(), want: `["a","😀","｡"]`},
		{name: "array.sort", this: J(`[]`), args: L(null), want: "[]"},
		{name: "array.sort", this: J(`[]`), args: L(N(1)), err: "TypeError: array.sort: argument 1 (compare) must be a function, and functions are not supported yet"},
		{name: "array.map", this: J(`[1]`), args: L(N(1)), err: "TypeError: array.map: argument 1 (callback) must be a function, and functions are not supported yet"},
		{name: "array.map", this: J(`[1]`), args: L(), err: "TypeError: array.map expects 1 argument, got 0"},
		{name: "array.reduce", this: J(`[1]`), args: L(null, N(0)), err: "TypeError: array.reduce: argument 1 (callback) must be a function"},
	}
}

func TestArrayMethods(t *testing.T) {
	t.Parallel()
	runCases(t, arrayCases())
}

func TestSortIsStable(t *testing.T) {
	t.Parallel()
	a, b, c := J(`{"id":1}`), J(`{"id":2}`), J(`{"id":3}`)
	list := value.NewArray(L(a, S("[object Object]"), b, c))
	if _, err := call(t, "array.sort", list, nil); err != nil {
		t.Fatal(err)
	}
	got := list.Arr().Elems
	if got[0].Obj() != a.Obj() || got[1].Kind() != value.StringKind || got[2].Obj() != b.Obj() || got[3].Obj() != c.Obj() {
		t.Errorf("sort is not stable: %s", repr(list))
	}
}

func TestMutatorsKeepIdentity(t *testing.T) {
	t.Parallel()
	list := J(`[3,1,2]`)
	alias := list
	for _, name := range []string{"array.sort", "array.reverse"} {
		got, err := call(t, name, list, nil)
		if err != nil || got.Arr() != alias.Arr() {
			t.Errorf("%s did not return its receiver: %s, %v", name, repr(got), err)
		}
	}
	if repr(alias) != "[3,2,1]" {
		t.Errorf("alias sees %s, want [3,2,1]", repr(alias))
	}
}
