package compiler

import (
	"fmt"
	"strings"

	"github.com/rhythmflow/rhythm/engine/value"
)

// Disassemble returns a listing of the program, one instruction a line: index, source
// position, opcode and operands (with the constant or name they refer to). It is meant for
// debugging and tests; its format may change.
func (p *Program) Disassemble() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "program %q: %d instructions, %d slots\n", p.Name, len(p.Code), p.Slots)
	for i, in := range p.Code {
		pos := p.Pos[i]
		fmt.Fprintf(&sb, "%4d %4d:%-3d %-18s", i, pos.Line, pos.Col, in.Op)
		switch in.Op {
		case OpConst:
			s, _, _ := value.Stringify(p.Consts[in.A], "")
			if s == "" {
				s = value.ToString(p.Consts[in.A])
			}
			fmt.Fprintf(&sb, " %s", s)
		case OpObjSet, OpGetProp, OpDelProp, OpNamespace:
			fmt.Fprintf(&sb, " %q", p.Names[in.A])
		case OpSetProp:
			fmt.Fprintf(&sb, " %q discard=%d", p.Names[in.A], in.B)
		case OpSetIndex:
			fmt.Fprintf(&sb, " discard=%d", in.B)
		case OpLoadChecked, OpStoreChecked:
			fmt.Fprintf(&sb, " %d %s", in.A, p.Names[in.B])
		case OpIncSlot:
			fmt.Fprintf(&sb, " %d dir=%d", in.A, in.B)
		case OpCallFunc, OpCallMethod:
			fmt.Fprintf(&sb, " %s argc=%d", p.Names[in.A], in.B)
		case OpCallValue:
			fmt.Fprintf(&sb, " argc=%d", in.B)
		case OpIterNext, OpForInNext:
			fmt.Fprintf(&sb, " slot=%d exit=%d", in.A, in.B)
		case OpNull, OpTrue, OpFalse, OpPop, OpDup, OpSwap, OpArrayPush, OpArraySpread,
			OpNewObject, OpObjSetKey, OpObjSpread, OpGetIndex, OpDelIndex, OpHasKey,
			OpAdd, OpSub, OpMul, OpDiv, OpMod, OpPow, OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpIn,
			OpNot, OpNeg, OpPlus, OpTypeof, OpAwait, OpThrow, OpPopHandler, OpReturn,
			OpToIterable, OpNotNull, OpLength, OpNop:
		default:
			fmt.Fprintf(&sb, " %d", in.A)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}
