package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the rhythm command in-process and returns its stdout, stderr and exit code.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// writeFiles creates files (name → content) under a new temporary directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckText(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"good.flow":      "const x = await Task.run(\"a\", {})\nreturn x\n",
		"sub/bad.flow":   "let a = 1\nreturn b\n",
		"notes.txt":      "not a flow file",
		".hidden/x.flow": "return nope\n",
	})
	out, errOut, code := runCLI(t, "", "check", dir)
	if code != 1 {
		t.Fatalf("exit code = %d, want 1 (stderr %q)", code, errOut)
	}
	want := filepath.Join(dir, "sub/bad.flow") + ":2:8: error: "
	if !strings.Contains(out, want) || !strings.Contains(out, "[undeclared-variable]") {
		t.Fatalf("output %q does not report the undeclared variable at %s", out, want)
	}
	if strings.Contains(out, "good.flow") || strings.Contains(out, ".hidden") {
		t.Fatalf("output mentions a clean or hidden file: %q", out)
	}
	out, _, code = runCLI(t, "", "check", filepath.Join(dir, "good.flow"))
	if code != 0 || out != "" {
		t.Fatalf("clean file: code %d, output %q; want 0 and nothing", code, out)
	}
}

func TestCheckJSON(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"w.flow": "let é = 1\nreturn zz\n"})
	file := filepath.Join(dir, "w.flow")
	out, _, code := runCLI(t, "", "check", "--format", "json", file)
	if code != 1 {
		t.Fatalf("exit code = %d, want 1", code)
	}
	var ds []map[string]any
	if err := json.Unmarshal([]byte(out), &ds); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	var found bool
	for _, d := range ds {
		if d["code"] == "undeclared-variable" {
			found = true
			want := map[string]any{"file": file, "line": 2.0, "column": 8.0, "endLine": 2.0, "endColumn": 10.0, "severity": "error"}
			for k, v := range want {
				if d[k] != v {
					t.Errorf("%s = %v, want %v", k, d[k], v)
				}
			}
			if _, ok := d["message"].(string); !ok {
				t.Errorf("message missing in %v", d)
			}
		}
	}
	if !found {
		t.Fatalf("no undeclared-variable diagnostic in %s", out)
	}
	out, _, code = runCLI(t, "", "check", "--format", "json", writeFiles(t, map[string]string{"ok.flow": "return 1\n"}))
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("clean dir: code %d, output %q; want 0 and []", code, out)
	}
}

func TestCheckBadArguments(t *testing.T) {
	t.Parallel()
	_, errOut, code := runCLI(t, "", "check", "/nonexistent/dir")
	if code != 2 || !strings.Contains(errOut, "/nonexistent/dir") {
		t.Fatalf("missing path: code %d, stderr %q", code, errOut)
	}
	_, errOut, code = runCLI(t, "", "check", "--format", "xml", ".")
	if code != 2 || !strings.Contains(errOut, "--format") {
		t.Fatalf("bad format: code %d, stderr %q", code, errOut)
	}
}

func TestFmt(t *testing.T) {
	t.Parallel()
	messy := "let   x=1\r\nif(x){console.log( \"a\" )}\n"
	dir := writeFiles(t, map[string]string{"m.flow": messy, "broken.flow": "let x = (\n"})
	m := filepath.Join(dir, "m.flow")

	out, _, code := runCLI(t, "", "fmt", m)
	if code != 0 || out == messy || strings.Contains(out, "\r") || !strings.HasSuffix(out, "\n") {
		t.Fatalf("fmt printed %q (code %d)", out, code)
	}
	formatted := out

	out, _, code = runCLI(t, "", "fmt", "-l", m)
	if code != 0 || strings.TrimSpace(out) != m {
		t.Fatalf("-l printed %q (code %d), want the file name", out, code)
	}
	out, _, _ = runCLI(t, "", "fmt", "-d", m)
	if !strings.Contains(out, "--- "+m+".orig") || !strings.Contains(out, "+let x = 1;") && !strings.Contains(out, "+let x = 1") {
		t.Fatalf("-d printed %q", out)
	}
	if _, _, code = runCLI(t, "", "fmt", "-w", m); code != 0 {
		t.Fatalf("-w failed with code %d", code)
	}
	got, _ := os.ReadFile(m)
	if string(got) != formatted {
		t.Fatalf("-w wrote %q, want %q", got, formatted)
	}
	out, _, _ = runCLI(t, "", "fmt", "-l", m)
	if out != "" {
		t.Fatalf("-l after -w printed %q, want nothing", out)
	}

	broken := filepath.Join(dir, "broken.flow")
	_, errOut, code := runCLI(t, "", "fmt", "-w", broken)
	if code != 1 || !strings.Contains(errOut, broken+":") || !strings.Contains(errOut, "syntax-error") {
		t.Fatalf("broken file: code %d, stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(broken); string(b) != "let x = (\n" {
		t.Fatalf("broken file was modified: %q", b)
	}

	out, _, code = runCLI(t, "let   y=2\n", "fmt")
	if code != 0 || !strings.HasPrefix(out, "let y = 2") {
		t.Fatalf("stdin: code %d, output %q", code, out)
	}
}
