package textdiff

import (
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	t.Parallel()
	if got := Unified("a", "b", "x\n", "x\n"); got != "" {
		t.Fatalf("equal texts should give no diff, got %q", got)
	}
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n"
	b := "1\n2\n3\nfour\n5\n6\n7\n8\n9\n10\n11\ntwelve\n"
	got := Unified("old", "new", a, b)
	want := `--- old
+++ new
@@ -1,7 +1,7 @@
 1
 2
 3
-4
+four
 5
 6
 7
@@ -9,3 +9,4 @@
 9
 10
 11
+twelve
`
	if got != want {
		t.Fatalf("diff mismatch:\n%s\nwant:\n%s", got, want)
	}
}

func TestScriptRebuildsBothSides(t *testing.T) {
	t.Parallel()
	cases := [][2]string{{"", "a\nb\n"}, {"a\nb\n", ""}, {"a\nb\nc\n", "c\nb\na\n"}, {"x\ny\n", "y\nx\ny\n"}}
	for _, c := range cases {
		ops := diffLines(splitLines(c[0]), splitLines(c[1]))
		var ra, rb []string
		for _, o := range ops {
			if o.kind != '+' {
				ra = append(ra, o.text)
			}
			if o.kind != '-' {
				rb = append(rb, o.text)
			}
		}
		if strings.Join(ra, "\n") != strings.Join(splitLines(c[0]), "\n") || strings.Join(rb, "\n") != strings.Join(splitLines(c[1]), "\n") {
			t.Fatalf("script for %q -> %q does not rebuild the texts: %v", c[0], c[1], ops)
		}
	}
}
