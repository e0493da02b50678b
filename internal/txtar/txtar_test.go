package txtar

import (
	"reflect"
	"testing"
)

func TestParseAndFormat(t *testing.T) {
	t.Parallel()
	text := "comment\nline 2\n-- a.flow --\nlet x = 1\r\n-- b.json --\r\n{}\n--  spaced  --\n-- not a header\n"
	a := Parse(text)
	want := &Archive{Comment: "comment\nline 2\n", Files: []File{
		{Name: "a.flow", Data: "let x = 1\r\n"},
		{Name: "b.json", Data: "{}\n"},
		{Name: "spaced", Data: "-- not a header\n"},
	}}
	if !reflect.DeepEqual(a, want) {
		t.Fatalf("Parse = %#v\nwant %#v", a, want)
	}
	if d, ok := a.Get("b.json"); !ok || d != "{}\n" {
		t.Fatalf("Get(b.json) = %q, %v", d, ok)
	}
	if _, ok := a.Get("nope"); ok {
		t.Fatal("Get(nope) found a file")
	}
	a.Files = append(a.Files, File{Name: "c", Data: "no newline"})
	if got := Parse(a.Format()); !reflect.DeepEqual(got.Files[:3], a.Files[:3]) || got.Files[3].Data != "no newline\n" {
		t.Fatalf("Parse(Format()) = %#v", got)
	}
	if got := Parse(""); got.Comment != "" || len(got.Files) != 0 {
		t.Fatalf("Parse(\"\") = %#v", got)
	}
}
