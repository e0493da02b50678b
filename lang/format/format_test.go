package format

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/internal/txtar"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// checkFormatted verifies the properties every formatted file must have, and returns the
// output: the file is accepted, the output parses to the same tree with the same comments,
// formatting it again changes nothing, and its text is clean (LF only, no trailing blanks,
// exactly one final newline).
func checkFormatted(t *testing.T, name string, src []byte) []byte {
	t.Helper()
	out, err := Source(src)
	if err != nil {
		t.Fatalf("%s: Source: %v", name, err)
	}
	before, _ := parser.Parse("", src)
	after, ds := parser.Parse("", out)
	if errs := SyntaxErrors(ds); len(errs) > 0 {
		t.Fatalf("%s: the output has syntax errors: %v\n%s", name, errs, out)
	}
	if err := equalTrees(before, after); err != nil {
		t.Fatalf("%s: the output means something else: %v\n%s", name, err, out)
	}
	if err := equalComments(before, after); err != nil {
		t.Fatalf("%s: comments changed: %v\n%s", name, err, out)
	}
	again, err := Source(out)
	if err != nil {
		t.Fatalf("%s: formatting the output: %v", name, err)
	}
	if !bytes.Equal(again, out) {
		t.Fatalf("%s: not idempotent:\n%s", name, lineDiff(string(out), string(again)))
	}
	checkClean(t, name, out)
	return out
}

func checkClean(t *testing.T, name string, out []byte) {
	t.Helper()
	if len(out) == 0 {
		return
	}
	if bytes.Contains(out, []byte("\r\n")) {
		t.Fatalf("%s: output has a CRLF line break", name)
	}
	if !bytes.HasSuffix(out, []byte("\n")) || bytes.HasSuffix(out, []byte("\n\n")) {
		t.Fatalf("%s: output must end with exactly one newline", name)
	}
	if bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("%s: output starts with a byte order mark", name)
	}
}

// checkNoTrailingBlanks fails when a line of out ends in white space (possible only inside a
// template literal or block comment, which are kept verbatim).
func checkNoTrailingBlanks(t *testing.T, name string, out []byte) {
	t.Helper()
	for i, line := range strings.Split(string(out), "\n") {
		if strings.TrimRight(line, " \t") != line {
			t.Fatalf("%s:%d: trailing white space: %q", name, i+1, line)
		}
	}
}

// lineDiff shows the first differing line of two texts.
func lineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return "(no difference)"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.flow")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		file := file
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			out := checkFormatted(t, file, src)
			checkNoTrailingBlanks(t, file, out)
			golden := strings.TrimSuffix(file, ".flow") + ".golden"
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./lang/format -update)", err)
			}
			if !bytes.Equal(out, want) {
				t.Fatalf("%s differs from %s:\n%s", file, golden, lineDiff(string(want), string(out)))
			}
		})
	}
}

// corpusFile is one Flow source of the repository's corpus.
type corpusFile struct {
	name string
	src  []byte
}

// corpus returns every .flow file under a testdata folder of the repository and the examples,
// and every .flow file inside a txtar archive under a testdata folder.
func corpus(t testing.TB) []corpusFile {
	t.Helper()
	var out []corpusFile
	for _, path := range corpusPaths(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(path, ".txtar") {
			out = append(out, corpusFile{path, src})
			continue
		}
		for _, f := range txtar.Parse(string(src)).Files {
			if strings.HasSuffix(f.Name, ".flow") {
				out = append(out, corpusFile{path + ":" + f.Name, []byte(f.Data)})
			}
		}
	}
	return out
}

func corpusPaths(t testing.TB) []string {
	t.Helper()
	var files []string
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		slash := filepath.ToSlash(path)
		inCorpus := strings.Contains(slash, "/testdata/") || strings.Contains(slash, "/examples/")
		if inCorpus && (strings.HasSuffix(path, ".flow") || strings.HasSuffix(path, ".txtar")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	files := corpus(t)
	if len(files) == 0 {
		t.Fatal("no .flow files found in the repository")
	}
	formatted := 0
	for _, file := range files {
		if _, ds := parser.Parse(file.name, file.src); len(SyntaxErrors(ds)) > 0 {
			continue
		}
		formatted++
		checkFormatted(t, file.name, file.src)
	}
	if formatted == 0 {
		t.Fatal("no corpus file without syntax errors")
	}
	t.Logf("%d of %d corpus files formatted (the others have syntax errors)", formatted, len(files))
}

func TestRefuseSyntaxErrors(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/refuse/*.flow")
	if len(files) == 0 {
		t.Fatal("no testdata/refuse files")
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Source(src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%s: error %v, want *SyntaxError", file, err)
		}
		if out != nil {
			t.Fatalf("%s: output %q with a syntax error", file, out)
		}
		if len(se.Diagnostics) == 0 || se.Error() == "" {
			t.Fatalf("%s: SyntaxError without diagnostics", file)
		}
		for _, d := range se.Diagnostics {
			if d.Severity != diag.Error || (d.Code != diag.CodeSyntax && d.Code != diag.CodeInvalidLiteral) {
				t.Fatalf("%s: SyntaxError holds %v", file, d)
			}
		}
	}
}

// Compile errors that are not syntax errors do not stop the formatter.
func TestFormatsOtherCompileErrors(t *testing.T) {
	t.Parallel()
	src := []byte("var x = new Foo(1)\nconst y\nfunction f(a) { return a }\nundeclared = 1\n")
	out := checkFormatted(t, "compile-errors", src)
	want := "var x = new Foo(1);\nconst y;\nfunction f(a) {\n  return a;\n}\nundeclared = 1;\n"
	if string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
}

func TestLineEndingsAndBOM(t *testing.T) {
	t.Parallel()
	lf := "```yaml\nname: x\n```\n// c\r\nlet s = \"a\\\r\nb\" /* x\r\ny */\nlet t = `1\r\n2`\r\n"
	crlf := "\xEF\xBB\xBF" + strings.ReplaceAll(strings.ReplaceAll(lf, "\r\n", "\n"), "\n", "\r\n")
	a := checkFormatted(t, "lf", []byte(strings.ReplaceAll(lf, "\r\n", "\n")))
	b := checkFormatted(t, "crlf+bom", []byte(crlf))
	if !bytes.Equal(a, b) {
		t.Fatalf("CRLF and BOM change the output:\n%q\n%q", a, b)
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		t.Fatalf("output keeps a carriage return: %q", b)
	}
}

func TestEmpty(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "\n\n", " \t\r\n", "\xEF\xBB\xBF"} {
		out, err := Source([]byte(src))
		if err != nil || len(out) != 0 {
			t.Fatalf("Source(%q) = %q, %v; want empty", src, out, err)
		}
	}
	if out := checkFormatted(t, "comment only", []byte("\n\n// only\n\n")); string(out) != "// only\n" {
		t.Fatalf("got %q", out)
	}
}

func TestQuoteString(t *testing.T) {
	t.Parallel()
	cases := []struct{ raw, value, want string }{
		{`'a'`, "a", `"a"`},
		{`"a"`, "a", `"a"`},
		{`'it\'s'`, "it's", `"it's"`},
		{`'say "hi"'`, `say "hi"`, `'say "hi"'`},
		{`"say \"hi\""`, `say "hi"`, `'say "hi"'`},
		{`"a\"b'c"`, `a"b'c`, `"a\"b'c"`},
		{`'a"b\'c'`, `a"b'c`, `"a\"b'c"`},
		{`'\\'`, `\`, `"\\"`},
		{`'\\\''`, `\'`, `"\\'"`},
		{`'\n\u00e9\x41'`, "\né\x41", `"\n\u00e9\x41"`},
		{"'a\\\r\nb'", "ab", "\"a\\\nb\""},
		{`'"\''`, `"'`, `"\"'"`},
	}
	for _, c := range cases {
		if got := quoteString(c.raw, c.value); got != c.want {
			t.Errorf("quoteString(%s) = %s, want %s", c.raw, got, c.want)
		}
	}
}

// File formats an already parsed file exactly as Source does.
func TestFileMatchesSource(t *testing.T) {
	t.Parallel()
	src := []byte("let a = {b: 1}  // c\nif (a) { a.b++ }\n")
	f, _ := parser.Parse("x.flow", src)
	want, err := Source(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := File(f, src); !bytes.Equal(got, want) {
		t.Fatalf("File = %q, Source = %q", got, want)
	}
}

// The code examples of the grammar's corpus (those without syntax errors) are formatted too.
func TestGrammarCorpus(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("..", "..", "grammar", "test", "corpus", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no grammar corpus found")
	}
	n := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, part := range corpusHeader.Split(string(b), -1) {
			code, _, _ := strings.Cut(part, "\n---")
			if strings.TrimSpace(code) == "" {
				continue
			}
			if _, ds := parser.Parse("", []byte(code)); len(SyntaxErrors(ds)) > 0 {
				continue
			}
			n++
			checkFormatted(t, file+"#"+itoa(i), []byte(code))
		}
	}
	if n == 0 {
		t.Fatal("no grammar corpus example without syntax errors")
	}
}

// corpusHeader matches the title block of a tree-sitter corpus test.
var corpusHeader = regexp.MustCompile(`(?m)^=+\n.*\n=+\n`)
