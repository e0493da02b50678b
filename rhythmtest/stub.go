package rhythmtest

import (
	"github.com/rhythmflow/rhythm/engine/memrun"
)

// Stub is the list of replies of one task or child workflow. The replies are used attempt by
// attempt, in the order attempts start (a retry takes the next reply); when the list runs out
// its last reply repeats. Each method adds one reply, except After, which delays the last one.
type Stub struct {
	env   *Env
	table map[string][]memrun.Reply
	name  string
}

func (s *Stub) add(r memrun.Reply) *Stub {
	s.table[s.name] = append(s.table[s.name], r)
	return s
}

// Return adds a reply with output (anything encoding/json can encode, or a json.RawMessage used
// as is; nil is null).
func (s *Stub) Return(output any) *Stub {
	s.env.t.Helper()
	return s.add(memrun.Reply{Output: s.env.encode(output, "output of "+s.name)})
}

// Fail adds a failing reply. code ("" for none) becomes the `cause` of the error the workflow
// catches, message its `message`.
func (s *Stub) Fail(code, message string) *Stub {
	return s.add(memrun.Reply{Error: &memrun.ReplyError{Code: code, Message: message}})
}

// FailWithDetails is Fail with the error's `details` (anything encoding/json can encode).
func (s *Stub) FailWithDetails(code, message string, details any) *Stub {
	s.env.t.Helper()
	return s.add(memrun.Reply{Error: &memrun.ReplyError{Code: code, Message: message, Details: s.env.encode(details, "error details of "+s.name)}})
}

// Cancel adds a reply that ends the attempt as cancelled: awaiting it throws Cancelled, and it
// is not retried.
func (s *Stub) Cancel() *Stub {
	return s.add(memrun.Reply{Cancelled: true})
}

// After delays the reply added last: it arrives d after its attempt starts, in virtual time (a
// duration such as "5s", "1h30m" or "250ms"). A reply later than the call's timeout makes that
// attempt fail with Timeout. After before any reply fails the test.
func (s *Stub) After(d string) *Stub {
	s.env.t.Helper()
	list := s.table[s.name]
	if len(list) == 0 {
		s.env.t.Fatalf("rhythmtest: After(%q) on %q before any reply (call Return, Fail or Cancel first)", d, s.name)
		return s
	}
	list[len(list)-1].After = s.env.duration(d)
	return s
}
