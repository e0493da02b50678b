package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/rhythmflow/rhythm/client"
)

// scheduleFlags are the flags of `rhythm start` and `rhythm task`.
type scheduleFlags struct {
	db       dbFlags
	input    string
	queue    string
	priority int
	key      string
	at       string
	wait     bool
}

func (f *scheduleFlags) register(cmd *cobra.Command) {
	f.db.register(cmd)
	cmd.Flags().StringVar(&f.input, "input", "", "the inputs: a JSON object, or @FILE to read it from a file (default {})")
	cmd.Flags().StringVar(&f.queue, "queue", "", "queue to run on (default: the registered one, else default)")
	cmd.Flags().IntVar(&f.priority, "priority", 0, "priority (higher runs first)")
	cmd.Flags().StringVar(&f.key, "key", "", "idempotency key: a second start with the same key returns the first execution")
	cmd.Flags().StringVar(&f.at, "at", "", "start at this RFC 3339 time instead of now")
	cmd.Flags().BoolVar(&f.wait, "wait", false, "wait for the result and print it")
}

func (f *scheduleFlags) runAt() (time.Time, error) {
	if f.at == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, f.at)
	if err != nil {
		return time.Time{}, exitCode(2, fmt.Sprintf("--at: %q is not an RFC 3339 time", f.at))
	}
	return t, nil
}

func newStartCmd() *cobra.Command {
	var fl scheduleFlags
	cmd := &cobra.Command{
		Use:   "start NAME [--input JSON|@FILE] [--wait]",
		Short: "Start a registered workflow and print its execution id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return schedule(cmd, &fl, func(ctx context.Context, s *session, in []byte, at time.Time) (string, error) {
				return s.client.StartWorkflow(ctx, args[0], inputOrNil(in), client.StartOptions{
					Queue: fl.queue, Priority: fl.priority, Key: fl.key, RunAt: at})
			})
		},
	}
	fl.register(cmd)
	return cmd
}

func newTaskCmd() *cobra.Command {
	var fl scheduleFlags
	cmd := &cobra.Command{
		Use:   "task NAME [--input JSON|@FILE] [--wait]",
		Short: "Queue a standalone task and print its execution id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return schedule(cmd, &fl, func(ctx context.Context, s *session, in []byte, at time.Time) (string, error) {
				return s.client.EnqueueTask(ctx, args[0], inputOrNil(in), client.TaskOptions{
					Queue: fl.queue, Priority: fl.priority, Key: fl.key, RunAt: at})
			})
		},
	}
	fl.register(cmd)
	return cmd
}

// inputOrNil passes --input to the client as raw JSON (nil for none).
func inputOrNil(in []byte) any {
	if in == nil {
		return nil
	}
	return json.RawMessage(in)
}

// schedule reads the flags, opens the database, calls do and prints the id (and the result with
// --wait).
func schedule(cmd *cobra.Command, fl *scheduleFlags, do func(context.Context, *session, []byte, time.Time) (string, error)) error {
	ctx := cmd.Context()
	in, err := readInput(cmd.InOrStdin(), fl.input)
	if err != nil {
		return exitCode(2, err.Error())
	}
	at, err := fl.runAt()
	if err != nil {
		return err
	}
	s, err := fl.db.open(ctx, cmd.ErrOrStderr())
	if err != nil {
		return exitCode(1, err.Error())
	}
	defer s.close()
	id, err := do(ctx, s, in, at)
	if err != nil {
		return exitCode(1, err.Error())
	}
	fmt.Fprintln(cmd.OutOrStdout(), id)
	if !fl.wait {
		return nil
	}
	return printResult(ctx, s, cmd.OutOrStdout(), cmd.ErrOrStderr(), id, true)
}

// printResult prints the output of a completed execution (waiting for it first when wait is set);
// a failed or cancelled one prints its error and exits 1, an unfinished one exits 3.
func printResult(ctx context.Context, s *session, stdout, stderr io.Writer, id string, wait bool) error {
	var x *client.Execution
	var err error
	if wait {
		x, err = s.client.Wait(ctx, id)
	} else {
		x, err = s.client.Get(ctx, id)
	}
	if err != nil {
		return opError(id, err)
	}
	switch x.Status {
	case client.StatusCompleted:
		writeIndented(stdout, x.Output)
		return nil
	case client.StatusFailed, client.StatusCancelled:
		return exitCode(1, fmt.Sprintf("%s %s %s: %s", x.Kind, x.Name, x.Status, errorMessage(x.Error)))
	}
	return exitCode(3, fmt.Sprintf("%s %s is %s: no result yet (use --wait to wait for it)", x.Kind, x.Name, x.Status))
}
