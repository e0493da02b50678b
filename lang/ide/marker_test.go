package ide

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/lang/format"
	"github.com/rhythmflow/rhythm/lang/source"
)

var update = flag.Bool("update", false, "rewrite the golden files of the marker tests")

// Marker tests: each testdata/*.flow file is a document with directives in comments:
//
//	await Task.run("se")
//	//@complete(`run("se|`, "send_email", "!charge_card")
//
// A directive line `//@name(args)` applies to the closest line above it that is not a
// directive. Its first argument, for features that need a position, is a pattern: a piece of
// that line with `|` where the cursor is (at the start of the piece when there is no `|`).
// The other arguments are inline expectations (see runDirective). Every directive's result
// is also written to testdata/<file>.golden, with the file's diagnostics first; -update
// rewrites the goldens.

var directiveRE = regexp.MustCompile(`^\s*//@(\w+)\((.*)\)\s*$`)

// directive is one parsed `//@` line.
type directive struct {
	line int // 1-based line of the directive
	name string
	args []string
	// target is the 0-based line the directive applies to.
	target int
}

func TestMarkers(t *testing.T) {
	t.Parallel()
	reg := testRegistry(t)
	files, _ := filepath.Glob("testdata/*.flow")
	if len(files) == 0 {
		t.Fatal("no marker files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			runMarkerFile(t, file, reg)
		})
	}
}

func runMarkerFile(t *testing.T, file string, reg Registry) {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDocument(file, 1, src)
	lines := strings.Split(string(src), "\n")
	var dirs []directive
	target := -1
	for i, l := range lines {
		m := directiveRE.FindStringSubmatch(l)
		if m == nil {
			if !strings.Contains(l, "//@") {
				target = i
			}
			continue
		}
		args, err := parseArgs(m[2])
		if err != nil {
			t.Fatalf("%s:%d: %v", file, i+1, err)
		}
		dirs = append(dirs, directive{line: i + 1, name: m[1], args: args, target: target})
	}
	var out strings.Builder
	// Syntax errors are the parser's (tested with its own goldens): only their number is
	// recorded here, and the checker's diagnostics without their message, so that rewording
	// them does not change these files (diag directives show the messages they check).
	out.WriteString("== diagnostics\n")
	syntax := 0
	for _, dg := range Diagnostics(d, reg) {
		switch dg.Code {
		case diag.CodeSyntax:
			syntax++
		case CodeMissingInput, CodeUnknownInput:
			fmt.Fprintf(&out, "%s\n", dg)
		default:
			fmt.Fprintf(&out, "%s: %s [%s]\n", dg.Range.Start, dg.Severity, dg.Code)
		}
	}
	if syntax > 0 {
		fmt.Fprintf(&out, "(syntax errors: %d)\n", syntax)
	}
	for _, dr := range dirs {
		fmt.Fprintf(&out, "\n== %d: %s(%s)\n", dr.line, dr.name, strings.Join(quoteAll(dr.args), ", "))
		res, err := runDirective(d, reg, lines, dr)
		if err != nil {
			t.Errorf("%s:%d: %s: %v", file, dr.line, dr.name, err)
		}
		out.WriteString(res)
	}
	golden := strings.TrimSuffix(file, ".flow") + ".golden"
	if *update {
		if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if string(want) != out.String() {
		t.Errorf("%s differs from the result (run with -update to accept):\n%s", golden, lineDiff(string(want), out.String()))
	}
}

// cursor returns the byte offset the directive's pattern designates.
func cursor(d *Document, lines []string, dr directive, pattern string) (int, error) {
	if dr.target < 0 {
		return 0, errors.New("no line above the directive")
	}
	bar := strings.IndexByte(pattern, '|')
	plain := strings.Replace(pattern, "|", "", 1)
	if bar < 0 {
		bar = 0
	}
	i := strings.Index(lines[dr.target], plain)
	if i < 0 {
		return 0, fmt.Errorf("pattern %q not on line %d", pattern, dr.target+1)
	}
	return d.File.LineStart(dr.target+1) + i + bar, nil
}

// runDirective runs one directive, checks its inline expectations and renders its result.
func runDirective(d *Document, reg Registry, lines []string, dr directive) (string, error) {
	var b strings.Builder
	var off int
	needPos := map[string]bool{"complete": true, "hover": true, "signature": true, "def": true, "refs": true, "highlight": true, "rename": true, "prepareRename": true, "diag": true, "actions": true, "selection": true}
	if needPos[dr.name] {
		if len(dr.args) == 0 {
			return "", errors.New("missing pattern")
		}
		var err error
		if off, err = cursor(d, lines, dr, dr.args[0]); err != nil {
			return "", err
		}
	}
	rng := func(r source.Range) string {
		return fmt.Sprintf("%s %q", r, d.Text[r.Start.Offset:r.End.Offset])
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	switch dr.name {
	case "complete":
		items := Complete(d, off, reg)
		have := map[string]bool{}
		for _, it := range items {
			have[it.Label] = true
			fmt.Fprintf(&b, "%s\t%d\t%s\n", it.Label, it.Kind, it.Detail)
		}
		if len(items) == 0 {
			b.WriteString("(none)\n")
		} else {
			fmt.Fprintf(&b, "replaces %s\n", rng(items[0].Replace))
		}
		for _, want := range dr.args[1:] {
			if want == "-" {
				if len(items) > 0 {
					fail("want no items, got %d", len(items))
				}
			} else if strings.HasPrefix(want, "!") {
				if have[want[1:]] {
					fail("unexpected item %q", want[1:])
				}
			} else if !have[want] {
				fail("missing item %q", want)
			}
		}
	case "hover":
		h := HoverAt(d, off, reg)
		if h == nil {
			b.WriteString("(none)\n")
			if len(dr.args) > 1 && dr.args[1] != "-" {
				fail("no hover")
			}
			break
		}
		fmt.Fprintf(&b, "%s\n%s\n", rng(h.Range), h.Markdown)
		for _, want := range dr.args[1:] {
			if want == "-" {
				fail("want no hover")
			} else if !strings.Contains(h.Markdown, want) {
				fail("hover lacks %q", want)
			}
		}
	case "signature":
		s := SignatureAt(d, off, reg)
		if s == nil {
			b.WriteString("(none)\n")
			if len(dr.args) > 1 && dr.args[1] != "-" {
				fail("no signature")
			}
			break
		}
		fmt.Fprintf(&b, "%s [active %d]\n", s.Label, s.Active)
		if s.Active < len(s.Params) {
			fmt.Fprintf(&b, "%s\n", s.Params[s.Active].Doc)
		}
		if len(dr.args) > 1 && !strings.Contains(s.Label, dr.args[1]) {
			fail("signature %q lacks %q", s.Label, dr.args[1])
		}
		if len(dr.args) > 2 {
			if n, _ := strconv.Atoi(dr.args[2]); n != s.Active {
				fail("active parameter %d, want %d", s.Active, n)
			}
		}
	case "def":
		locs := Definition(d, off, reg)
		var got []string
		for _, l := range locs {
			if l.Path != "" {
				got = append(got, fmt.Sprintf("%s:%d", l.Path, l.Range.Start.Line))
			} else {
				got = append(got, rng(l.Range))
			}
		}
		if len(got) == 0 {
			got = []string{"(none)"}
		}
		b.WriteString(strings.Join(got, "\n") + "\n")
		if len(dr.args) > 1 && !strings.Contains(strings.Join(got, "\n"), dr.args[1]) {
			fail("definition %v lacks %q", got, dr.args[1])
		}
	case "refs", "highlight":
		var n int
		if dr.name == "refs" {
			rs := References(d, off, true)
			n = len(rs)
			for _, r := range rs {
				b.WriteString(rng(r) + "\n")
			}
		} else {
			hs := Highlights(d, off)
			n = len(hs)
			for _, h := range hs {
				fmt.Fprintf(&b, "%s write=%v\n", rng(h.Range), h.Write)
			}
		}
		if len(dr.args) > 1 {
			if want, _ := strconv.Atoi(dr.args[1]); want != n {
				fail("%d occurrences, want %d", n, want)
			}
		}
	case "prepareRename":
		r, err := PrepareRename(d, off)
		if err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
		} else {
			b.WriteString(rng(r) + "\n")
		}
		if len(dr.args) > 1 {
			want := dr.args[1]
			if want == "ok" && err != nil {
				fail("unexpected error %v", err)
			} else if want != "ok" && (err == nil || !strings.Contains(err.Error(), want)) {
				fail("error %v, want %q", err, want)
			}
		}
	case "rename":
		if len(dr.args) < 2 {
			return "", errors.New("rename needs a new name")
		}
		edits, err := Rename(d, off, dr.args[1])
		if err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
			if len(dr.args) < 3 || !strings.Contains(err.Error(), dr.args[2]) {
				fail("unexpected error %v", err)
			}
			break
		}
		if len(dr.args) > 2 {
			fail("want error %q", dr.args[2])
		}
		for _, e := range edits {
			fmt.Fprintf(&b, "%s -> %q\n", rng(e.Range), e.NewText)
		}
	case "diag":
		ds := Diagnostics(d, reg)
		found := false
		for _, dg := range ds {
			if dg.Range.Start.Offset == off && (len(dr.args) < 2 || dg.Code == dr.args[1]) {
				found = true
				fmt.Fprintf(&b, "%s\n", dg)
				if len(dr.args) > 2 && !strings.Contains(dg.Message, dr.args[2]) {
					fail("message %q lacks %q", dg.Message, dr.args[2])
				}
				if len(dr.args) > 3 && dg.Severity.String() != dr.args[3] {
					fail("severity %s, want %s", dg.Severity, dr.args[3])
				}
			}
		}
		if !found {
			fail("no diagnostic %v here", dr.args[1:])
		}
	case "actions":
		as := CodeActions(d, off, off, reg)
		for _, a := range as {
			fmt.Fprintf(&b, "%s (preferred=%v)\n", a.Title, a.Preferred)
			for _, e := range a.Edits {
				fmt.Fprintf(&b, "  %s -> %q\n", rng(e.Range), e.NewText)
			}
		}
		for _, want := range dr.args[1:] {
			ok := false
			for _, a := range as {
				ok = ok || strings.Contains(a.Title, want)
			}
			if !ok {
				fail("no action %q", want)
			}
		}
	case "selection":
		for _, r := range SelectionRanges(d, off) {
			fmt.Fprintf(&b, "%s\n", r)
		}
	case "symbols":
		var write func(ss []Symbol, indent string)
		write = func(ss []Symbol, indent string) {
			for _, s := range ss {
				fmt.Fprintf(&b, "%s%s [%d] %q %s sel=%s\n", indent, s.Name, s.Kind, s.Detail, s.Range, s.Selection)
				if !s.Range.Covers(s.Selection) {
					fail("symbol %s: selection outside range", s.Name)
				}
				write(s.Children, indent+"  ")
			}
		}
		write(Symbols(d), "")
	case "tokens":
		for _, tk := range SemanticTokens(d, 0, -1) {
			fmt.Fprintf(&b, "%s %s %s mods=%d\n", tk.Range, d.Text[tk.Range.Start.Offset:tk.Range.End.Offset], TokenTypeNames[tk.Type], tk.Modifiers)
		}
	case "folding":
		for _, f := range FoldingRanges(d) {
			fmt.Fprintf(&b, "%d-%d comment=%v\n", f.StartLine, f.EndLine, f.Comment)
		}
	case "format":
		edits, err := Format(d)
		var se *format.SyntaxError
		if errors.As(err, &se) {
			fmt.Fprintf(&b, "refused: %d syntax errors\n", len(se.Diagnostics))
		} else if err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
		}
		for _, e := range edits {
			fmt.Fprintf(&b, "%s ->\n%s", e.Range, e.NewText)
		}
		if len(dr.args) > 0 && dr.args[0] == "error" && err == nil {
			fail("want an error")
		}
	case "lenses":
		for _, l := range Lenses(d) {
			fmt.Fprintf(&b, "%s %s\n", l.Range, l.Workflow)
		}
	case "inlay":
		hs := InlayHints(d, 0, len(d.Text))
		have := map[string]bool{}
		for _, h := range hs {
			have[h.Label] = true
			fmt.Fprintf(&b, "%s %q kind=%d\n", h.Pos, h.Label, h.Kind)
		}
		for _, want := range dr.args {
			if strings.HasPrefix(want, "!") {
				if have[want[1:]] {
					fail("unexpected hint %q", want[1:])
				}
			} else if !have[want] {
				fail("missing hint %q", want)
			}
		}
	default:
		return "", fmt.Errorf("unknown directive %q", dr.name)
	}
	if len(errs) > 0 {
		return b.String(), errors.New(strings.Join(errs, "; "))
	}
	return b.String(), nil
}

// parseArgs reads a comma-separated list of Go string literals and bare words.
func parseArgs(s string) ([]string, error) {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		if s[0] == '"' || s[0] == '`' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, fmt.Errorf("argument %q: %w", s, err)
			}
			v, _ := strconv.Unquote(q)
			out = append(out, v)
			s = s[len(q):]
		} else {
			i := strings.IndexByte(s, ',')
			if i < 0 {
				i = len(s)
			}
			out = append(out, strings.TrimSpace(s[:i]))
			s = s[i:]
		}
		s = strings.TrimSpace(s)
		if strings.HasPrefix(s, ",") {
			s = strings.TrimSpace(s[1:])
		} else if s != "" {
			return nil, fmt.Errorf("expected a comma before %q", s)
		}
	}
	return out, nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
