package parser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/ast"
)

// TestExprSlotsMatchGrammar checks exprSlots against the grammar's node types: every field
// that may hold an `expression`, and no other.
func TestExprSlotsMatchGrammar(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "grammar", "src", "node-types.json"))
	if err != nil {
		t.Fatal(err)
	}
	var types []struct {
		Type   string `json:"type"`
		Fields map[string]struct {
			Types []struct {
				Type  string `json:"type"`
				Named bool   `json:"named"`
			} `json:"types"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(data, &types); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, nt := range types {
		for name, f := range nt.Fields {
			for _, ft := range f.Types {
				if ft.Named && ft.Type == "expression" {
					want[nt.Type] = append(want[nt.Type], name)
				}
			}
		}
		slices.Sort(want[nt.Type])
		if len(want[nt.Type]) == 0 {
			delete(want, nt.Type)
		}
	}
	got := map[string][]string{}
	for k, fs := range exprSlots {
		got[k] = slices.Sorted(slices.Values(fs))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("exprSlots differs from node-types.json:\n got: %v\nwant: %v", got, want)
	}
}

// TestMissingOperandKeepsStatement checks that a statement with a missing operand in the
// middle keeps the rest of its tree: the names it uses stay visible to the checker.
func TestMissingOperandKeepsStatement(t *testing.T) {
	t.Parallel()
	f, ds := Parse("case.flow", []byte("if (x > ) { y = 3 }"))
	if len(ds) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %v", len(ds), ds)
	}
	if len(f.Stmts) != 1 {
		t.Fatalf("got %d statements, want 1", len(f.Stmts))
	}
	if _, ok := f.Stmts[0].(*ast.IfStmt); !ok {
		t.Fatalf("statement is %T, want *ast.IfStmt", f.Stmts[0])
	}
	var names []string
	bad := 0
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			names = append(names, n.Name)
		case *ast.BadExpr:
			bad++
		}
		return true
	})
	if !slices.Equal(names, []string{"x", "y"}) || bad != 1 {
		t.Errorf("names %q and %d bad expressions, want [x y] and 1", names, bad)
	}
}

// TestProbeBudget checks that explaining many long broken statements stops probing once the
// budget is spent, and still reports every statement.
func TestProbeBudget(t *testing.T) {
	t.Parallel()
	stmt := "x = {a: y + , b: [" + strings.Repeat("1, ", 300) + "]}\n"
	n := maxProbeBytes/len(stmt) + 10
	src := []byte(strings.Repeat(stmt, n))
	_, ds := Parse("case.flow", src)
	if len(ds) != n {
		t.Fatalf("got %d diagnostics, want %d", len(ds), n)
	}
	if want := "expected an expression after `+`, found `,`"; ds[0].Message != want {
		t.Errorf("first message %q, want %q", ds[0].Message, want)
	}
	if ds[n-1].Message == ds[0].Message {
		t.Errorf("last message %q: the probe budget was not spent", ds[n-1].Message)
	}
}
