package builtins

import (
	"math"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// CheckCall checks a call of catalogue entry e with receiver this and arguments args (spec
// §12.1) and returns the arguments normalised: one element per declared parameter, null for an
// omitted optional one, followed by the variadic arguments. The error is a *value.Error:
//   - a method called on a receiver of the wrong kind, too few or too many arguments, or an
//     argument of the wrong kind: TypeError naming the function (and the argument);
//   - a number with a fractional part (or NaN, ±Infinity) for an integer parameter:
//     RangeError naming the function and the argument.
//
// null for an optional parameter is the same as omitting it. Options objects are checked with
// CheckOptions, durations with Duration, instants with catalog.ParseInstant.
func CheckCall(e *catalog.Entry, this value.Value, args []value.Value) ([]value.Value, error) {
	switch e.Owner {
	case catalog.OwnerString:
		if this.Kind() != value.StringKind {
			return nil, value.TypeErrorf("%s called on %s, not a string", e.Name, value.Describe(this))
		}
	case catalog.OwnerArray:
		if this.Kind() != value.ArrayKind {
			return nil, value.TypeErrorf("%s called on %s, not a list", e.Name, value.Describe(this))
		}
	}
	if !e.AcceptsArgs(len(args)) {
		return nil, value.TypeErrorf("%s expects %s, got %d", e.Name, e.ArgCountText(), len(args))
	}
	for i, a := range args {
		p, _ := e.Param(i)
		if a.IsNull() && p.Optional {
			continue
		}
		if err := checkArg(e, i, p, a); err != nil {
			return nil, err
		}
	}
	fixed := len(e.Params)
	if fixed > 0 && e.Params[fixed-1].Variadic {
		fixed--
	}
	if len(args) >= fixed {
		return args, nil
	}
	out := make([]value.Value, fixed)
	copy(out, args)
	return out, nil
}

// checkArg checks argument i (0-based) against parameter p.
func checkArg(e *catalog.Entry, i int, p catalog.Param, v value.Value) error {
	bad := func(want string) error {
		return value.TypeErrorf("%s: argument %d (%s) must be %s, got %s", e.Name, i+1, p.Name, want, value.Describe(v))
	}
	k := v.Kind()
	switch p.Type {
	case catalog.TypeAny:
		return nil
	case catalog.TypeString:
		if k != value.StringKind {
			return bad("a string")
		}
	case catalog.TypeNumber:
		if k != value.NumberKind {
			return bad("a number")
		}
	case catalog.TypeInteger:
		if k != value.NumberKind {
			return bad("an integer")
		}
		if !v.IsInteger() {
			return value.RangeErrorf("%s: argument %d (%s) must be an integer, got %s", e.Name, i+1, p.Name, value.Describe(v))
		}
	case catalog.TypeBoolean:
		if k != value.BoolKind {
			return bad("a boolean")
		}
	case catalog.TypeObject:
		if k != value.ObjectKind {
			return bad("an object")
		}
	case catalog.TypeList:
		if k != value.ArrayKind {
			return bad("a list")
		}
	case catalog.TypeCollection:
		if k != value.ArrayKind && k != value.ObjectKind {
			return bad("a list or an object")
		}
	case catalog.TypeNumberOrString:
		if k != value.NumberKind && k != value.StringKind {
			return bad("a number or a string")
		}
	case catalog.TypeNull:
		if k != value.NullKind {
			return bad("null")
		}
	case catalog.TypeFunction:
		return value.TypeErrorf("%s: argument %d (%s) must be a function, and functions are not supported yet", e.Name, i+1, p.Name)
	case catalog.TypePromise:
		if k != value.PromiseKind {
			return bad("a promise")
		}
	case catalog.TypeDuration:
		if _, err := Duration(v); err != nil {
			return value.TypeErrorf("%s: argument %d (%s): %s", e.Name, i+1, p.Name, errMessage(err))
		}
	case catalog.TypeInstant:
		if k != value.StringKind {
			return bad("an RFC 3339 time string")
		}
		if _, err := catalog.ParseInstant(v.Str()); err != nil {
			return value.TypeErrorf("%s: argument %d (%s): %v", e.Name, i+1, p.Name, err)
		}
	case catalog.TypeOptions:
		return CheckOptions(e, v)
	default:
		return value.TypeErrorf("%s: argument %d (%s) has the unknown kind %q", e.Name, i+1, p.Name, p.Type)
	}
	return nil
}

// errMessage returns the message of err without the code prefix of a *value.Error.
func errMessage(err error) string {
	if ve, ok := err.(*value.Error); ok {
		return ve.Message
	}
	return err.Error()
}

// toInt converts an integer-valued number (as checked for TypeInteger) to an int, clamping its
// magnitude to 2^53 so that later arithmetic cannot overflow.
func toInt(f float64) int {
	const limit = 1 << 53
	switch {
	case f > limit:
		return limit
	case f < -limit:
		return -limit
	case math.IsNaN(f):
		return 0
	}
	return int(f)
}

// intArg returns argument v as an int, or def when v is null (an omitted optional parameter).
func intArg(v value.Value, def int) int {
	if v.IsNull() {
		return def
	}
	return toInt(v.Num())
}

// relIndex resolves a possibly negative index against length n as slice does: a negative x
// counts from the end; the result is clamped to [0, n].
func relIndex(x, n int) int {
	if x < 0 {
		return max(n+x, 0)
	}
	return min(x, n)
}
