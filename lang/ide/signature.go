package ide

import (
	"strings"

	"github.com/rhythmflow/rhythm/lang/catalog"
)

// SignatureHelp describes the built-in being called around the cursor.
type SignatureHelp struct {
	// Label is the signature, e.g. `Task.run(name: string, inputs?: object, options?: options): promise`.
	Label string
	// Doc is the built-in's documentation (Markdown).
	Doc string
	// Params are the parameters: their labels (substrings of Label) and documentation.
	Params []ParamInfo
	// Active is the index in Params of the parameter the cursor is on.
	Active int
}

// ParamInfo is one parameter of a signature.
type ParamInfo struct {
	Label string
	Doc   string
}

// SignatureAt returns the signature of the built-in function or method whose argument list
// contains byte offset off (the innermost such call; methods only on strings and lists whose
// kind is known), with the active parameter, or nil. For Task.run with a registered task name,
// the inputs parameter lists the task's input fields (from reg). It works on text the parser
// cannot read.
func SignatureAt(d *Document, off int, reg Registry) *SignatureHelp {
	c := contextAt(d.Text, off)
	if c.in.kind == tComment {
		return nil
	}
	f, _ := c.call()
	if f == nil {
		return nil
	}
	en := calleeEntry(d, c, f)
	if en == nil {
		en = methodEntry(d, f)
	}
	if en == nil || !en.Callable() {
		return nil
	}
	h := &SignatureHelp{Label: en.Signature(), Doc: en.Doc}
	for _, p := range en.Params {
		h.Params = append(h.Params, ParamInfo{Label: p.Label(), Doc: p.Doc})
	}
	if en.Name == "Task.run" && f.firstArgOK && reg != nil && len(h.Params) > 1 {
		if t, ok := reg.Task(f.firstArg); ok && t.Input != nil && len(t.Input.Properties) > 0 {
			var b strings.Builder
			b.WriteString(h.Params[1].Doc)
			schemaSection(&b, "Inputs of `"+t.Name+"`", t.Input)
			h.Params[1].Doc = b.String()
		}
	}
	h.Active = f.args
	if n := len(en.Params); n > 0 && h.Active >= n && en.Params[n-1].Variadic {
		h.Active = n - 1
	}
	return h
}

// methodEntry resolves a method call whose receiver is not a plain name (`"a,b".split(`,
// `x.trim().slice(`) through the syntax tree.
func methodEntry(d *Document, f *frame) *catalog.Entry {
	// the callee's last name ends at the '('; find the dot before it
	end := f.off
	for end > 0 && (d.Text[end-1] == ' ' || d.Text[end-1] == '\t') {
		end--
	}
	nameStart := identStartBefore(d.Text, end)
	if nameStart == end || nameStart == 0 {
		return nil
	}
	dot := nameStart - 1
	if d.Text[dot] != '.' {
		return nil
	}
	recvEnd := dot
	if recvEnd > 0 && d.Text[recvEnd-1] == '?' {
		recvEnd--
	}
	e := postfixEndingAt(d.Tree(), recvEnd)
	if e == nil {
		return nil
	}
	owner := ownerOfKind(kindOf(d, e, 0))
	en, _ := catalog.Member(owner, string(d.Text[nameStart:end]))
	return en
}
