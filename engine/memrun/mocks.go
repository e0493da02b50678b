package memrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/catalog"
)

// Mocks are the stubbed world of an in-memory run: the replies of tasks and child workflows,
// the signals sent to the workflow, and the start of virtual time. The zero Mocks stubs nothing.
// Mocks are read-only during a run; one Mocks may serve many runs.
type Mocks struct {
	// Tasks maps a task name to its replies, used attempt by attempt; the last one repeats.
	Tasks map[string][]Reply
	// Workflows maps a child workflow name to its replies, as Tasks. A workflow with no entry
	// runs for real from NAME.flow next to the workflow's file.
	Workflows map[string][]Reply
	// Signals are the signals sent to the workflow. They arrive in order of After, ties in the
	// order of this list (the mocks file's order: names in key order, each name's list in order).
	Signals []Signal
	// Now, when not zero, is the instant virtual time starts at.
	Now time.Time
}

// Reply is one mocked answer to an attempt of a task or child workflow: exactly one of an
// output, an error, or a cancellation, arriving After the attempt starts.
type Reply struct {
	// Output is the JSON of the attempt's output (nil means null). Used when Error is nil and
	// Cancelled is false.
	Output json.RawMessage
	// Error, when not nil, makes the attempt fail.
	Error *ReplyError
	// Cancelled ends the attempt as cancelled: awaiting it throws Cancelled, with no retry.
	Cancelled bool
	// After is the virtual time between the start of the attempt and the reply.
	After time.Duration
}

// ReplyError is the failure of a mocked attempt. Code becomes the thrown error's `cause`.
type ReplyError struct {
	Message string
	Code    string          // "" means no code (cause null)
	Details json.RawMessage // nil means null
}

// Signal is one mocked signal: Payload (JSON; nil means null) sent to the workflow under Name,
// arriving After the run starts.
type Signal struct {
	Name    string
	Payload json.RawMessage
	After   time.Duration
}

// MockError is a problem in a mocks file. Path names the offending field
// (`tasks.charge[1].after`), or is empty for the document itself.
type MockError struct {
	Path    string
	Message string
}

// Error returns "path: message".
func (e *MockError) Error() string {
	if e.Path == "" {
		return "mocks: " + e.Message
	}
	return "mocks: " + e.Path + ": " + e.Message
}

func mockErr(path, format string, args ...any) error {
	return &MockError{Path: path, Message: fmt.Sprintf(format, args...)}
}

// LoadMocks parses a mocks document (the MOCKS.json of `rhythm run --mock`):
//
//	{"tasks": {"NAME": REPLY | [REPLY, ...]}, "workflows": {"NAME": REPLY | [REPLY, ...]},
//	 "signals": {"NAME": [{"payload": ANY, "after": DURATION?}, ...]}, "now": "RFC3339"?}
//
// where REPLY is {"output": ANY, "after"?}, {"error": {"message", "code"?, "details"?}, "after"?}
// or {"cancelled": true, "after"?}, and a DURATION is a number of seconds (≥ 0) or a duration
// string ("1h30m"). Parsing is strict: an unknown field, a value of the wrong kind or a malformed
// duration is a *MockError naming the field path (e.g. `tasks.charge[1].after: invalid duration
// "5x"`).
func LoadMocks(data []byte) (*Mocks, error) {
	doc, err := value.FromJSON(data)
	if err != nil {
		var ve *value.Error
		if errors.As(err, &ve) {
			return nil, &MockError{Message: "invalid JSON: " + ve.Message}
		}
		return nil, &MockError{Message: "invalid JSON: " + err.Error()}
	}
	root := doc.Obj()
	if root == nil {
		return nil, mockErr("", "must be a JSON object, not %s", kindName(doc))
	}
	m := &Mocks{}
	for i := 0; i < root.Len(); i++ {
		key, v := root.KeyAt(i)
		switch key {
		case "tasks":
			if m.Tasks, err = loadReplyTable("tasks", v); err != nil {
				return nil, err
			}
		case "workflows":
			if m.Workflows, err = loadReplyTable("workflows", v); err != nil {
				return nil, err
			}
		case "signals":
			if m.Signals, err = loadSignals(v); err != nil {
				return nil, err
			}
		case "now":
			if v.Kind() != value.StringKind {
				return nil, mockErr("now", "must be an RFC 3339 instant string, not %s", kindName(v))
			}
			if m.Now, err = catalog.ParseInstant(v.Str()); err != nil {
				return nil, mockErr("now", "invalid RFC 3339 instant %s", value.QuoteJSON(v.Str()))
			}
		default:
			return nil, mockErr("", "unknown field %s (want tasks, workflows, signals or now)", value.QuoteJSON(key))
		}
	}
	return m, nil
}

func loadReplyTable(path string, v value.Value) (map[string][]Reply, error) {
	obj := v.Obj()
	if obj == nil {
		return nil, mockErr(path, "must be an object of replies by name, not %s", kindName(v))
	}
	table := make(map[string][]Reply, obj.Len())
	for i := 0; i < obj.Len(); i++ {
		name, rv := obj.KeyAt(i)
		p := path + namePath(name)
		if list := rv.Arr(); list != nil {
			if list.Len() == 0 {
				return nil, mockErr(p, "a list of replies must not be empty")
			}
			replies := make([]Reply, list.Len())
			for j, el := range list.Elems {
				r, err := loadReply(fmt.Sprintf("%s[%d]", p, j), el)
				if err != nil {
					return nil, err
				}
				replies[j] = r
			}
			table[name] = replies
			continue
		}
		r, err := loadReply(p, rv)
		if err != nil {
			return nil, err
		}
		table[name] = []Reply{r}
	}
	return table, nil
}

func loadReply(path string, v value.Value) (Reply, error) {
	obj := v.Obj()
	if obj == nil {
		return Reply{}, mockErr(path, "a reply must be an object, not %s", kindName(v))
	}
	var r Reply
	kinds := 0
	for i := 0; i < obj.Len(); i++ {
		key, fv := obj.KeyAt(i)
		var err error
		switch key {
		case "output":
			kinds++
			r.Output, err = toRaw(path+".output", fv)
		case "error":
			kinds++
			r.Error, err = loadReplyError(path+".error", fv)
		case "cancelled":
			kinds++
			if !fv.Bool() {
				err = mockErr(path+".cancelled", "must be true")
			}
			r.Cancelled = true
		case "after":
			r.After, err = loadDuration(path+".after", fv)
		default:
			err = mockErr(path, "unknown field %s (want output, error, cancelled or after)", value.QuoteJSON(key))
		}
		if err != nil {
			return Reply{}, err
		}
	}
	if kinds != 1 {
		return Reply{}, mockErr(path, "a reply needs exactly one of output, error or cancelled")
	}
	return r, nil
}

func loadReplyError(path string, v value.Value) (*ReplyError, error) {
	obj := v.Obj()
	if obj == nil {
		return nil, mockErr(path, "must be an object {message, code?, details?}, not %s", kindName(v))
	}
	e := &ReplyError{}
	hasMessage := false
	for i := 0; i < obj.Len(); i++ {
		key, fv := obj.KeyAt(i)
		switch key {
		case "message":
			if fv.Kind() != value.StringKind {
				return nil, mockErr(path+".message", "must be a string, not %s", kindName(fv))
			}
			e.Message, hasMessage = fv.Str(), true
		case "code":
			switch fv.Kind() {
			case value.StringKind:
				e.Code = fv.Str()
			case value.NullKind:
			default:
				return nil, mockErr(path+".code", "must be a string, not %s", kindName(fv))
			}
		case "details":
			raw, err := toRaw(path+".details", fv)
			if err != nil {
				return nil, err
			}
			e.Details = raw
		default:
			return nil, mockErr(path, "unknown field %s (want message, code or details)", value.QuoteJSON(key))
		}
	}
	if !hasMessage {
		return nil, mockErr(path, "missing field \"message\"")
	}
	return e, nil
}

func loadSignals(v value.Value) ([]Signal, error) {
	obj := v.Obj()
	if obj == nil {
		return nil, mockErr("signals", "must be an object of signal lists by name, not %s", kindName(v))
	}
	var out []Signal
	for i := 0; i < obj.Len(); i++ {
		name, lv := obj.KeyAt(i)
		p := "signals" + namePath(name)
		list := lv.Arr()
		if list == nil {
			return nil, mockErr(p, "must be a list of signals, not %s", kindName(lv))
		}
		for j, el := range list.Elems {
			sp := fmt.Sprintf("%s[%d]", p, j)
			so := el.Obj()
			if so == nil {
				return nil, mockErr(sp, "a signal must be an object {payload, after?}, not %s", kindName(el))
			}
			s := Signal{Name: name}
			for k := 0; k < so.Len(); k++ {
				key, fv := so.KeyAt(k)
				var err error
				switch key {
				case "payload":
					s.Payload, err = toRaw(sp+".payload", fv)
				case "after":
					s.After, err = loadDuration(sp+".after", fv)
				default:
					err = mockErr(sp, "unknown field %s (want payload or after)", value.QuoteJSON(key))
				}
				if err != nil {
					return nil, err
				}
			}
			out = append(out, s)
		}
	}
	return out, nil
}

func loadDuration(path string, v value.Value) (time.Duration, error) {
	switch v.Kind() {
	case value.NumberKind:
		d, err := catalog.DurationSeconds(v.Num())
		if err != nil {
			return 0, mockErr(path, "%s", err.Error())
		}
		return d, nil
	case value.StringKind:
		d, err := catalog.ParseDuration(v.Str())
		if err != nil {
			return 0, mockErr(path, "%s", err.Error())
		}
		return d, nil
	}
	return 0, mockErr(path, "a duration must be a number of seconds or a string such as \"1h30m\", not %s", kindName(v))
}

// toRaw re-encodes a parsed JSON value (keys in the text's order).
func toRaw(path string, v value.Value) (json.RawMessage, error) {
	b, err := value.ToJSON(v, path)
	if err != nil {
		return nil, mockErr(path, "%s", err.Error())
	}
	return json.RawMessage(b), nil
}

// namePath writes a name as a path element: `.name` for identifier-like names, else `["na.me"]`.
func namePath(name string) string {
	if name == "" {
		return `[""]`
	}
	for i, r := range name {
		ok := r == '_' || r == '$' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return "[" + value.QuoteJSON(name) + "]"
		}
	}
	return "." + name
}

// kindName names a JSON value's kind for error messages ("a string", "a list", "null").
func kindName(v value.Value) string {
	switch v.Kind() {
	case value.NullKind:
		return "null"
	case value.BoolKind:
		return "a boolean"
	case value.NumberKind:
		return "a number"
	case value.StringKind:
		return "a string"
	case value.ArrayKind:
		return "a list"
	}
	return "an object"
}
