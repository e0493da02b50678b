package ide

import (
	"sort"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
	"github.com/rhythmflow/rhythm/lang/source"
)

// InlayKind says what an inlay hint shows.
type InlayKind int

// Inlay hint kinds.
const (
	InlayParameter InlayKind = iota + 1 // a parameter name before an argument
	InlayDuration                       // a duration in plain words after a literal
)

// InlayHint is a label shown inside the text at Pos (before the argument for parameter
// names, after the literal for durations).
type InlayHint struct {
	Pos   source.Pos
	Label string
	Kind  InlayKind
}

// InlayHints returns the hints for the byte range [start, end] of the document: the parameter
// names of built-ins before their arguments (not for variadic parameters, the name of a task,
// workflow or signal, or an argument that already says it, like `x` for a parameter `x`), and
// duration literals in plain words (`"1h30m"` → 1 hour 30 minutes, `90` → 1 minute 30
// seconds), in document order.
func InlayHints(d *Document, start, end int) []InlayHint {
	var out []InlayHint
	var visit func(path []ast.Node)
	visit = func(path []ast.Node) {
		n := path[len(path)-1]
		r := n.Span()
		if r.End.Offset < start || r.Start.Offset > end {
			return
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if en, ok := builtinOf(d, n.Callee); ok && en.Callable() {
				for i, a := range n.Args {
					p, ok := en.Param(i)
					if !ok || p.Variadic || (i == 0 && p.Name == "name" && en.Durable) || argSaysName(a, p.Name) {
						continue
					}
					if ar := a.Span(); ar.Start.Offset >= start && ar.Start.Offset <= end {
						out = append(out, InlayHint{Pos: ar.Start, Label: p.Name + ":", Kind: InlayParameter})
					}
				}
			}
		case *ast.StringLit:
			if isDurationPosition(d, path) && r.End.Offset <= end {
				if dur, err := catalog.ParseDuration(n.Value); err == nil {
					out = append(out, InlayHint{Pos: r.End, Label: durationWords(dur), Kind: InlayDuration})
				}
			}
		case *ast.NumberLit:
			if isDurationPosition(d, path) && r.End.Offset <= end {
				if dur, err := catalog.DurationSeconds(n.Value); err == nil {
					out = append(out, InlayHint{Pos: r.End, Label: durationWords(dur), Kind: InlayDuration})
				}
			}
		}
		for _, c := range ast.Children(n) {
			visit(append(path, c))
		}
	}
	visit([]ast.Node{d.Tree()})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pos.Offset < out[j].Pos.Offset })
	return out
}

// argSaysName reports whether the argument already names the parameter (`x` or `o.x` for a
// parameter `x`).
func argSaysName(a ast.Expr, name string) bool {
	switch a := ast.Unparen(a).(type) {
	case *ast.Ident:
		return a.Name == name
	case *ast.MemberExpr:
		return a.Prop != nil && a.Prop.Name == name
	}
	return false
}
