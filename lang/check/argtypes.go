package check

import (
	"math"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// litKind is the kind of value a literal expression evaluates to.
type litKind struct {
	name    string // "string", "number", "boolean", "null", "list", "object"
	integer bool   // for numbers: the value has no fractional part
	text    string // how to name the kind in a message ("a string")
	raw     string // for numbers: the literal as written ("-1.5")
}

// literalKindOf returns the kind of a literal expression (string, template, number, boolean,
// null, list or object literal); ok is false for anything else.
func literalKindOf(e ast.Expr) (litKind, bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.StringLit, *ast.TemplateLit:
		return litKind{name: "string", text: "a string"}, true
	case *ast.NumberLit:
		return numberKind(x.Value, x.Raw), true
	case *ast.UnaryExpr:
		if n, ok := ast.Unparen(x.X).(*ast.NumberLit); ok && (x.Op == "-" || x.Op == "+") {
			return numberKind(n.Value, x.Op+n.Raw), true
		}
	case *ast.BoolLit:
		return litKind{name: "boolean", text: "a boolean"}, true
	case *ast.NullLit:
		return litKind{name: "null", text: "null"}, true
	case *ast.ArrayLit:
		return litKind{name: "list", text: "a list"}, true
	case *ast.ObjectLit:
		return litKind{name: "object", text: "an object"}, true
	}
	return litKind{}, false
}

func numberKind(v float64, raw string) litKind {
	integer := !math.IsInf(v, 0) && v == math.Trunc(v)
	return litKind{name: "number", integer: integer, text: "a number", raw: raw}
}

// what names the literal in a message about type t: its value when it is a number that t
// rejects only for its value (a fraction for an integer), else its kind.
func (k litKind) what(t catalog.Type) string {
	if k.name == "number" && t == catalog.TypeInteger {
		return k.raw
	}
	return k.text
}

// typeWords names what a catalogue type accepts, for messages.
var typeWords = map[catalog.Type]string{
	catalog.TypeString:         "a string",
	catalog.TypeNumber:         "a number",
	catalog.TypeInteger:        "an integer",
	catalog.TypeBoolean:        "a boolean",
	catalog.TypeObject:         "an object",
	catalog.TypeList:           "a list",
	catalog.TypeCollection:     "a list or an object",
	catalog.TypeNumberOrString: "a number or a string",
	catalog.TypeDuration:       "a duration (a number of seconds or a string such as \"30s\")",
	catalog.TypeInstant:        "an RFC 3339 time string",
	catalog.TypeOptions:        "an options object",
	catalog.TypeFunction:       "a function",
	catalog.TypeNull:           "null",
	catalog.TypePromise:        "a promise",
}

// literalMismatch reports whether a literal of kind k cannot be passed where t is expected
// (spec §12.1: a TypeError, or a RangeError for a fractional integer, at run time), and
// returns what t accepts. null for an optional parameter is the same as omitting it.
func literalMismatch(t catalog.Type, optional bool, k litKind) (string, bool) {
	if k.name == "null" && optional {
		return "", false
	}
	want, known := typeWords[t]
	if !known {
		return "", false // TypeAny and kinds this checker does not know
	}
	var ok bool
	switch t {
	case catalog.TypeString, catalog.TypeInstant:
		ok = k.name == "string"
	case catalog.TypeNumber:
		ok = k.name == "number"
	case catalog.TypeInteger:
		ok = k.name == "number" && k.integer
	case catalog.TypeBoolean:
		ok = k.name == "boolean"
	case catalog.TypeObject, catalog.TypeOptions:
		ok = k.name == "object"
	case catalog.TypeList:
		ok = k.name == "list"
	case catalog.TypeCollection:
		ok = k.name == "list" || k.name == "object"
	case catalog.TypeNumberOrString, catalog.TypeDuration:
		ok = k.name == "number" || k.name == "string"
	case catalog.TypeNull:
		ok = k.name == "null"
	}
	return want, !ok
}

// argTypes reports literal arguments of the wrong kind in a call of en. With skipName the
// first argument is left to nameArg (the name of a durable operation).
func (c *checker) argTypes(call *ast.CallExpr, en *catalog.Entry, name string, skipName bool) {
	for i, a := range call.Args {
		if i == 0 && skipName {
			continue
		}
		if _, ok := a.(*ast.SpreadElem); ok {
			return // later arguments have unknown positions
		}
		p, ok := en.Param(i)
		if !ok {
			return
		}
		k, ok := literalKindOf(a)
		if !ok {
			continue
		}
		if want, bad := literalMismatch(p.Type, p.Optional, k); bad {
			c.warnf(CodeInvalidArgument, a.Span(), "`%s`: argument %d (`%s`) must be %s, not %s", name, i+1, p.Name, want, k.what(p.Type))
		}
	}
}

// optionType reports a literal option value of the wrong kind or out of range (spec §12.3,
// §12.4: `retries` ≥ 0, backoff `factor` ≥ 1). null counts as absent.
func (c *checker) optionType(owner string, o catalog.Option, v ast.Expr) {
	k, ok := literalKindOf(v)
	if !ok {
		return
	}
	if want, bad := literalMismatch(o.Type, true, k); bad {
		c.warnf(CodeInvalidArgument, v.Span(), "the option `%s` of %s must be %s, not %s", o.Name, owner, want, k.what(o.Type))
		return
	}
	if k.name != "number" {
		return
	}
	n, ok := numberValue(v)
	switch {
	case !ok:
	case o.Name == "retries" && n < 0:
		c.warnf(CodeInvalidArgument, v.Span(), "the option `retries` of %s must be at least 0, not %s", owner, k.raw)
	case o.Name == "factor" && n < 1:
		c.warnf(CodeInvalidArgument, v.Span(), "the option `factor` of %s must be at least 1, not %s", owner, k.raw)
	}
}

// numberValue returns the value of a number literal, possibly signed.
func numberValue(e ast.Expr) (float64, bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.NumberLit:
		return x.Value, true
	case *ast.UnaryExpr:
		if n, ok := ast.Unparen(x.X).(*ast.NumberLit); ok {
			switch x.Op {
			case "-":
				return -n.Value, true
			case "+":
				return n.Value, true
			}
		}
	}
	return 0, false
}
