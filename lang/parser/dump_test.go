package parser

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// dump prints a syntax tree compactly, one node per line with its range, for golden files.
func dump(f *ast.File, ds []diag.Diagnostic) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(f), 0, "")
	for _, d := range ds {
		fmt.Fprintf(&b, "diag %s-%s %s %s: %s\n", d.Range.Start, d.Range.End, d.Severity, d.Code, d.Message)
	}
	return b.String()
}

var rangeType = reflect.TypeOf(source.Range{})

func dumpValue(b *strings.Builder, v reflect.Value, depth int, label string) {
	indent := strings.Repeat("  ", depth)
	if label != "" {
		label += ": "
	}
	for v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			if label != "" {
				fmt.Fprintf(b, "%s%s<nil>\n", indent, label)
			}
			return
		}
		v = v.Elem()
	}
	t := v.Type()
	var attrs []string
	var kids []func()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		fv := v.Field(i)
		if sf.Name == "Loc" {
			r := fv.Field(0).Interface().(source.Range)
			attrs = append(attrs, "@"+r.String())
			continue
		}
		switch fv.Kind() {
		case reflect.String:
			attrs = append(attrs, sf.Name+"="+strconv.Quote(fv.String()))
		case reflect.Bool:
			if fv.Bool() {
				attrs = append(attrs, sf.Name)
			}
		case reflect.Int:
			if fv.Int() != 0 {
				if s, ok := fv.Interface().(fmt.Stringer); ok {
					attrs = append(attrs, sf.Name+"="+s.String())
				} else {
					attrs = append(attrs, fmt.Sprintf("%s=%d", sf.Name, fv.Int()))
				}
			}
		case reflect.Float64:
			attrs = append(attrs, sf.Name+"="+strconv.FormatFloat(fv.Float(), 'g', -1, 64))
		case reflect.Slice:
			if fv.Type().Elem().Kind() == reflect.String {
				var qs []string
				for j := 0; j < fv.Len(); j++ {
					qs = append(qs, strconv.Quote(fv.Index(j).String()))
				}
				attrs = append(attrs, sf.Name+"=["+strings.Join(qs, " ")+"]")
				continue
			}
			name := sf.Name
			kids = append(kids, func() {
				for j := 0; j < fv.Len(); j++ {
					el := fv.Index(j)
					if el.Kind() == reflect.Pointer && el.IsNil() {
						fmt.Fprintf(b, "%s  %s: <hole>\n", indent, name)
						continue
					}
					dumpValue(b, el, depth+1, name)
				}
			})
		case reflect.Pointer, reflect.Interface:
			if fv.IsNil() {
				continue
			}
			name := sf.Name
			kids = append(kids, func() { dumpValue(b, fv, depth+1, name) })
		}
	}
	if t.Name() == "File" {
		// Comments are listed compactly.
		attrs = attrs[:0:0]
		attrs = append(attrs, "Name="+strconv.Quote(v.FieldByName("Name").String()))
	}
	fmt.Fprintf(b, "%s%s%s %s\n", indent, label, t.Name(), strings.Join(attrs, " "))
	for _, k := range kids {
		k()
	}
}

var _ = rangeType
