// Package cli implements the rhythm command-line tool. Every command writes to the streams it
// is given, so the commands are tested in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// exitError carries a process exit code through cobra. Its message, when not empty, has already
// been decided by the command; Main prints it as one line.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// exitCode returns an error that makes Main exit with code, printing msg (if any) on stderr.
func exitCode(code int, msg string) error { return &exitError{code: code, msg: msg} }

// Main runs the rhythm command with args and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "rhythm: "+oneLine(ee.msg))
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "rhythm: "+oneLine(err.Error()))
	return 2
}

// oneLine joins the lines of a multi-line error message (some drivers report one line per
// address tried) with "; ", dropping empty and repeated lines, so every error is one line.
func oneLine(msg string) string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		parts = append(parts, l)
	}
	return strings.Join(parts, "; ")
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "rhythm",
		Short:         "Rhythm: durable workflows in Flow scripts, Go tasks and PostgreSQL",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newCheckCmd(), newFmtCmd(), newRunCmd(), newDevCmd(), newMigrateCmd(), newLSPCmd())
	root.AddCommand(operationCmds()...)
	return root
}
