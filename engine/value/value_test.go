package value

import (
	"math"
	"strings"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	point1, point2 := 0.1, 0.2
	cases := []struct {
		f    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-1, "-1"}, {42, "42"},
		{1.5, "1.5"}, {point1 + point2, "0.30000000000000004"}, {1e21, "1e+21"}, {1e20, "100000000000000000000"},
		{123456789012345680000, "123456789012345680000"}, {1.5e-7, "1.5e-7"}, {0.000001, "0.000001"},
		{1e-7, "1e-7"}, {-1.5e300, "-1.5e+300"}, {math.NaN(), "NaN"}, {math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
		{0.5, "0.5"}, {100.25, "100.25"}, {2.5e21, "2.5e+21"}, {9007199254740993, "9007199254740992"},
	}
	for _, c := range cases {
		if got := FormatNumber(c.f); got != c.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestToStringAndTypeOf(t *testing.T) {
	t.Parallel()
	cyc := NewArray([]Value{Num(1)})
	cyc.Arr().Push(cyc)
	cases := []struct {
		v        Value
		str, typ string
		truthy   bool
	}{
		{Null, "null", "object", false},
		{True, "true", "boolean", true},
		{False, "false", "boolean", false},
		{Num(0), "0", "number", false},
		{Num(math.NaN()), "NaN", "number", false},
		{Num(-2), "-2", "number", true},
		{Str(""), "", "string", false},
		{Str("a"), "a", "string", true},
		{NewArray([]Value{Num(1), Null, Str("x"), NewArray([]Value{Num(2), Num(3)})}), "1,,x,2,3", "object", true},
		{NewArray(nil), "", "object", true},
		{cyc, "1,", "object", true},
		{NewObject(), "[object Object]", "object", true},
		{Promise(3), "[promise]", "promise", true},
		{Func("Math.floor"), "[function Math.floor]", "function", true},
	}
	for _, c := range cases {
		if got := ToString(c.v); got != c.str {
			t.Errorf("ToString(%v) = %q, want %q", c.v, got, c.str)
		}
		if got := TypeOf(c.v); got != c.typ {
			t.Errorf("TypeOf(%v) = %q, want %q", c.v, got, c.typ)
		}
		if got := Truthy(c.v); got != c.truthy {
			t.Errorf("Truthy(%v) = %v, want %v", c.v, got, c.truthy)
		}
	}
}

func TestStrictEquals(t *testing.T) {
	t.Parallel()
	a, o := NewArray(nil), NewObject()
	eq := [][2]Value{{Null, Null}, {Num(0), Num(math.Copysign(0, -1))}, {Str("x"), Str("x")}, {a, a}, {o, o},
		{True, True}, {Promise(1), Promise(1)}, {Func("Math.max"), Func("Math.max")}}
	ne := [][2]Value{{Null, False}, {Num(math.NaN()), Num(math.NaN())}, {Num(1), Str("1")}, {a, NewArray(nil)},
		{o, NewObject()}, {Promise(1), Promise(2)}, {BoundMethod("string.at", Str("a")), BoundMethod("string.at", Str("b"))}}
	for _, p := range eq {
		if !StrictEquals(p[0], p[1]) {
			t.Errorf("%v === %v should be true", p[0], p[1])
		}
	}
	for _, p := range ne {
		if StrictEquals(p[0], p[1]) {
			t.Errorf("%v === %v should be false", p[0], p[1])
		}
	}
	if !SameValueZero(Num(math.NaN()), Num(math.NaN())) {
		t.Error("SameValueZero(NaN, NaN) should be true")
	}
}

func TestObjectOrderAndIndex(t *testing.T) {
	t.Parallel()
	o := NewObject().Obj()
	keys := []string{"b", "2", "a", "1", "z", "y", "x", "w", "v", "u", "t"}
	for i, k := range keys {
		o.Set(k, Num(float64(i)))
	}
	o.Set("a", Str("again"))
	if got := strings.Join(o.Keys(), " "); got != strings.Join(keys, " ") {
		t.Fatalf("keys = %s", got)
	}
	if v, _ := o.Get("a"); v.Str() != "again" {
		t.Fatalf("a = %v", v)
	}
	for _, k := range []string{"z", "b", "t", "nope"} {
		o.Delete(k)
	}
	if got := strings.Join(o.Keys(), " "); got != "2 a 1 y x w v u" {
		t.Fatalf("keys after delete = %s", got)
	}
	for _, k := range o.Keys() {
		if !o.Has(k) {
			t.Fatalf("lost key %s", k)
		}
	}
	if o.Has("z") || o.Len() != 8 {
		t.Fatalf("len = %d", o.Len())
	}
}

func TestStringify(t *testing.T) {
	t.Parallel()
	v := MustParseJSON(`{"b":1,"a":[1,"x",null,{"c":true}],"e":{},"f":[]}`)
	v.Obj().Set("h", Promise(1))
	v.Obj().Set("n", Num(math.NaN()))
	v.Obj().Get("a")
	arr, _ := v.Obj().Get("a")
	arr.Arr().Push(Func("Math.abs"))
	s, ok, err := Stringify(v, "")
	if err != nil || !ok || s != `{"b":1,"a":[1,"x",null,{"c":true},null],"e":{},"f":[],"n":null}` {
		t.Fatalf("compact = %s %v %v", s, ok, err)
	}
	s, _, _ = Stringify(MustParseJSON(`{"a":[1,{}],"b":{"c":"d"}}`), JSONIndent(Num(2)))
	want := "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": {\n    \"c\": \"d\"\n  }\n}"
	if s != want {
		t.Fatalf("indented = %q", s)
	}
	if _, ok, _ := Stringify(Promise(1), ""); ok {
		t.Fatal("a handle should stringify to nothing")
	}
	lone := FromUTF16([]uint16{'a', 0xD800, '"', '\n', 0x01})
	if s, _, _ := Stringify(Str(lone), ""); s != `"a\ud800\"\n\u0001"` {
		t.Fatalf("escapes = %s", s)
	}
	cyc := NewObject()
	cyc.Obj().Set("self", cyc)
	if _, _, err := Stringify(cyc, ""); err == nil || err.(*Error).Code != CodeTypeError {
		t.Fatalf("cycle err = %v", err)
	}
	if got := LogString(cyc); got != `{"self":"[Circular]"}` {
		t.Fatalf("log cycle = %s", got)
	}
	if got := LogLine([]Value{Str("x" + lone), Num(1), MustParseJSON(`[1,{"a":null}]`), Null}); got != "xa\uFFFD\"\n\x01 1 [1,{\"a\":null}] null" {
		t.Fatalf("log line = %q", got)
	}
}

func TestToJSONStrict(t *testing.T) {
	t.Parallel()
	v := MustParseJSON(`{"a":{"b-c":[1,2]}}`)
	b, err := ToJSON(v, "Task.run inputs")
	if err != nil || string(b) != `{"a":{"b-c":[1,2]}}` {
		t.Fatalf("%s %v", b, err)
	}
	inner, _ := v.Obj().Get("a")
	list, _ := inner.Obj().Get("b-c")
	list.Arr().Push(Num(math.Inf(1)))
	_, err = ToJSON(v, "Task.run inputs")
	if err == nil || err.Error() != `TypeError: Task.run inputs: Infinity at .a["b-c"][2] cannot be converted to JSON` {
		t.Fatalf("err = %v", err)
	}
	if _, err := ToJSON(Promise(2), "workflow output"); err == nil || err.Error() != "TypeError: workflow output: a promise cannot be converted to JSON" {
		t.Fatalf("err = %v", err)
	}
	shared := NewArray(nil)
	ok := NewArray([]Value{shared, shared})
	if b, err := ToJSON(ok, "x"); err != nil || string(b) != "[[],[]]" {
		t.Fatalf("shared = %s %v", b, err)
	}
	cyc := NewArray(nil)
	cyc.Arr().Push(cyc)
	if _, err := ToJSON(cyc, "x"); err == nil || !strings.Contains(err.Error(), "cyclic") {
		t.Fatalf("cyc = %v", err)
	}
}

func TestParseJSON(t *testing.T) {
	t.Parallel()
	v, err := ParseJSON(` {"z":1,"a":2,"z":3, "u":"\ud83d\ude00\ud800\u00e9\n", "n":[-0.5e2,true,false,null]} `)
	if err != nil {
		t.Fatal(err)
	}
	o := v.Obj()
	if strings.Join(o.Keys(), ",") != "z,a,u,n" {
		t.Fatalf("keys %v", o.Keys())
	}
	if z, _ := o.Get("z"); z.Num() != 3 {
		t.Fatalf("z = %v", z)
	}
	u, _ := o.Get("u")
	if UTF16Len(u.Str()) != 5 {
		t.Fatalf("len(u) = %d", UTF16Len(u.Str()))
	}
	s, _, _ := Stringify(v, "")
	if s != `{"z":3,"a":2,"u":"😀\ud800é\n","n":[-50,true,false,null]}` {
		t.Fatalf("round trip = %s", s)
	}
	bad := map[string]string{
		``:          "Unexpected end of JSON input",
		`{"a":}`:    "Unexpected token } in JSON at position 5",
		`[1,]`:      "Unexpected token ] in JSON at position 3",
		`01`:        "Unexpected token 1 in JSON at position 1",
		`"a`:        "Unexpected end of JSON input",
		`tru`:       "Unexpected end of JSON input",
		`{"a":1} x`: "Unexpected token x in JSON at position 8",
		`"\x"`:      "Unexpected token x in JSON at position 2",
		"\"\t\"":    "Unexpected token \t in JSON at position 1",
	}
	for in, want := range bad {
		_, err := ParseJSON(in)
		if err == nil || err.(*Error).Code != CodeSyntaxError || err.(*Error).Message != want {
			t.Errorf("ParseJSON(%q) err = %v, want %s", in, err, want)
		}
	}
}

func TestUTF16(t *testing.T) {
	t.Parallel()
	s := "a😀é"
	if UTF16Len(s) != 4 || UTF16Len("abc") != 3 {
		t.Fatalf("len = %d", UTF16Len(s))
	}
	if c, ok := UTF16At(s, 1); !ok || c != 0xD83D {
		t.Fatalf("at 1 = %x", c)
	}
	if c, ok := UTF16At(s, 3); !ok || c != 0xE9 {
		t.Fatalf("at 3 = %x", c)
	}
	if _, ok := UTF16At(s, 4); ok {
		t.Fatal("at 4 should be out of range")
	}
	hi := UTF16Slice(s, 1, 2)
	lo := UTF16Slice(s, 2, 3)
	if UTF16Len(hi) != 1 || UTF16Len(lo) != 1 {
		t.Fatal("halves")
	}
	if Concat("a"+hi, lo+"é") != s {
		t.Fatalf("concat = %q", Concat("a"+hi, lo+"é"))
	}
	if UTF16Slice("hello", -3, 99) != "hello" || UTF16Slice("hello", 1, 3) != "el" || UTF16Slice("héllo", 3, 1) != "" {
		t.Fatal("slice")
	}
	if UTF16Index("a😀b😀", "b", 0) != 3 || UTF16Index("abcabc", "c", 3) != 5 || UTF16Index("abc", "x", 0) != -1 {
		t.Fatal("index")
	}
	if ch, _ := UTF16CharAt("héllo", 1); ch != "é" {
		t.Fatal("charAt")
	}
	if got := CodePoints("a😀" + hi); len(got) != 3 || got[1] != "😀" {
		t.Fatalf("code points %q", got)
	}
	if ValidUTF8("x"+hi) != "x\uFFFD" {
		t.Fatal("valid")
	}
}

func TestDeepValues(t *testing.T) {
	t.Parallel()
	deep := NewArray(nil)
	cur := deep
	for i := 0; i < MaxDepth+10; i++ {
		next := NewArray(nil)
		cur.Arr().Push(next)
		cur = next
	}
	if _, _, err := Stringify(deep, ""); err == nil {
		t.Error("Stringify of a too deep value succeeded")
	}
	if _, err := ToJSON(deep, "x"); err == nil {
		t.Error("ToJSON of a too deep value succeeded")
	}
	if !strings.Contains(LogString(deep), "[…]") {
		t.Error("LogString does not cut a too deep value")
	}
	_ = ToString(deep)
	_ = DeepCopy(deep)
	if _, err := ToJSON(JSONSafe(deep), "x"); err != nil {
		t.Errorf("JSONSafe result not convertible: %v", err)
	}
}
