package ide

import (
	"bytes"

	"github.com/rhythmflow/rhythm/lang/ast"
	"github.com/rhythmflow/rhythm/lang/catalog"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/source"
)

// TokenType is the semantic class of a token.
type TokenType int

// Token types, in the order of TokenTypeNames.
const (
	TokenNamespace TokenType = iota
	TokenVariable
	TokenParameter
	TokenProperty
	TokenFunction
	TokenMethod
	TokenKeyword
	TokenString
	TokenNumber
	TokenComment
)

// TokenTypeNames are the names of the token types as the Language Server Protocol spells
// them, indexed by TokenType.
var TokenTypeNames = []string{"namespace", "variable", "parameter", "property", "function", "method", "keyword", "string", "number", "comment"}

// Token modifiers (bit flags), in the order of TokenModifierNames.
const (
	ModDeclaration    = 1 << iota // the identifier declares the variable
	ModReadonly                   // a const binding
	ModDefaultLibrary             // a built-in
)

// TokenModifierNames are the names of the modifier bits as the Language Server Protocol
// spells them.
var TokenModifierNames = []string{"declaration", "readonly", "defaultLibrary"}

// SemToken is one classified token. It never spans lines.
type SemToken struct {
	Range     source.Range
	Type      TokenType
	Modifiers int
}

// SemanticTokens classifies the tokens of the document that overlap the byte range
// [start, end) (the whole document when end < 0): keywords, strings, numbers, comments,
// variables (readonly for const, declaration where declared), parameters, built-in namespaces,
// functions and values (defaultLibrary), properties and methods. Tokens spanning lines are
// split at line ends. The result is in document order.
func SemanticTokens(d *Document, start, end int) []SemToken {
	if end < 0 {
		end = len(d.Text)
	}
	idents := identClasses(d)
	var out []SemToken
	add := func(s, e int, t TokenType, mods int) {
		for s < e {
			nl := bytes.IndexByte(d.Text[s:e], '\n')
			le := e
			if nl >= 0 {
				le = s + nl
			}
			if le > s {
				out = append(out, SemToken{Range: d.File.Range(s, le), Type: t, Modifiers: mods})
			}
			if nl < 0 {
				break
			}
			s = le + 1
		}
	}
	scan(d.Text, func(t token) bool {
		if t.start >= end {
			return false
		}
		if t.end <= start {
			return true
		}
		switch t.kind {
		case tComment, tFrontMatter:
			add(t.start, t.end, TokenComment, 0)
		case tString, tTemplate:
			s, e := t.start, t.end
			if d.Text[s] == '}' {
				s++ // the brace closing a substitution
			}
			if bytes.HasSuffix(d.Text[s:e], []byte("${")) && t.closed {
				e -= 2
			}
			add(s, e, TokenString, 0)
		case tNumber:
			add(t.start, t.end, TokenNumber, 0)
		case tIdent:
			word := string(d.Text[t.start:t.end])
			if c, ok := idents[t.start]; ok {
				add(t.start, t.end, c.typ, c.mods)
			} else if reserved[word] {
				add(t.start, t.end, TokenKeyword, 0)
			}
		}
		return true
	})
	return out
}

// identClass is the semantic class of one identifier.
type identClass struct {
	typ  TokenType
	mods int
}

// identClasses classifies the identifiers of the syntax tree by start offset.
func identClasses(d *Document) map[int]identClass {
	out := map[int]identClass{}
	sc := d.Scopes()
	var visit func(n ast.Node, callee bool)
	visit = func(n ast.Node, callee bool) {
		switch n := n.(type) {
		case nil:
			return
		case *ast.Ident:
			b := sc.BindingOf(n)
			if b == nil {
				return
			}
			switch b.Kind {
			case check.KindBuiltin:
				c := identClass{typ: TokenVariable, mods: ModDefaultLibrary}
				if en, ok := catalog.Lookup(n.Name); ok {
					switch en.Kind {
					case catalog.KindNamespace:
						c.typ = TokenNamespace
					case catalog.KindFunction:
						c.typ = TokenFunction
					}
				}
				out[n.Range.Start.Offset] = c
			case check.KindParam:
				out[n.Range.Start.Offset] = identClass{typ: TokenParameter}
			case check.KindFunc:
				out[n.Range.Start.Offset] = identClass{typ: TokenFunction}
			default:
				c := identClass{typ: TokenVariable}
				if b.Kind == check.KindConst {
					c.mods |= ModReadonly
				}
				if b.Ident == n {
					c.mods |= ModDeclaration
				}
				out[n.Range.Start.Offset] = c
			}
			return
		case *ast.CallExpr:
			visit(n.Callee, true)
			for _, a := range n.Args {
				visit(a, false)
			}
			return
		case *ast.MemberExpr:
			visit(n.X, false)
			if n.Prop != nil {
				c := identClass{typ: TokenProperty}
				if callee {
					c.typ = TokenMethod
				}
				if en, ok := builtinOf(d, n); ok {
					c.mods |= ModDefaultLibrary
					if en.Kind == catalog.KindFunction {
						c.typ = TokenFunction
					}
				}
				out[n.Prop.Range.Start.Offset] = c
			}
			return
		case *ast.Property:
			if id, ok := n.Key.(*ast.Ident); ok && n.Kind == ast.PropInit && !n.Computed {
				out[id.Range.Start.Offset] = identClass{typ: TokenProperty}
			}
			if n.Kind == ast.PropInit || n.Computed {
				if n.Computed {
					visit(n.Key, false)
				}
				visit(n.Value, false)
				return
			}
		case *ast.PatternProp:
			if id, ok := n.Key.(*ast.Ident); ok && !n.Shorthand && !n.Computed {
				out[id.Range.Start.Offset] = identClass{typ: TokenProperty}
				visit(n.Target, false)
				visit(n.Default, false)
				return
			}
		case *ast.ParenExpr:
			visit(n.X, callee)
			return
		}
		for _, c := range ast.Children(n) {
			visit(c, false)
		}
	}
	visit(d.Tree(), false)
	return out
}
