package cli

import "github.com/spf13/cobra"

// operationCmds are the commands that schedule, inspect and control executions on the database.
func operationCmds() []*cobra.Command {
	return []*cobra.Command{
		newStartCmd(), newTaskCmd(), newStatusCmd(), newResultCmd(), newListCmd(),
		newSignalCmd(), newCancelCmd(), newWorkflowsCmd(), newTasksCmd(), newBenchCmd(),
	}
}
