package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

const runFlow = `const r = await Task.run("double", { n: Inputs.n ?? 1 })
console.log("got", r.n)
if (r.n > 10) throw { code: "TooBig", message: "too big" }
return { doubled: r.n }
`

func TestRunMockedCompleted(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"w.flow":     runFlow,
		"mocks.json": `{"tasks": {"double": {"output": {"n": 4}, "after": "2s"}}}`,
		"in.json":    `{"n": 2}`,
	})
	out, errOut, code := runCLI(t, "", "run", filepath.Join(dir, "w.flow"), "--input", "@"+filepath.Join(dir, "in.json"), "--mock", filepath.Join(dir, "mocks.json"))
	if code != 0 {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || got["doubled"] != 4.0 {
		t.Fatalf("stdout %q is not the output {doubled: 4}", out)
	}
	if !strings.Contains(errOut, `task "double" called`) || !strings.Contains(errOut, "log: got 4") || !strings.Contains(errOut, "+2s") {
		t.Fatalf("stderr lacks the progress: %q", errOut)
	}
	_, errOut, _ = runCLI(t, "", "run", "-q", filepath.Join(dir, "w.flow"), "--mock", filepath.Join(dir, "mocks.json"))
	if errOut != "" {
		t.Fatalf("-q still printed %q", errOut)
	}
}

func TestRunMockedJSON(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"w.flow":     runFlow,
		"mocks.json": `{"tasks": {"double": {"output": {"n": 40}}}}`,
	})
	out, _, code := runCLI(t, "", "run", filepath.Join(dir, "w.flow"), "--input", `{"n": 20}`, "--mock", filepath.Join(dir, "mocks.json"), "--json")
	if code != 1 {
		t.Fatalf("failed workflow: code %d, want 1", code)
	}
	want := `{"status":"failed","output":null,"error":{"code":"TooBig","message":"too big","line":3,"column":15},` +
		`"calls":[{"kind":"task","name":"double","inputs":{"n":20},"options":{},"attempts":1}],"logs":["got 40"]}` + "\n"
	if out != want {
		t.Fatalf("--json printed\n%s\nwant\n%s", out, want)
	}
}

func TestRunMockedFailureText(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"w.flow":     runFlow,
		"mocks.json": `{"tasks": {"double": {"error": {"message": "boom", "code": "E1"}}}}`,
	})
	out, errOut, code := runCLI(t, "", "run", "-q", filepath.Join(dir, "w.flow"), "--mock", filepath.Join(dir, "mocks.json"))
	if code != 1 || out != "" {
		t.Fatalf("code %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "TaskFailed") || !strings.Contains(errOut, "boom") || !strings.Contains(errOut, "(1:11)") {
		t.Fatalf("stderr %q lacks code, message and position", errOut)
	}
}

func TestRunInvalid(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"w.flow":     runFlow,
		"bad.flow":   "return nope\n",
		"mocks.json": `{}`,
		"junk.json":  `{"tasks": 3}`,
	})
	w, mocks := filepath.Join(dir, "w.flow"), filepath.Join(dir, "mocks.json")

	out, _, code := runCLI(t, "", "run", filepath.Join(dir, "bad.flow"), "--mock", mocks, "--json")
	var res struct {
		Status      string           `json:"status"`
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
	}
	if code != 2 || json.Unmarshal([]byte(out), &res) != nil || res.Status != "invalid" || len(res.Diagnostics) == 0 || res.Diagnostics[0].Code != "undeclared-variable" {
		t.Fatalf("compile error: code %d, stdout %q", code, out)
	}
	_, errOut, code := runCLI(t, "", "run", filepath.Join(dir, "bad.flow"), "--mock", mocks)
	if code != 2 || !strings.Contains(errOut, "bad.flow:1:8: error:") {
		t.Fatalf("compile error text: code %d, stderr %q", code, errOut)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--input", "[1]", "--mock", mocks}, "object"},
		{[]string{"--input", "{nope", "--mock", mocks}, "--input"},
		{[]string{"--mock", filepath.Join(dir, "missing.json")}, "missing.json"},
		{[]string{"--mock", filepath.Join(dir, "junk.json")}, "tasks"},
	} {
		out, errOut, code := runCLI(t, "", append([]string{"run", w, "--json"}, tc.args...)...)
		var inv struct {
			Status string `json:"status"`
			Error  struct{ Code, Message string }
		}
		if code != 2 || json.Unmarshal([]byte(out), &inv) != nil || inv.Status != "invalid" || inv.Error.Code != "InvalidInput" || !strings.HasPrefix(out, `{"status":"invalid","diagnostics":[],"error":{"code":`) {
			t.Errorf("%v: code %d, stdout %q", tc.args, code, out)
			continue
		}
		if !strings.Contains(inv.Error.Message, tc.want) || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: message %q / stderr %q should mention %q", tc.args, inv.Error.Message, errOut, tc.want)
		}
	}
}
