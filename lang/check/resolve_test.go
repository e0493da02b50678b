package check_test

import (
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/parser"
)

// resolveSrc parses src (which must have no syntax error) and resolves it.
func resolveSrc(t *testing.T, src string) (*ast.File, *check.Scopes) {
	t.Helper()
	f, ds := parser.Parse("resolve.flow", []byte(src))
	if len(ds) > 0 {
		t.Fatalf("syntax errors: %v", ds)
	}
	return f, check.Resolve(f)
}

// idents returns the identifiers called name, in source order.
func idents(f *ast.File, name string) []*ast.Ident {
	var out []*ast.Ident
	seen := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
		return true
	})
	return out
}

func TestResolveBindingsAndRefs(t *testing.T) {
	t.Parallel()
	src := `let a = 1
{
  const a = 2
  console.log(a)
}
a = a + 1
for (const x of [a]) { console.log(x) }
try { console.log(1) } catch (err) { console.log(err.message) }
console.log(Inputs.a, undeclared)
`
	f, sc := resolveSrc(t, src)
	as := idents(f, "a")
	// let a, const a, console.log(a), a = ..., a + 1, [a]. Property names (Inputs.a) are not
	// identifiers of the tree walk's variables but still Ident nodes: the last one.
	if len(as) != 7 {
		t.Fatalf("found %d idents a, want 7", len(as))
	}
	outer, inner := sc.BindingOf(as[0]), sc.BindingOf(as[1])
	if outer == nil || inner == nil || outer == inner {
		t.Fatalf("outer %v inner %v", outer, inner)
	}
	if outer.Kind != check.KindLet || inner.Kind != check.KindConst {
		t.Errorf("kinds %v %v", outer.Kind, inner.Kind)
	}
	if outer.Ident != as[0] || inner.Ident != as[1] {
		t.Errorf("declaring identifiers not kept")
	}
	if sc.BindingOf(as[2]) != inner {
		t.Errorf("a inside the block does not resolve to the inner const")
	}
	for _, id := range as[3:6] {
		if sc.BindingOf(id) != outer {
			t.Errorf("%v does not resolve to the outer let", id.Range)
		}
	}
	if sc.Ref(as[6]) != nil || sc.BindingOf(as[6]) != nil {
		t.Errorf("property name Inputs.a resolved as a variable")
	}
	if got := len(outer.Refs); got != 3 {
		t.Fatalf("outer a has %d refs, want 3", got)
	}
	if outer.Refs[0].Access != check.Write || outer.Refs[1].Access != check.Read {
		t.Errorf("accesses %v %v", outer.Refs[0].Access, outer.Refs[1].Access)
	}
	x := sc.BindingOf(idents(f, "x")[0])
	if x == nil || !x.Loop || x.Kind != check.KindConst {
		t.Errorf("for-of binding %+v", x)
	}
	if _, ok := x.Decl.(*ast.ForOfStmt); !ok {
		t.Errorf("for-of binding Decl is %T", x.Decl)
	}
	e := sc.BindingOf(idents(f, "err")[0])
	if e == nil || e.Kind != check.KindCatch || len(e.Refs) != 1 {
		t.Errorf("catch binding %+v", e)
	}
	in := sc.BindingOf(idents(f, "Inputs")[0])
	if in == nil || in.Kind != check.KindBuiltin || in.Scope != sc.Universe {
		t.Errorf("Inputs resolves to %+v", in)
	}
	if len(sc.Unresolved) != 1 || sc.Unresolved[0].Ident.Name != "undeclared" {
		t.Errorf("unresolved %v", sc.Unresolved)
	}
	if got := len(sc.Bindings()); got != 4 {
		t.Errorf("%d bindings, want 4 (a, a, x, err)", got)
	}
}

func TestResolveEarlyAndDuplicates(t *testing.T) {
	t.Parallel()
	src := "console.log(b)\nlet b = 1\nlet b = 2\nswitch (b) {\ncase 1:\n  let s = 1\n  break\ndefault:\n  let s = 2\n}\n"
	f, sc := resolveSrc(t, src)
	bs := idents(f, "b")
	ref := sc.Ref(bs[0])
	if ref == nil || !ref.Early || ref.Binding != sc.BindingOf(bs[1]) {
		t.Fatalf("early reference %+v", ref)
	}
	if len(sc.Duplicates) != 2 || sc.Duplicates[0].Ident != bs[2] || sc.Duplicates[1].Name != "s" {
		t.Fatalf("duplicates %v", sc.Duplicates)
	}
	if sc.BindingOf(bs[3]) != sc.BindingOf(bs[1]) {
		t.Errorf("the switch discriminant resolves to the first declaration")
	}
}

// offsetOf returns the byte offset of the marker in src.
func offsetOf(t *testing.T, src, marker string) int {
	t.Helper()
	i := strings.Index(src, marker)
	if i < 0 {
		t.Fatalf("marker %q not found", marker)
	}
	return i
}

func names(bs []*check.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Kind != check.KindBuiltin {
			out = append(out, b.Name)
		}
	}
	return out
}

func TestVisibleAt(t *testing.T) {
	t.Parallel()
	src := `let a = 1
let shadow = 0
{
  const b = a
  /*1*/
  let shadow = 2
  console.log(b, shadow)
}
/*2*/
for (let i = 0; i < 3; i++) {
  /*3*/
}
try { console.log(a) } catch (e) {
  /*4*/
}
const late = 5
console.log(late)
`
	_, sc := resolveSrc(t, src)
	tests := []struct {
		marker string
		want   string
	}{
		// In the block: b is ready, the inner shadow is not yet ready but hides the outer one.
		{"/*1*/", "b a"},
		{"/*2*/", "a shadow"},
		{"/*3*/", "i a shadow"},
		{"/*4*/", "e a shadow"},
	}
	for _, tt := range tests {
		got := strings.Join(names(sc.VisibleAt(offsetOf(t, src, tt.marker))), " ")
		if got != tt.want {
			t.Errorf("at %s visible %q, want %q", tt.marker, got, tt.want)
		}
	}
	all := sc.VisibleAt(offsetOf(t, src, "/*2*/"))
	var builtins []string
	for _, b := range all {
		if b.Kind == check.KindBuiltin {
			builtins = append(builtins, b.Name)
		}
	}
	if !strings.Contains(strings.Join(builtins, " "), "Inputs") || !strings.Contains(strings.Join(builtins, " "), "Math") {
		t.Errorf("built-ins not visible: %v", builtins)
	}
	if sc.ScopeAt(offsetOf(t, src, "/*1*/")).Parent != sc.Root {
		t.Errorf("the block scope is not a child of the root")
	}
	if sc.ScopeAt(offsetOf(t, src, "/*2*/")) != sc.Root {
		t.Errorf("scope at /*2*/ is not the root")
	}
}

func TestResolveFunctions(t *testing.T) {
	t.Parallel()
	src := "const k = 1\nconst f = (p, q = p) => p + q + k\nfunction g(r) { return r }\nconsole.log(f, g)\n"
	f, sc := resolveSrc(t, src)
	p := sc.BindingOf(idents(f, "p")[0])
	if p == nil || p.Kind != check.KindParam || len(p.Refs) != 2 || !p.Scope.Func {
		t.Fatalf("parameter %+v", p)
	}
	g := sc.BindingOf(idents(f, "g")[0])
	if g == nil || g.Kind != check.KindFunc || g.Scope != sc.Root || len(g.Refs) != 1 {
		t.Fatalf("function name %+v", g)
	}
	if len(sc.Unresolved) != 0 {
		t.Errorf("unresolved %v", sc.Unresolved)
	}
}

func TestResolveShorthand(t *testing.T) {
	t.Parallel()
	src := "const {a, b: c} = Inputs\nlet d = 1\nconsole.log({a, c, d});\n({d} = {d: 2})\n"
	f, sc := resolveSrc(t, src)
	a := sc.BindingOf(idents(f, "a")[0])
	c := sc.BindingOf(idents(f, "c")[0])
	if a == nil || !a.Shorthand || c == nil || c.Shorthand {
		t.Fatalf("shorthand bindings: a %+v, c %+v", a, c)
	}
	if len(a.Refs) != 1 || !a.Refs[0].Shorthand || len(c.Refs) != 1 || !c.Refs[0].Shorthand {
		t.Errorf("refs of a: %+v", a.Refs)
	}
	ds := idents(f, "d")
	d := sc.BindingOf(ds[0])
	if len(d.Refs) != 2 || !d.Refs[0].Shorthand || !d.Refs[1].Shorthand || d.Refs[1].Access != check.Write {
		t.Errorf("refs of d: %+v %+v", d.Refs[0], d.Refs[1])
	}
}

func TestCheckNilFile(t *testing.T) {
	t.Parallel()
	if ds := check.Check(nil, check.Options{}); ds != nil {
		t.Fatalf("nil file gave %v", ds)
	}
}

func TestIdentAtAndOccurrences(t *testing.T) {
	t.Parallel()
	src := "let total = 1\ntotal += Inputs.total\nconsole.log(total, nope)\n"
	_, sc := resolveSrc(t, src)
	decl := offsetOf(t, src, "total")
	id, b := sc.IdentAt(decl + 2)
	if id == nil || b == nil || b.Ident != id || b.Kind != check.KindLet {
		t.Fatalf("IdentAt(declaration) = %v, %v", id, b)
	}
	// Just after the name counts (cursor at the end of a word).
	if id2, b2 := sc.IdentAt(decl + len("total")); id2 != id || b2 != b {
		t.Errorf("IdentAt(end of name) = %v, %v", id2, b2)
	}
	// A property name is not a variable.
	if id, b := sc.IdentAt(offsetOf(t, src, "Inputs.total") + len("Inputs.t")); id != nil || b != nil {
		t.Errorf("IdentAt(property) = %v, %v", id, b)
	}
	if id, b := sc.IdentAt(offsetOf(t, src, "Inputs") + 1); id == nil || b == nil || b.Kind != check.KindBuiltin {
		t.Errorf("IdentAt(Inputs) = %v, %v", id, b)
	}
	if id, b := sc.IdentAt(offsetOf(t, src, "nope") + 1); id == nil || id.Name != "nope" || b != nil {
		t.Errorf("IdentAt(undeclared) = %v, %v", id, b)
	}
	if id, _ := sc.IdentAt(offsetOf(t, src, "= 1")); id != nil {
		t.Errorf("IdentAt(operator) = %v", id)
	}
	occ := b.Occurrences()
	if len(occ) != 3 || occ[0] != b.Ident || occ[1].Range.Start.Line != 2 || occ[2].Range.Start.Line != 3 {
		t.Errorf("occurrences %v", occ)
	}
}

// TestConcurrentQueries runs Check and the Scopes queries from several goroutines on one tree
// (run with -race).
func TestConcurrentQueries(t *testing.T) {
	t.Parallel()
	src := "const a = 1\nlet b = a + 1\nconsole.log(a, b, missing)\n"
	f, sc := resolveSrc(t, src)
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for off := 0; off < len(src); off++ {
				sc.IdentAt(off)
				sc.VisibleAt(off)
			}
			check.Check(f, check.Options{})
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

func TestPatternNames(t *testing.T) {
	t.Parallel()
	f, _ := resolveSrc(t, "const {a, b: [c, , d = 1, ...e], ...f} = Inputs\nconsole.log(a, c, d, e, f)\n")
	decl := f.Stmts[0].(*ast.VarDecl)
	var got []string
	for _, id := range check.PatternNames(decl.Decls[0].Target) {
		got = append(got, id.Name)
	}
	if strings.Join(got, " ") != "a c d e f" {
		t.Fatalf("PatternNames = %v", got)
	}
}
