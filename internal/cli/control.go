package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func newSignalCmd() *cobra.Command {
	var db dbFlags
	var payload string
	cmd := &cobra.Command{
		Use:   "signal ID NAME [--payload JSON|@FILE]",
		Short: "Send a signal to a workflow (delivered in order to its Signal.next calls for NAME)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, name := args[0], args[1]
			if err := checkID(id); err != nil {
				return err
			}
			p, err := readInput(cmd.InOrStdin(), payload)
			if err != nil {
				return exitCode(2, "--payload"+trimPrefix(err.Error(), "--input"))
			}
			if p == nil {
				p = json.RawMessage("null")
			}
			return db.withSession(cmd, func(ctx context.Context, s *session) error {
				if err := s.client.Signal(ctx, id, name, json.RawMessage(p)); err != nil {
					return opError(id, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "signal %s sent to %s\n", name, id)
				return nil
			})
		},
	}
	db.register(cmd)
	cmd.Flags().StringVar(&payload, "payload", "", "the signal's payload: JSON, or @FILE (default null)")
	return cmd
}

func newCancelCmd() *cobra.Command {
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "cancel ID",
		Short: "Cancel an execution and everything it started",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			if err := checkID(id); err != nil {
				return err
			}
			return db.withSession(cmd, func(ctx context.Context, s *session) error {
				if err := s.client.Cancel(ctx, id); err != nil {
					return opError(id, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "cancellation of %s requested\n", id)
				return nil
			})
		},
	}
	db.register(cmd)
	return cmd
}

func trimPrefix(s, prefix string) string {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):]
	}
	return s
}
