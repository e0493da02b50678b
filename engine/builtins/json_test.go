package builtins

import (
	"testing"

	"github.com/rhythmflow/rhythm/engine/value"
)

// cyclic returns a list that contains itself.
func cyclic() value.Value {
	a := &value.Array{}
	v := value.ArrayValue(a)
	a.Push(N(1), v)
	return v
}

// jsonCases returns fresh cases (some mutate their receivers).
func jsonCases() []tc {
	return []tc{
		{name: "JSON.stringify", args: L(J(`{"b":1,"a":[true,null,"x"]}`)), want: `"{\"b\":1,\"a\":[true,null,\"x\"]}"`},
		{name: "JSON.stringify", args: L(N(nan)), want: `"null"`},
		{name: "JSON.stringify", args: L(N(negZ)), want: `"0"`},
		{name: "JSON.stringify", args: L(S("é\t\"")), want: `"\"é\\t\\\"\""`},
		{name: "JSON.stringify", args: L(J(`{"a":[1,2]}`), null, N(2)), want: `"{\n  \"a\": [\n    1,\n    2\n  ]\n}"`},
		{name: "JSON.stringify", args: L(J(`[1]`), null, S("--")), want: `"[\n--1\n]"`},
		{name: "JSON.stringify", args: L(J(`[1]`), null, N(0)), want: `"[1]"`},
		{name: "JSON.stringify", args: L(handle), want: "null"},
		{name: "JSON.stringify", args: L(cyclic()), err: "TypeError"},
		{name: "JSON.stringify", args: L(N(1), J("[]")), err: "TypeError: JSON.stringify: argument 2 (replacer) must be null"},
		{name: "JSON.stringify", args: L(N(1), null, J("true")), err: "TypeError: JSON.stringify: argument 3 (indent) must be a number or a string"},
		{name: "JSON.stringify", args: L(), err: "TypeError: JSON.stringify expects 1 to 3 arguments, got 0"},
		{name: "JSON.parse", args: L(S(`{"b": 1, "a": [2, {"c": null}]}`)), want: `{"b":1,"a":[2,{"c":null}]}`},
		{name: "JSON.parse", args: L(S(`{"a": 1, "b": 2, "a": 3}`)), want: `{"a":3,"b":2}`},
		{name: "JSON.parse", args: L(S(` "\ud83d\ude00" `)), want: `"😀"`},
		{name: "JSON.parse", args: L(S(`-0`)), want: "-0"},
		{name: "JSON.parse", args: L(S(`{"a":}`)), err: "SyntaxError: JSON.parse: "},
		{name: "JSON.parse", args: L(S(``)), err: "SyntaxError: JSON.parse: "},
		{name: "JSON.parse", args: L(N(1)), err: "TypeError: JSON.parse: argument 1 (text) must be a string, got number 1"},
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	runCases(t, jsonCases())
}

// objectCases returns fresh cases (some mutate their receivers).
func objectCases() []tc {
	return []tc{
		{name: "Object.keys", args: L(J(`{"b":1,"a":2,"1":3}`)), want: `["b","a","1"]`},
		{name: "Object.keys", args: L(J(`["x","y"]`)), want: `["0","1"]`},
		{name: "Object.keys", args: L(S("a😀")), want: `["0","1","2"]`},
		{name: "Object.keys", args: L(N(5)), want: `[]`},
		{name: "Object.keys", args: L(null), err: "TypeError: Object.keys: argument 1 (value) cannot be null"},
		{name: "Object.keys", args: L(), err: "TypeError"},
		{name: "Object.values", args: L(J(`{"a":1,"b":[2]}`)), want: `[1,[2]]`},
		{name: "Object.values", args: L(S("ab")), want: `["a","b"]`},
		{name: "Object.values", args: L(S("😀")), want: `["\ud83d","\ude00"]`},
		{name: "Object.values", args: L(J(`[3,4]`)), want: `[3,4]`},
		{name: "Object.values", args: L(null), err: "TypeError"},
		{name: "Object.entries", args: L(J(`{"a":1,"b":2}`)), want: `[["a",1],["b",2]]`},
		{name: "Object.entries", args: L(J(`["x"]`)), want: `[["0","x"]]`},
		{name: "Object.entries", args: L(J(`true`)), want: `[]`},
		{name: "Object.entries", args: L(null), err: "TypeError"},
		{name: "Object.fromEntries", args: L(J(`[["a",1],["b",2],["a",3]]`)), want: `{"a":3,"b":2}`},
		{name: "Object.fromEntries", args: L(J(`[[1,true],[null]]`)), want: `{"1":true,"null":null}`},
		{name: "Object.fromEntries", args: L(J(`[]`)), want: `{}`},
		{name: "Object.fromEntries", args: L(J(`["ab"]`)), err: "TypeError: Object.fromEntries: entry 0 must be a [key, value] list"},
		{name: "Object.fromEntries", args: L(J(`{"a":1}`)), err: "TypeError: Object.fromEntries: argument 1 (entries) must be a list, got object"},
		{name: "Object.assign", args: L(J(`{"a":1}`), J(`{"b":2}`), J(`{"a":3}`)), want: `{"a":3,"b":2}`},
		{name: "Object.assign", args: L(J(`{}`), null, N(1), J(`["x"]`), S("y😀")), want: `{"0":"y","1":"\ud83d","2":"\ude00"}`},
		{name: "Object.assign", args: L(J(`{"a":1}`)), want: `{"a":1}`},
		{name: "Object.assign", args: L(J(`[1]`), J(`{}`)), err: "TypeError: Object.assign: argument 1 (target) must be an object, got list"},
		{name: "Object.assign", args: L(null), err: "TypeError"},
		{name: "Object.assign", args: L(), err: "TypeError: Object.assign expects at least 1 argument, got 0"},
	}
}

func TestObject(t *testing.T) {
	t.Parallel()
	runCases(t, objectCases())
}

func TestObjectAssignReturnsTarget(t *testing.T) {
	t.Parallel()
	target := J(`{"a":1}`)
	got, err := call(t, "Object.assign", null, L(target, J(`{"b":2}`), target))
	if err != nil || got.Obj() != target.Obj() || repr(target) != `{"a":1,"b":2}` {
		t.Errorf("Object.assign = %s, %v; target %s", repr(got), err, repr(target))
	}
}
