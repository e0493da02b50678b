package check

import (
	"sort"
	"sync"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Kind says how a variable was introduced.
type Kind uint8

// Binding kinds.
const (
	KindLet     Kind = iota + 1 // `let` (and `var`, which is reported and then treated as `let`)
	KindConst                   // `const`
	KindCatch                   // the parameter of a `catch` clause
	KindParam                   // a function parameter (§9)
	KindFunc                    // the name of a function declaration or named function expression (§9)
	KindBuiltin                 // a built-in global such as `Math` or `Inputs`
)

// String returns a short word for the kind ("let", "const", "catch parameter", ...).
func (k Kind) String() string {
	switch k {
	case KindLet:
		return "let"
	case KindConst:
		return "const"
	case KindCatch:
		return "catch parameter"
	case KindParam:
		return "parameter"
	case KindFunc:
		return "function"
	case KindBuiltin:
		return "built-in"
	}
	return "?"
}

// Access says what a reference does with its variable.
type Access uint8

// Reference accesses.
const (
	Read      Access = iota + 1 // the value is read
	Write                       // the variable is assigned and the old value is not used
	ReadWrite                   // compound assignment or ++/-- whose result is used
)

// Binding is one declared variable (or built-in global).
type Binding struct {
	Name string
	Kind Kind
	// Ident is the identifier that declares the variable; nil for built-ins.
	Ident *ast.Ident
	// Decl is the node that introduces the binding: the *ast.VarDecl of a let/const (also in a
	// `for (init; …)` head), the *ast.ForOfStmt of a for-of/for-in binding, the *ast.TryStmt of
	// a catch parameter, the *ast.Param of a parameter, the *ast.FuncDecl or *ast.FuncExpr of a
	// function name; nil for built-ins.
	Decl ast.Node
	// Declarator is the *ast.Declarator holding Ident for let/const bindings, else nil.
	Declarator *ast.Declarator
	// Loop is true for a variable declared in the head of a for, for-of or for-in loop.
	Loop bool
	// Shorthand is true when Ident is a shorthand property of an object pattern (`{a}`,
	// `{a = 1}`): renaming it must write `{a: newName}`.
	Shorthand bool
	// Scope is the scope the binding belongs to.
	Scope *Scope
	// Ready is the byte offset at which the binding becomes usable: the end of its declarator
	// (for a for-of/for-in binding, the end of the iterated expression). Any reference that starts
	// before Ready is a use before declaration (spec §12.2). Built-ins and functions are ready
	// everywhere (Ready is 0).
	Ready int
	// Refs lists every reference to the binding (declarations excluded), in source order.
	Refs []*Ref

	restSibling bool // a property next to a rest element: not reported when unused
}

// Used reports whether the binding's value is read anywhere.
func (b *Binding) Used() bool {
	for _, r := range b.Refs {
		if r.Access != Write {
			return true
		}
	}
	return false
}

// Ref is one reference to a variable by name.
type Ref struct {
	Ident   *ast.Ident
	Binding *Binding // nil when the name is not declared anywhere visible
	Access  Access
	// Early is true when the reference comes textually before the binding is ready (spec §12.2).
	Early bool
	// Scope is the innermost scope that contains the reference.
	Scope *Scope
	// Shorthand is true when Ident is a shorthand property (`{a}` in an object literal or an
	// assignment pattern): renaming it must write `{a: newName}`.
	Shorthand bool
}

// Scope is a lexical scope: the universe of built-ins, the workflow body, a block, a loop head, a
// switch body (all clauses share it, spec §12.9), a catch clause (its parameter and its block
// share it) or a function (its parameters and its body share it).
type Scope struct {
	// Node opened the scope: nil for the universe; *ast.File for the workflow body;
	// *ast.BlockStmt for a block or a catch block; *ast.ForStmt / *ast.ForOfStmt for a loop head;
	// *ast.SwitchStmt; *ast.FuncDecl, *ast.FuncExpr or *ast.ArrowFunc for a function.
	Node ast.Node
	// Range is the text the scope covers (the zero Range for the universe).
	Range    source.Range
	Parent   *Scope
	Children []*Scope
	// Bindings are the scope's variables in declaration order (later duplicates excluded).
	Bindings []*Binding
	// Func is true for a function scope (§9): labels and loops do not cross it.
	Func  bool
	names map[string]*Binding
}

// Lookup returns the binding called name declared directly in s, or nil.
func (s *Scope) Lookup(name string) *Binding { return s.names[name] }

// LookupParent returns the binding called name in s or the nearest enclosing scope that
// declares it, or nil.
func (s *Scope) LookupParent(name string) *Binding {
	for sc := s; sc != nil; sc = sc.Parent {
		if b := sc.names[name]; b != nil {
			return b
		}
	}
	return nil
}

// Innermost returns the deepest scope under s (s included) whose Range contains off, or nil
// when off lies outside s. The universe contains every offset.
func (s *Scope) Innermost(off int) *Scope {
	if s.Node != nil && !s.Range.Contains(off) {
		return nil
	}
	for _, c := range s.Children {
		if c.Range.Start.Offset > off {
			break
		}
		if in := c.Innermost(off); in != nil {
			return in
		}
	}
	return s
}

// Scopes is the result of name resolution over one file.
type Scopes struct {
	// Universe holds the built-in globals; its only child is Root.
	Universe *Scope
	// Root is the scope of the workflow body.
	Root *Scope
	// Unresolved lists references to names declared nowhere visible, in source order.
	Unresolved []*Ref
	// Duplicates lists declarations that repeat a name already declared in the same scope,
	// in source order; each Binding is the rejected duplicate (never entered in its scope) and
	// Scope.Lookup(name) gives the first one.
	Duplicates []*Binding

	refs  map[*ast.Ident]*Ref
	decls map[*ast.Ident]*Binding
	all   []*Binding

	indexOnce sync.Once
	index     []*ast.Ident // every declaring or referring identifier, by start offset
}

// Ref returns the reference made by the identifier id, or nil when id is not a variable
// reference (a declaration, a property name, a label, ...).
func (s *Scopes) Ref(id *ast.Ident) *Ref { return s.refs[id] }

// BindingOf returns the binding that id declares or refers to, or nil (undeclared names,
// property names, labels).
func (s *Scopes) BindingOf(id *ast.Ident) *Binding {
	if b := s.decls[id]; b != nil {
		return b
	}
	if r := s.refs[id]; r != nil {
		return r.Binding
	}
	return nil
}

// Bindings returns every declared binding of the file (built-ins and rejected duplicates
// excluded), in source order of their declaring identifiers.
func (s *Scopes) Bindings() []*Binding { return s.all }

// ScopeAt returns the innermost scope containing the byte offset off (Root when off is outside
// every nested scope).
func (s *Scopes) ScopeAt(off int) *Scope {
	if in := s.Root.Innermost(off); in != nil {
		return in
	}
	return s.Root
}

// VisibleAt returns the variables a reference placed at byte offset off could use: the
// bindings of every enclosing scope that are ready at off (spec §12.2), innermost first,
// without the ones shadowed by an inner binding of the same name, then the built-ins in name
// order. This is the list the language server offers for completion.
func (s *Scopes) VisibleAt(off int) []*Binding {
	seen := map[string]bool{}
	var out []*Binding
	for sc := s.ScopeAt(off); sc != nil; sc = sc.Parent {
		var level []*Binding
		for _, b := range sc.Bindings {
			if seen[b.Name] {
				continue
			}
			seen[b.Name] = true // a binding not yet ready still shadows the outer one
			if b.Ready <= off {
				level = append(level, b)
			}
		}
		if sc == s.Universe {
			sort.Slice(level, func(i, j int) bool { return level[i].Name < level[j].Name })
		}
		out = append(out, level...)
	}
	return out
}

// IdentAt returns the variable identifier (declaration or reference, resolved or not) whose
// text contains the byte offset off or ends exactly at off (a cursor just after a name), with
// its binding (nil for an undeclared name). It returns nil, nil when there is none there:
// property names, object keys, labels and other text are not variables. Safe for concurrent
// use.
func (s *Scopes) IdentAt(off int) (*ast.Ident, *Binding) {
	s.indexOnce.Do(s.buildIndex)
	i := sort.Search(len(s.index), func(i int) bool { return s.index[i].Range.End.Offset >= off })
	for ; i < len(s.index) && s.index[i].Range.Start.Offset <= off; i++ {
		id := s.index[i]
		if off <= id.Range.End.Offset {
			return id, s.BindingOf(id)
		}
	}
	return nil, nil
}

func (s *Scopes) buildIndex() {
	for id := range s.decls {
		s.index = append(s.index, id)
	}
	for id := range s.refs {
		s.index = append(s.index, id)
	}
	sort.Slice(s.index, func(i, j int) bool {
		return s.index[i].Range.Start.Offset < s.index[j].Range.Start.Offset
	})
}

// Occurrences returns the declaring identifier of b (none for a built-in) followed by every
// reference to it, in source order: what "find references", "highlight" and "rename" act on.
// A rename must write `name: newName` for the occurrences marked Shorthand (Binding.Shorthand,
// Ref.Shorthand).
func (b *Binding) Occurrences() []*ast.Ident {
	out := make([]*ast.Ident, 0, len(b.Refs)+1)
	if b.Ident != nil {
		out = append(out, b.Ident)
	}
	for _, r := range b.Refs {
		out = append(out, r.Ident)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Offset < out[j].Range.Start.Offset })
	return out
}
