package ide

import (
	"fmt"
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Hover is the information shown for the text under the cursor.
type Hover struct {
	// Range is the text the hover is about.
	Range source.Range
	// Markdown is the content.
	Markdown string
}

// HoverAt describes what is at byte offset off: a built-in (signature and documentation from
// the catalogue, also for methods of strings and lists whose kind is known), a task name given
// to Task.run (documentation, schemas, queue, source location and last seen, from reg), a
// workflow name given to Workflow.run, a variable (its declaration and known kind), an option
// key of Task.run, or a duration (in plain words). It returns nil when there is nothing to say.
func HoverAt(d *Document, off int, reg Registry) *Hover {
	path := pathAt(d.Tree(), off)
	n := path[len(path)-1]
	parent := func(k int) ast.Node {
		if len(path) > k {
			return path[len(path)-1-k]
		}
		return nil
	}
	switch n := n.(type) {
	case *ast.Ident:
		if m, ok := parent(1).(*ast.MemberExpr); ok && m.Prop == n {
			if en, ok := builtinOf(d, m); ok {
				return &Hover{Range: n.Range, Markdown: entryMarkdown(en)}
			}
			return nil
		}
		if p, ok := parent(1).(*ast.Property); ok && p.Key == ast.Expr(n) && p.Kind == ast.PropInit {
			if h := optionHover(d, path[:len(path)-1], n.Name, n.Range); h != nil {
				return h
			}
			return inputFieldHover(d, path[:len(path)-1], n.Name, n.Range, reg)
		}
		b := d.Scopes().BindingOf(n)
		if b == nil {
			return nil
		}
		if b.Kind == check.KindBuiltin {
			if en, ok := catalog.Lookup(b.Name); ok {
				return &Hover{Range: n.Range, Markdown: entryMarkdown(en)}
			}
			return nil
		}
		return &Hover{Range: n.Range, Markdown: variableMarkdown(d, b)}
	case *ast.StringLit:
		if call, ok := parent(1).(*ast.CallExpr); ok && len(call.Args) > 0 && call.Args[0] == ast.Expr(n) {
			if en, ok := builtinOf(d, call.Callee); ok {
				switch en.Name {
				case "Task.run":
					if reg != nil {
						if t, ok := reg.Task(n.Value); ok {
							return &Hover{Range: n.Range, Markdown: taskMarkdown(t)}
						}
					}
					return &Hover{Range: n.Range, Markdown: fmt.Sprintf("**task** `%s`\n\nNo worker registers this task.", n.Value)}
				case "Workflow.run":
					if reg != nil {
						if w, ok := reg.Workflow(n.Value); ok {
							return &Hover{Range: n.Range, Markdown: workflowMarkdown(w)}
						}
					}
					return &Hover{Range: n.Range, Markdown: fmt.Sprintf("**workflow** `%s`\n\nNo `.flow` file or stored definition has this name.", n.Value)}
				}
			}
		}
		if isDurationPosition(d, path) {
			if dur, err := catalog.ParseDuration(n.Value); err == nil {
				return &Hover{Range: n.Range, Markdown: "duration: " + durationWords(dur)}
			}
		}
	case *ast.NumberLit:
		if isDurationPosition(d, path) {
			if dur, err := catalog.DurationSeconds(n.Value); err == nil {
				return &Hover{Range: n.Range, Markdown: "duration: " + durationWords(dur)}
			}
		}
	}
	return nil
}

// variableMarkdown shows a variable's declaration and known kind.
func variableMarkdown(d *Document, b *check.Binding) string {
	decl := b.Kind.String() + " " + b.Name
	if b.Declarator != nil && b.Declarator.Init != nil {
		if id, ok := b.Declarator.Target.(*ast.Ident); ok && id == b.Ident {
			init := b.Declarator.Init.Span()
			text := string(d.Text[init.Start.Offset:init.End.Offset])
			if i := strings.IndexByte(text, '\n'); i >= 0 {
				text = text[:i] + " …"
			}
			if len(text) > 80 {
				text = text[:77] + "…"
			}
			decl += " = " + text
		}
	}
	s := fmt.Sprintf("```flow\n%s\n```\n\nkind: %s · declared on line %d", decl, kindText(bindingKind(d, b, 0)), b.Ident.Range.Start.Line)
	if len(b.Refs) == 0 {
		s += " · never used"
	}
	return s
}

// optionHover documents a key of an options object (Task.run, Workflow.run, Signal.next,
// backoff); path ends at the key's property.
func optionHover(d *Document, path []ast.Node, key string, r source.Range) *Hover {
	opts := optionsOf(d, path)
	for _, o := range opts {
		if o.Name == key {
			return &Hover{Range: r, Markdown: optionMarkdown(o)}
		}
	}
	return nil
}

// inputFieldHover documents a key of the inputs object of Task.run from the task's input
// schema; path ends at the key's property.
func inputFieldHover(d *Document, path []ast.Node, key string, r source.Range, reg Registry) *Hover {
	if reg == nil || len(path) < 3 {
		return nil
	}
	obj, ok := path[len(path)-2].(*ast.ObjectLit)
	call, ok2 := path[len(path)-3].(*ast.CallExpr)
	if !ok || !ok2 || len(call.Args) < 2 || ast.Unparen(call.Args[1]) != ast.Expr(obj) {
		return nil
	}
	en, ok := builtinOf(d, call.Callee)
	if !ok || en.Name != "Task.run" {
		return nil
	}
	name, ok := ast.Unparen(call.Args[0]).(*ast.StringLit)
	if !ok {
		return nil
	}
	t, ok := reg.Task(name.Value)
	if !ok || t.Input == nil || t.Input.Properties[key] == nil {
		return nil
	}
	p := t.Input.Properties[key]
	s := fmt.Sprintf("```flow\n%s: %s\n```\n\ninput field of task `%s`", key, p.TypeText(), t.Name)
	if t.Input.IsRequired(key) {
		s += " (required)"
	}
	if p.Description != "" {
		s += "\n\n" + p.Description
	}
	return &Hover{Range: r, Markdown: s}
}

// optionsOf returns the options an object literal accepts when it is the options argument of
// a built-in or the backoff option; path ends at a property of that object.
func optionsOf(d *Document, path []ast.Node) []catalog.Option {
	i := len(path) - 1
	for i >= 0 {
		if _, ok := path[i].(*ast.ObjectLit); ok {
			break
		}
		i--
	}
	if i < 1 {
		return nil
	}
	obj := path[i].(*ast.ObjectLit)
	switch p := path[i-1].(type) {
	case *ast.CallExpr:
		en, ok := builtinOf(d, p.Callee)
		if !ok {
			return nil
		}
		for k, a := range p.Args {
			if ast.Unparen(a) == ast.Expr(obj) {
				if prm, ok := en.Param(k); ok && prm.Type == catalog.TypeOptions {
					return en.Options
				}
			}
		}
	case *ast.Property:
		if k, _, ok := propKey(p); ok && k == "backoff" && i >= 2 {
			for _, o := range optionsOf(d, path[:i]) {
				if o.Name == "backoff" {
					return o.Fields
				}
			}
		}
	}
	return nil
}

// isDurationPosition reports whether the literal at the end of path is a duration: an
// argument of a duration parameter or the value of a duration option.
func isDurationPosition(d *Document, path []ast.Node) bool {
	if len(path) < 2 {
		return false
	}
	lit, _ := path[len(path)-1].(ast.Expr)
	switch p := path[len(path)-2].(type) {
	case *ast.CallExpr:
		en, ok := builtinOf(d, p.Callee)
		if !ok {
			return false
		}
		for k, a := range p.Args {
			if a == lit {
				prm, ok := en.Param(k)
				return ok && prm.Type == catalog.TypeDuration
			}
		}
	case *ast.Property:
		if p.Value != lit {
			return false
		}
		k, _, ok := propKey(p)
		if !ok {
			return false
		}
		for _, o := range optionsOf(d, path[:len(path)-1]) {
			if o.Name == k {
				return o.Type == catalog.TypeDuration
			}
		}
	}
	return false
}
