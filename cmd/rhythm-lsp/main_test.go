package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serverEnv makes the test binary run as the language server (see TestMain), so the
// end-to-end test drives the real main function without a separate build.
const serverEnv = "RHYTHM_LSP_TEST_AS_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(serverEnv) == "1" {
		os.Args = os.Args[:1]
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestNeovim drives the server with headless Neovim (the Debian package; .ci/run installs it):
// Neovim opens a .flow file, receives the diagnostics (including a registry-aware one read
// from the workspace's .rhythm/registry.json), asks for completion and hover, edits the
// buffer and sees the diagnostic go away.
func TestNeovim(t *testing.T) {
	t.Parallel()
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Fatal("nvim not found: install Neovim (apt-get install -y neovim) to run the editor end-to-end test")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	reg, err := os.ReadFile("../../lang/ide/testdata/registry.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, ".rhythm"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".rhythm", "registry.json"), reg, 0o644); err != nil {
		t.Fatal(err)
	}
	src := "const é = Math.floor(2.5)\nawait Task.run(\"send_emial\", {to: \"a\", subject: String(é)})\nawait Task.run(\"\n"
	file := filepath.Join(root, "order.flow")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/nvim_e2e.lua")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out.txt")
	cmd := exec.Command(nvim, "--headless", "--clean", "-n", file, "-c", "luafile "+script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "LSP_BIN="+self, serverEnv+"=1", "OUT="+out, "HOME="+root, "XDG_STATE_HOME="+root, "XDG_CACHE_HOME="+root)
	done := make(chan error, 1)
	var output []byte
	go func() {
		var err error
		output, err = cmd.CombinedOutput()
		done <- err
	}()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("nvim did not finish in 60s")
	}
	res, _ := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim: %v\n%s\nresults:\n%s", err, output, res)
	}
	text := string(res)
	for _, want := range []string{
		"DIAG 1:15 unknown-task no worker registers a task called `send_emial`; did you mean `send_email`?",
		"DIAG 2:15 syntax-error",
		"COMPLETE send_email",
		"COMPLETE charge_card",
		"HOVER ```flow Math.floor(x: number): number ```",
		"FIXED true",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in the results:\n%s", want, text)
		}
	}
}

// The server process ends at the protocol's exit notification, even while the client keeps its
// standard input open (a read blocked on a pipe is not interrupted by closing it).
func TestExitWithStdinOpen(t *testing.T) {
	t.Parallel()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), serverEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`,
		`{"jsonrpc":"2.0","method":"initialized","params":{}}`,
		`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`,
		`{"jsonrpc":"2.0","method":"exit"}`,
	} {
		if _, err := fmt.Fprintf(stdin, "Content-Length: %d\r\n\r\n%s", len(msg), msg); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server exited with %v, want status 0 after shutdown and exit", err)
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the server did not exit after shutdown and exit while its standard input stayed open")
	}
}
