package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

// liveWindow is how recently a worker must have been seen for its tasks to count as served.
const liveWindow = 2 * time.Minute

func newTasksCmd() *cobra.Command {
	var db dbFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "tasks [--json]",
		Short: "List the task registry: every task a worker registered, its queue, worker and source",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return db.withSession(cmd, func(ctx context.Context, s *session) error {
				tasks, err := s.store.Tasks(ctx, time.Time{})
				if err != nil {
					return exitCode(1, err.Error())
				}
				out := cmd.OutOrStdout()
				if asJSON {
					rows := make([]map[string]any, len(tasks))
					for i, t := range tasks {
						rows[i] = map[string]any{
							"name": t.Name, "queue": t.Queue, "doc": t.Doc, "worker": t.WorkerID, "lastSeen": t.LastSeen,
							"source": fmt.Sprintf("%s:%d", t.SourceFile, t.SourceLine),
							"input":  json.RawMessage(orNull(t.InputSchema)), "output": json.RawMessage(orNull(t.OutputSchema)),
						}
					}
					writeJSONLine(out, rows)
					return nil
				}
				if len(tasks) == 0 {
					fmt.Fprintln(cmd.ErrOrStderr(), "no tasks registered: start a worker")
					return nil
				}
				tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "NAME\tQUEUE\tWORKER\tLAST SEEN\tDOC")
				for _, t := range tasks {
					seen := shortDuration(time.Since(t.LastSeen)) + " ago"
					if time.Since(t.LastSeen) > liveWindow {
						seen += " (stale)"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Name, t.Queue, t.WorkerID, seen, t.Doc)
				}
				return tw.Flush()
			})
		},
	}
	db.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array with the input and output schemas")
	return cmd
}
