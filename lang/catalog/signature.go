package catalog

import (
	"fmt"
	"strings"
)

// Signature returns the entry's signature as shown in hover and docs, e.g.
// `Math.floor(x: number): number`, `string.slice(start?: integer, end?: integer): string`,
// `Math.max(...values: number): number`; a property, constant or value is `Name: type`, a
// namespace just its name.
func (e *Entry) Signature() string {
	switch e.Kind {
	case KindNamespace:
		return e.Name
	case KindFunction, KindMethod:
		var b strings.Builder
		b.WriteString(e.Name)
		b.WriteString(e.ParamList())
		if e.Type != TypeVoid {
			b.WriteString(": ")
			b.WriteString(string(e.Type))
		}
		return b.String()
	}
	return e.Name + ": " + string(e.Type)
}

// ParamList returns the parenthesised parameter list of a function or method, e.g.
// `(s: any, radix?: integer)`.
func (e *Entry) ParamList() string {
	parts := make([]string, len(e.Params))
	for i, p := range e.Params {
		parts[i] = p.Label()
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// Label returns the parameter as written in a signature: `name: type`, `name?: type` or
// `...name: type`.
func (p Param) Label() string {
	switch {
	case p.Variadic:
		return "..." + p.Name + ": " + string(p.Type)
	case p.Optional:
		return p.Name + "?: " + string(p.Type)
	}
	return p.Name + ": " + string(p.Type)
}

// ArgCountText describes the accepted number of arguments for messages: "no arguments",
// "1 argument", "1 or 2 arguments", "1 to 3 arguments", "at least 1 argument", "any number of
// arguments".
func (e *Entry) ArgCountText() string {
	lo, hi := e.MinArgs(), e.MaxArgs()
	switch {
	case hi < 0 && lo == 0:
		return "any number of arguments"
	case hi < 0:
		return "at least " + plural(lo)
	case lo == hi && lo == 0:
		return "no arguments"
	case lo == hi:
		return plural(lo)
	case hi == lo+1:
		return fmt.Sprintf("%d or %s", lo, plural(hi))
	}
	return fmt.Sprintf("%d to %s", lo, plural(hi))
}

func plural(n int) string {
	if n == 1 {
		return "1 argument"
	}
	return fmt.Sprintf("%d arguments", n)
}
