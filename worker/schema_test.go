package worker_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/worker"
)

type Base struct {
	ID string `json:"id"`
}

type node struct {
	Base
	Name     string            `json:"name,omitempty"`
	Tags     []string          `json:"tags"`
	Attrs    map[string]int    `json:"attrs,omitzero"`
	When     time.Time         `json:"when"`
	Next     *node             `json:"next,omitempty"`
	Raw      json.RawMessage   `json:"raw"`
	Any      any               `json:"any"`
	Blob     []byte            `json:"blob"`
	Skipped  string            `json:"-"`
	internal int               // unexported: not part of the schema
	Matrix   [][2]float64      `json:"matrix"`
	Nested   map[string][]bool `json:"nested"`
	Untagged uint8
}

func TestSchema(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{0, `{"type":"integer"}`},
		{"", `{"type":"string"}`},
		{1.5, `{"type":"number"}`},
		{true, `{"type":"boolean"}`},
		{struct{}{}, `{"type":"object","properties":{}}`},
		{node{}, `{"type":"object","properties":{` +
			`"id":{"type":"string"},` +
			`"name":{"type":"string"},` +
			`"tags":{"type":"array","items":{"type":"string"}},` +
			`"attrs":{"type":"object","additionalProperties":{"type":"integer"}},` +
			`"when":{"type":"string","format":"date-time"},` +
			`"next":{},` +
			`"raw":{},"any":{},` +
			`"blob":{"type":"string","contentEncoding":"base64"},` +
			`"matrix":{"type":"array","items":{"type":"array","items":{"type":"number"}}},` +
			`"nested":{"type":"object","additionalProperties":{"type":"array","items":{"type":"boolean"}}},` +
			`"Untagged":{"type":"integer"}},` +
			`"required":["id","tags","when","raw","any","blob","matrix","nested","Untagged"]}`},
	} {
		got := string(worker.Schema(reflect.TypeOf(tc.v)))
		if got != tc.want {
			t.Errorf("%T:\n got %s\nwant %s", tc.v, got, tc.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("%T: invalid JSON %s", tc.v, got)
		}
	}
}
