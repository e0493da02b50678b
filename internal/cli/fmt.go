package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/rhythmflow/rhythm/internal/textdiff"
	"github.com/rhythmflow/rhythm/lang/format"
	"github.com/spf13/cobra"
)

type fmtFlags struct {
	write, list, diff bool
}

func newFmtCmd() *cobra.Command {
	var fl fmtFlags
	cmd := &cobra.Command{
		Use:   "fmt [-w] [-l] [-d] [PATH...]",
		Short: "Format .flow files canonically (like gofmt)",
		Long: "Fmt formats .flow files. With no flags it prints the formatted text; -w rewrites the\n" +
			"files, -l lists the files whose formatting differs, -d prints a diff. With no PATH it\n" +
			"reads standard input. A file with a syntax error is refused (exit 1, diagnostics on\n" +
			"stderr) and left untouched.",
		RunE: func(cmd *cobra.Command, args []string) error {
			out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
			if len(args) == 0 || (len(args) == 1 && args[0] == "-") {
				if fl.write {
					return exitCode(2, "-w needs a PATH (cannot rewrite standard input)")
				}
				src, err := io.ReadAll(cmd.InOrStdin())
				if err != nil {
					return exitCode(2, fmt.Sprintf("cannot read standard input: %v", err))
				}
				if !formatOne("<stdin>", src, fl, out, errw) {
					return exitCode(1, "")
				}
				return nil
			}
			files, err := flowFiles(args)
			if err != nil {
				return exitCode(2, err.Error())
			}
			ok := true
			for _, file := range files {
				src, err := os.ReadFile(file)
				if err != nil {
					return exitCode(2, fmt.Sprintf("cannot read %s: %v", file, unwrapPathErr(err)))
				}
				ok = formatOne(file, src, fl, out, errw) && ok
			}
			if !ok {
				return exitCode(1, "")
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&fl.write, "write", "w", false, "write the result to the file instead of standard output")
	cmd.Flags().BoolVarP(&fl.list, "list", "l", false, "list files whose formatting differs")
	cmd.Flags().BoolVarP(&fl.diff, "diff", "d", false, "print a unified diff instead of the formatted text")
	return cmd
}

// formatOne formats one file according to the flags and reports success. Syntax errors are
// printed to errw and the file is left untouched.
func formatOne(file string, src []byte, fl fmtFlags, out, errw io.Writer) bool {
	res, err := format.Source(src)
	if err != nil {
		var se *format.SyntaxError
		if errors.As(err, &se) {
			writeTextDiagnostics(errw, file, se.Diagnostics)
		} else {
			fmt.Fprintf(errw, "%s: %v\n", file, err)
		}
		return false
	}
	changed := !bytes.Equal(src, res)
	if fl.list && changed {
		fmt.Fprintln(out, file)
	}
	if fl.diff && changed {
		io.WriteString(out, textdiff.Unified(file+".orig", file, string(src), string(res)))
	}
	if fl.write && changed {
		info, err := os.Stat(file)
		if err != nil {
			fmt.Fprintf(errw, "%s: %v\n", file, err)
			return false
		}
		if err := os.WriteFile(file, res, info.Mode().Perm()); err != nil {
			fmt.Fprintf(errw, "cannot write %s: %v\n", file, unwrapPathErr(err))
			return false
		}
	}
	if !fl.write && !fl.list && !fl.diff {
		out.Write(res)
	}
	return true
}
