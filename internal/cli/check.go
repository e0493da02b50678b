package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/rhythmflow/rhythm/lang"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/spf13/cobra"
)

// jsonDiagnostic is the `rhythm check --format json` form of one diagnostic (a stable
// contract: fields are 1-based, columns in code points, end exclusive).
type jsonDiagnostic struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

func toJSONDiagnostics(file string, ds []diag.Diagnostic) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, jsonDiagnostic{
			File: file, Line: d.Range.Start.Line, Column: d.Range.Start.Col,
			EndLine: d.Range.End.Line, EndColumn: d.Range.End.Col,
			Severity: d.Severity.String(), Code: d.Code, Message: d.Message,
		})
	}
	return out
}

// writeTextDiagnostics prints diagnostics as `path:line:col: severity: message [code]`.
func writeTextDiagnostics(w io.Writer, file string, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s]\n", file, d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Message, d.Code)
	}
}

func newCheckCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check [--format text|json] [PATH...]",
		Short: "Report the diagnostics of .flow files (directories are searched recursively)",
		Long: "Check parses and checks .flow files and prints every diagnostic, exactly as the editor\n" +
			"shows them. Exit status 1 if any error was found, else 0.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return exitCode(2, fmt.Sprintf("--format: unknown format %q (want text or json)", format))
			}
			files, err := flowFiles(args)
			if err != nil {
				return exitCode(2, err.Error())
			}
			all := []jsonDiagnostic{}
			failed := false
			for _, file := range files {
				src, err := os.ReadFile(file)
				if err != nil {
					return exitCode(2, fmt.Sprintf("cannot read %s: %v", file, unwrapPathErr(err)))
				}
				_, ds := lang.Analyze(file, src, check.Options{})
				failed = failed || diag.HasErrors(ds)
				if format == "json" {
					all = append(all, toJSONDiagnostics(file, ds)...)
				} else {
					writeTextDiagnostics(cmd.OutOrStdout(), file, ds)
				}
			}
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(all); err != nil {
					return err
				}
			}
			if failed {
				return exitCode(1, "")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
