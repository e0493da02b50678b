package catalog

import "strings"

// Owners of the methods and properties every string or list has.
const (
	OwnerString = "string"
	OwnerArray  = "array"
)

// namespaces are the global objects whose members are all known: an unknown member of one is a
// compile error (spec §12.18). Number is both a conversion function and a namespace.
var namespaces = []string{
	"Math", "JSON", "Object", "Array", "Number", "Promise", "Task", "Workflow", "Timer",
	"Signal", "Date", "Time", "console",
}

var (
	entries []*Entry          // every entry, in table order
	byName  map[string]*Entry // qualified name → entry
	byOwner map[string][]*Entry
)

func init() {
	for _, part := range [][]*Entry{globalEntries, mathEntries, dataEntries, durableEntries, stringEntries, arrayEntries} {
		entries = append(entries, part...)
	}
	byName = make(map[string]*Entry, len(entries))
	byOwner = make(map[string][]*Entry)
	for _, e := range entries {
		e.Owner, e.Member = "", e.Name
		if i := strings.IndexByte(e.Name, '.'); i >= 0 {
			e.Owner, e.Member = e.Name[:i], e.Name[i+1:]
		}
		if _, dup := byName[e.Name]; dup {
			panic("catalog: duplicate entry " + e.Name)
		}
		byName[e.Name] = e
		byOwner[e.Owner] = append(byOwner[e.Owner], e)
	}
}

// All returns every entry in table order (globals, then each namespace with its members, then
// string and array members). The entries are shared: callers must not modify them.
func All() []*Entry { return entries }

// Lookup returns the entry with the qualified name ("Math.floor", "parseInt", "string.slice").
func Lookup(qualified string) (*Entry, bool) {
	e, ok := byName[qualified]
	return e, ok
}

// Member returns the member called name of owner (a namespace, "Context", "string" or
// "array").
func Member(owner, name string) (*Entry, bool) {
	if owner == "" {
		return nil, false
	}
	return Lookup(owner + "." + name)
}

// Members returns the members of owner — a namespace ("Math"), "Context", OwnerString or
// OwnerArray — in table order, or nil if it has none.
func Members(owner string) []*Entry {
	if owner == "" {
		return nil
	}
	return byOwner[owner]
}

// Globals returns the entries of every top-level name (Inputs, Context, the conversion
// functions and the namespaces), in table order.
func Globals() []*Entry { return byOwner[""] }

// IsGlobal reports whether name is a built-in top-level name (which a workflow may not assign
// to, and which a declaration shadows).
func IsGlobal(name string) bool {
	e, ok := byName[name]
	return ok && e.Owner == ""
}

// Namespaces returns the names of the namespaces whose unknown members are compile errors
// (spec §12.18), in the order the spec lists them.
func Namespaces() []string { return append([]string(nil), namespaces...) }

// IsNamespace reports whether name is one of Namespaces().
func IsNamespace(name string) bool {
	for _, n := range namespaces {
		if n == name {
			return true
		}
	}
	return false
}
