package vm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/value"
)

// Snapshot format: a compact binary encoding of the whole machine state.
//
//	magic "RHYVM" | format version (uvarint) | program fingerprint (8 bytes LE)
//	heap: count, kind of each entry (1 byte each), then each entry's contents
//	body: status, pc, wait position, stack, slots, handlers, handles, idempotency keys,
//	      output, failure
//
// Lists and objects are heap entries referred to by index, so shared references and cycles
// come back exactly as they were. Numbers are written as zigzag varints when they are small
// integers, else as IEEE-754 bits.
const (
	snapshotMagic = "RHYVM"
	// SnapshotVersion is the format version Snapshot writes. Restore refuses any other.
	SnapshotVersion = 1
)

// ErrSnapshotVersion is wrapped by Restore's error for a snapshot of an unknown format version.
var ErrSnapshotVersion = errors.New("vm: unsupported snapshot format version")

// ErrProgramMismatch is wrapped by Restore's error for a snapshot taken with another program.
var ErrProgramMismatch = errors.New("vm: snapshot belongs to a different program")

// ErrCorruptSnapshot is wrapped by Restore's error for data that is not a valid snapshot.
var ErrCorruptSnapshot = errors.New("vm: corrupt snapshot")

const (
	tNull byte = iota
	tFalse
	tTrue
	tInt
	tFloat
	tString
	tArray
	tObject
	tPromise
	tFunc
	tBound
	tUninit // value.Uninit: a switch binding in its dead zone
)

// Snapshot serialises the machine's whole state. It is valid between activations (after New,
// or after any Run).
func (m *Machine) Snapshot() ([]byte, error) {
	if m.encoded != nil {
		return append([]byte(nil), m.encoded...), nil
	}
	return m.encode()
}

type encoder struct {
	body, heap []byte
	ids        map[any]int
	queue      []value.Value
	keys       map[string]int // object keys already written, by table index
}

// key writes an object key: 0 and the text the first time, 1+index afterwards.
func (e *encoder) key(b []byte, k string) []byte {
	if i, ok := e.keys[k]; ok {
		return binary.AppendUvarint(b, uint64(i+1))
	}
	e.keys[k] = len(e.keys)
	b = append(b, 0)
	return e.str(b, k)
}

func (e *encoder) uvarint(b []byte, x uint64) []byte { return binary.AppendUvarint(b, x) }

func (e *encoder) str(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func (e *encoder) ref(p any, v value.Value) int {
	if id, ok := e.ids[p]; ok {
		return id
	}
	id := len(e.queue)
	e.ids[p] = id
	e.queue = append(e.queue, v)
	return id
}

func (e *encoder) value(b []byte, v value.Value) []byte {
	switch v.Kind() {
	case value.UninitKind:
		return append(b, tUninit)
	case value.NullKind:
		return append(b, tNull)
	case value.BoolKind:
		if v.Bool() {
			return append(b, tTrue)
		}
		return append(b, tFalse)
	case value.NumberKind:
		f := v.Num()
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 && !(f == 0 && math.Signbit(f)) {
			b = append(b, tInt)
			return binary.AppendVarint(b, int64(f))
		}
		b = append(b, tFloat)
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	case value.StringKind:
		return e.str(append(b, tString), v.Str())
	case value.ArrayKind:
		return e.uvarint(append(b, tArray), uint64(e.ref(v.Arr(), v)))
	case value.ObjectKind:
		return e.uvarint(append(b, tObject), uint64(e.ref(v.Obj(), v)))
	case value.PromiseKind:
		return e.uvarint(append(b, tPromise), uint64(v.Handle()))
	case value.FuncKind:
		if recv, ok := v.Receiver(); ok {
			b = e.str(append(b, tBound), v.FuncName())
			return e.value(b, recv)
		}
		return e.str(append(b, tFunc), v.FuncName())
	}
	return append(b, tNull)
}

func (e *encoder) values(b []byte, vs []value.Value) []byte {
	b = e.uvarint(b, uint64(len(vs)))
	for _, v := range vs {
		b = e.value(b, v)
	}
	return b
}

func (e *encoder) time(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

func (m *Machine) encode() ([]byte, error) {
	e := &encoder{ids: map[any]int{}, keys: map[string]int{}}
	b := e.body
	b = e.uvarint(b, uint64(m.status))
	b = e.uvarint(b, uint64(m.pc))
	b = e.uvarint(b, uint64(m.waitPos.Line))
	b = e.uvarint(b, uint64(m.waitPos.Col))
	b = e.values(b, m.stack)
	// A variable of a block the pc is not in is dead: its value is not kept.
	b = e.uvarint(b, uint64(len(m.slots)))
	for i, v := range m.slots {
		if i < len(m.prog.Live) && !m.prog.Live[i].Contains(m.pc) {
			v = value.Null
		}
		b = e.value(b, v)
	}
	b = e.uvarint(b, uint64(len(m.handlers)))
	for _, h := range m.handlers {
		b = e.uvarint(b, uint64(h.pc))
		b = e.uvarint(b, uint64(h.sp))
	}
	live := m.liveHandles()
	b = e.uvarint(b, uint64(len(m.handles)))
	for i, h := range m.handles {
		state := h.state
		if !live[i] && h.kind == hCombinator {
			state = dead
		}
		b = append(b, byte(h.kind), byte(state))
		b = e.str(b, h.name)
		if live[i] {
			b = e.value(b, h.value)
		} else {
			b = e.value(b, value.Null) // unreachable: its value can never be observed
		}
		b = e.time(b, h.settledAt)
		if h.kind == hCombinator {
			if live[i] {
				b = e.values(b, h.elems)
			} else {
				b = e.values(b, nil)
			}
			if h.keys == nil {
				b = append(b, 0)
			} else {
				b = append(b, 1)
				b = e.uvarint(b, uint64(len(h.keys)))
				for _, k := range h.keys {
					b = e.str(b, k)
				}
			}
			b = e.time(b, h.created)
			b = e.uvarint(b, uint64(h.pos.Line))
			b = e.uvarint(b, uint64(h.pos.Col))
		}
	}
	keys := make([]string, 0, len(m.keys))
	for k := range m.keys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = e.uvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = e.str(b, k)
		b = e.uvarint(b, uint64(m.keys[k]))
	}
	b = e.value(b, m.output)
	b = e.value(b, m.failure)

	// The heap: entries discovered while encoding, and those their contents refer to.
	var kinds []byte
	for i := 0; i < len(e.queue); i++ {
		v := e.queue[i]
		if a := v.Arr(); a != nil {
			kinds = append(kinds, tArray)
			e.heap = e.values(e.heap, a.Elems)
			continue
		}
		o := v.Obj()
		kinds = append(kinds, tObject)
		e.heap = e.uvarint(e.heap, uint64(o.Len()))
		for j := 0; j < o.Len(); j++ {
			k, x := o.KeyAt(j)
			e.heap = e.key(e.heap, k)
			e.heap = e.value(e.heap, x)
		}
	}
	out := make([]byte, 0, len(snapshotMagic)+16+len(kinds)+len(e.heap)+len(b))
	out = append(out, snapshotMagic...)
	out = binary.AppendUvarint(out, SnapshotVersion)
	out = binary.LittleEndian.AppendUint64(out, m.prog.Fingerprint)
	out = binary.AppendUvarint(out, uint64(len(kinds)))
	out = append(out, kinds...)
	out = append(out, e.heap...)
	out = append(out, b...)
	return out, nil
}

// decoder reads a snapshot; the first error sticks and later reads return zero values.
type decoder struct {
	data []byte
	i    int
	err  error
	heap []value.Value
	keys []string
}

// key reads an object key written by encoder.key.
func (d *decoder) key() string {
	i := d.uvarint()
	if i == 0 {
		k := d.str()
		d.keys = append(d.keys, k)
		return k
	}
	if i > uint64(len(d.keys)) {
		d.failf("bad key reference %d", i)
		return ""
	}
	return d.keys[i-1]
}

func (d *decoder) failf(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrCorruptSnapshot}, args...)...)
	}
}

func (d *decoder) byte() byte {
	if d.err != nil || d.i >= len(d.data) {
		d.failf("unexpected end of data")
		return 0
	}
	c := d.data[d.i]
	d.i++
	return c
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.data[d.i:])
	if n <= 0 {
		d.failf("bad varint at %d", d.i)
		return 0
	}
	d.i += n
	return x
}

// count reads a length that must fit in the remaining data (each element needs a byte).
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.data)-d.i) {
		d.failf("bad length %d at %d", n, d.i)
		return 0
	}
	return int(n)
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Varint(d.data[d.i:])
	if n <= 0 {
		d.failf("bad varint at %d", d.i)
		return 0
	}
	d.i += n
	return x
}

func (d *decoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.data[d.i : d.i+n])
	d.i += n
	return s
}

func (d *decoder) time() time.Time {
	if d.byte() == 0 {
		return time.Time{}
	}
	sec := d.varint()
	nsec := d.uvarint()
	return time.Unix(sec, int64(nsec)).UTC()
}

func (d *decoder) heapRef(want value.Kind) value.Value {
	id := d.uvarint()
	if id >= uint64(len(d.heap)) || d.heap[id].Kind() != want {
		d.failf("bad heap reference %d", id)
		return value.Null
	}
	return d.heap[id]
}

func (d *decoder) value() value.Value {
	switch t := d.byte(); t {
	case tNull:
		return value.Null
	case tFalse:
		return value.False
	case tTrue:
		return value.True
	case tInt:
		return value.Num(float64(d.varint()))
	case tFloat:
		if d.err != nil || d.i+8 > len(d.data) {
			d.failf("unexpected end of data")
			return value.Null
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(d.data[d.i:]))
		d.i += 8
		return value.Num(f)
	case tString:
		return value.Str(d.str())
	case tArray:
		return d.heapRef(value.ArrayKind)
	case tObject:
		return d.heapRef(value.ObjectKind)
	case tPromise:
		return value.Promise(int(d.uvarint()))
	case tFunc:
		return value.Func(d.str())
	case tBound:
		name := d.str()
		return value.BoundMethod(name, d.value())
	case tUninit:
		return value.Uninit
	default:
		d.failf("bad value tag %d", t)
		return value.Null
	}
}

func (d *decoder) values() []value.Value {
	n := d.count()
	out := make([]value.Value, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, d.value())
	}
	return out
}

// Restore rebuilds a machine from a snapshot taken by Snapshot, for the same program (same
// fingerprint). A snapshot of another format version, of another program, or corrupt data is
// an error (wrapping ErrSnapshotVersion, ErrProgramMismatch or ErrCorruptSnapshot).
func Restore(prog *compiler.Program, data []byte, cfg Config) (m *Machine, err error) {
	if prog == nil {
		return nil, errors.New("vm: nil program")
	}
	if len(data) < len(snapshotMagic) || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return nil, fmt.Errorf("%w: not a Rhythm VM snapshot", ErrCorruptSnapshot)
	}
	d := &decoder{data: data, i: len(snapshotMagic)}
	if v := d.uvarint(); d.err == nil && v != SnapshotVersion {
		return nil, fmt.Errorf("%w %d (this release reads version %d)", ErrSnapshotVersion, v, SnapshotVersion)
	}
	if d.err == nil && d.i+8 > len(data) {
		d.failf("unexpected end of data")
	}
	if d.err != nil {
		return nil, d.err
	}
	if fp := binary.LittleEndian.Uint64(data[d.i:]); fp != prog.Fingerprint {
		return nil, fmt.Errorf("%w (snapshot %016x, program %016x)", ErrProgramMismatch, fp, prog.Fingerprint)
	}
	d.i += 8
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("%w: %v", ErrCorruptSnapshot, r)
		}
	}()
	m = newMachine(prog, cfg)
	n := d.count()
	if d.err == nil {
		kinds := d.data[d.i : d.i+n]
		d.i += n
		d.heap = make([]value.Value, n)
		for i, k := range kinds {
			switch k {
			case tArray:
				d.heap[i] = value.NewArray(nil)
			case tObject:
				d.heap[i] = value.NewObject()
			default:
				d.failf("bad heap entry kind %d", k)
			}
		}
		for i := 0; i < n && d.err == nil; i++ {
			if a := d.heap[i].Arr(); a != nil {
				a.Elems = d.values()
				continue
			}
			c := d.count()
			o := d.heap[i].Obj()
			o.Grow(c)
			for j := 0; j < c && d.err == nil; j++ {
				k := d.key()
				o.Set(k, d.value())
			}
		}
	}
	m.status = Status(d.uvarint())
	m.pc = int(d.uvarint())
	m.waitPos.Line = int32(d.uvarint())
	m.waitPos.Col = int32(d.uvarint())
	m.stack = d.values()
	m.slots = d.values()
	nh := d.count()
	for i := 0; i < nh && d.err == nil; i++ {
		m.handlers = append(m.handlers, handler{pc: int(d.uvarint()), sp: int(d.uvarint())})
	}
	nhd := d.count()
	for i := 0; i < nhd && d.err == nil; i++ {
		h := &handle{kind: handleKind(d.byte()), state: hstate(d.byte())}
		h.name = d.str()
		h.value = d.value()
		h.settledAt = d.time()
		if h.kind == hCombinator {
			h.elems = d.values()
			if d.byte() == 1 {
				nk := d.count()
				h.keys = make([]string, 0, nk)
				for j := 0; j < nk && d.err == nil; j++ {
					h.keys = append(h.keys, d.str())
				}
			}
			h.created = d.time()
			h.pos.Line = int32(d.uvarint())
			h.pos.Col = int32(d.uvarint())
		}
		m.handles = append(m.handles, h)
	}
	nk := d.count()
	for i := 0; i < nk && d.err == nil; i++ {
		k := d.str()
		m.keys[k] = int(d.uvarint())
	}
	m.output = d.value()
	m.failure = d.value()
	if d.err == nil && d.i != len(d.data) {
		d.failf("%d trailing bytes", len(d.data)-d.i)
	}
	if d.err != nil {
		return nil, d.err
	}
	for _, v := range d.heap {
		var elems []value.Value
		if a := v.Arr(); a != nil {
			elems = a.Elems
		} else if o := v.Obj(); o != nil {
			for j := 0; j < o.Len(); j++ {
				_, x := o.KeyAt(j)
				elems = append(elems, x)
			}
		}
		for _, x := range elems {
			if x.Kind() == value.PromiseKind && x.Handle() >= len(m.handles) {
				return nil, fmt.Errorf("%w: bad handle %d", ErrCorruptSnapshot, x.Handle())
			}
		}
	}
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorruptSnapshot, err)
	}
	return m, nil
}

// validate checks the invariants the interpreter relies on, so that a damaged snapshot is an
// error rather than a crash later.
func (m *Machine) validate() error {
	switch {
	case m.status > FailedStatus:
		return fmt.Errorf("bad status %d", m.status)
	case m.pc < 0 || m.pc >= len(m.prog.Code):
		return fmt.Errorf("bad pc %d", m.pc)
	case len(m.slots) != m.prog.Slots:
		return fmt.Errorf("%d slots, program has %d", len(m.slots), m.prog.Slots)
	}
	for _, h := range m.handlers {
		if h.pc < 0 || h.pc >= len(m.prog.Code) || h.sp > len(m.stack) {
			return fmt.Errorf("bad handler %+v", h)
		}
	}
	check := func(v value.Value) error {
		if id := v.Handle(); v.Kind() == value.PromiseKind && id >= len(m.handles) {
			return fmt.Errorf("bad handle %d", id)
		}
		return nil
	}
	for _, vs := range [][]value.Value{m.stack, m.slots} {
		for _, v := range vs {
			if err := check(v); err != nil {
				return err
			}
		}
	}
	for i, h := range m.handles {
		if h.kind < hTask || h.kind > hCombinator || h.state > dead || (h.state == dead && h.kind != hCombinator) {
			return fmt.Errorf("bad handle entry %d", i)
		}
		for _, e := range h.elems {
			if id := e.Handle(); e.Kind() == value.PromiseKind && id >= i {
				return fmt.Errorf("handle %d refers to a later handle %d", i, id)
			}
		}
	}
	if m.status == Suspended && m.prog.Code[m.pc].Op == compiler.OpAwait && len(m.stack) == 0 {
		return errors.New("suspended at an await with an empty stack")
	}
	return nil
}
