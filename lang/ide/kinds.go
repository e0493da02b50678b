package ide

import (
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
	"github.com/rhythmflow/rhythm/lang/check"
)

// maxKindDepth bounds the inference through variables and calls.
const maxKindDepth = 8

// builtinOf returns the catalogue entry that e denotes when it is statically known: a
// built-in global that no declaration shadows (`parseInt`, `Math`), a member of a built-in
// namespace or value (`Math.floor`, `Task.run`, `Context.workflow`), or a method or property
// of a string or list whose kind is known (`"a,b".split`, `items.push`).
func builtinOf(d *Document, e ast.Expr) (*catalog.Entry, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if isBuiltinRef(d, e) {
			return catalog.Lookup(e.Name)
		}
	case *ast.MemberExpr:
		if e.Prop == nil {
			return nil, false
		}
		if id, ok := ast.Unparen(e.X).(*ast.Ident); ok && isBuiltinRef(d, id) {
			return catalog.Member(id.Name, e.Prop.Name)
		}
		if owner := ownerOfKind(kindOf(d, e.X, 0)); owner != "" {
			return catalog.Member(owner, e.Prop.Name)
		}
	}
	return nil, false
}

// isBuiltinRef reports whether id refers to a built-in global.
func isBuiltinRef(d *Document, id *ast.Ident) bool {
	if id == nil {
		return false
	}
	if ref := d.Scopes().Ref(id); ref != nil {
		return ref.Binding != nil && ref.Binding.Kind == check.KindBuiltin
	}
	return false
}

// ownerOfKind returns the catalogue owner of the methods of values of type t ("string",
// "array") or "".
func ownerOfKind(t catalog.Type) string {
	switch t {
	case catalog.TypeString:
		return catalog.OwnerString
	case catalog.TypeList:
		return catalog.OwnerArray
	}
	return ""
}

// kindOf infers the kind of value e has, when it is known statically: literals, operators
// whose result kind is fixed, built-in calls (by their catalogue type), methods of known
// receivers, and variables never reassigned (the kind of their initialiser). It returns ""
// when the kind is unknown.
func kindOf(d *Document, e ast.Expr, depth int) catalog.Type {
	if depth > maxKindDepth {
		return ""
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.StringLit, *ast.TemplateLit:
		return catalog.TypeString
	case *ast.NumberLit:
		return catalog.TypeNumber
	case *ast.BoolLit:
		return catalog.TypeBoolean
	case *ast.NullLit:
		return catalog.TypeNull
	case *ast.ArrayLit:
		return catalog.TypeList
	case *ast.ObjectLit:
		return catalog.TypeObject
	case *ast.BinaryExpr:
		switch x.Op {
		case "+":
			a, b := kindOf(d, x.X, depth+1), kindOf(d, x.Y, depth+1)
			if a == catalog.TypeString || b == catalog.TypeString {
				return catalog.TypeString
			}
			if a == catalog.TypeNumber && b == catalog.TypeNumber {
				return catalog.TypeNumber
			}
		case "-", "*", "/", "%", "**":
			return catalog.TypeNumber
		case "<", "<=", ">", ">=", "==", "!=", "===", "!==", "in":
			return catalog.TypeBoolean
		}
	case *ast.UnaryExpr:
		switch x.Op {
		case "!", "delete":
			return catalog.TypeBoolean
		case "typeof":
			return catalog.TypeString
		case "-", "+":
			return catalog.TypeNumber
		}
	case *ast.CallExpr:
		if en, ok := builtinOf(d, x.Callee); ok && en.Callable() {
			return normalType(en.Type)
		}
	case *ast.MemberExpr:
		if en, ok := builtinOf(d, x); ok && !en.Callable() && en.Kind != catalog.KindNamespace {
			return normalType(en.Type)
		}
	case *ast.Ident:
		if isBuiltinRef(d, x) {
			if en, ok := catalog.Lookup(x.Name); ok && en.Kind == catalog.KindValue {
				return catalog.TypeObject
			}
			return ""
		}
		return bindingKind(d, d.Scopes().BindingOf(x), depth)
	}
	return ""
}

// normalType maps catalogue result types to the kinds kindOf reports.
func normalType(t catalog.Type) catalog.Type {
	switch t {
	case catalog.TypeInteger:
		return catalog.TypeNumber
	case catalog.TypeAny, catalog.TypeVoid:
		return ""
	}
	return t
}

// bindingKind returns the kind of a variable that is never reassigned and is declared with a
// plain name and an initialiser.
func bindingKind(d *Document, b *check.Binding, depth int) catalog.Type {
	if b == nil || (b.Kind != check.KindConst && b.Kind != check.KindLet) || b.Declarator == nil || b.Declarator.Init == nil {
		return ""
	}
	if id, ok := b.Declarator.Target.(*ast.Ident); !ok || id != b.Ident {
		return ""
	}
	for _, r := range b.Refs {
		if r.Access != check.Read {
			return ""
		}
	}
	return kindOf(d, b.Declarator.Init, depth+1)
}

// kindText is the kind as shown in hovers ("string", "list", ...), "unknown" when "".
func kindText(t catalog.Type) string {
	if t == "" {
		return "unknown"
	}
	return string(t)
}
