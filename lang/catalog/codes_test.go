package catalog

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// codeFiles declare the diagnostic codes: those of lang/diag and those lang/check adds.
var codeFiles = []string{"../diag/codes.go", "../check/codes.go"}

// TestCodesComplete checks that every code constant of lang/diag and lang/check is documented,
// once, and that every documented code is declared.
func TestCodesComplete(t *testing.T) {
	t.Parallel()
	declared := map[string]bool{}
	for _, path := range codeFiles {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		collectCodes(f, declared)
	}
	if len(declared) < 10 {
		t.Fatalf("only %d codes found in %v", len(declared), codeFiles)
	}
	documented := map[string]bool{}
	for _, c := range Codes() {
		if documented[c.Code] {
			t.Errorf("code %s documented twice", c.Code)
		}
		documented[c.Code] = true
		if !declared[c.Code] {
			t.Errorf("code %s is documented but declared in none of %v", c.Code, codeFiles)
		}
		if c.Doc == "" || c.Severity == 0 {
			t.Errorf("code %s: empty doc or severity", c.Code)
		}
	}
	for code := range declared {
		if !documented[code] {
			t.Errorf("code %s is not documented in the catalogue", code)
		}
	}
	if c, ok := LookupCode("undeclared-variable"); !ok || c.Code != "undeclared-variable" {
		t.Errorf("LookupCode(undeclared-variable) = %v %v", c, ok)
	}
	if _, ok := LookupCode("nope"); ok {
		t.Error("LookupCode(nope) found a code")
	}
}

// collectCodes adds the string constants declared in f to codes.
func collectCodes(f *ast.File, codes map[string]bool) {
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for _, v := range vs.Values {
			if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				codes[s] = true
			}
		}
		return true
	})
}
