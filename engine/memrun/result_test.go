package memrun

import (
	"encoding/json"
	"testing"
)

func TestResultJSONShape(t *testing.T) {
	t.Parallel()
	one := 1
	r := &Result{Status: StatusCompleted, Output: json.RawMessage(`{"b":"<&>","a":1}`),
		Calls: []Call{{Kind: KindTask, Name: "t", Inputs: json.RawMessage(`{}`), Options: json.RawMessage(`{}`), Attempts: &one},
			{Kind: KindTimer, Inputs: json.RawMessage(`5`), Options: json.RawMessage(`{}`)}}}
	want := `{"status":"completed","output":{"b":"<&>","a":1},"error":null,"calls":[{"kind":"task","name":"t","inputs":{},"options":{},"attempts":1},{"kind":"timer","name":"","inputs":5,"options":{}}],"logs":[]}`
	if got := string(r.JSON()); got != want {
		t.Errorf("JSON:\n got %s\nwant %s", got, want)
	}
	b, err := json.Marshal(struct{ R *Result }{r})
	if err != nil || string(b) != `{"R":`+want+`}` && string(b) != `{"R":`+escapeHTMLForTest(want)+`}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	if r.Failure() != nil {
		t.Errorf("Failure of a completed run = %v", r.Failure())
	}
}

func escapeHTMLForTest(s string) string {
	var b []byte
	for _, c := range []byte(s) {
		switch c {
		case '<':
			b = append(b, `\u003c`...)
		case '>':
			b = append(b, `\u003e`...)
		case '&':
			b = append(b, `\u0026`...)
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func TestResultFailure(t *testing.T) {
	t.Parallel()
	r := &Result{Status: StatusFailed, Error: json.RawMessage(`{"code":"Stuck","message":"waiting for signal \"a\"","line":3,"column":7}`)}
	f := r.Failure()
	if f == nil || f.Code != "Stuck" || f.Line != 3 || f.Column != 7 || f.String() != `Stuck: waiting for signal "a" (3:7)` {
		t.Errorf("Failure = %+v", f)
	}
	r.Error = json.RawMessage(`{"code":"SizeLimit","message":"too big"}`)
	if s := r.Failure().String(); s != "SizeLimit: too big" {
		t.Errorf("String = %q", s)
	}
}
