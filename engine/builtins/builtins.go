// Package builtins implements the built-ins of lang/catalog on engine/value values: the Math,
// JSON, Object, Array and Number functions, the conversion functions, and the string and list
// methods. Entries flagged Intrinsic in the catalogue (durable operations, clock and random
// reads, console.log) are implemented by the VM, which may still use CheckArgs and the option
// and duration helpers of this package for them.
//
// Every function returned by Lookup checks its arguments against the catalogue first (spec
// §12.1): the argument count, `null` for an optional parameter as omitted, the kind of each
// argument (TypeError), integers (a fractional number is a RangeError). So the table and the
// implementation cannot disagree.
package builtins

import (
	"math"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// Env is what a built-in may read from the running workflow: its clock and random source (so
// that built-ins needing them read them from the VM, never from the machine) and its size
// limit.
type Env interface {
	Now() time.Time
	Random() float64
	// MaxSize is the size limit of the workflow, in bytes (<= 0: none). Every built-in that
	// builds a string fails with SizeLimit, before building it, when it would be longer.
	MaxSize() int
}

// Func is a built-in function or method. this is the receiver of a string or list method (null
// for functions); args are the call's arguments. An error is a *value.Error (TypeError,
// RangeError, SyntaxError) for the VM to throw.
type Func func(env Env, this value.Value, args []value.Value) (value.Value, error)

// impl is an implementation before argument checking. It receives args normalised by
// CheckArgs: one element per declared parameter (null for an omitted optional one), then the
// variadic arguments.
type impl func(env Env, this value.Value, args []value.Value) (value.Value, error)

// impls maps qualified catalogue names to implementations. Each file registers its own.
var impls = map[string]impl{}

// register adds an implementation; it panics on a name registered twice (a programming error).
func register(name string, f impl) {
	if _, dup := impls[name]; dup {
		panic("builtins: " + name + " registered twice")
	}
	impls[name] = f
}

// Lookup returns the checked implementation of the catalogue function or method called
// qualified ("Math.floor", "parseInt", "string.slice", "array.push", "JSON.parse"). It reports
// false for names that are not in the catalogue, are not callable, or are intrinsic to the VM.
// The callback methods of spec §9 (catalogue flag NeedsFunctions) are found: calling them is a
// TypeError, since no function value can be passed yet.
func Lookup(qualified string) (Func, bool) {
	e, ok := catalog.Lookup(qualified)
	if !ok || !e.Callable() || e.Intrinsic {
		return nil, false
	}
	f := impls[qualified]
	return func(env Env, this value.Value, args []value.Value) (value.Value, error) {
		norm, err := CheckCall(e, this, args)
		if err != nil {
			return value.Null, err
		}
		if f == nil {
			return value.Null, value.TypeErrorf("%s needs functions, which are not supported yet", e.Name)
		}
		return f(env, this, norm)
	}, true
}

// Constant returns the value of a catalogue constant ("Math.PI", "Math.E", "NaN",
// "Infinity").
func Constant(qualified string) (value.Value, bool) {
	switch qualified {
	case "NaN":
		return value.Num(math.NaN()), true
	case "Infinity":
		return value.Num(math.Inf(1)), true
	case "Math.PI":
		return value.Num(3.141592653589793), true
	case "Math.E":
		return value.Num(2.718281828459045), true
	}
	return value.Null, false
}

// Property returns the built-in property name of v: `length` of a string (UTF-16 code units)
// or of a list. It reports false for anything else (the VM then reads ordinary keys, or the
// method of that name).
func Property(v value.Value, name string) (value.Value, bool) {
	if name != "length" {
		return value.Null, false
	}
	switch v.Kind() {
	case value.StringKind:
		return value.Num(float64(value.UTF16Len(v.Str()))), true
	case value.ArrayKind:
		return value.Num(float64(v.Arr().Len())), true
	}
	return value.Null, false
}

// MethodName returns the qualified catalogue name of method name on receiver v
// ("string.slice", "array.push"), and false when v has no such built-in method.
func MethodName(v value.Value, name string) (string, bool) {
	owner := ""
	switch v.Kind() {
	case value.StringKind:
		owner = catalog.OwnerString
	case value.ArrayKind:
		owner = catalog.OwnerArray
	default:
		return "", false
	}
	e, ok := catalog.Member(owner, name)
	if !ok || e.Kind != catalog.KindMethod {
		return "", false
	}
	return e.Name, true
}
