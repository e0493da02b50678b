package catalog

// Kind says what sort of built-in an Entry is.
type Kind int

// The kinds of entries.
const (
	// KindNamespace is a global object whose members are all built-ins (Math, JSON, Task, ...).
	// An unknown member of a namespace is a compile error (spec §12.18).
	KindNamespace Kind = iota + 1
	// KindFunction is a callable global or namespace member (parseInt, Math.floor, Task.run).
	KindFunction
	// KindMethod is a method of every string or every list ("string.slice", "array.push").
	KindMethod
	// KindProperty is a read-only property of strings or lists ("string.length") or a field of
	// a global value ("Context.executionId").
	KindProperty
	// KindConstant is a constant namespace member (Math.PI, Math.E).
	KindConstant
	// KindValue is a global that holds an ordinary value the workflow may read and modify
	// (Inputs, Context).
	KindValue
)

// String returns the kind's name as shown in docs: "namespace", "function", "method",
// "property", "constant" or "value".
func (k Kind) String() string {
	switch k {
	case KindNamespace:
		return "namespace"
	case KindFunction:
		return "function"
	case KindMethod:
		return "method"
	case KindProperty:
		return "property"
	case KindConstant:
		return "constant"
	case KindValue:
		return "value"
	}
	return "unknown"
}

// Type is the kind of value a parameter accepts or a built-in returns. Argument checks at run
// time (engine/builtins) and at compile time (lang/check) are driven by it.
type Type string

// Parameter and result types.
const (
	// TypeAny accepts every value.
	TypeAny Type = "any"
	// TypeString accepts strings only.
	TypeString Type = "string"
	// TypeNumber accepts numbers only (NaN and ±Infinity included).
	TypeNumber Type = "number"
	// TypeInteger accepts numbers only; a number with a fractional part (or NaN, ±Infinity) is a
	// RangeError (spec §12.1).
	TypeInteger Type = "integer"
	// TypeBoolean accepts booleans only.
	TypeBoolean Type = "boolean"
	// TypeObject accepts an object that is not a list.
	TypeObject Type = "object"
	// TypeList accepts a list (array) only.
	TypeList Type = "list"
	// TypeCollection accepts a list or an object (the promise combinators).
	TypeCollection Type = "list|object"
	// TypeNumberOrString accepts a number or a string (JSON.stringify's indent).
	TypeNumberOrString Type = "number|string"
	// TypeDuration accepts a duration: a finite number of seconds ≥ 0 or a string such as
	// "1h30m" (spec §6, §12.13).
	TypeDuration Type = "duration"
	// TypeInstant accepts an RFC 3339 instant string with `Z` or an offset.
	TypeInstant Type = "instant"
	// TypeOptions accepts an object whose keys are listed in the entry's Options.
	TypeOptions Type = "options"
	// TypeFunction is a function argument (the callback methods of §9 and sort's comparator);
	// functions are not part of the language yet, so no value is accepted.
	TypeFunction Type = "function"
	// TypeNull is the null value. As a parameter type it accepts only null (which, for an
	// optional parameter, is the same as omitting it); as a result it means "always null".
	TypeNull Type = "null"
	// TypePromise is a promise handle (the result of every durable operation).
	TypePromise Type = "promise"
	// TypeVoid marks a result-less entry (namespaces).
	TypeVoid Type = ""
)

// Param is one parameter of a function or method.
type Param struct {
	Name string
	Type Type
	// Optional parameters may be omitted; passing null is the same as omitting them (§12.1).
	Optional bool
	// Variadic is set on the last parameter when it takes any number of arguments (zero or
	// more), each of Type.
	Variadic bool
	Doc      string
}

// Option is one key of an options object (Task.run, Workflow.run, Signal.next).
type Option struct {
	Name string
	Type Type
	Doc  string
	// Fields lists the keys of an option that is itself an object (backoff), else nil.
	Fields []Option
}

// Entry is one built-in.
type Entry struct {
	// Name is the qualified name ("Math.floor", "parseInt", "string.slice").
	Name string
	Kind Kind
	// Owner is the namespace or global the entry belongs to ("Math", "Context"), "string" or
	// "array" for methods and properties of every string or list, "" for globals.
	Owner string
	// Member is the name after the owner ("floor"); for a global it equals Name.
	Member string
	// Params are the parameters of a function or method, in order.
	Params []Param
	// Type is the result type of a function or method, or the type of a property, constant or
	// value (TypeVoid for namespaces).
	Type Type
	// Returns documents the result (Markdown), empty when Type says it all.
	Returns string
	// Doc is the summary documentation (Markdown, one or more sentences).
	Doc string
	// Examples are short Flow snippets, each a line or a few.
	Examples []string
	// Options lists the accepted keys of the entry's TypeOptions parameter, nil if none.
	Options []Option
	// Durable is set when the entry returns a promise handle and records an effect (spec §6).
	Durable bool
	// Intrinsic is set when the VM implements the entry itself (durable operations, clock and
	// random reads, logging) rather than engine/builtins.
	Intrinsic bool
	// NeedsFunctions is set on the callback methods of spec §9, which need functions: they are
	// listed for the editor and the docs but cannot be called yet.
	NeedsFunctions bool
}

// Callable reports whether the entry can be called (a function or method).
func (e *Entry) Callable() bool { return e.Kind == KindFunction || e.Kind == KindMethod }

// MinArgs returns the number of required arguments (parameters that are neither optional nor
// variadic).
func (e *Entry) MinArgs() int {
	n := 0
	for _, p := range e.Params {
		if !p.Optional && !p.Variadic {
			n++
		}
	}
	return n
}

// MaxArgs returns the largest accepted number of arguments, or -1 when the last parameter is
// variadic.
func (e *Entry) MaxArgs() int {
	if k := len(e.Params); k > 0 && e.Params[k-1].Variadic {
		return -1
	}
	return len(e.Params)
}

// AcceptsArgs reports whether a call with n arguments has an acceptable count.
func (e *Entry) AcceptsArgs(n int) bool {
	return n >= e.MinArgs() && (e.MaxArgs() < 0 || n <= e.MaxArgs())
}

// Param returns the parameter that receives the i-th argument (0-based): the i-th parameter, or
// the variadic last one for any index beyond it. ok is false when no parameter receives it.
func (e *Entry) Param(i int) (p Param, ok bool) {
	if i < 0 || len(e.Params) == 0 {
		return Param{}, false
	}
	if i < len(e.Params) {
		return e.Params[i], true
	}
	if last := e.Params[len(e.Params)-1]; last.Variadic {
		return last, true
	}
	return Param{}, false
}

// Option returns the option called name of the entry's options parameter.
func (e *Entry) Option(name string) (Option, bool) {
	for _, o := range e.Options {
		if o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}
