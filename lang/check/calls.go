package check

import (
	"strconv"
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// member reports an unknown member of a built-in namespace (spec §12.18).
func (c *checker) member(m *ast.MemberExpr) {
	if m.Prop == nil {
		return
	}
	owner, ok := c.builtinIdent(ast.Unparen(m.X))
	if !ok || !catalog.IsNamespace(owner) {
		return
	}
	if _, ok := catalog.Member(owner, m.Prop.Name); ok {
		return
	}
	d := c.errorf(diag.CodeUnknownMember, m.Prop.Range, "`%s` has no member `%s`", owner, m.Prop.Name)
	if s := Suggest(m.Prop.Name, memberNames(owner)); s != "" {
		d.Message += "; did you mean `" + owner + "." + s + "`?"
		d.Fixes = append(d.Fixes, fix("replace with `"+s+"`", m.Prop.Range, s))
	}
}

// call checks a call: built-in signatures, durable operations and array callbacks.
func (c *checker) call(call *ast.CallExpr) {
	if en, ok := c.builtinOf(call.Callee); ok {
		c.builtinCall(call, en)
		return
	}
	m, ok := ast.Unparen(call.Callee).(*ast.MemberExpr)
	if !ok || m.Prop == nil {
		return
	}
	if cb, ok := catalog.Member(catalog.OwnerArray, m.Prop.Name); ok && takesFunction(cb) {
		c.awaitInCallbacks(call, m.Prop.Name)
	}
	// Methods of a receiver whose kind is known have a known signature.
	owner := c.receiverOwner(m.X)
	if owner == "" {
		return
	}
	en, ok := catalog.Member(owner, m.Prop.Name)
	if !ok {
		c.unknownMethod(m, owner)
		return
	}
	if en.Callable() && !en.NeedsFunctions {
		c.argCount(call, en, en.Name)
		c.argTypes(call, en, en.Name, false)
	}
}

// unknownMethod reports the call of a method that strings or lists do not have (a TypeError
// at run time: calling a missing method).
func (c *checker) unknownMethod(m *ast.MemberExpr, owner string) {
	what := "strings have"
	if owner == catalog.OwnerArray {
		what = "lists have"
	}
	d := c.warnf(CodeUnknownMethod, m.Prop.Range, "%s no method `%s`", what, m.Prop.Name)
	var names []string
	for _, e := range catalog.Members(owner) {
		if e.Callable() {
			names = append(names, e.Member)
		}
	}
	if s := Suggest(m.Prop.Name, names); s != "" {
		d.Message += "; did you mean `" + s + "`?"
		d.Fixes = append(d.Fixes, fix("replace with `"+s+"`", m.Prop.Range, s))
	}
}

// takesFunction reports whether a method takes a callback (the methods of §9 and sort's
// comparator): all of them call it synchronously.
func takesFunction(en *catalog.Entry) bool {
	if en.NeedsFunctions {
		return true
	}
	for _, p := range en.Params {
		if p.Type == catalog.TypeFunction {
			return true
		}
	}
	return false
}

// builtinCall checks a call of a catalogue function.
func (c *checker) builtinCall(call *ast.CallExpr, en *catalog.Entry) {
	if !en.Callable() {
		return
	}
	c.argCount(call, en, en.Name)
	c.argTypes(call, en, en.Name, takesName(en))
	for i, a := range call.Args {
		p, ok := en.Param(i)
		if !ok {
			break
		}
		if i == 0 && takesName(en) {
			c.nameArg(en, a)
		}
		switch p.Type {
		case catalog.TypeDuration:
			c.durationArg(a)
		case catalog.TypeInstant:
			c.instantArg(a)
		case catalog.TypeOptions:
			c.optionsArg("`"+en.Name+"`", a, en.Options)
		}
	}
	if (en.Name == "Promise.race" || en.Name == "Promise.race_kv") && len(call.Args) == 1 && emptyCollection(call.Args[0]) {
		c.warnf(diag.CodeNeverSettles, call.Range, "`%s` of an empty collection never settles: awaiting it waits forever", en.Name)
	}
}

// takesName reports whether the first parameter of a durable operation is the name of a task,
// workflow or signal.
func takesName(en *catalog.Entry) bool {
	return en.Durable && len(en.Params) > 0 && en.Params[0].Name == "name"
}

// emptyCollection reports whether e is the literal `[]` or `{}`.
func emptyCollection(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.ArrayLit:
		return len(x.Elems) == 0
	case *ast.ObjectLit:
		return len(x.Props) == 0
	}
	return false
}

// argCount reports a call with a number of arguments the entry does not accept (spec §12.1:
// `null` counts as an argument). Calls with a spread argument are not counted.
func (c *checker) argCount(call *ast.CallExpr, en *catalog.Entry, name string) {
	for _, a := range call.Args {
		if _, ok := a.(*ast.SpreadElem); ok {
			return
		}
	}
	n := len(call.Args)
	if en.AcceptsArgs(n) {
		return
	}
	msg := "`" + name + "` takes " + en.ArgCountText() + ", but got " + strconv.Itoa(n)
	if max := en.MaxArgs(); max >= 0 && n > max {
		extra := source.Range{Start: call.Args[max].Span().Start, End: call.Args[n-1].Span().End}
		d := c.errorf(diag.CodeArgCount, extra, "%s", msg)
		del := extra
		if max > 0 {
			del.Start = call.Args[max-1].Span().End
		}
		title := "remove the extra argument"
		if n-max > 1 {
			title += "s"
		}
		d.Fixes = append(d.Fixes, fix(title, del, ""))
		return
	}
	c.errorf(diag.CodeArgCount, call.Range, "%s (signature: %s)", msg, en.Signature())
}

// stringValue returns the value of a string literal or of a template literal without
// substitutions.
func stringValue(e ast.Expr) (string, bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.StringLit:
		return x.Value, true
	case *ast.TemplateLit:
		if len(x.Exprs) == 0 && len(x.Quasis) == 1 {
			return x.Quasis[0], true
		}
	}
	return "", false
}

// quote writes s as a string literal, with the quote character of the literal it replaces.
func quote(s string, like ast.Expr) string {
	q := byte('"')
	if sl, ok := ast.Unparen(like).(*ast.StringLit); ok && strings.HasPrefix(sl.Raw, "'") {
		q = '\''
	}
	if q == '"' {
		return strconv.Quote(s)
	}
	r := strconv.Quote(s)
	r = strings.ReplaceAll(r[1:len(r)-1], `\"`, `"`)
	return "'" + strings.ReplaceAll(r, "'", `\'`) + "'"
}

// nameArg checks the name given to Task.run, Workflow.run or Signal.next.
func (c *checker) nameArg(en *catalog.Entry, a ast.Expr) {
	what := strings.ToLower(en.Owner)
	if k, ok := literalKindOf(a); ok && k.name != "string" {
		d := c.errorf(diag.CodeNameNotString, a.Span(), "the %s name must be a string, not %s", what, k.text)
		if n, ok := ast.Unparen(a).(*ast.NumberLit); ok {
			d.Fixes = append(d.Fixes, fix("quote the name", n.Range, strconv.Quote(n.Raw)))
		}
		return
	}
	name, ok := stringValue(a)
	if !ok {
		return
	}
	var known map[string]bool
	var msg string
	switch en.Name {
	case "Task.run":
		known, msg = c.opts.KnownTasks, "no worker registers a task called `%s`"
	case "Workflow.run":
		known, msg = c.opts.KnownWorkflows, "no workflow called `%s` (no `.flow` file or stored definition)"
	}
	if known == nil || known[name] {
		return
	}
	code := diag.CodeUnknownTask
	if en.Name == "Workflow.run" {
		code = diag.CodeUnknownWorkflow
	}
	d := c.warnf(code, a.Span(), msg, name)
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	if s := Suggest(name, names); s != "" {
		d.Message += "; did you mean `" + s + "`?"
		d.Fixes = append(d.Fixes, fix("replace with `"+s+"`", a.Span(), quote(s, a)))
	}
}

// durationArg checks a literal duration (spec §6, §12.13).
func (c *checker) durationArg(a ast.Expr) {
	a = ast.Unparen(a)
	switch x := a.(type) {
	case *ast.UnaryExpr:
		if n, ok := ast.Unparen(x.X).(*ast.NumberLit); ok && x.Op == "-" && n.Value != 0 {
			c.warnf(diag.CodeBadDuration, x.Range, "a duration cannot be negative")
		}
		return
	case *ast.NumberLit:
		if _, err := catalog.DurationSeconds(x.Value); err != nil {
			c.warnf(diag.CodeBadDuration, x.Range, "%v", err)
		}
		return
	}
	s, ok := stringValue(a)
	if !ok {
		return
	}
	if _, err := catalog.ParseDuration(s); err != nil {
		d := c.warnf(diag.CodeBadDuration, a.Span(), "%v", err)
		if alt := repairDuration(s); alt != "" {
			d.Message += "; did you mean " + strconv.Quote(alt) + "?"
			d.Fixes = append(d.Fixes, fix("replace with "+strconv.Quote(alt), a.Span(), quote(alt, a)))
		}
	}
}

// instantArg checks a literal RFC 3339 instant (Timer.until).
func (c *checker) instantArg(a ast.Expr) {
	s, ok := stringValue(a)
	if !ok {
		return
	}
	if _, err := catalog.ParseInstant(s); err != nil {
		c.warnf(CodeBadInstant, a.Span(), "invalid instant %s: expected an RFC 3339 time with `Z` or an offset, such as \"2026-01-01T00:00:00Z\"", strconv.Quote(s))
	}
}

// optionsArg checks a literal options object against the accepted keys; owner names the
// object in messages ("`Task.run`", "the `backoff` option of `Task.run`").
func (c *checker) optionsArg(owner string, a ast.Expr, opts []catalog.Option) {
	obj, ok := ast.Unparen(a).(*ast.ObjectLit)
	if !ok {
		return
	}
	for _, p := range obj.Props {
		if p == nil || p.Kind == ast.PropSpread || p.Computed {
			continue
		}
		name, ok := propName(p.Key)
		if !ok {
			continue
		}
		var opt *catalog.Option
		for i := range opts {
			if opts[i].Name == name {
				opt = &opts[i]
			}
		}
		if opt == nil {
			c.unknownOption(owner, p, name, opts)
			continue
		}
		if p.Kind != ast.PropInit {
			continue
		}
		c.optionType(owner, *opt, p.Value)
		switch {
		case opt.Type == catalog.TypeDuration:
			c.durationArg(p.Value)
		case len(opt.Fields) > 0:
			c.optionsArg("the `"+name+"` option of "+owner, p.Value, opt.Fields)
		}
	}
}

// unknownOption reports an option key that is not accepted (a TypeError at run time, §12.4).
func (c *checker) unknownOption(owner string, p *ast.Property, name string, opts []catalog.Option) {
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = "`" + o.Name + "`"
	}
	d := c.warnf(diag.CodeUnknownOption, p.Key.Span(), "unknown option `%s` of %s (accepted: %s)", name, owner, strings.Join(names, ", "))
	plain := make([]string, len(opts))
	for i, o := range opts {
		plain[i] = o.Name
	}
	if s := Suggest(name, plain); s != "" {
		d.Message += "; did you mean `" + s + "`?"
		text := s
		if p.Kind == ast.PropShorthand {
			text = s + ": " + name
		}
		d.Fixes = append(d.Fixes, fix("replace with `"+s+"`", p.Key.Span(), text))
	}
}

// propName returns the name of a literal property key.
func propName(k ast.Expr) (string, bool) {
	switch k := k.(type) {
	case *ast.Ident:
		return k.Name, true
	case *ast.StringLit:
		return k.Value, true
	}
	return "", false
}

// awaitInCallbacks reports `await` inside a function passed to a synchronous array method (§9).
func (c *checker) awaitInCallbacks(call *ast.CallExpr, method string) {
	for _, a := range call.Args {
		var body ast.Node
		switch f := ast.Unparen(a).(type) {
		case *ast.ArrowFunc:
			body = f.Body
			for _, p := range f.Params {
				c.awaitsIn(p, method)
			}
		case *ast.FuncExpr:
			body = f.Body
			for _, p := range f.Params {
				c.awaitsIn(p, method)
			}
		default:
			continue
		}
		c.awaitsIn(body, method)
	}
}

// awaitsIn reports the awaits of n that are not inside a nested function.
func (c *checker) awaitsIn(n ast.Node, method string) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ArrowFunc, *ast.FuncExpr, *ast.FuncDecl:
			return false
		case *ast.AwaitExpr:
			c.errorf(diag.CodeAwaitInCallback, source.Range{Start: x.Range.Start, End: advance(x.Range.Start, len("await"))},
				"`await` in a callback of `%s`: array callback methods are synchronous; use a `for…of` loop", method)
		}
		return true
	})
}

// selfComparison warns about `x === x` and the like.
func (c *checker) selfComparison(b *ast.BinaryExpr) {
	var always string
	switch b.Op {
	case "==", "===", "<=", ">=":
		always = "true"
	case "!=", "!==", "<", ">":
		always = "false"
	default:
		return
	}
	x, y := ast.Unparen(b.X), ast.Unparen(b.Y)
	tx, ok := refText(x)
	if !ok {
		return
	}
	if ty, ok := refText(y); !ok || ty != tx {
		return
	}
	d := c.warnf(diag.CodeSelfComparison, b.Range, "`%s` is compared with itself: the result is always %s unless it is NaN", tx, always)
	if b.Op == "!==" || b.Op == "!=" {
		d.Message += "; to test for NaN write `isNaN(" + tx + ")`"
	}
}

// refText renders a variable, property or index chain without calls (an expression that
// evaluates to the same value twice), or reports false.
func refText(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name, true
	case *ast.MemberExpr:
		if x.Prop == nil {
			return "", false
		}
		s, ok := refText(ast.Unparen(x.X))
		if !ok {
			return "", false
		}
		if x.Optional {
			return s + "?." + x.Prop.Name, true
		}
		return s + "." + x.Prop.Name, true
	case *ast.IndexExpr:
		s, ok := refText(ast.Unparen(x.X))
		if !ok {
			return "", false
		}
		var idx string
		switch i := ast.Unparen(x.Index).(type) {
		case *ast.StringLit:
			idx = i.Raw
		case *ast.NumberLit:
			idx = i.Raw
		default:
			idx, ok = refText(i)
			if !ok {
				return "", false
			}
		}
		if x.Optional {
			return s + "?.[" + idx + "]", true
		}
		return s + "[" + idx + "]", true
	}
	return "", false
}
