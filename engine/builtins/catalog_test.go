package builtins

import (
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// allCases are every table of this package's tests.
func allCases() [][]tc {
	return [][]tc{mathCases(), globalCases(), jsonCases(), objectCases(), stringCases(), arrayCases()}
}

// TestImplementationsMatchCatalogue checks that every callable, non-intrinsic catalogue entry
// has an implementation (except the callback methods, which need functions), and that every
// implementation is such an entry.
func TestImplementationsMatchCatalogue(t *testing.T) {
	t.Parallel()
	for _, e := range catalog.All() {
		_, hasImpl := impls[e.Name]
		_, found := Lookup(e.Name)
		want := e.Callable() && !e.Intrinsic && !e.NeedsFunctions
		if hasImpl != want {
			t.Errorf("%s: implemented %v, want %v", e.Name, hasImpl, want)
		}
		if found != (e.Callable() && !e.Intrinsic) {
			t.Errorf("%s: Lookup found %v", e.Name, found)
		}
		if e.Kind == catalog.KindConstant {
			if _, ok := Constant(e.Name); !ok {
				t.Errorf("%s: constant has no value", e.Name)
			}
		}
	}
	for name := range impls {
		e, ok := catalog.Lookup(name)
		if !ok || !e.Callable() || e.Intrinsic || e.NeedsFunctions {
			t.Errorf("implementation %s is not a pure catalogue function", name)
		}
	}
	for _, name := range []string{"Math.random", "Task.run", "console.log", "Date.now", "Math.PI", "string.length", "Math", "nope"} {
		if _, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) found a function", name)
		}
	}
}

// TestEveryFunctionTested checks that the tables hold, for every implemented function, at
// least three cases of which at least one expects an error.
func TestEveryFunctionTested(t *testing.T) {
	t.Parallel()
	total, errs := map[string]int{}, map[string]int{}
	for _, table := range allCases() {
		for _, c := range table {
			total[c.name]++
			if c.err != "" {
				errs[c.name]++
			}
		}
	}
	for name := range impls {
		if total[name] < 3 || errs[name] < 1 {
			t.Errorf("%s: %d cases, %d error cases; want at least 3 and 1", name, total[name], errs[name])
		}
	}
}

// sample returns a value of the parameter type t, and one of another kind.
func sample(t catalog.Type) (good, bad value.Value) {
	switch t {
	case catalog.TypeString:
		return S("1"), N(1)
	case catalog.TypeNumber, catalog.TypeNumberOrString:
		return N(1), J("true")
	case catalog.TypeInteger:
		return N(1), S("1")
	case catalog.TypeBoolean:
		return J("true"), N(1)
	case catalog.TypeObject:
		return J(`{}`), J(`[]`)
	case catalog.TypeList:
		return J(`[]`), J(`{}`)
	case catalog.TypeNull:
		return null, N(0)
	case catalog.TypeFunction:
		return null, N(0)
	}
	return S("1"), null // any: no wrong kind
}

// TestGenericChecks calls every implemented function with one argument too many, one too few,
// and a wrong kind for each typed parameter, and expects a TypeError naming the function.
func TestGenericChecks(t *testing.T) {
	t.Parallel()
	for _, e := range catalog.All() {
		f, ok := Lookup(e.Name)
		if !ok {
			continue
		}
		this := null
		switch e.Owner {
		case catalog.OwnerString:
			this = S("abc")
		case catalog.OwnerArray:
			this = J(`[1,2]`)
		}
		args := make([]value.Value, e.MinArgs())
		for i := range args {
			args[i], _ = sample(e.Params[i].Type)
		}
		expectTypeError := func(what string, this value.Value, args []value.Value) {
			t.Helper()
			_, err := f(testEnv{}, this, args)
			if err == nil || !strings.HasPrefix(err.Error(), "TypeError: "+e.Name) {
				t.Errorf("%s with %s: error %v, want a TypeError naming it", e.Name, what, err)
			}
		}
		if e.MaxArgs() >= 0 {
			more := append(append([]value.Value{}, args...), make([]value.Value, e.MaxArgs()+1-len(args))...)
			expectTypeError("too many arguments", this, more)
		}
		if len(args) > 0 {
			expectTypeError("too few arguments", this, args[:len(args)-1])
		}
		if this.Kind() != value.NullKind {
			expectTypeError("a null receiver", null, args)
		}
		for i, p := range e.Params {
			if _, bad := sample(p.Type); bad.IsNull() {
				continue
			}
			wrong := make([]value.Value, max(len(args), i+1))
			copy(wrong, args)
			for j := len(args); j < i; j++ {
				wrong[j] = null
			}
			_, wrong[i] = sample(p.Type)
			expectTypeError("a wrong kind for "+p.Name, this, wrong)
		}
	}
}

func TestCheckCallNormalises(t *testing.T) {
	t.Parallel()
	e, _ := catalog.Lookup("array.splice")
	got, err := CheckCall(e, J(`[]`), L(N(1)))
	if err != nil || len(got) != 2 || !got[1].IsNull() {
		t.Errorf("CheckCall(splice, 1) = %v, %v; want [1, null]", got, err)
	}
	got, err = CheckCall(e, J(`[]`), L(N(1), N(0), S("a"), S("b")))
	if err != nil || len(got) != 4 {
		t.Errorf("CheckCall(splice, 4 args) = %v, %v", got, err)
	}
}

func TestCheckCallIntrinsics(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []value.Value
		err  string
	}{
		{"Task.run", L(S("send")), ""},
		{"Task.run", L(S("send"), J(`{"a":1}`), J(`{"retries":2,"timeout":"30s","backoff":{"initial":1,"factor":1.5}}`)), ""},
		{"Task.run", L(S("send"), null, J(`{"priority":null}`)), ""},
		{"Task.run", L(N(1)), "TypeError: Task.run: argument 1 (name) must be a string"},
		{"Task.run", L(S("send"), J(`[]`)), "TypeError: Task.run: argument 2 (inputs) must be an object, got list"},
		{"Task.run", L(S("send"), null, J(`{"retry":1}`)), `TypeError: Task.run options: unknown option "retry" (accepted: queue, priority, retries, timeout, backoff, key)`},
		{"Task.run", L(S("send"), null, J(`{"retries":-1}`)), "RangeError: Task.run options: retries must be at least 0"},
		{"Task.run", L(S("send"), null, J(`{"retries":1.5}`)), "TypeError: Task.run options: retries must be an integer"},
		{"Task.run", L(S("send"), null, J(`{"priority":"high"}`)), "TypeError: Task.run options: priority must be an integer"},
		{"Task.run", L(S("send"), null, J(`{"timeout":"soon"}`)), "TypeError: Task.run options: timeout: invalid duration"},
		{"Task.run", L(S("send"), null, J(`{"timeout":-1}`)), "TypeError: Task.run options: timeout: invalid duration"},
		{"Task.run", L(S("send"), null, J(`{"queue":1}`)), "TypeError: Task.run options: queue must be a string"},
		{"Task.run", L(S("send"), null, J(`{"key":true}`)), "TypeError: Task.run options: key must be a string"},
		{"Task.run", L(S("send"), null, J(`{"backoff":{"factor":0.5}}`)), "RangeError: Task.run options: backoff: factor must be at least 1"},
		{"Task.run", L(S("send"), null, J(`{"backoff":{"jitter":1}}`)), `TypeError: Task.run options: backoff: unknown option "jitter"`},
		{"Task.run", L(S("send"), null, J(`{"backoff":"1s"}`)), "TypeError: Task.run options: backoff must be an object"},
		{"Task.run", L(S("send"), null, S("fast")), "TypeError: Task.run options must be an object"},
		{"Workflow.run", L(S("child"), J(`{}`), J(`{"queue":"q","key":"k"}`)), ""},
		{"Signal.next", L(S("approved"), J(`{"timeout":"2d"}`)), ""},
		{"Signal.next", L(S("approved"), J(`{"retries":1}`)), `TypeError: Signal.next options: unknown option "retries" (accepted: timeout)`},
		{"Timer.delay", L(S("1h30m")), ""},
		{"Timer.delay", L(N(0.5)), ""},
		{"Timer.delay", L(S("1x")), "TypeError: Timer.delay: argument 1 (duration): invalid duration"},
		{"Timer.delay", L(N(-1)), "TypeError: Timer.delay: argument 1 (duration): invalid duration"},
		{"Timer.delay", L(J("true")), "TypeError: Timer.delay: argument 1 (duration): a duration must be"},
		{"Timer.until", L(S("2026-01-01T00:00:00Z")), ""},
		{"Timer.until", L(S("tomorrow")), "TypeError: Timer.until: argument 1 (time): invalid instant"},
		{"Timer.until", L(N(0)), "TypeError: Timer.until: argument 1 (time) must be an RFC 3339 time string"},
		{"Promise.all", L(J(`[1]`)), ""},
		{"Promise.all", L(J(`{}`)), ""},
		{"Promise.all", L(N(1)), "TypeError: Promise.all: argument 1 (handles) must be a list or an object"},
		{"console.log", L(N(1), null, J(`{}`)), ""},
		{"Math.random", L(N(1)), "TypeError: Math.random expects no arguments, got 1"},
	}
	for _, c := range cases {
		e, ok := catalog.Lookup(c.name)
		if !ok {
			t.Fatalf("%s not in the catalogue", c.name)
		}
		_, err := CheckCall(e, null, c.args)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s(%s): unexpected %v", c.name, reprs(c.args), err)
		case c.err != "" && (err == nil || !strings.HasPrefix(err.Error(), c.err)):
			t.Errorf("%s(%s) = %v, want %q", c.name, reprs(c.args), err, c.err)
		}
	}
}

func TestDuration(t *testing.T) {
	t.Parallel()
	cases := map[string]value.Value{"1.5s": N(1.5), "1h30m0s": S("1h30m"), "0s": N(0), "500ms": S("500ms")}
	for want, v := range cases {
		d, err := Duration(v)
		if err != nil || d.String() != want {
			t.Errorf("Duration(%s) = %v, %v; want %s", repr(v), d, err, want)
		}
	}
	for _, v := range []value.Value{S(""), S("1 h"), N(nan), N(inf), null, J("[]")} {
		if _, err := Duration(v); err == nil || !strings.HasPrefix(err.Error(), "TypeError") {
			t.Errorf("Duration(%s) error = %v, want a TypeError", repr(v), err)
		}
	}
}
