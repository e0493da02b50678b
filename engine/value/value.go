// Package value is the runtime value model of Flow: null, booleans, numbers, strings, arrays,
// objects, promise handles and built-in functions, with the JavaScript conversions the language
// needs (string form, truthiness, typeof, strict equality, JSON in and out).
//
// Strings are Go strings holding UTF-8. A lone UTF-16 surrogate (which JavaScript strings may
// contain, e.g. after slicing a surrogate pair) is held in the generalised UTF-8 form (the
// three-byte encoding of the surrogate code point, "WTF-8"); the helpers in utf16.go understand
// it, JSON output writes it as a \uXXXX escape and LogString replaces it with U+FFFD.
package value

import "math"

// Kind is the kind of a Value.
type Kind uint8

// The kinds of values. The zero Kind is Null, so the zero Value is null.
const (
	NullKind Kind = iota
	BoolKind
	NumberKind
	StringKind
	ArrayKind
	ObjectKind
	PromiseKind
	FuncKind
	// UninitKind is the kind of Uninit only: never the kind of a language value.
	UninitKind
)

// String returns the kind's name as used in error messages ("null", "boolean", "number",
// "string", "list", "object", "promise", "function").
func (k Kind) String() string {
	switch k {
	case NullKind:
		return "null"
	case BoolKind:
		return "boolean"
	case NumberKind:
		return "number"
	case StringKind:
		return "string"
	case ArrayKind:
		return "list"
	case ObjectKind:
		return "object"
	case PromiseKind:
		return "promise"
	case FuncKind:
		return "function"
	case UninitKind:
		return "uninitialised binding"
	}
	return "unknown"
}

// Value is one Flow value. It is a small struct passed by value; arrays and objects are held
// by pointer, so copying a Value that holds one aliases it (reference semantics, as JavaScript).
// The zero Value is null.
type Value struct {
	kind Kind
	num  float64 // number; bool (0/1); promise handle id
	str  string  // string; qualified name of a function
	obj  *Object
	arr  *Array // array; for a bound method, a one-element array holding the receiver
}

// Null is the null value.
var Null = Value{}

// Uninit is the marker a variable slot of the VM holds while its binding is uninitialised
// (JavaScript's temporal dead zone: a switch clause's declaration that a jump to a later clause
// skipped). It is not a language value: the VM throws a ReferenceError instead of reading it,
// so no other operation ever sees it.
var Uninit = Value{kind: UninitKind}

// True and False are the two boolean values.
var (
	True  = Value{kind: BoolKind, num: 1}
	False = Value{kind: BoolKind}
)

// Bool returns the boolean value b.
func Bool(b bool) Value {
	if b {
		return True
	}
	return False
}

// Num returns the number value f.
func Num(f float64) Value { return Value{kind: NumberKind, num: f} }

// Str returns the string value s.
func Str(s string) Value { return Value{kind: StringKind, str: s} }

// ObjectValue returns a value referring to o (o must not be nil).
func ObjectValue(o *Object) Value { return Value{kind: ObjectKind, obj: o} }

// ArrayValue returns a value referring to a (a must not be nil).
func ArrayValue(a *Array) Value { return Value{kind: ArrayKind, arr: a} }

// Promise returns a promise handle value referring to entry id of the VM's handle table.
func Promise(id int) Value { return Value{kind: PromiseKind, num: float64(id)} }

// Func returns a built-in function value identified by its qualified name (e.g. "Math.floor").
func Func(name string) Value { return Value{kind: FuncKind, str: name} }

// BoundMethod returns a function value for method name (e.g. "string.slice") bound to the
// receiver recv, as produced by reading `"abc".slice`.
func BoundMethod(name string, recv Value) Value {
	return Value{kind: FuncKind, str: name, arr: &Array{Elems: []Value{recv}}}
}

// Kind returns v's kind.
func (v Value) Kind() Kind { return v.kind }

// IsUninit reports whether v is the Uninit marker.
func (v Value) IsUninit() bool { return v.kind == UninitKind }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.kind == NullKind }

// Num returns the number held by v (0 unless v is a number).
func (v Value) Num() float64 {
	if v.kind != NumberKind {
		return 0
	}
	return v.num
}

// Bool returns the boolean held by v (false unless v is a boolean).
func (v Value) Bool() bool { return v.kind == BoolKind && v.num != 0 }

// Str returns the string held by v ("" unless v is a string).
func (v Value) Str() string {
	if v.kind != StringKind {
		return ""
	}
	return v.str
}

// Obj returns the object v refers to (nil unless v is an object).
func (v Value) Obj() *Object {
	if v.kind != ObjectKind {
		return nil
	}
	return v.obj
}

// Arr returns the array v refers to (nil unless v is an array).
func (v Value) Arr() *Array {
	if v.kind != ArrayKind {
		return nil
	}
	return v.arr
}

// Handle returns the promise handle id held by v (-1 unless v is a promise).
func (v Value) Handle() int {
	if v.kind != PromiseKind {
		return -1
	}
	return int(v.num)
}

// FuncName returns the qualified name of the built-in function v ("" unless v is a function).
func (v Value) FuncName() string {
	if v.kind != FuncKind {
		return ""
	}
	return v.str
}

// Receiver returns the receiver a bound method value was read from, and whether v is a bound
// method.
func (v Value) Receiver() (Value, bool) {
	if v.kind != FuncKind || v.arr == nil {
		return Null, false
	}
	return v.arr.Elems[0], true
}

// IsInteger reports whether v is a finite number with no fractional part.
func (v Value) IsInteger() bool {
	return v.kind == NumberKind && !math.IsInf(v.num, 0) && v.num == math.Trunc(v.num)
}
