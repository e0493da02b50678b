package format

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/source"
)

var (
	locType     = reflect.TypeOf(ast.Loc{})
	rangeType   = reflect.TypeOf(source.Range{})
	stringLitTy = reflect.TypeOf(ast.StringLit{})
	commentTy   = reflect.TypeOf(ast.Comment{})
)

// equalTrees compares two syntax trees structurally. It ignores positions, the quotes of
// string literals (their values must be equal), line endings in verbatim text, and the
// comment list (compared separately by equalComments). Parentheses are compared exactly: the
// formatter never adds or removes them.
func equalTrees(a, b *ast.File) error {
	return equalValue(reflect.ValueOf(a), reflect.ValueOf(b), "File")
}

func equalValue(a, b reflect.Value, path string) error {
	if a.Kind() != b.Kind() {
		return fmt.Errorf("%s: kind %s vs %s", path, a.Kind(), b.Kind())
	}
	switch a.Kind() {
	case reflect.Interface, reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Errorf("%s: nil vs non-nil", path)
			}
			return nil
		}
		if a.Kind() == reflect.Interface && a.Elem().Type() != b.Elem().Type() {
			return fmt.Errorf("%s: %s vs %s", path, a.Elem().Type(), b.Elem().Type())
		}
		return equalValue(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: %d vs %d elements", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if err := equalValue(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Struct:
		t := a.Type()
		if t == locType || t == rangeType || t == commentTy {
			return nil
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if t == stringLitTy && f.Name == "Raw" {
				continue
			}
			if f.Name == "Comments" && t == reflect.TypeOf(ast.File{}) {
				continue
			}
			if err := equalValue(a.Field(i), b.Field(i), path+"."+t.Name()+"."+f.Name); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		if normalizeNL(a.String()) != normalizeNL(b.String()) {
			return fmt.Errorf("%s: %q vs %q", path, a.String(), b.String())
		}
		return nil
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		if x != y && !(x != x && y != y) {
			return fmt.Errorf("%s: %v vs %v", path, x, y)
		}
		return nil
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Errorf("%s: %v vs %v", path, a.Interface(), b.Interface())
		}
		return nil
	}
}

// equalComments compares the comment texts of two files, in order.
func equalComments(a, b *ast.File) error {
	ta, tb := commentTexts(a), commentTexts(b)
	if len(ta) != len(tb) {
		return fmt.Errorf("%d comments vs %d:\n%q\n%q", len(ta), len(tb), ta, tb)
	}
	for i := range ta {
		if ta[i] != tb[i] {
			return fmt.Errorf("comment %d: %q vs %q", i, ta[i], tb[i])
		}
	}
	return nil
}

func commentTexts(f *ast.File) []string {
	var out []string
	for _, c := range f.Comments {
		text := normalizeNL(c.Text)
		if !c.Block {
			// The end of a line loses its trailing blanks.
			text = strings.TrimRight(text, " \t\r")
		}
		out = append(out, text)
	}
	return out
}
