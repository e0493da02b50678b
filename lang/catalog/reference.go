package catalog

import (
	"fmt"
	"strings"
)

// Reference returns the Markdown reference of every built-in and diagnostic code, generated
// from the table (the project's docs/reference.md is exactly this text).
func Reference() []byte {
	var b strings.Builder
	b.WriteString("# Built-in reference\n\n")
	b.WriteString("<!-- Generated from lang/catalog by `go test ./lang/catalog -update`. Do not edit. -->\n\n")
	b.WriteString("Every built-in of the Flow language: global values, conversion functions, namespaces, ")
	b.WriteString("string and list members, the options of the durable operations, and the diagnostic codes ")
	b.WriteString("of `rhythm check`. Positions and lengths of strings count UTF-16 code units. An argument ")
	b.WriteString("of the wrong kind is a `TypeError`, a number outside the accepted range (or a ")
	b.WriteString("non-integer where an integer is expected) a `RangeError`; too few or too many arguments ")
	b.WriteString("is a `TypeError`, and `null` for an optional parameter is the same as omitting it.\n\n")

	b.WriteString("## Contents\n\n")
	b.WriteString("- [Globals](#globals)\n")
	for _, ns := range namespaces {
		fmt.Fprintf(&b, "- [%s](#%s)\n", ns, anchor(ns))
	}
	b.WriteString("- [Strings](#strings)\n- [Lists](#lists)\n- [Diagnostic codes](#diagnostic-codes)\n\n")

	b.WriteString("## Globals\n\n")
	for _, e := range Globals() {
		if e.Kind == KindNamespace {
			continue
		}
		writeEntry(&b, e)
		if e.Name == "Context" {
			writeFieldTable(&b, Members("Context"))
		}
	}
	for _, ns := range namespaces {
		fmt.Fprintf(&b, "## %s\n\n", ns)
		if e, ok := Lookup(ns); ok && e.Kind == KindNamespace {
			b.WriteString(e.Doc + "\n\n")
		} else {
			fmt.Fprintf(&b, "`%s` is also a conversion function: see [Globals](#globals).\n\n", ns)
		}
		for _, m := range Members(ns) {
			writeEntry(&b, m)
		}
	}
	b.WriteString("## Strings\n\nProperties and methods of every string (`s.length`, `s.slice(…)`).\n\n")
	for _, m := range Members(OwnerString) {
		writeEntry(&b, m)
	}
	b.WriteString("## Lists\n\nProperties and methods of every list (`list.length`, `list.push(…)`).\n\n")
	for _, m := range Members(OwnerArray) {
		writeEntry(&b, m)
	}

	b.WriteString("## Diagnostic codes\n\n")
	b.WriteString("Reported by `rhythm check` and the editor as `[code]`; codes are stable.\n\n")
	b.WriteString("| Code | Severity | Meaning |\n|---|---|---|\n")
	for _, c := range codeDocs {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Code, c.Severity, c.Doc)
	}
	return []byte(b.String())
}

// writeEntry writes one entry's section.
func writeEntry(b *strings.Builder, e *Entry) {
	fmt.Fprintf(b, "### %s\n\n", e.Name)
	fmt.Fprintf(b, "```\n%s\n```\n\n", e.Signature())
	var tags []string
	if e.Durable {
		tags = append(tags, "durable: returns a promise handle")
	}
	if e.Intrinsic {
		tags = append(tags, "provided by the interpreter")
	}
	if e.NeedsFunctions {
		tags = append(tags, "needs functions (§9): not available yet")
	}
	if len(tags) > 0 {
		fmt.Fprintf(b, "*%s*\n\n", strings.Join(tags, "; "))
	}
	b.WriteString(e.Doc + "\n\n")
	if len(e.Params) > 0 {
		b.WriteString("| Parameter | Type | |\n|---|---|---|\n")
		for _, p := range e.Params {
			name := "`" + p.Name + "`"
			switch {
			case p.Variadic:
				name = "`..." + p.Name + "`"
			case p.Optional:
				name += " (optional)"
			}
			fmt.Fprintf(b, "| %s | %s | %s |\n", name, typeCell(p.Type), p.Doc)
		}
		b.WriteString("\n")
	}
	if e.Returns != "" {
		fmt.Fprintf(b, "**Returns** %s\n\n", e.Returns)
	}
	if len(e.Options) > 0 {
		b.WriteString("| Option | Type | |\n|---|---|---|\n")
		for _, o := range e.Options {
			fmt.Fprintf(b, "| `%s` | %s | %s |\n", o.Name, typeCell(o.Type), o.Doc)
			for _, f := range o.Fields {
				fmt.Fprintf(b, "| `%s.%s` | %s | %s |\n", o.Name, f.Name, typeCell(f.Type), f.Doc)
			}
		}
		b.WriteString("\n")
	}
	if len(e.Examples) > 0 {
		b.WriteString("```js\n")
		b.WriteString(strings.Join(e.Examples, "\n"))
		b.WriteString("\n```\n\n")
	}
}

// writeFieldTable writes the fields of a global value (Context).
func writeFieldTable(b *strings.Builder, fields []*Entry) {
	b.WriteString("| Field | Type | |\n|---|---|---|\n")
	for _, f := range fields {
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", f.Member, typeCell(f.Type), f.Doc)
	}
	b.WriteString("\n")
}

// typeCell writes a type for a Markdown table cell (escaping the `|` of union types).
func typeCell(t Type) string { return "`" + strings.ReplaceAll(string(t), "|", `\|`) + "`" }

// anchor returns the GitHub anchor of a heading.
func anchor(heading string) string { return strings.ToLower(heading) }
