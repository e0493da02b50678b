package vm

import (
	"errors"
	"github.com/rhythmflow/rhythm/engine/builtins"
	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// startRun implements Task.run and Workflow.run (arguments already checked against the
// catalogue, options included).
func (m *Machine) startRun(e *catalog.Entry, kind handleKind, args []value.Value, pos compiler.Pos) (value.Value, error) {
	name := args[0].Str()
	inputs := args[1]
	if inputs.IsNull() {
		inputs = value.NewObject()
	}
	opts, err := parseOptions(args[2])
	if err != nil {
		return value.Null, err
	}
	keyID := ""
	if opts.HasKey {
		keyID = string(rune('0'+kind)) + "\x00" + name + "\x00" + opts.Key
		if id, ok := m.keys[keyID]; ok {
			return value.Promise(id), nil
		}
	}
	b, err := value.ToJSONMax(inputs, e.Name+" inputs", m.cfg.MaxSize)
	if errors.Is(err, value.ErrTooLarge) {
		return value.Null, &fatalError{code: value.CodeSizeLimit, msg: sizeError("the inputs of "+e.Name+"("+value.QuoteJSON(name)+")", -1, m.cfg.MaxSize).Message, pos: pos}
	}
	if err != nil {
		return value.Null, err
	}
	copied, _ := value.FromJSON(b)
	id := m.newHandle(&handle{kind: kind, name: name})
	if keyID != "" {
		m.keys[keyID] = id
	}
	k := StartTask
	if kind == hWorkflow {
		k = StartWorkflow
	}
	m.emitEffect(Effect{Kind: k, Handle: id, Name: name, Inputs: copied, InputsJSON: b, Options: opts}, pos)
	return value.Promise(id), nil
}

// parseOptions reads options already validated by builtins.CheckOptions.
func parseOptions(v value.Value) (Options, error) {
	opts := Options{Raw: value.Null, Backoff: DefaultBackoff}
	o := v.Obj()
	if o == nil {
		return opts, nil
	}
	opts.Raw = value.DeepCopy(v)
	get := func(o *value.Object, k string) (value.Value, bool) {
		x, ok := o.Get(k)
		return x, ok && !x.IsNull()
	}
	if x, ok := get(o, "queue"); ok {
		opts.Queue = x.Str()
	}
	if x, ok := get(o, "priority"); ok {
		opts.Priority = int(x.Num())
	}
	if x, ok := get(o, "retries"); ok {
		opts.Retries = int(x.Num())
	}
	if x, ok := get(o, "timeout"); ok {
		d, err := builtins.Duration(x)
		if err != nil {
			return opts, err
		}
		opts.Timeout, opts.HasTimeout = d, true
	}
	if x, ok := get(o, "key"); ok {
		opts.Key, opts.HasKey = x.Str(), true
	}
	if x, ok := get(o, "backoff"); ok {
		b := x.Obj()
		if y, ok := get(b, "initial"); ok {
			d, err := builtins.Duration(y)
			if err != nil {
				return opts, err
			}
			opts.Backoff.Initial = d
		}
		if y, ok := get(b, "max"); ok {
			d, err := builtins.Duration(y)
			if err != nil {
				return opts, err
			}
			opts.Backoff.Max = d
		}
		if y, ok := get(b, "factor"); ok {
			opts.Backoff.Factor = y.Num()
		}
	}
	return opts, nil
}

// combinator creates a Promise.<op> handle over a list or object of elements.
func (m *Machine) combinator(op string, coll value.Value, pos compiler.Pos) (value.Value, error) {
	h := &handle{kind: hCombinator, name: op, created: m.now, pos: pos}
	switch coll.Kind() {
	case value.ArrayKind:
		h.elems = append([]value.Value{}, coll.Arr().Elems...)
	case value.ObjectKind:
		o := coll.Obj()
		h.keys = make([]string, o.Len())
		h.elems = make([]value.Value, o.Len())
		for i := range h.keys {
			h.keys[i], h.elems[i] = o.KeyAt(i)
		}
	default:
		return value.Null, value.TypeErrorf("Promise.%s needs a list or an object, got %s", op, value.Describe(coll))
	}
	id := m.newHandle(h)
	m.evalCombinator(h)
	return value.Promise(id), nil
}
