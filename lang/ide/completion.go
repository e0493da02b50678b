package ide

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/source"
)

// CompletionKind says what a completion item inserts.
type CompletionKind int

// Completion kinds.
const (
	CompleteKeyword CompletionKind = iota + 1
	CompleteSnippet
	CompleteVariable
	CompleteConstant
	CompleteFunction
	CompleteMethod
	CompleteProperty
	CompleteNamespace
	CompleteField
	CompleteTask
	CompleteWorkflow
	CompleteValue
)

// CompletionItem is one proposal.
type CompletionItem struct {
	Label  string
	Kind   CompletionKind
	Detail string
	// Doc is Markdown documentation, possibly empty.
	Doc string
	// Insert is the text that replaces Replace; a snippet (with $1, ${1:x}, $0 tab stops) when
	// Snippet is set.
	Insert  string
	Snippet bool
	// Replace is the text the item replaces: the word around the cursor (from its start, which
	// the items are filtered by, to its end), empty at the cursor when there is none.
	Replace source.Range
	// Sort orders the items (ascending); the editor sorts by it, then by label.
	Sort string
}

// Complete returns the completion proposals at byte offset off: keywords and snippets,
// variables in scope and built-ins at the start of an expression; members after `.` (of
// namespaces, of Context, of Inputs as used in the file, of strings and lists whose kind is
// known, and the output fields of a task's result held in a variable); task names inside `Task.run("`, workflow names inside `Workflow.run("`; input
// fields of the task's schema inside the inputs object; option names inside an options
// object and the fields of `backoff`; durations inside a duration string. Items are filtered
// by the partial word before the cursor (its letters in order, the first one matching) and
// sorted. Nothing is proposed inside comments and numbers, or where a new name is being
// declared.
func Complete(d *Document, off int, reg Registry) []CompletionItem {
	c := contextAt(d.Text, off)
	var items []CompletionItem
	var prefix string
	switch c.in.kind {
	case tString:
		prefix = string(d.Text[c.in.start+1 : c.off])
		items = stringCompletions(d, c, reg)
		rng := d.File.Range(c.in.start+1, identEnd(d.Text, c.off))
		for i := range items {
			items[i].Replace = rng
		}
	case 0:
		prefix = string(d.Text[c.prefixStart:c.off])
		items = codeCompletions(d, c, reg)
		rng := d.File.Range(c.prefixStart, identEnd(d.Text, c.off))
		for i := range items {
			items[i].Replace = rng
		}
	default:
		return nil
	}
	out := items[:0]
	for _, it := range items {
		if fuzzyMatch(prefix, it.Label) {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Sort != out[j].Sort {
			return out[i].Sort < out[j].Sort
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// fuzzyMatch reports whether the letters of prefix appear in label in order, ignoring case,
// the first one starting the label.
func fuzzyMatch(prefix, label string) bool {
	if prefix == "" {
		return true
	}
	p, l := []rune(strings.ToLower(prefix)), []rune(strings.ToLower(strings.Trim(label, `"'`)))
	if len(l) == 0 || l[0] != p[0] {
		return false
	}
	j := 0
	for _, r := range l {
		if j < len(p) && r == p[j] {
			j++
		}
	}
	return j == len(p)
}

// stringCompletions proposes the content of the string that contains the cursor.
func stringCompletions(d *Document, c *cursorContext, reg Registry) []CompletionItem {
	top := c.top()
	if top == nil {
		return nil
	}
	if top.open == '(' {
		en := calleeEntry(d, c, top)
		if en == nil {
			return nil
		}
		if top.args == 0 && top.count == 0 {
			switch en.Name {
			case "Task.run":
				return taskItems(reg, false)
			case "Workflow.run":
				return workflowItems(reg, false)
			}
		}
		if p, ok := en.Param(top.args); ok && p.Type == catalog.TypeDuration && top.count == 0 {
			return durationItems()
		}
		return nil
	}
	if top.open == '{' && top.count == 2 && len(c.recent) >= 2 {
		// `key: "|`: the last two tokens are the key and the colon.
		k := c.recent[len(c.recent)-2]
		key := string(d.Text[k.start:k.end])
		if kind, _ := objectContext(d, c, len(c.stack)-1); kind == objOptions || kind == objSignalOptions || kind == objBackoff {
			if key == "timeout" || key == "initial" || key == "max" {
				return durationItems()
			}
		}
	}
	return nil
}

// codeCompletions proposes what may follow at an identifier position.
func codeCompletions(d *Document, c *cursorContext, reg Registry) []CompletionItem {
	if c.prev.kind == tPunct {
		switch string(d.Text[c.prev.start:c.prev.end]) {
		case ".", "?.":
			return memberCompletions(d, c, c.prev.start, reg)
		}
	}
	if c.prev.kind == tIdent {
		switch string(d.Text[c.prev.start:c.prev.end]) {
		case "let", "const", "var", "function", "catch":
			return nil // a new name
		}
	}
	if c.prev.kind == tNumber && c.prev.end == c.prefixStart {
		return nil // `12|`
	}
	if top := c.top(); top != nil {
		if top.open == '{' && top.count == 0 {
			if kind, task := objectContext(d, c, len(c.stack)-1); kind != objUnknown {
				return keyCompletions(d, top, kind, task, reg)
			}
		}
		if top.open == '(' && top.args == 0 && top.count == 0 && c.prefixStart == c.off {
			if en := calleeEntry(d, c, top); en != nil {
				switch en.Name {
				case "Task.run":
					return taskItems(reg, true)
				case "Workflow.run":
					return workflowItems(reg, true)
				}
			}
		}
	}
	return scopeCompletions(d, c)
}

// scopeCompletions proposes keywords, snippets, variables in scope and built-in globals.
func scopeCompletions(d *Document, c *cursorContext) []CompletionItem {
	var items []CompletionItem
	for _, b := range d.Scopes().VisibleAt(c.prefixStart) {
		if b.Kind == check.KindBuiltin {
			if en, ok := catalog.Lookup(b.Name); ok {
				items = append(items, entryItem(en, "2"))
			}
			continue
		}
		if b.Ident != nil && b.Ident.Range.Start.Offset == c.prefixStart {
			continue // the name being typed
		}
		kind := CompleteVariable
		if b.Kind == check.KindConst {
			kind = CompleteConstant
		}
		items = append(items, CompletionItem{
			Label: b.Name, Kind: kind, Insert: b.Name, Sort: "1",
			Detail: fmt.Sprintf("%s %s: %s", b.Kind, b.Name, kindText(bindingKind(d, b, 0))),
		})
	}
	for _, k := range keywords {
		items = append(items, CompletionItem{Label: k, Kind: CompleteKeyword, Insert: k, Sort: "4"})
	}
	for _, s := range snippets {
		items = append(items, CompletionItem{Label: s.label, Kind: CompleteSnippet, Insert: s.body, Snippet: true, Detail: s.detail, Sort: "3"})
	}
	return items
}

// keywords are the reserved words offered at the start of an expression or statement.
var keywords = []string{
	"await", "break", "case", "catch", "const", "continue", "default", "delete", "do", "else",
	"false", "finally", "for", "if", "in", "let", "null", "of", "return", "switch", "throw",
	"true", "try", "typeof", "while",
}

// snippets are the statement templates.
var snippets = []struct{ label, detail, body string }{
	{"if", "if statement", "if (${1:condition}) {\n\t$0\n}"},
	{"ifelse", "if/else statement", "if (${1:condition}) {\n\t$2\n} else {\n\t$0\n}"},
	{"forof", "loop over a list", "for (const ${1:item} of ${2:items}) {\n\t$0\n}"},
	{"forin", "loop over an object's keys", "for (const ${1:key} in ${2:object}) {\n\t$0\n}"},
	{"for", "counting loop", "for (let ${1:i} = 0; ${1:i} < ${2:n}; ${1:i}++) {\n\t$0\n}"},
	{"while", "while loop", "while (${1:condition}) {\n\t$0\n}"},
	{"try", "try/catch", "try {\n\t$1\n} catch (${2:e}) {\n\t$0\n}"},
	{"switch", "switch statement", "switch (${1:value}) {\n\tcase ${2:x}:\n\t\t$0\n\t\tbreak\n\tdefault:\n\t\tbreak\n}"},
	{"task", "await Task.run(…)", "await Task.run(\"${1:task}\", {$2})"},
	{"consttask", "const … = await Task.run(…)", "const ${1:result} = await Task.run(\"${2:task}\", {$3})"},
	{"workflow", "await Workflow.run(…)", "await Workflow.run(\"${1:workflow}\", {$2})"},
	{"delay", "await Timer.delay(…)", "await Timer.delay(\"${1:1h}\")"},
	{"signal", "await Signal.next(…)", "const ${1:payload} = await Signal.next(\"${2:name}\", {timeout: \"${3:1d}\"})"},
	{"all", "await Promise.all([…])", "await Promise.all([${1}])"},
	{"retry", "Task.run with retries", "await Task.run(\"${1:task}\", {$2}, {retries: ${3:3}, timeout: \"${4:30s}\"})"},
}

// entryItem is the completion item of a built-in entry, inserted by its member name.
func entryItem(en *catalog.Entry, sortKey string) CompletionItem {
	it := CompletionItem{Label: en.Member, Insert: en.Member, Detail: en.Signature(), Doc: entryMarkdown(en), Sort: sortKey}
	switch en.Kind {
	case catalog.KindNamespace:
		it.Kind = CompleteNamespace
	case catalog.KindFunction:
		it.Kind = CompleteFunction
	case catalog.KindMethod:
		it.Kind = CompleteMethod
	case catalog.KindProperty:
		it.Kind = CompleteProperty
	case catalog.KindConstant:
		it.Kind = CompleteConstant
	default:
		it.Kind = CompleteVariable
	}
	return it
}

// memberCompletions proposes the members of the value before the dot that starts at dot.
func memberCompletions(d *Document, c *cursorContext, dot int, reg Registry) []CompletionItem {
	if s := outputSchemaBefore(d, dot, reg); s != nil {
		var items []CompletionItem
		for i, name := range s.PropertyNames() {
			p := s.Properties[name]
			items = append(items, CompletionItem{Label: name, Kind: CompleteField, Insert: name, Detail: p.TypeText(), Doc: p.Description, Sort: fmt.Sprintf("1%03d", i)})
		}
		return items
	}
	owner := receiverOwner(d, c, dot)
	if owner == "" {
		return nil
	}
	if owner == "Inputs" {
		return inputsFields(d)
	}
	var items []CompletionItem
	for _, en := range catalog.Members(owner) {
		if en.NeedsFunctions {
			continue
		}
		items = append(items, entryItem(en, "1"))
	}
	return items
}

// receiverOwner returns the catalogue owner whose members apply to the expression ending just
// before dot: a namespace or built-in value name ("Math", "Context", "Inputs"), "string" or
// "array"; "" when unknown.
func receiverOwner(d *Document, c *cursorContext, dot int) string {
	end := dot
	for end > 0 && (d.Text[end-1] == ' ' || d.Text[end-1] == '\t') {
		end--
	}
	if e := postfixEndingAt(d.Tree(), end); e != nil {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && isBuiltinRef(d, id) {
			if en, ok := catalog.Lookup(id.Name); ok && (en.Kind == catalog.KindNamespace || en.Kind == catalog.KindValue) {
				return id.Name
			}
			return ""
		}
		if owner := ownerOfKind(kindOf(d, e, 0)); owner != "" {
			return owner
		}
	}
	// The parser could not read the text: look at the token before the dot.
	n := len(c.recent)
	if n < 2 {
		return ""
	}
	t := c.recent[n-2]
	switch t.kind {
	case tString, tTemplate:
		if t.closed {
			return catalog.OwnerString
		}
	case tIdent:
		if n >= 3 && c.recent[n-3].kind == tPunct && strings.HasSuffix(string(d.Text[c.recent[n-3].start:c.recent[n-3].end]), ".") {
			return ""
		}
		name := string(d.Text[t.start:t.end])
		for _, b := range d.Scopes().VisibleAt(t.start) {
			if b.Name != name {
				continue
			}
			if b.Kind == check.KindBuiltin {
				if en, ok := catalog.Lookup(name); ok && (en.Kind == catalog.KindNamespace || en.Kind == catalog.KindValue) {
					return name
				}
				return ""
			}
			return ownerOfKind(bindingKind(d, b, 0))
		}
	}
	return ""
}

// outputSchemaBefore returns the output schema of the task whose result the variable before
// the dot at dot holds: a variable declared as `const x = await Task.run("name", …)` and never
// reassigned. It returns nil when unknown.
func outputSchemaBefore(d *Document, dot int, reg Registry) *Schema {
	if reg == nil {
		return nil
	}
	end := dot
	for end > 0 && (d.Text[end-1] == ' ' || d.Text[end-1] == '\t') {
		end--
	}
	id, ok := postfixEndingAt(d.Tree(), end).(*ast.Ident)
	if !ok {
		return nil
	}
	b := d.Scopes().BindingOf(id)
	if b == nil || b.Declarator == nil || b.Declarator.Target != ast.Pattern(b.Ident) {
		return nil
	}
	for _, r := range b.Refs {
		if r.Access != check.Read {
			return nil
		}
	}
	aw, ok := ast.Unparen(b.Declarator.Init).(*ast.AwaitExpr)
	if !ok {
		return nil
	}
	call, ok := ast.Unparen(aw.X).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return nil
	}
	if en, ok := builtinOf(d, call.Callee); !ok || en.Name != "Task.run" {
		return nil
	}
	name, ok := ast.Unparen(call.Args[0]).(*ast.StringLit)
	if !ok {
		return nil
	}
	t, ok := reg.Task(name.Value)
	if !ok || t.Output == nil || len(t.Output.Properties) == 0 {
		return nil
	}
	return t.Output
}

// postfixEndingAt returns the member, call, index or primary expression that ends at end:
// the operand a `.` written at end applies to. It returns nil when there is none.
func postfixEndingAt(f *ast.File, end int) ast.Expr {
	var best ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		r := n.Span()
		if r.Start.Offset >= end || r.End.Offset < end {
			return false
		}
		if e, ok := n.(ast.Expr); ok && r.End.Offset == end {
			switch e.(type) {
			case *ast.Ident, *ast.MemberExpr, *ast.CallExpr, *ast.IndexExpr, *ast.ParenExpr,
				*ast.StringLit, *ast.TemplateLit, *ast.ArrayLit, *ast.NumberLit, *ast.ObjectLit:
				if best == nil {
					best = e
				}
				return false
			}
		}
		return true
	})
	return best
}

// inputsFields proposes the fields of Inputs that the file reads elsewhere.
func inputsFields(d *Document) []CompletionItem {
	seen := map[string]bool{}
	var items []CompletionItem
	ast.Inspect(d.Tree(), func(n ast.Node) bool {
		m, ok := n.(*ast.MemberExpr)
		if !ok || m.Prop == nil || m.Prop.Name == "" || seen[m.Prop.Name] {
			return true
		}
		if id, ok := ast.Unparen(m.X).(*ast.Ident); ok && id.Name == "Inputs" && isBuiltinRef(d, id) {
			seen[m.Prop.Name] = true
			items = append(items, CompletionItem{Label: m.Prop.Name, Kind: CompleteField, Insert: m.Prop.Name, Detail: "Inputs." + m.Prop.Name, Sort: "1"})
		}
		return true
	})
	return items
}

// calleeEntry returns the built-in called by the '(' frame f, or nil.
func calleeEntry(d *Document, c *cursorContext, f *frame) *catalog.Entry {
	if f.callee == "" {
		return nil
	}
	parts := strings.Split(f.callee, ".")
	if len(parts) > 2 {
		return nil
	}
	root := parts[0]
	if !builtinVisible(d, root, f.calleeStart) {
		if len(parts) == 2 {
			// a method of a variable whose kind is known
			for _, b := range d.Scopes().VisibleAt(f.calleeStart) {
				if b.Name == root {
					if owner := ownerOfKind(bindingKind(d, b, 0)); owner != "" {
						en, _ := catalog.Member(owner, parts[1])
						return en
					}
					break
				}
			}
		}
		return nil
	}
	en, _ := catalog.Lookup(f.callee)
	if en != nil && !en.Callable() {
		return nil
	}
	return en
}

// builtinVisible reports whether name at offset off refers to the built-in global of that
// name (no declaration shadows it).
func builtinVisible(d *Document, name string, off int) bool {
	if !catalog.IsGlobal(name) {
		return false
	}
	for _, b := range d.Scopes().VisibleAt(off) {
		if b.Name == name {
			return b.Kind == check.KindBuiltin
		}
	}
	return true
}

// objKind says what an object literal is for.
type objKind int

const (
	objUnknown       objKind = iota
	objInputs                // the inputs of Task.run
	objOptions               // the options of Task.run or Workflow.run
	objSignalOptions         // the options of Signal.next
	objBackoff               // the backoff option
)

// objectContext tells what the '{' frame at index i of the stack is for, and for task inputs
// the task's name.
func objectContext(d *Document, c *cursorContext, i int) (objKind, string) {
	f := c.stack[i]
	if f.open != '{' || i == 0 {
		return objUnknown, ""
	}
	parent := &c.stack[i-1]
	if f.afterSep && parent.open == '(' {
		en := calleeEntry(d, c, parent)
		if en == nil {
			return objUnknown, ""
		}
		switch {
		case en.Name == "Task.run" && parent.args == 1 && parent.firstArgOK:
			return objInputs, parent.firstArg
		case (en.Name == "Task.run" || en.Name == "Workflow.run") && parent.args == 2:
			return objOptions, ""
		case en.Name == "Signal.next" && parent.args == 1:
			return objSignalOptions, ""
		}
		return objUnknown, ""
	}
	if f.key == "backoff" && parent.open == '{' {
		if k, _ := objectContext(d, c, i-1); k == objOptions {
			return objBackoff, ""
		}
	}
	return objUnknown, ""
}

// keyCompletions proposes the keys of an object literal of known purpose, leaving out the
// keys it already has.
func keyCompletions(d *Document, f *frame, kind objKind, task string, reg Registry) []CompletionItem {
	have := map[string]bool{}
	if e := postfixStartingAt(d.Tree(), f.off); e != nil {
		if obj, ok := e.(*ast.ObjectLit); ok {
			for _, p := range obj.Props {
				if p != nil {
					if k, _, ok := propKey(p); ok {
						have[k] = true
					}
				}
			}
		}
	}
	var items []CompletionItem
	addOpts := func(opts []catalog.Option) {
		for _, o := range opts {
			if !have[o.Name] {
				items = append(items, CompletionItem{Label: o.Name, Kind: CompleteProperty, Insert: o.Name + ": ", Detail: string(o.Type), Doc: optionMarkdown(o), Sort: "1"})
			}
		}
	}
	switch kind {
	case objOptions:
		addOpts(catalog.RunOptions)
	case objSignalOptions:
		addOpts(catalog.SignalOptions)
	case objBackoff:
		addOpts(catalog.BackoffFields)
	case objInputs:
		if reg == nil {
			return nil
		}
		t, ok := reg.Task(task)
		if !ok || t.Input == nil {
			return nil
		}
		for i, name := range t.Input.PropertyNames() {
			if have[name] {
				continue
			}
			p := t.Input.Properties[name]
			detail := p.TypeText()
			if t.Input.IsRequired(name) {
				detail += " (required)"
			}
			items = append(items, CompletionItem{Label: name, Kind: CompleteField, Insert: name + ": ", Detail: detail, Doc: p.Description, Sort: fmt.Sprintf("1%03d", i)})
		}
	}
	return items
}

// postfixStartingAt returns the outermost expression starting exactly at start, or nil.
func postfixStartingAt(f *ast.File, start int) ast.Expr {
	var best ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		r := n.Span()
		if r.End.Offset <= start || r.Start.Offset > start {
			return false
		}
		if e, ok := n.(ast.Expr); ok && r.Start.Offset == start {
			if _, obj := e.(*ast.ObjectLit); obj {
				best = e
				return false
			}
		}
		return true
	})
	return best
}

// taskItems proposes the registered task names (quoted when quote is set).
func taskItems(reg Registry, quote bool) []CompletionItem {
	if reg == nil {
		return nil
	}
	var items []CompletionItem
	for _, t := range reg.Tasks() {
		ins := t.Name
		if quote {
			ins = strconv.Quote(t.Name)
		}
		detail := "task"
		if t.Queue != "" {
			detail += " · queue " + t.Queue
		}
		items = append(items, CompletionItem{Label: ins, Kind: CompleteTask, Insert: ins, Detail: detail, Doc: taskMarkdown(t), Sort: "1"})
	}
	return items
}

// workflowItems proposes the known workflow names (quoted when quote is set).
func workflowItems(reg Registry, quote bool) []CompletionItem {
	if reg == nil {
		return nil
	}
	var items []CompletionItem
	for _, w := range reg.Workflows() {
		ins := w.Name
		if quote {
			ins = strconv.Quote(w.Name)
		}
		items = append(items, CompletionItem{Label: ins, Kind: CompleteWorkflow, Insert: ins, Detail: "workflow", Doc: workflowMarkdown(w), Sort: "1"})
	}
	return items
}

// commonDurations are the durations proposed inside a duration string, shortest first.
var commonDurations = []string{"500ms", "1s", "5s", "30s", "1m", "5m", "15m", "30m", "1h", "1h30m", "6h", "12h", "1d", "7d", "30d"}

// durationItems proposes common durations.
func durationItems() []CompletionItem {
	items := make([]CompletionItem, len(commonDurations))
	for i, s := range commonDurations {
		dur, _ := catalog.ParseDuration(s)
		items[i] = CompletionItem{Label: s, Kind: CompleteValue, Insert: s, Detail: durationWords(dur), Sort: fmt.Sprintf("%02d", i)}
	}
	return items
}
