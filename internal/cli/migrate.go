package cli

import (
	"fmt"

	"github.com/rhythmflow/rhythm/migrations"
	"github.com/spf13/cobra"
)

func newMigrateCmd() *cobra.Command {
	var db dbFlags
	var status bool
	cmd := &cobra.Command{
		Use:   "migrate [--status]",
		Short: "Apply the database schema migrations that are not applied yet",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			conn, err := db.connect(ctx, cmd.ErrOrStderr())
			if err != nil {
				return exitCode(1, err.Error())
			}
			defer conn.Close(ctx)
			before, err := migrations.Status(ctx, conn)
			if err != nil {
				return exitCode(1, err.Error())
			}
			if status {
				fmt.Fprintf(cmd.OutOrStdout(), "schema version %d of %d (%d pending)\n", before.Current, before.Latest, len(before.Pending))
				return nil
			}
			if err := migrations.Migrate(ctx, conn); err != nil {
				return exitCode(1, err.Error())
			}
			fmt.Fprintf(cmd.OutOrStdout(), "schema at version %d (%d applied now)\n", before.Latest, len(before.Pending))
			return nil
		},
	}
	db.register(cmd)
	cmd.Flags().BoolVar(&status, "status", false, "only report the schema version")
	return cmd
}
