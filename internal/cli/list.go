package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rhythmflow/rhythm/client"
)

func newListCmd() *cobra.Command {
	var db dbFlags
	var f client.Filter
	var all, asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--kind task|workflow] [--name NAME] [--status STATUS] [--parent ID] [--all] [--limit N]",
		Short: "List executions, newest first (top-level ones unless --all or --parent)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch f.Kind {
			case "", "task", "workflow":
			default:
				return exitCode(2, fmt.Sprintf("--kind must be task or workflow, not %q", f.Kind))
			}
			switch f.Status {
			case "", client.StatusPending, client.StatusRunning, client.StatusSuspended,
				client.StatusCompleted, client.StatusFailed, client.StatusCancelled:
			default:
				return exitCode(2, fmt.Sprintf("--status must be one of pending, running, suspended, completed, failed, cancelled, not %q", f.Status))
			}
			if f.ParentID != "" {
				if err := checkID(f.ParentID); err != nil {
					return err
				}
			}
			if f.Before != "" {
				if err := checkID(f.Before); err != nil {
					return err
				}
			}
			if f.Limit <= 0 {
				return exitCode(2, "--limit must be positive")
			}
			f.TopLevel = !all && f.ParentID == ""
			return db.withSession(cmd, func(ctx context.Context, s *session) error {
				list, err := s.client.List(ctx, f)
				if err != nil {
					return exitCode(1, err.Error())
				}
				out := cmd.OutOrStdout()
				if asJSON {
					rows := make([]map[string]any, len(list))
					for i := range list {
						rows[i] = executionJSON(&list[i])
					}
					writeJSONLine(out, rows)
					return nil
				}
				if len(list) == 0 {
					fmt.Fprintln(cmd.ErrOrStderr(), "no executions")
					return nil
				}
				tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tKIND\tNAME\tSTATUS\tCREATED\tDURATION")
				for _, x := range list {
					d := "-"
					switch {
					case !x.FinishedAt.IsZero() && !x.StartedAt.IsZero():
						d = shortDuration(x.FinishedAt.Sub(x.StartedAt))
					case !x.StartedAt.IsZero():
						d = shortDuration(time.Since(x.StartedAt)) + "…"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.Kind, x.Name, x.Status, x.CreatedAt.Local().Format("2006-01-02 15:04:05"), d)
				}
				return tw.Flush()
			})
		},
	}
	db.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.Kind, "kind", "", "only tasks or only workflows")
	fl.StringVar(&f.Name, "name", "", "only executions of this task or workflow")
	fl.StringVar(&f.Status, "status", "", "only executions with this status")
	fl.StringVar(&f.ParentID, "parent", "", "only the children of this execution")
	fl.StringVar(&f.Before, "before", "", "continue a listing after this execution id")
	fl.IntVar(&f.Limit, "limit", 50, "at most this many executions")
	fl.BoolVar(&all, "all", false, "include executions started by workflows")
	fl.BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}
