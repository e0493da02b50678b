package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/rhythmflow/rhythm/client"
)

func newStatusCmd() *cobra.Command {
	var db dbFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status ID [--json]",
		Short: "Show an execution: status, times, input, output or error, a workflow's logs, and the tree of what it started",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			if err := checkID(id); err != nil {
				return err
			}
			return db.withSession(cmd, func(ctx context.Context, s *session) error {
				x, err := s.client.Get(ctx, id)
				if err != nil {
					return opError(id, err)
				}
				out := cmd.OutOrStdout()
				var logs []client.LogLine
				if x.Kind == "workflow" {
					if logs, err = s.client.Logs(ctx, id); err != nil {
						return opError(id, err)
					}
				}
				if asJSON {
					m := executionJSON(x)
					if x.Kind == "workflow" {
						lines := make([]map[string]any, len(logs))
						for i, l := range logs {
							lines[i] = map[string]any{"line": l.Line, "message": l.Message, "at": l.LoggedAt}
						}
						m["logs"] = lines
					}
					writeJSONLine(out, m)
					return nil
				}
				fmt.Fprintf(out, "%s %s  %s\n", x.Kind, x.Name, x.ID)
				fmt.Fprintf(out, "  status:   %s\n", x.Status)
				if x.Version != "" {
					fmt.Fprintf(out, "  version:  %.12s\n", x.Version)
				}
				if x.ParentID != "" {
					fmt.Fprintf(out, "  parent:   %s\n", x.ParentID)
				}
				fmt.Fprintf(out, "  queue:    %s\n", x.Queue)
				if x.Kind == "task" {
					fmt.Fprintf(out, "  attempts: %d of %d\n", x.Attempt, x.MaxAttempts)
				}
				fmt.Fprintf(out, "  created:  %s\n", x.CreatedAt.Local().Format(time.RFC3339Nano))
				if !x.StartedAt.IsZero() {
					fmt.Fprintf(out, "  started:  %s\n", x.StartedAt.Local().Format(time.RFC3339Nano))
				}
				if !x.FinishedAt.IsZero() {
					fmt.Fprintf(out, "  finished: %s (%s)\n", x.FinishedAt.Local().Format(time.RFC3339Nano), shortDuration(x.FinishedAt.Sub(x.StartedAt)))
				}
				fmt.Fprintf(out, "  input:    %s\n", compactJSON(x.Input))
				if len(x.Output) > 0 {
					fmt.Fprintf(out, "  output:   %s\n", compactJSON(x.Output))
				}
				if len(x.Error) > 0 {
					fmt.Fprintf(out, "  error:    %s\n", compactJSON(x.Error))
				}
				if len(logs) > 0 {
					fmt.Fprintln(out, "logs:")
					for _, l := range logs {
						fmt.Fprintf(out, "  %s  line %d: %s\n", l.LoggedAt.Local().Format(time.RFC3339Nano), l.Line, l.Message)
					}
				}
				if len(x.Children) > 0 {
					fmt.Fprintln(out, "tree:")
					return writeTree(ctx, s.client, out, x, 1)
				}
				return nil
			})
		},
	}
	db.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the execution and its direct children as JSON")
	return cmd
}

func newResultCmd() *cobra.Command {
	var db dbFlags
	var wait bool
	cmd := &cobra.Command{
		Use:   "result ID [--wait]",
		Short: "Print an execution's output (exit 1 if it failed, 3 if it has not finished)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkID(args[0]); err != nil {
				return err
			}
			return db.withSession(cmd, func(ctx context.Context, s *session) error {
				return printResult(ctx, s, cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], wait)
			})
		},
	}
	db.register(cmd)
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the execution finishes")
	return cmd
}

// compactJSON prints JSON on one line.
func compactJSON(raw json.RawMessage) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

// executionJSON is the JSON form of an execution for --json.
func executionJSON(x *client.Execution) map[string]any {
	m := map[string]any{
		"id": x.ID, "kind": x.Kind, "name": x.Name, "status": x.Status, "queue": x.Queue,
		"attempt": x.Attempt, "maxAttempts": x.MaxAttempts, "createdAt": x.CreatedAt,
		"input": json.RawMessage(orNull(x.Input)),
	}
	if x.Version != "" {
		m["version"] = x.Version
	}
	if x.ParentID != "" {
		m["parentId"] = x.ParentID
	}
	if !x.StartedAt.IsZero() {
		m["startedAt"] = x.StartedAt
	}
	if !x.FinishedAt.IsZero() {
		m["finishedAt"] = x.FinishedAt
	}
	if len(x.Output) > 0 {
		m["output"] = x.Output
	}
	if len(x.Error) > 0 {
		m["error"] = x.Error
	}
	if x.Children != nil {
		kids := make([]map[string]any, len(x.Children))
		for i := range x.Children {
			kids[i] = executionJSON(&x.Children[i])
		}
		m["children"] = kids
	}
	return m
}

func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}
