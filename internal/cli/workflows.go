package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rhythmflow/rhythm/lang"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
)

func newWorkflowsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "workflows",
		Short: "Register and list workflow definitions",
	}
	cmd.AddCommand(newWorkflowsRegisterCmd(), newWorkflowsListCmd())
	return cmd
}

func newWorkflowsRegisterCmd() *cobra.Command {
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "register DIR|FILE...",
		Short: "Check .flow files and register them as workflows named after the files",
		Long: `Register checks every .flow file (a folder is searched recursively) and registers each one
without errors as the workflow named after the file. A changed source becomes a new version, used
by new executions; running executions keep theirs. Files with errors are refused with every
diagnostic printed, and the command exits 1.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := flowFiles(args)
			if err != nil {
				return exitCode(2, err.Error())
			}
			if len(files) == 0 {
				return exitCode(2, "no .flow files in "+strings.Join(args, ", "))
			}
			return db.withSession(cmd, func(ctx context.Context, s *session) error {
				out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
				refused := 0
				for _, f := range files {
					src, err := os.ReadFile(f)
					if err != nil {
						return exitCode(1, fmt.Sprintf("cannot read %s: %v", f, unwrapPathErr(err)))
					}
					_, ds := lang.Analyze(f, src, check.Options{})
					writeTextDiagnostics(errw, f, ds)
					if diag.HasErrors(ds) {
						refused++
						continue
					}
					name := strings.TrimSuffix(filepath.Base(f), ".flow")
					def, created, err := s.store.RegisterDefinition(ctx, name, f, string(src))
					if err != nil {
						return exitCode(1, err.Error())
					}
					state := "unchanged"
					if created {
						state = "new version"
					}
					fmt.Fprintf(out, "%s  %.12s  %s  (%s)\n", name, def.Version, state, f)
				}
				if refused > 0 {
					return exitCode(1, fmt.Sprintf("%d file(s) refused because of errors", refused))
				}
				return nil
			})
		},
	}
	db.register(cmd)
	return cmd
}

func newWorkflowsListCmd() *cobra.Command {
	var db dbFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the registered workflows with their current version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return db.withSession(cmd, func(ctx context.Context, s *session) error {
				defs, err := s.store.Workflows(ctx)
				if err != nil {
					return exitCode(1, err.Error())
				}
				out := cmd.OutOrStdout()
				if asJSON {
					rows := make([]map[string]any, len(defs))
					for i, d := range defs {
						rows[i] = map[string]any{"name": d.Name, "version": d.Version, "filename": d.Filename, "createdAt": d.CreatedAt}
					}
					writeJSONLine(out, rows)
					return nil
				}
				if len(defs) == 0 {
					fmt.Fprintln(cmd.ErrOrStderr(), "no workflows registered")
					return nil
				}
				tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "NAME\tVERSION\tREGISTERED\tFILE")
				for _, d := range defs {
					fmt.Fprintf(tw, "%s\t%.12s\t%s\t%s\n", d.Name, d.Version, d.CreatedAt.Local().Format("2006-01-02 15:04:05"), d.Filename)
				}
				return tw.Flush()
			})
		},
	}
	db.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}
