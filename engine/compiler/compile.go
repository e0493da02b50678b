package compiler

import (
	"errors"
	"fmt"

	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/source"
)

// Error is a compile error: a construct the compiler cannot translate (a Bad* node left by the
// parser, an unsupported construct, an undeclared name). Programs that pass lang/check compile
// without error; Compile reports the first such construct for any other tree.
type Error struct {
	Pos     source.Pos
	Message string
}

// Error returns "line:col: message".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Message) }

// ErrNilFile is returned by Compile for a nil file.
var ErrNilFile = errors.New("compiler: nil file")

type ctxKind int

const (
	ctxLoop ctxKind = iota + 1
	ctxSwitch
	ctxLabel
	ctxCatch   // inside a try block whose handler catches
	ctxFinally // inside a try (or catch) block whose handler runs a finally block
)

// ctxEntry is one enclosing construct that break/continue/return may have to leave.
type ctxEntry struct {
	kind          ctxKind
	labels        []string
	breakJumps    []int
	continueJumps []int
	finally       *ast.BlockStmt
	scope         *scope // the scope at the try statement, for compiling finally copies
}

type compiler struct {
	prog    *Program
	scope   *scope
	ctx     []*ctxEntry
	cur     Pos
	consts  map[any]int
	names   map[string]int
	labels  []string // labels waiting for the next loop statement
	nesting int      // guard against pathological nesting
}

type compileFailure struct{ err *Error }

// Compile translates f into a Program. It never panics: any tree it cannot translate (Bad*
// nodes, unsupported constructs, undeclared names) yields an *Error.
func Compile(f *ast.File) (prog *Program, err error) {
	if f == nil {
		return nil, ErrNilFile
	}
	c := &compiler{
		prog:   &Program{Name: f.Name, Slots: 2, Live: []Range{{0, -1}, {0, -1}}},
		consts: map[any]int{},
		names:  map[string]int{},
	}
	defer func() {
		if r := recover(); r != nil {
			if cf, ok := r.(compileFailure); ok {
				prog, err = nil, cf.err
				return
			}
			prog, err = nil, &Error{Message: fmt.Sprintf("internal compiler error: %v", r)}
		}
	}()
	c.pushScope(f.Stmts)
	for _, st := range f.Stmts {
		c.stmt(st)
	}
	c.popScope()
	c.emit(OpNull, 0, 0)
	c.emit(OpReturn, 0, 0)
	c.prog.Fingerprint = c.prog.fingerprint()
	return c.prog, nil
}

func posOf(n ast.Node) Pos {
	p := n.Span().Start
	return Pos{Line: int32(p.Line), Col: int32(p.Col)}
}

func (c *compiler) fail(n ast.Node, format string, args ...any) {
	var p source.Pos
	if n != nil {
		p = n.Span().Start
	}
	panic(compileFailure{&Error{Pos: p, Message: fmt.Sprintf(format, args...)}})
}

// emit appends an instruction at the current source position and returns its index.
func (c *compiler) emit(op Op, a, b int) int {
	c.prog.Code = append(c.prog.Code, Instr{Op: op, A: int32(a), B: int32(b)})
	c.prog.Pos = append(c.prog.Pos, c.cur)
	return len(c.prog.Code) - 1
}

// here is the index of the next instruction.
func (c *compiler) here() int { return len(c.prog.Code) }

// patch makes the jump at index i go to the next instruction.
func (c *compiler) patch(i int) { c.patchTo(i, c.here()) }

func (c *compiler) patchTo(i, target int) {
	in := &c.prog.Code[i]
	switch in.Op {
	case OpIterNext, OpForInNext:
		in.B = int32(target)
	default:
		in.A = int32(target)
	}
}

func (c *compiler) constIndex(v value.Value) int {
	var key any
	switch v.Kind() {
	case value.NumberKind:
		key = v.Num()
		if v.Num() == 0 {
			key = fmt.Sprintf("num:%v", 1/v.Num()) // keep 0 and -0 apart
		}
	case value.StringKind:
		key = "str:" + v.Str()
	case value.FuncKind:
		key = "fn:" + v.FuncName()
	default:
		panic("compiler: unsupported constant kind")
	}
	if i, ok := c.consts[key]; ok {
		return i
	}
	c.prog.Consts = append(c.prog.Consts, v)
	c.consts[key] = len(c.prog.Consts) - 1
	return len(c.prog.Consts) - 1
}

func (c *compiler) nameIndex(s string) int {
	if i, ok := c.names[s]; ok {
		return i
	}
	c.prog.Names = append(c.prog.Names, s)
	c.names[s] = len(c.prog.Names) - 1
	return len(c.prog.Names) - 1
}

func (c *compiler) emitConst(v value.Value) {
	if v.Kind() == value.NumberKind && v.IsInteger() && v.Num() >= -1<<30 && v.Num() < 1<<30 &&
		!(v.Num() == 0 && 1/v.Num() < 0) {
		c.emit(OpNum, int(v.Num()), 0)
		return
	}
	c.emit(OpConst, c.constIndex(v), 0)
}

func (c *compiler) enter(n ast.Node) Pos {
	c.nesting++
	if c.nesting > 2000 {
		c.fail(n, "program nested too deeply")
	}
	save := c.cur
	c.cur = posOf(n)
	return save
}

func (c *compiler) leave(save Pos) {
	c.nesting--
	c.cur = save
}
