package catalog

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// TestCodesComplete checks that every code constant of lang/diag is documented, once.
func TestCodesComplete(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "../diag/codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for _, v := range vs.Values {
			if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				declared[s] = true
			}
		}
		return true
	})
	if len(declared) == 0 {
		t.Fatal("no codes found in ../diag/codes.go")
	}
	documented := map[string]bool{}
	for _, c := range Codes() {
		if documented[c.Code] {
			t.Errorf("code %s documented twice", c.Code)
		}
		documented[c.Code] = true
		if !declared[c.Code] {
			t.Errorf("code %s is documented but not declared in lang/diag", c.Code)
		}
		if c.Doc == "" || c.Severity == 0 {
			t.Errorf("code %s: empty doc or severity", c.Code)
		}
	}
	for code := range declared {
		if !documented[code] {
			t.Errorf("code %s of lang/diag is not documented in the catalogue", code)
		}
	}
	if c, ok := LookupCode("undeclared-variable"); !ok || c.Code != "undeclared-variable" {
		t.Errorf("LookupCode(undeclared-variable) = %v %v", c, ok)
	}
	if _, ok := LookupCode("nope"); ok {
		t.Error("LookupCode(nope) found a code")
	}
}
