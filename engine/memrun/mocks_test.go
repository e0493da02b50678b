package memrun

import (
	"strings"
	"testing"
	"time"
)

func TestLoadMocks(t *testing.T) {
	t.Parallel()
	m, err := LoadMocks([]byte(`{
		"now": "2026-01-01T00:00:00Z",
		"tasks": {
			"charge": [{"error": {"message": "declined", "code": "CardDeclined", "details": {"z": 1, "a": 2}}, "after": 5},
			           {"output": {"b": 1, "a": 2}, "after": "1m30s"}],
			"notify": {"cancelled": true},
			"billing.sync": {"output": null}
		},
		"workflows": {"ship": {"output": [1, 2]}},
		"signals": {"approve": [{"payload": {"ok": true}, "after": "1h"}, {"payload": 2}], "cancel": [{"after": 0.5}]}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if !m.Now.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Now = %v", m.Now)
	}
	charge := m.Tasks["charge"]
	if len(charge) != 2 {
		t.Fatalf("charge replies = %d", len(charge))
	}
	if e := charge[0].Error; e == nil || e.Message != "declined" || e.Code != "CardDeclined" || string(e.Details) != `{"z":1,"a":2}` || charge[0].After != 5*time.Second {
		t.Errorf("charge[0] = %+v %+v", charge[0], e)
	}
	if string(charge[1].Output) != `{"b":1,"a":2}` || charge[1].After != 90*time.Second {
		t.Errorf("charge[1] = %+v", charge[1])
	}
	if r := m.Tasks["notify"]; len(r) != 1 || !r[0].Cancelled {
		t.Errorf("notify = %+v", r)
	}
	if r := m.Tasks["billing.sync"]; len(r) != 1 || string(r[0].Output) != "null" {
		t.Errorf("billing.sync = %+v", r)
	}
	if r := m.Workflows["ship"]; len(r) != 1 || string(r[0].Output) != "[1,2]" {
		t.Errorf("ship = %+v", r)
	}
	want := []Signal{
		{Name: "approve", Payload: []byte(`{"ok":true}`), After: time.Hour},
		{Name: "approve", Payload: []byte(`2`)},
		{Name: "cancel", After: 500 * time.Millisecond},
	}
	if len(m.Signals) != len(want) {
		t.Fatalf("signals = %+v", m.Signals)
	}
	for i, s := range m.Signals {
		if s.Name != want[i].Name || string(s.Payload) != string(want[i].Payload) || s.After != want[i].After {
			t.Errorf("signal %d = %+v, want %+v", i, s, want[i])
		}
	}
}

func TestLoadMocksEmpty(t *testing.T) {
	t.Parallel()
	m, err := LoadMocks([]byte(`{}`))
	if err != nil || len(m.Tasks) != 0 || !m.Now.IsZero() {
		t.Fatalf("LoadMocks({}) = %+v, %v", m, err)
	}
}

func TestLoadMocksErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{`[]`, `mocks: must be a JSON object, not a list`},
		{`{"tasks": }`, `mocks: invalid JSON`},
		{`{"task": {}}`, `mocks: unknown field "task"`},
		{`{"tasks": []}`, `mocks: tasks: must be an object of replies by name, not a list`},
		{`{"tasks": {"charge": [{"output": 1}, {"output": 2, "after": "5x"}]}}`, `mocks: tasks.charge[1].after: invalid duration "5x"`},
		{`{"tasks": {"charge": {"output": 1, "after": -1}}}`, `mocks: tasks.charge.after: invalid duration: -1 seconds is negative`},
		{`{"tasks": {"charge": {"output": 1, "after": true}}}`, `mocks: tasks.charge.after: a duration must be a number of seconds`},
		{`{"tasks": {"charge": []}}`, `mocks: tasks.charge: a list of replies must not be empty`},
		{`{"tasks": {"charge": 5}}`, `mocks: tasks.charge: a reply must be an object, not a number`},
		{`{"tasks": {"charge": {"after": 1}}}`, `mocks: tasks.charge: a reply needs exactly one of output, error or cancelled`},
		{`{"tasks": {"charge": {"output": 1, "error": {"message": "x"}}}}`, `mocks: tasks.charge: a reply needs exactly one of`},
		{`{"tasks": {"charge": {"ok": true}}}`, `mocks: tasks.charge: unknown field "ok"`},
		{`{"tasks": {"charge": {"error": {"code": "X"}}}}`, `mocks: tasks.charge.error: missing field "message"`},
		{`{"tasks": {"charge": {"error": {"message": 1}}}}`, `mocks: tasks.charge.error.message: must be a string, not a number`},
		{`{"tasks": {"charge": {"error": {"message": "m", "code": 1}}}}`, `mocks: tasks.charge.error.code: must be a string`},
		{`{"tasks": {"charge": {"error": {"message": "m", "retry": 1}}}}`, `mocks: tasks.charge.error: unknown field "retry"`},
		{`{"tasks": {"charge": {"error": "boom"}}}`, `mocks: tasks.charge.error: must be an object`},
		{`{"tasks": {"charge": {"cancelled": false}}}`, `mocks: tasks.charge.cancelled: must be true`},
		{`{"tasks": {"a.b": {"output": 1, "after": "x"}}}`, `mocks: tasks["a.b"].after: invalid duration "x"`},
		{`{"workflows": {"ship": [{"output": 1}, {"outptu": 2}]}}`, `mocks: workflows.ship[1]: unknown field "outptu"`},
		{`{"signals": {"approve": {"payload": 1}}}`, `mocks: signals.approve: must be a list of signals, not an object`},
		{`{"signals": {"approve": [1]}}`, `mocks: signals.approve[0]: a signal must be an object`},
		{`{"signals": {"approve": [{"payload": 1, "after": "1y"}]}}`, `mocks: signals.approve[0].after: invalid duration "1y"`},
		{`{"signals": {"approve": [{"payload": 1, "delay": 1}]}}`, `mocks: signals.approve[0]: unknown field "delay"`},
		{`{"signals": []}`, `mocks: signals: must be an object`},
		{`{"now": "yesterday"}`, `mocks: now: invalid RFC 3339 instant "yesterday"`},
		{`{"now": 5}`, `mocks: now: must be an RFC 3339 instant string, not a number`},
	}
	for _, c := range cases {
		_, err := LoadMocks([]byte(c.in))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("LoadMocks(%s): error %v, want prefix %q", c.in, err, c.want)
		}
	}
}
