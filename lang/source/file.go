package source

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// File holds the text of one source file and an index of its line starts, so that byte
// offsets convert to positions (and back) in O(log lines).
type File struct {
	Name  string
	Src   []byte
	lines []int // byte offset of the start of each line
	bom   int   // length of a leading byte order mark (0 or 3): it is not a column
}

// NewFile indexes src. Lines end at "\n"; a "\r" before it belongs to the line. A leading
// UTF-8 byte order mark is ignored by columns (offsets still count its bytes).
func NewFile(name string, src []byte) *File {
	f := &File{Name: name, Src: src, lines: []int{0}}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		f.bom = 3
	}
	for i, b := range src {
		if b == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// LineCount returns the number of lines (a file without newline has one line).
func (f *File) LineCount() int { return len(f.lines) }

// LineStart returns the byte offset at which 1-based line starts. Out-of-range lines are
// clamped to the file.
func (f *File) LineStart(line int) int {
	if line < 1 {
		return 0
	}
	if line > len(f.lines) {
		return len(f.Src)
	}
	return f.lines[line-1]
}

// Pos converts a byte offset (clamped to [0, len(Src)]) to a position.
func (f *File) Pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(f.Src) {
		off = len(f.Src)
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	start := f.lineContentStart(i + 1)
	if off < start {
		start = off
	}
	return Pos{Offset: off, Line: i + 1, Col: utf8.RuneCount(f.Src[start:off]) + 1}
}

// Range converts the byte span [start, end) to a Range.
func (f *File) Range(start, end int) Range { return Range{Start: f.Pos(start), End: f.Pos(end)} }

// lineContentStart is LineStart, past the byte order mark on line 1.
func (f *File) lineContentStart(line int) int {
	if line == 1 {
		return f.bom
	}
	return f.LineStart(line)
}

// UTF16Col returns the 0-based UTF-16 column of p, as the LSP counts characters.
func (f *File) UTF16Col(p Pos) int {
	start := f.lineContentStart(p.Line)
	if p.Offset < start {
		return 0
	}
	end := p.Offset
	if end > len(f.Src) {
		end = len(f.Src)
	}
	n := 0
	for _, r := range string(f.Src[start:end]) {
		n += utf16.RuneLen(r)
	}
	return n
}

// OffsetOfUTF16 converts a 0-based line and 0-based UTF-16 column (LSP coordinates) to a byte
// offset. A column past the end of the line yields the line's end.
func (f *File) OffsetOfUTF16(line, col16 int) int {
	if line < 0 {
		return 0
	}
	if line >= len(f.lines) {
		return len(f.Src)
	}
	off := f.lineContentStart(line + 1)
	n := 0
	for off < len(f.Src) && f.Src[off] != '\n' && n < col16 {
		r, size := utf8.DecodeRune(f.Src[off:])
		n += utf16.RuneLen(r)
		off += size
	}
	return off
}
