package parser

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/source"
)

// sameParse fails the test unless the incremental result (f, ds) is exactly the fresh one:
// the same dump (for a readable difference), the same values everywhere (byte offsets,
// which the dump does not print, included) and the same sharing of nodes (a shorthand
// property's key and value are one node).
func sameParse(t *testing.T, what string, text []byte, f *ast.File, ds []diag.Diagnostic, want *ast.File, wantDs []diag.Diagnostic) {
	t.Helper()
	if got, w := dump(f, ds), dump(want, wantDs); got != w {
		t.Fatalf("%s: incremental parse of\n%s\ndiffers from Parse:\n%s", what, text, diffLines(w, got))
	}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("%s: incremental parse of\n%s\ndiffers from Parse in values the dump does not show", what, text)
	}
	if !reflect.DeepEqual(ds, wantDs) {
		t.Fatalf("%s: incremental diagnostics of\n%s\n%v\ndiffer from Parse's\n%v", what, text, ds, wantDs)
	}
	if got, w := sharing(f), sharing(want); !slices.Equal(got, w) {
		t.Fatalf("%s: incremental parse of\n%s\nshares nodes differently from Parse", what, text)
	}
}

// sharing lists, for every pointer met in a depth-first walk of v, the order in which it was
// first met: two trees of the same shape give the same list when they share nodes alike.
func sharing(v any) []int {
	seen := map[uintptr]int{}
	var out []int
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			id, ok := seen[v.Pointer()]
			if !ok {
				id = len(seen)
				seen[v.Pointer()] = id
			}
			out = append(out, id)
			if !ok {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(v))
	return out
}

// reuseCount returns how many top-level items of t's snapshot were taken from the snapshot
// prev (in place or moved) rather than converted.
func reuseCount(prev, t *Tree) int {
	if prev == nil || prev.snap == nil || t == nil || t.snap == nil {
		return 0
	}
	old := map[*item]bool{}
	for _, it := range prev.snap.items {
		old[it] = true
	}
	n := 0
	for _, it := range t.snap.items {
		if old[it] || it.moved {
			n++
		}
	}
	return n
}

// reuseTexts are workflows that exercise reuse: several statements on a line, text that
// takes several bytes per character (and two UTF-16 units) before statements on their line,
// template strings and comments across lines, Windows line ends, a byte order mark and front
// matter.
var reuseTexts = map[string]string{
	"mixed.flow": "let a = 1; const é = \"😀\"; let b = a + 1\n" +
		"/* a block\n   comment */ const c = `x${a}\n${b}y`\n" +
		"// line comment é\n" +
		"if (a > 0) {\n  b = `t ${c} 😀`\n} else {\n  b = 2 // tail\n}\n" +
		"const {x, y: [z = 1, ...w], ...rest} = {x: 1, y: [2, 3], q: 4}\n" +
		"for (const [k, v] of Object.entries({k: 1})) { console.log(k, v) }\n" +
		"switch (a) {\n  case 1: b = 3; break\n  default: b = 4\n}\n" +
		"try { await Task.run(\"t\", {a, b}) } catch (e) { throw {code: \"E\", e} } finally { a = 0 }\n" +
		"while (a < 3) a++\ndo { a-- } while (a > 0)\n" +
		"label: for (let i = 0; i < 2; i++) { continue label }\n" +
		"const f = async (p, q = 1) => p ?? q\n" +
		"x = {a, ...{b}}; const n = 0x1F + 1e3 - (-a) ** 2\n" +
		"{ let inner = 1 }\n;\n",
	"crlf.flow":  "let a = 1\r\nconst b = `x\r\n${a}`\r\n// c\r\nif (a) {\r\n  a = 2\r\n}\r\nconst d = 'é'; let e = d\r\n",
	"bom.flow":   "\xEF\xBB\xBFlet a = 1; let b = 2\nconst c = a + b\n",
	"front.flow": "```yaml\nname: x\n```\nconst a = Inputs.a\n// done\nreturn a\n",
	"diags.flow": "const a = 1\na + b = 1; x ?? y || z\nconst t = `\\u{zz} é`; let s = \"\\x\"\n" +
		"const n = 08\nvar q = 1\nnew X()\nconst r = /re/g\nclass A {}\n",
	"errors.flow": "const a = 1\nlet t = {a: 1} = 2\nconst s = `${a} é`\nlet v = a + \n",
}

// reuseEdit returns an edit of text that is likely to keep the text readable, at places
// where reuse is subtle: statement boundaries, line starts and ends, inside strings,
// template strings and comments, across several lines, with non-ASCII text.
func reuseEdit(r *rand.Rand, text []byte) (start, end int, inserted []byte) {
	lineStarts := []int{0}
	var lineEnds, inText, digits, semis []int
	for i, b := range text {
		switch {
		case b == '\n':
			lineStarts = append(lineStarts, i+1)
			if i > 0 && text[i-1] == '\r' {
				lineEnds = append(lineEnds, i-1)
			} else {
				lineEnds = append(lineEnds, i)
			}
		case b == ';':
			semis = append(semis, i+1)
		case b == '"' || b == '`' || b == '/' && i > 0 && (text[i-1] == '/' || text[i-1] == '*'):
			inText = append(inText, i+1)
		case b >= '0' && b <= '9' && i > 0 && !isIdentByte(text[i-1]):
			digits = append(digits, i)
		}
	}
	lineEnds = append(lineEnds, len(text))
	pick := func(list []int) int {
		if len(list) == 0 {
			return len(text)
		}
		return list[r.IntN(len(list))]
	}
	switch r.IntN(10) {
	case 0, 1: // new statements at a line start, maybe several lines, maybe non-ASCII
		ins := []string{
			"const q = 1\n", "let éa = \"é😀\"\n", "if (q) {\n  q = `a\n${q}`\n}\n", "\n\n", "x = 1; y = 2\n",
			"/* é\n */\n", "// 😀\n", "  ", "\r\n", "const m = [\n  1,\n  \"é\",\n]\n",
		}
		at := pick(lineStarts)
		return at, at, []byte(ins[r.IntN(len(ins))])
	case 2: // a statement after a semicolon
		at := pick(semis)
		return at, at, []byte(" let sé = 2;")
	case 3: // delete whole lines
		s := pick(lineStarts)
		e := s
		for range 1 + r.IntN(3) {
			if i := bytes.IndexByte(text[e:], '\n'); i >= 0 {
				e += i + 1
			} else {
				e = len(text)
			}
		}
		return s, e, nil
	case 4: // duplicate a line at a line start
		s := pick(lineStarts)
		e := len(text)
		if i := bytes.IndexByte(text[s:], '\n'); i >= 0 {
			e = s + i + 1
		}
		dst := pick(lineStarts)
		return dst, dst, slices.Clone(text[s:e])
	case 5: // text inside a string, template or comment (or after its end)
		ins := []string{"é", "😀", "a b", "\n", "${x}"}
		at := pick(inText)
		return at, at, []byte(ins[r.IntN(len(ins))])
	case 6: // a comment at a line end
		at := pick(lineEnds)
		return at, at, []byte(" // é😀")
	case 7: // another digit
		if at := pick(digits); at < len(text) {
			return at, at + 1, []byte{"0123456789"[r.IntN(10)]}
		}
	case 8: // join or split lines
		at := pick(lineEnds)
		if at < len(text) && r.IntN(2) == 0 {
			return at, at + 1 + bytes.Count(text[at:at+1], []byte("\r")), []byte(" ")
		}
		return at, at, []byte("\n")
	}
	return randomEdit(r, text)
}

// TestIncrementalReuseEqualsFresh edits the corpus and workflows written to exercise reuse
// (see reuseTexts, reuseEdit) and checks that each incremental parse equals a parse from
// scratch in every value, and that top-level statements are reused.
func TestIncrementalReuseEqualsFresh(t *testing.T) {
	t.Parallel()
	texts := flowCorpus(t)
	for name, text := range reuseTexts {
		texts[name] = []byte(text)
		texts["big-"+name] = []byte(strings.Repeat(text, 5))
	}
	names := make([]string, 0, len(texts))
	for name := range texts {
		names = append(names, name)
	}
	sort.Strings(names)
	var reused, steps int
	for _, name := range names {
		data := texts[name]
		r := rand.New(rand.NewPCG(uint64(len(data)), 11))
		text := data
		f, ds, tree := parseIncremental(name, text, nil, noBudget)
		want, wantDs := fresh(name, text)
		sameParse(t, name+": first parse", text, f, ds, want, wantDs)
		// The edits since the text last parsed without syntax errors, to undo them, as one
		// does in an editor.
		type change struct {
			start, end int
			ins        []byte
		}
		var last []change
		apply := func(start, end int, ins []byte) change {
			tree.Edit(EditOf(start, end, PointOf(text, start), PointOf(text, end), ins))
			undo := change{start, start + len(ins), slices.Clone(text[start:end])}
			text = slices.Concat(text[:start], ins, text[end:])
			return undo
		}
		for step := range 30 {
			if tree.snap == nil && len(last) > 0 && r.IntN(4) != 0 {
				for i := len(last) - 1; i >= 0; i-- {
					apply(last[i].start, last[i].end, last[i].ins)
				}
				last = nil
			} else {
				if tree.snap != nil {
					last = last[:0]
				}
				for range 1 + r.IntN(3) {
					last = append(last, apply(reuseEdit(r, text)))
				}
			}
			f, ds, nt := parseIncremental(name, text, tree, noBudget)
			reused += reuseCount(tree, nt)
			steps++
			tree.Close()
			tree = nt
			want, wantDs := fresh(name, text)
			sameParse(t, fmt.Sprintf("%s: step %d", name, step), text, f, ds, want, wantDs)
		}
		tree.Close()
	}
	if reused < steps {
		t.Fatalf("%d top-level nodes reused in %d steps: the reuse path is hardly taken", reused, steps)
	}
}

// TestIncrementalReusesUnchangedStatements checks what an edit in the middle of a file
// reuses: the statements before it as they are, those after it moved, and only the edited
// one converted.
func TestIncrementalReusesUnchangedStatements(t *testing.T) {
	t.Parallel()
	text := []byte("const a = 1\nlet é = `😀${a}`; let b = é\nif (a) {\n  b = 2\n}\nconst c = {b}\n")
	f0, _, tree := ParseIncremental("r.flow", text, nil)
	defer func() { tree.Close() }()
	at := bytes.Index(text, []byte("b = 2"))
	ins := []byte("b = 3\n  ")
	tree.Edit(EditOf(at, at, PointOf(text, at), PointOf(text, at), ins))
	next := slices.Concat(text[:at], ins, text[at:])
	f1, ds, nt := ParseIncremental("r.flow", next, tree)
	tree.Close()
	tree = nt
	want, wantDs := Parse("r.flow", next)
	sameParse(t, "edit", next, f1, ds, want, wantDs)
	if len(f1.Stmts) != 5 {
		t.Fatalf("%d statements, want 5", len(f1.Stmts))
	}
	for i := range 3 {
		if f1.Stmts[i] != f0.Stmts[i] {
			t.Errorf("statement %d before the edit was converted again", i)
		}
	}
	if f1.Stmts[3] == f0.Stmts[3] {
		t.Error("the edited statement was reused")
	}
	if f1.Stmts[4] == f0.Stmts[4] {
		t.Error("a statement after the edit was reused without moving it")
	}
	moved := 0
	for _, it := range tree.snap.items {
		if it.moved {
			moved++
		}
	}
	if moved != 1 {
		t.Fatalf("%d items moved, want 1 (the last statement)", moved)
	}
	// The source positions of the moved statement are those of the new text.
	c := f1.Stmts[4].(*ast.VarDecl)
	if got, want := c.Range.Start, source.NewFile("r.flow", next).Pos(bytes.Index(next, []byte("const c"))); got != want {
		t.Fatalf("moved statement starts at %+v, want %+v", got, want)
	}
}

// TestShifterCopiesEveryNode moves the trees of the corpus with the shifter and checks the
// copy against a reflective one: every position moved, every node copied (none shared with
// the original, which stays as it was), no node type unknown.
func TestShifterCopiesEveryNode(t *testing.T) {
	t.Parallel()
	texts := flowCorpus(t)
	for name, text := range reuseTexts {
		texts[name] = []byte(text)
	}
	for name, text := range texts {
		f, ds := Parse(name, text)
		before := dump(f, ds)
		s := &shifter{off: 1000, lines: 7}
		got := s.stmts(f.Stmts)
		if s.failed {
			t.Fatalf("%s: the shifter does not know a node type", name)
		}
		want := reflectShift(reflect.ValueOf(f.Stmts), 1000, 7).Interface().([]ast.Stmt)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the shifter's copy differs from a reflective one", name)
		}
		if got, want := sharing(got), sharing(want); !slices.Equal(got, want) {
			t.Fatalf("%s: the shifter's copy shares nodes differently", name)
		}
		orig := map[uintptr]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			orig[reflect.ValueOf(n).Pointer()] = true
			return true
		})
		for _, st := range got {
			ast.Inspect(st, func(n ast.Node) bool {
				if orig[reflect.ValueOf(n).Pointer()] {
					t.Fatalf("%s: the copy shares a %T with the original", name, n)
				}
				return true
			})
		}
		for _, d := range ds {
			if m := s.diag(d); m.Range.Start.Offset != d.Range.Start.Offset+1000 || m.Range.End.Line != d.Range.End.Line+7 || m.Range.Start.Col != d.Range.Start.Col {
				t.Fatalf("%s: diagnostic %v moved to %v", name, d.Range, m.Range)
			}
		}
		if dump(f, ds) != before {
			t.Fatalf("%s: the shifter modified the original", name)
		}
	}
}

var posType = reflect.TypeOf(source.Pos{})

// reflectShift returns a deep copy of v with every source.Pos moved by off bytes and lines
// lines, keeping the sharing of pointers.
func reflectShift(v reflect.Value, off, lines int) reflect.Value {
	copies := map[uintptr]reflect.Value{}
	var cp func(v reflect.Value) reflect.Value
	cp = func(v reflect.Value) reflect.Value {
		out := reflect.New(v.Type()).Elem()
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				out.Set(cp(v.Elem()))
			}
		case reflect.Pointer:
			if v.IsNil() {
				return v
			}
			if c, ok := copies[v.Pointer()]; ok {
				return c
			}
			p := reflect.New(v.Type().Elem())
			copies[v.Pointer()] = p
			p.Elem().Set(cp(v.Elem()))
			return p
		case reflect.Struct:
			if v.Type() == posType {
				p := v.Interface().(source.Pos)
				p.Offset += off
				p.Line += lines
				out.Set(reflect.ValueOf(p))
				return out
			}
			for i := range v.NumField() {
				out.Field(i).Set(cp(v.Field(i)))
			}
		case reflect.Slice:
			if v.IsNil() {
				return v
			}
			if v.Type().Elem().Kind() == reflect.String {
				return v
			}
			out = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			for i := range v.Len() {
				out.Index(i).Set(cp(v.Index(i)))
			}
		default:
			out.Set(v)
		}
		return out
	}
	return cp(v)
}

// BenchmarkKeystrokes5000Lines types and deletes characters at several places of a 5,000-line
// file, each version parsed from the tree of the one before (as the language server does),
// and reports the median and 99th percentile of a parse.
func BenchmarkKeystrokes5000Lines(b *testing.B) {
	text := benchSource(5000)
	_, _, tree := ParseIncremental("bench.flow", text, nil)
	defer func() { tree.Close() }()
	// Places inside a string literal, all over the file.
	var places []int
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(`"charge`))
		if j < 0 {
			break
		}
		i += j + len(`"charge`)
		places = append(places, i)
	}
	ds := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		// Alternately type "x" in a string and delete it again, moving through the file.
		at := places[(i/2*37)%len(places)]
		var e Edit
		var next []byte
		if i%2 == 0 {
			e = EditOf(at, at, PointOf(text, at), PointOf(text, at), []byte("x"))
			next = slices.Concat(text[:at], []byte("x"), text[at:])
		} else {
			e = EditOf(at, at+1, PointOf(text, at), PointOf(text, at+1), nil)
			next = slices.Concat(text[:at], text[at+1:])
		}
		i++
		t0 := time.Now()
		tree.Edit(e)
		_, diags, nt := ParseIncremental("bench.flow", next, tree)
		ds = append(ds, time.Since(t0))
		if len(diags) != 0 {
			b.Fatalf("unexpected diagnostics: %v", diags[0])
		}
		tree.Close()
		tree, text = nt, next
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(ds[len(ds)/2]), "p50-ms")
	b.ReportMetric(ms(ds[min(len(ds)-1, len(ds)*99/100)]), "p99-ms")
}

// TestClonesKeepTheirOwnEdits edits two clones of one tree differently and checks that each
// parse reuses according to its own edits.
func TestClonesKeepTheirOwnEdits(t *testing.T) {
	t.Parallel()
	text := []byte("const a = 1\nlet b = a\nconst c = `${b} é`\n")
	_, _, base := ParseIncremental("c.flow", text, nil)
	defer base.Close()
	edits := []struct {
		at  int
		ins string
	}{{0, "let z = 2\n"}, {len(text), "const y = c\n"}}
	for _, e := range edits {
		own := base.Clone()
		own.Edit(EditOf(e.at, e.at, PointOf(text, e.at), PointOf(text, e.at), []byte(e.ins)))
		next := slices.Concat(text[:e.at], []byte(e.ins), text[e.at:])
		f, ds, nt := ParseIncremental("c.flow", next, own)
		if n := reuseCount(own, nt); n != 3 {
			t.Errorf("edit at %d: %d statements reused, want 3", e.at, n)
		}
		own.Close()
		nt.Close()
		want, wantDs := Parse("c.flow", next)
		sameParse(t, fmt.Sprintf("edit at %d", e.at), next, f, ds, want, wantDs)
	}
	if len(base.edits) != 0 {
		t.Fatalf("editing clones recorded %d edits in the original", len(base.edits))
	}
}

// TestIncrementalByteOrderMark adds and removes a byte order mark, which columns of the first
// line do not count, and edits around it.
func TestIncrementalByteOrderMark(t *testing.T) {
	t.Parallel()
	text := []byte("let a = 1; let é = 2\nconst c = a\n")
	_, _, tree := ParseIncremental("b.flow", text, nil)
	defer func() { tree.Close() }()
	steps := []struct {
		start, end int
		ins        string
	}{
		{0, 0, "\xEF\xBB\xBF"}, // add a byte order mark
		{3, 3, "\n"},           // the first line is now only the mark
		{3, 4, ""},
		{0, 3, ""}, // remove the mark
		{0, 0, "\xEF\xBB\xBF// c\n"},
		{3, 8, ""},
		{0, 1, ""}, // break the mark
		{0, 0, "\xEF"},
		{2, 2, "x"},
		{2, 3, ""},
	}
	reused := 0
	for i, s := range steps {
		tree.Edit(EditOf(s.start, s.end, PointOf(text, s.start), PointOf(text, s.end), []byte(s.ins)))
		text = slices.Concat(text[:s.start], []byte(s.ins), text[s.end:])
		f, ds, nt := ParseIncremental("b.flow", text, tree)
		reused += reuseCount(tree, nt)
		tree.Close()
		tree = nt
		want, wantDs := Parse("b.flow", text)
		sameParse(t, fmt.Sprintf("step %d", i), text, f, ds, want, wantDs)
	}
	if reused < len(steps) {
		t.Fatalf("%d statements reused in %d steps", reused, len(steps))
	}
}
