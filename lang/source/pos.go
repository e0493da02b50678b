// Package source describes positions in Flow source text: byte offsets, 1-based lines and
// columns counted in Unicode code points, and the conversion to the UTF-16 columns used by the
// language server protocol.
package source

import "fmt"

// Pos is a position in a source file. Offset is the 0-based byte offset; Line and Col are
// 1-based, and Col counts Unicode code points from the start of the line. The zero Pos is
// invalid (see IsValid).
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// IsValid reports whether p denotes a real position (Line >= 1).
func (p Pos) IsValid() bool { return p.Line >= 1 }

// String formats p as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Before reports whether p comes strictly before q in the same file.
func (p Pos) Before(q Pos) bool { return p.Offset < q.Offset }

// Range is a half-open span [Start, End) of source text.
type Range struct {
	Start Pos
	End   Pos
}

// String formats r as "line:col-line:col".
func (r Range) String() string { return r.Start.String() + "-" + r.End.String() }

// Contains reports whether the byte offset off lies inside r (End exclusive).
func (r Range) Contains(off int) bool { return off >= r.Start.Offset && off < r.End.Offset }

// Covers reports whether r contains the whole of s.
func (r Range) Covers(s Range) bool {
	return s.Start.Offset >= r.Start.Offset && s.End.Offset <= r.End.Offset
}
