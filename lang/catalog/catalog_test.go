package catalog

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		kind  Kind
		owner string
	}{
		{"Math.floor", KindFunction, "Math"},
		{"Math.PI", KindConstant, "Math"},
		{"parseInt", KindFunction, ""},
		{"Inputs", KindValue, ""},
		{"Context", KindValue, ""},
		{"Context.parentId", KindProperty, "Context"},
		{"Number", KindFunction, ""},
		{"Number.isInteger", KindFunction, "Number"},
		{"string.slice", KindMethod, OwnerString},
		{"string.length", KindProperty, OwnerString},
		{"array.push", KindMethod, OwnerArray},
		{"array.map", KindMethod, OwnerArray},
		{"Task.run", KindFunction, "Task"},
		{"Promise.any_kv", KindFunction, "Promise"},
		{"console", KindNamespace, ""},
		{"NaN", KindConstant, ""},
		{"Infinity", KindConstant, ""},
	}
	for _, c := range cases {
		e, ok := Lookup(c.name)
		if !ok {
			t.Errorf("Lookup(%q) not found", c.name)
			continue
		}
		if e.Kind != c.kind || e.Owner != c.owner || e.Name != c.name {
			t.Errorf("Lookup(%q) = kind %v owner %q name %q, want kind %v owner %q", c.name, e.Kind, e.Owner, e.Name, c.kind, c.owner)
		}
	}
	for _, missing := range []string{"undefined", "Math.nope", "string.match", "array.map2", "", "Math.", "window"} {
		if _, ok := Lookup(missing); ok {
			t.Errorf("Lookup(%q) found an entry", missing)
		}
	}
	if e, ok := Member("Math", "floor"); !ok || e.Name != "Math.floor" || e.Member != "floor" {
		t.Errorf("Member(Math, floor) = %v, %v", e, ok)
	}
	if _, ok := Member("", "parseInt"); ok {
		t.Error("Member with an empty owner found an entry")
	}
}

func TestNamespacesOfSpec(t *testing.T) {
	t.Parallel()
	// Spec §12.18 lists these namespaces; each must be present with at least one member.
	want := []string{"Math", "JSON", "Object", "Array", "Number", "Promise", "Task", "Workflow", "Timer", "Signal", "Date", "Time", "console"}
	got := Namespaces()
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Namespaces() = %v, want %v", got, want)
	}
	for _, ns := range want {
		if !IsNamespace(ns) || !IsGlobal(ns) {
			t.Errorf("%s: IsNamespace %v IsGlobal %v", ns, IsNamespace(ns), IsGlobal(ns))
		}
		if len(Members(ns)) == 0 {
			t.Errorf("namespace %s has no members", ns)
		}
	}
	for _, not := range []string{"Inputs", "Context", "String", "parseInt", "string", "array", "Nope"} {
		if IsNamespace(not) {
			t.Errorf("IsNamespace(%q) = true", not)
		}
	}
}

func TestSpecMembersPresent(t *testing.T) {
	t.Parallel()
	// The members spec §6–8 names, by owner.
	spec := map[string]string{
		"":         "Inputs Context NaN Infinity String Number Boolean parseInt parseFloat isNaN Math JSON Object Array Promise Task Workflow Timer Signal Date Time console",
		"Context":  "executionId workflow version startedAt parentId",
		"Math":     "abs ceil floor round trunc sign min max pow sqrt log log2 log10 exp PI E random",
		"JSON":     "stringify parse",
		"Object":   "keys values entries fromEntries assign",
		"Array":    "isArray",
		"Number":   "isInteger",
		"Promise":  "all allSettled any race any_kv race_kv",
		"Task":     "run",
		"Workflow": "run",
		"Timer":    "delay until",
		"Signal":   "next",
		"Date":     "now",
		"Time":     "now",
		"console":  "log",
		OwnerString: "length at charAt includes indexOf lastIndexOf startsWith endsWith slice substring " +
			"toUpperCase toLowerCase trim trimStart trimEnd padStart padEnd repeat replace replaceAll split concat",
		OwnerArray: "length at concat flat includes indexOf lastIndexOf join slice reverse push pop shift " +
			"unshift splice sort map filter reduce find findIndex some every flatMap forEach",
	}
	for owner, names := range spec {
		var got []string
		if owner == "" {
			for _, e := range Globals() {
				got = append(got, e.Name)
			}
		} else {
			for _, e := range Members(owner) {
				got = append(got, e.Member)
			}
		}
		if g, w := strings.Join(sorted(got), " "), strings.Join(sorted(strings.Fields(names)), " "); g != w {
			t.Errorf("members of %q:\n got %s\nwant %s", owner, g, w)
		}
	}
	if IsGlobal("undefined") {
		t.Error("undefined must not be a built-in")
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestArity(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		min, max int
		text     string
	}{
		{"Math.floor", 1, 1, "1 argument"},
		{"Math.max", 0, -1, "any number of arguments"},
		{"Math.random", 0, 0, "no arguments"},
		{"parseInt", 1, 2, "1 or 2 arguments"},
		{"JSON.stringify", 1, 3, "1 to 3 arguments"},
		{"Object.assign", 1, -1, "at least 1 argument"},
		{"Task.run", 1, 3, "1 to 3 arguments"},
		{"Signal.next", 1, 2, "1 or 2 arguments"},
		{"string.slice", 0, 2, "0 to 2 arguments"},
		{"string.replace", 2, 2, "2 arguments"},
		{"array.splice", 0, -1, "any number of arguments"},
		{"array.push", 0, -1, "any number of arguments"},
		{"console.log", 0, -1, "any number of arguments"},
	}
	for _, c := range cases {
		e, _ := Lookup(c.name)
		if e == nil {
			t.Errorf("%s missing", c.name)
			continue
		}
		if e.MinArgs() != c.min || e.MaxArgs() != c.max || e.ArgCountText() != c.text {
			t.Errorf("%s: min %d max %d %q, want %d %d %q", c.name, e.MinArgs(), e.MaxArgs(), e.ArgCountText(), c.min, c.max, c.text)
		}
		for n := 0; n < 6; n++ {
			want := n >= c.min && (c.max < 0 || n <= c.max)
			if e.AcceptsArgs(n) != want {
				t.Errorf("%s.AcceptsArgs(%d) = %v", c.name, n, !want)
			}
		}
	}
	e, _ := Lookup("array.splice")
	if p, ok := e.Param(7); !ok || p.Name != "items" {
		t.Errorf("splice Param(7) = %v %v, want items", p, ok)
	}
	e, _ = Lookup("Math.pow")
	if _, ok := e.Param(2); ok {
		t.Error("Math.pow Param(2) found a parameter")
	}
}

func TestSignature(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"Math.floor":     "Math.floor(x: number): number",
		"parseInt":       "parseInt(text: any, radix?: integer): number",
		"Math.max":       "Math.max(...values: number): number",
		"string.length":  "string.length: integer",
		"Math.PI":        "Math.PI: number",
		"Math":           "Math",
		"Task.run":       "Task.run(name: string, inputs?: object, options?: options): promise",
		"Promise.all":    "Promise.all(handles: list|object): promise",
		"JSON.stringify": "JSON.stringify(value: any, replacer?: null, indent?: number|string): string",
	}
	for name, want := range cases {
		e, _ := Lookup(name)
		if e == nil || e.Signature() != want {
			t.Errorf("%s: signature %v, want %q", name, e, want)
		}
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Task.run", "Workflow.run"} {
		e, _ := Lookup(name)
		var keys []string
		for _, o := range e.Options {
			keys = append(keys, o.Name)
		}
		if got := strings.Join(keys, " "); got != "queue priority retries timeout backoff key" {
			t.Errorf("%s options = %s", name, got)
		}
		if o, ok := e.Option("retries"); !ok || o.Type != TypeInteger {
			t.Errorf("%s retries option = %v %v", name, o, ok)
		}
		if o, _ := e.Option("backoff"); len(o.Fields) != 3 {
			t.Errorf("%s backoff fields = %v", name, o.Fields)
		}
		if _, ok := e.Option("nope"); ok {
			t.Errorf("%s has option nope", name)
		}
	}
	e, _ := Lookup("Signal.next")
	if len(e.Options) != 1 || e.Options[0].Name != "timeout" || e.Options[0].Type != TypeDuration {
		t.Errorf("Signal.next options = %v", e.Options)
	}
}

// TestTableWellFormed checks the invariants every consumer relies on.
func TestTableWellFormed(t *testing.T) {
	t.Parallel()
	valid := map[Type]bool{
		TypeAny: true, TypeString: true, TypeNumber: true, TypeInteger: true, TypeBoolean: true,
		TypeObject: true, TypeList: true, TypeCollection: true, TypeNumberOrString: true,
		TypeDuration: true, TypeInstant: true, TypeOptions: true, TypeFunction: true, TypeNull: true,
		TypePromise: true,
	}
	seen := map[string]bool{}
	for _, e := range All() {
		if seen[e.Name] {
			t.Errorf("duplicate entry %s", e.Name)
		}
		seen[e.Name] = true
		if e.Doc == "" || !strings.HasSuffix(strings.TrimSpace(e.Doc), ".") {
			t.Errorf("%s: doc %q must be a sentence", e.Name, e.Doc)
		}
		if e.Member == "" || (e.Owner != "" && e.Owner+"."+e.Member != e.Name) {
			t.Errorf("%s: owner %q member %q", e.Name, e.Owner, e.Member)
		}
		switch e.Kind {
		case KindNamespace:
			if e.Type != TypeVoid || e.Owner != "" || !IsNamespace(e.Name) {
				t.Errorf("%s: a namespace must be a listed global without a type", e.Name)
			}
		case KindFunction, KindMethod:
			if !valid[e.Type] {
				t.Errorf("%s: result type %q", e.Name, e.Type)
			}
			if (e.Kind == KindMethod) != (e.Owner == OwnerString || e.Owner == OwnerArray) {
				t.Errorf("%s: methods belong to string or array, and only methods do", e.Name)
			}
			if !e.NeedsFunctions && len(e.Examples) == 0 {
				t.Errorf("%s: no example", e.Name)
			}
		default:
			if len(e.Params) > 0 || !valid[e.Type] {
				t.Errorf("%s: a %v has no parameters and a type", e.Name, e.Kind)
			}
		}
		if e.Durable && (e.Type != TypePromise || !e.Intrinsic) {
			t.Errorf("%s: durable entries return promises and are intrinsic", e.Name)
		}
		if e.NeedsFunctions && e.Intrinsic {
			t.Errorf("%s: needs-functions and intrinsic", e.Name)
		}
		names := map[string]bool{}
		hasOptions := false
		for i, p := range e.Params {
			if !valid[p.Type] || p.Name == "" || p.Doc == "" || names[p.Name] {
				t.Errorf("%s: parameter %d %+v", e.Name, i, p)
			}
			names[p.Name] = true
			if p.Variadic && i != len(e.Params)-1 {
				t.Errorf("%s: variadic parameter %s is not last", e.Name, p.Name)
			}
			if p.Variadic && p.Optional {
				t.Errorf("%s: variadic parameter %s is also optional", e.Name, p.Name)
			}
			if i > 0 && !p.Optional && !p.Variadic && (e.Params[i-1].Optional) {
				t.Errorf("%s: required parameter %s after an optional one", e.Name, p.Name)
			}
			hasOptions = hasOptions || p.Type == TypeOptions
		}
		if hasOptions != (len(e.Options) > 0) {
			t.Errorf("%s: an options parameter needs an option table and vice versa", e.Name)
		}
		for _, o := range e.Options {
			if !valid[o.Type] || o.Doc == "" {
				t.Errorf("%s: option %+v", e.Name, o)
			}
		}
	}
	for _, g := range Globals() {
		if !IsGlobal(g.Name) {
			t.Errorf("IsGlobal(%q) = false", g.Name)
		}
	}
}

func TestKindString(t *testing.T) {
	t.Parallel()
	want := map[Kind]string{KindNamespace: "namespace", KindFunction: "function", KindMethod: "method",
		KindProperty: "property", KindConstant: "constant", KindValue: "value", Kind(0): "unknown"}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), k.String(), s)
		}
	}
}
