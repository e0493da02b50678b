package value

import (
	"errors"
	"strings"
	"testing"
)

// sharedList returns a list whose string form doubles n times over a 5-byte string: far too
// long to build, though the list itself is small.
func sharedList(n int) Value {
	a := NewArray([]Value{Str("xxxxx")})
	for i := 0; i < n; i++ {
		a = NewArray([]Value{a, a})
	}
	return a
}

func TestBoundedConversions(t *testing.T) {
	t.Parallel()
	big := sharedList(40)
	small := NewArray([]Value{Str("ab"), Null, Num(1)})
	if _, err := ToStringMax(big, 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ToStringMax: %v", err)
	}
	if s, err := ToStringMax(small, 5); err != nil || s != "ab,,1" {
		t.Errorf("ToStringMax at the limit = %q, %v", s, err)
	}
	if _, err := ToStringMax(small, 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ToStringMax over the limit: %v", err)
	}
	if _, _, err := StringifyMax(big, "", 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("StringifyMax: %v", err)
	}
	if s, _, err := StringifyMax(small, "", 13); err != nil || s != `["ab",null,1]` {
		t.Errorf("StringifyMax at the limit = %q, %v", s, err)
	}
	if _, _, err := StringifyMax(small, "", 12); !errors.Is(err, ErrTooLarge) {
		t.Errorf("StringifyMax over the limit: %v", err)
	}
	if _, err := ToJSONMax(big, "x", 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ToJSONMax: %v", err)
	}
	if _, err := ToJSONMax(NewArray([]Value{Num(1), Str("NaN")}), "x", 0); err != nil {
		t.Errorf("ToJSONMax without a bound: %v", err)
	}
	if _, err := LogLineMax([]Value{big}, 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("LogLineMax: %v", err)
	}
	s := Str(strings.Repeat("y", 10))
	if l, err := LogLineMax([]Value{s, s}, 21); err != nil || len(l) != 21 {
		t.Errorf("LogLineMax at the limit = %q, %v", l, err)
	}
	if _, err := LogLineMax([]Value{s, s}, 20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("LogLineMax over the limit: %v", err)
	}
	if e := SizeLimitError("string.repeat", 30, 20); e.Code != CodeSizeLimit || !strings.Contains(e.Message, "string.repeat: the result would be 30 bytes") {
		t.Errorf("SizeLimitError = %v", e)
	}
}

func TestUninit(t *testing.T) {
	t.Parallel()
	if !Uninit.IsUninit() || Null.IsUninit() || Uninit.Kind() != UninitKind || Uninit.Kind().String() == "null" {
		t.Fatal("Uninit is not distinct")
	}
}
