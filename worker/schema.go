package worker

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// Schema returns a JSON Schema describing the JSON encoding of values of type t: objects keep
// the order of the struct fields and honour `json` tags (a field without omitempty/omitzero is
// required); recursive types are cut with an empty schema. The task registry stores it.
func Schema(t reflect.Type) json.RawMessage {
	var b bytes.Buffer
	writeSchema(&b, t, map[reflect.Type]bool{})
	return b.Bytes()
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	rawType       = reflect.TypeFor[json.RawMessage]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
)

func writeSchema(b *bytes.Buffer, t reflect.Type, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		b.WriteString(`{"type":"string","format":"date-time"}`)
		return
	case t == rawType, t.Kind() == reflect.Interface:
		b.WriteString(`{}`)
		return
	case t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType):
		b.WriteString(`{}`)
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		b.WriteString(`{"type":"boolean"}`)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b.WriteString(`{"type":"integer"}`)
	case reflect.Float32, reflect.Float64:
		b.WriteString(`{"type":"number"}`)
	case reflect.String:
		b.WriteString(`{"type":"string"}`)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			b.WriteString(`{"type":"string","contentEncoding":"base64"}`)
			return
		}
		b.WriteString(`{"type":"array","items":`)
		writeSchema(b, t.Elem(), seen)
		b.WriteString(`}`)
	case reflect.Map:
		b.WriteString(`{"type":"object","additionalProperties":`)
		writeSchema(b, t.Elem(), seen)
		b.WriteString(`}`)
	case reflect.Struct:
		if seen[t] {
			b.WriteString(`{}`)
			return
		}
		seen[t] = true
		defer delete(seen, t)
		b.WriteString(`{"type":"object","properties":{`)
		var required []string
		n := 0
		var fields func(t reflect.Type)
		fields = func(t reflect.Type) {
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				tag := f.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if f.Anonymous && name == "" {
					ft := f.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if ft.Kind() == reflect.Struct {
						fields(ft)
						continue
					}
				}
				if !f.IsExported() {
					continue
				}
				if name == "" {
					name = f.Name
				}
				if n > 0 {
					b.WriteByte(',')
				}
				n++
				k, _ := json.Marshal(name)
				b.Write(k)
				b.WriteByte(':')
				writeSchema(b, f.Type, seen)
				if !strings.Contains(","+opts+",", ",omitempty,") && !strings.Contains(","+opts+",", ",omitzero,") {
					required = append(required, name)
				}
			}
		}
		fields(t)
		b.WriteString(`}`)
		if len(required) > 0 {
			r, _ := json.Marshal(required)
			b.WriteString(`,"required":`)
			b.Write(r)
		}
		b.WriteString(`}`)
	default:
		b.WriteString(`{}`)
	}
}
