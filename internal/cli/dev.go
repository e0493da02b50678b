package cli

import (
	"fmt"
	"io"

	"github.com/rhythmflow/rhythm/internal/devdb"
	"github.com/spf13/cobra"
)

func newDevCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Start (or reuse) the project's private development PostgreSQL and say how to reach it",
		Long: "Dev starts a private PostgreSQL for this project from the locally installed server\n" +
			"binaries, with its data under .rhythm/, migrates it, and prints how to reach it. If it is\n" +
			"already running it is reused. Every other command uses it when neither --database-url\n" +
			"nor RHYTHM_DATABASE_URL is given. `rhythm dev stop` stops it; `rhythm dev reset` deletes it.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := devdb.FindProject()
			if err != nil {
				return exitCode(2, err.Error())
			}
			info, err := devdb.Ensure(cmd.Context(), dir, cmd.ErrOrStderr())
			if err != nil {
				return exitCode(1, err.Error())
			}
			printDevInfo(cmd.OutOrStdout(), info)
			return nil
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "stop",
		Short: "Stop the project's development database",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := devdb.FindProject()
			if err != nil {
				return exitCode(2, err.Error())
			}
			if err := devdb.Stop(cmd.Context(), dir); err != nil {
				return exitCode(1, err.Error())
			}
			fmt.Fprintln(cmd.OutOrStdout(), "development database stopped")
			return nil
		},
	}, &cobra.Command{
		Use:   "reset",
		Short: "Stop the project's development database and delete its data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := devdb.FindProject()
			if err != nil {
				return exitCode(2, err.Error())
			}
			if err := devdb.Destroy(cmd.Context(), dir); err != nil {
				return exitCode(1, err.Error())
			}
			fmt.Fprintln(cmd.OutOrStdout(), "development database deleted")
			return nil
		},
	}, &cobra.Command{
		Use:   "status",
		Short: "Say whether the project's development database runs, and where",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := devdb.FindProject()
			if err != nil {
				return exitCode(2, err.Error())
			}
			info, running, err := devdb.Status(cmd.Context(), dir)
			if err != nil {
				return exitCode(1, err.Error())
			}
			if !running {
				fmt.Fprintln(cmd.OutOrStdout(), "development database: not running (start it with `rhythm dev`)")
				return exitCode(3, "")
			}
			printDevInfo(cmd.OutOrStdout(), info)
			return nil
		},
	})
	return cmd
}

func printDevInfo(w io.Writer, info *devdb.Info) {
	state := "running"
	if info.Started {
		state = "started"
	}
	fmt.Fprintf(w, "development database %s (PostgreSQL %d)\n", state, info.Major)
	fmt.Fprintf(w, "  url:   %s\n", info.URL)
	fmt.Fprintf(w, "  tcp:   %s\n", info.TCPURL)
	fmt.Fprintf(w, "  psql:  %s\n", info.PsqlCommand())
	fmt.Fprintf(w, "  data:  %s\n", info.DataDir)
	fmt.Fprintf(w, "  stop:  rhythm dev stop\n")
}
