package source

import "testing"

func TestPosAndUTF16(t *testing.T) {
	t.Parallel()
	src := []byte("let a = 1\nlet é = \"😀x\"\n")
	f := NewFile("t.flow", src)
	if got := f.LineCount(); got != 3 {
		t.Fatalf("LineCount = %d, want 3", got)
	}
	// Offset of 'x' on line 2: "let é = \"😀" is 4+2+3+1+4 bytes.
	xo := 10 + len("let é = \"😀")
	p := f.Pos(xo)
	if p.Line != 2 || p.Col != 11 {
		t.Fatalf("Pos(x) = %v, want 2:11", p)
	}
	if got := f.UTF16Col(p); got != 11 {
		t.Fatalf("UTF16Col = %d, want 11 (emoji counts twice)", got)
	}
	if got := f.OffsetOfUTF16(1, 11); got != xo {
		t.Fatalf("OffsetOfUTF16 = %d, want %d", got, xo)
	}
	if got := f.OffsetOfUTF16(1, 999); src[got] != '\n' {
		t.Fatalf("OffsetOfUTF16 past end should stop at newline, got %d", got)
	}
	if p := f.Pos(0); p != (Pos{Offset: 0, Line: 1, Col: 1}) {
		t.Fatalf("Pos(0) = %+v", p)
	}
}
