// Package compiler translates a Flow syntax tree (lang/ast) into the flat bytecode run by the
// durable VM (engine/vm).
//
// Every variable is known at compile time, so each declaration gets its own slot in one flat
// frame (there are no closures yet, §9): block scoping, shadowing and the per-iteration bindings
// of `for (let …)` follow from the slot assignment. Temporaries the compiler needs (switch
// discriminants, loop iterators, destructuring sources, exceptions held across `finally`) are
// hidden slots too, so the whole machine state is the pc, the operand stack, the slots, the
// handler stack and the heap: nothing lives in Go frames, and the state can be serialised at any
// `await`.
//
// `finally` blocks are compiled inline on every path that leaves their `try` (normal end,
// `break`/`continue`/`return` crossing them, and a handler that re-throws), so the VM needs no
// completion records.
package compiler

import (
	"encoding/binary"
	"hash/fnv"
	"math"

	"github.com/rhythmflow/rhythm/engine/value"
)

// Instr is one VM instruction: an opcode and two operands whose meaning depends on the opcode
// (see the Op constants).
type Instr struct {
	Op Op
	A  int32
	B  int32
}

// Pos is the 1-based line and column (in code points) of the source expression an instruction
// belongs to: the position reported by a runtime error it raises.
type Pos struct {
	Line int32
	Col  int32
}

// Program is a compiled workflow. It is immutable and may be shared by any number of machines.
type Program struct {
	Name   string        // workflow name (the file name without .flow)
	Code   []Instr       // the instructions; execution starts at 0
	Pos    []Pos         // Pos[i] is the source position of Code[i]
	Consts []value.Value // constants: numbers, strings (never arrays or objects)
	Names  []string      // property names and built-in function names referred to by operands
	Slots  int           // number of variable slots (SlotInputs and SlotContext included)
	// Live[i] is the code range where slot i may hold a value that is still used: a block
	// variable is dead when the pc is outside its block. End < 0 means live everywhere.
	Live []Range
	// Fingerprint identifies the program (code, positions, constants); a snapshot records it and is only restored
	// on a program with the same fingerprint.
	Fingerprint uint64
}

// Range is a half-open range [Start, End) of instruction indices.
type Range struct {
	Start, End int32
}

// Contains reports whether instruction pc lies in r (always true when End < 0).
func (r Range) Contains(pc int) bool {
	return r.End < 0 || (int32(pc) >= r.Start && int32(pc) < r.End)
}

// Fixed slots: the built-in globals the workflow may read and modify.
const (
	SlotInputs  = 0
	SlotContext = 1
)

func (p *Program) fingerprint() uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, in := range p.Code {
		binary.LittleEndian.PutUint32(b[:4], uint32(in.A))
		binary.LittleEndian.PutUint32(b[4:], uint32(in.B))
		h.Write([]byte{byte(in.Op)})
		h.Write(b[:])
	}
	for _, c := range p.Consts {
		h.Write([]byte{byte(c.Kind())})
		if c.Kind() == value.NumberKind {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(c.Num()))
			h.Write(b[:])
		} else {
			h.Write([]byte(c.Str()))
			h.Write([]byte{0})
		}
	}
	for _, pos := range p.Pos {
		binary.LittleEndian.PutUint32(b[:4], uint32(pos.Line))
		binary.LittleEndian.PutUint32(b[4:], uint32(pos.Col))
		h.Write(b[:])
	}
	for _, n := range p.Names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	for _, r := range p.Live {
		binary.LittleEndian.PutUint32(b[:4], uint32(r.Start))
		binary.LittleEndian.PutUint32(b[4:], uint32(r.End))
		h.Write(b[:])
	}
	binary.LittleEndian.PutUint64(b[:], uint64(p.Slots))
	h.Write(b[:])
	return h.Sum64()
}
