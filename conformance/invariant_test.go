package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/rhythmflow/rhythm/engine/memrun"
)

// TestSuspensionInvariantGenerated pins the spec's first invariant ("a workflow's behaviour
// never depends on whether it was suspended and resumed") on generated programs: each mixes
// aliasing of objects and lists, handles kept in the heap, loops, for…in, try/finally, switch
// and combinators with awaits in many positions, and logs its state as it goes. Every program
// runs straight through and with a snapshot at every suspension; the results (output, error,
// calls with their inputs, logs) must be identical.
func TestSuspensionInvariantGenerated(t *testing.T) {
	t.Parallel()
	mocks, err := memrun.LoadMocks([]byte(`{"tasks": {
		"a": [{"output": {"n": 1, "l": [1, 2]}, "after": "1s"}, {"output": {"n": 2}, "after": "3s"}],
		"b": [{"error": {"message": "b failed", "code": "B"}, "after": "2s"}, {"output": "b", "after": "1s"}],
		"c": {"output": [3, {"k": "v"}], "after": "500ms"}},
		"signals": {"s": [{"payload": {"p": 1}, "after": "2s"}, {"payload": [2], "after": "1h"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 120; seed++ {
		src := generateProgram(seed)
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			var results [2][]byte
			for i, snap := range []bool{false, true} {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				res, err := memrun.Run(ctx, memrun.Options{
					File: "main.flow", Source: []byte(src), Mocks: mocks, Now: epoch, Seed: seed,
					SnapshotEverySuspension: snap, MaxSteps: 200000,
				})
				cancel()
				if err != nil {
					var ce *memrun.CompileError
					if errors.As(err, &ce) {
						t.Fatalf("generated program does not compile:\n%s\n%s", listDiags(ce.Diagnostics), src)
					}
					t.Fatalf("memrun.Run(snapshot=%v): %v\n%s", snap, err, src)
				}
				results[i] = res.JSON()
			}
			if !bytes.Equal(results[0], results[1]) {
				t.Errorf("suspension changed the result:\nstraight: %s\nsnapshot: %s\nprogram:\n%s", results[0], results[1], src)
			}
		})
	}
}

// generateProgram writes a random but valid Flow program from seed.
func generateProgram(seed uint64) string {
	g := &gen{r: rand.New(rand.NewPCG(seed, 7))}
	g.line("let o1 = { a: 1, b: [1, 2] }")
	g.line("let o2 = o1")
	g.line("let l1 = [o1, 3]")
	g.line("let l2 = l1")
	g.line("let n = 0")
	g.line("let s = \"x\"")
	g.line("let h = Task.run(\"c\", {})")
	g.line("const hs = { t: h, l: [Timer.delay(1)] }")
	g.line("const seen = []")
	for i := 0; i < 12; i++ {
		g.stmt(2)
	}
	g.line("seen.push(n, s, o1 === o2, l1 === l2, l2.length)")
	g.line("return { seen, o1: JSON.stringify(o1), n }")
	return g.b.String()
}

type gen struct {
	r      *rand.Rand
	b      strings.Builder
	indent int
	loops  int
}

func (g *gen) line(s string) {
	g.b.WriteString(strings.Repeat("  ", g.indent) + s + "\n")
}

func (g *gen) block(head string, depth int, n int) {
	g.line(head + " {")
	g.indent++
	for i := 0; i < n; i++ {
		g.stmt(depth - 1)
	}
	g.indent--
	g.line("}")
}

// awaitExpr is an expression that suspends.
func (g *gen) awaitExpr() string {
	switch g.r.IntN(8) {
	case 0:
		return "(await Task.run(\"a\", { n, s }))"
	case 1:
		return "(await Timer.delay(" + fmt.Sprint(g.r.IntN(3)) + "))"
	case 2:
		return "(await h)"
	case 3:
		return "(await hs.l[0])"
	case 4:
		return "(await Promise.all([h, Task.run(\"c\", { o: o1.a ?? null })]))"
	case 5:
		return "(await Promise.race({ x: Timer.delay(\"2s\"), y: Task.run(\"c\", {}) }))"
	case 6:
		return "(await Promise.allSettled([Task.run(\"b\", {}), h]))"
	default:
		return "(await Signal.next(\"s\", { timeout: \"3s\" }))"
	}
}

func (g *gen) value() string {
	switch g.r.IntN(7) {
	case 0:
		return fmt.Sprint(g.r.IntN(10))
	case 1:
		return "n + 1"
	case 2:
		return "[n, s]"
	case 3:
		return "{ k: n, s }"
	case 4:
		return "o1"
	case 5:
		return "l1"
	default:
		return "`${s}${n}`"
	}
}

func (g *gen) stmt(depth int) {
	k := g.r.IntN(20)
	if depth <= 0 && k >= 12 {
		k = g.r.IntN(12)
	}
	switch k {
	case 0:
		g.line("n = n + 1")
	case 1:
		g.line("o2.k" + fmt.Sprint(g.r.IntN(4)) + " = " + g.value())
	case 2:
		g.line("l2.push(" + g.value() + ")")
	case 3:
		g.line("try { seen.push(JSON.stringify(" + g.awaitExpr() + ")) } catch (e) { seen.push(e.code) }")
	case 4:
		g.line("if (Array.isArray(l1) && l1.length > 6) l1 = l1.slice(0, 3)")
	case 5:
		g.line("delete o1.k" + fmt.Sprint(g.r.IntN(4)))
	case 6:
		g.line("s = s + n")
	case 7:
		g.line("o2 = " + []string{"o1", "{ a: n }", "l1[0]"}[g.r.IntN(3)])
	case 8:
		g.line("hs.l.unshift(Task.run(\"c\", { n }))")
	case 9:
		g.line("console.log(n, s, o1.a ?? null)")
	case 10:
		g.line("n += " + g.awaitNumber())
	case 11:
		g.line("try { Task.run(\"a\", { bad: 0 / 0 }) } catch (e) { seen.push(e.code) }")
	case 12:
		g.loops++
		v := fmt.Sprint("x", g.loops)
		g.block("for (const "+v+" of [...l1].slice(0, 3))", depth, 2)
	case 13:
		g.loops++
		v := fmt.Sprint("k", g.loops)
		g.line("for (const " + v + " in o1) {")
		g.indent++
		g.line("seen.push(" + v + ")")
		g.line("if (" + v + " === \"a\") delete o1.b")
		g.stmt(depth - 1)
		g.indent--
		g.line("}")
	case 14:
		g.line("try {")
		g.indent++
		g.stmt(depth - 1)
		g.line("if (n % 2 === 0) throw { code: \"E\", n }")
		g.indent--
		g.line("} catch (e) {")
		g.indent++
		g.line("seen.push(e.code ?? e)")
		g.stmt(depth - 1)
		g.indent--
		g.line("} finally {")
		g.indent++
		g.stmt(depth - 1)
		g.indent--
		g.line("}")
	case 15:
		g.line("switch (n % 3) {")
		g.indent++
		g.line("case 0:")
		g.indent++
		g.stmt(depth - 1)
		g.indent--
		g.line("case 1:")
		g.indent++
		g.stmt(depth - 1)
		g.line("break")
		g.indent--
		g.line("default:")
		g.indent++
		g.stmt(depth - 1)
		g.indent--
		g.indent--
		g.line("}")
	case 16:
		g.loops++
		v := fmt.Sprint("i", g.loops)
		g.block("for (let "+v+" = 0; "+v+" < "+g.awaitNumber()+" % 3; "+v+"++)", depth, 2)
	case 17:
		g.line("const { a: q" + fmt.Sprint(g.r.Uint32()) + " = " + g.awaitNumber() + " } = o1")
	case 18:
		g.line("seen.push([n, " + g.awaitNumber() + ", n])")
	default:
		g.line("o1.a = (o1.a ?? 0) + (n > 3 ? " + g.awaitNumber() + " : 1)")
	}
}

// awaitNumber is a suspending expression whose value is a number.
func (g *gen) awaitNumber() string {
	switch g.r.IntN(4) {
	case 0:
		return "((await Task.run(\"a\", { n })).n ?? 0)"
	case 1:
		return "((await Timer.delay(1)) ?? 2)"
	case 2:
		return "((await h).length)"
	default:
		return "((await Promise.any([Task.run(\"b\", {}), Task.run(\"a\", {})])).n ?? 5)"
	}
}
