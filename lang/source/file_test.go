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

func TestBOMIsNotAColumn(t *testing.T) {
	t.Parallel()
	f := NewFile("b.flow", []byte("\xEF\xBB\xBFlet x\nlet y"))
	if p := f.Pos(3); p.Line != 1 || p.Col != 1 {
		t.Fatalf("Pos after BOM = %v, want 1:1", p)
	}
	if p := f.Pos(7); p.Col != 5 {
		t.Fatalf("Pos of x = %v, want 1:5", p)
	}
	if got := f.UTF16Col(f.Pos(7)); got != 4 {
		t.Fatalf("UTF16Col of x = %d, want 4", got)
	}
	if got := f.OffsetOfUTF16(0, 4); got != 7 {
		t.Fatalf("OffsetOfUTF16(0,4) = %d, want 7", got)
	}
	if p := f.Pos(0); p.Col != 1 {
		t.Fatalf("Pos(0) = %v, want column 1", p)
	}
	if p := f.Pos(13); p.Line != 2 || p.Col != 5 {
		t.Fatalf("line 2 unaffected: %v", p)
	}
}
