package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rhythmflow/rhythm/internal/lsp"
	"github.com/spf13/cobra"
)

func newLSPCmd() *cobra.Command {
	var logPath string
	var debounce time.Duration
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the Flow language server on standard input and output (same as rhythm-lsp)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts := lsp.Options{Debounce: debounce, Version: "dev", DatabaseURL: os.Getenv("RHYTHM_DATABASE_URL"), Log: io.Discard}
			db := lsp.DatabaseRegistry{}
			opts.LoadRegistry, opts.WatchRegistry = db.Load, db.Watch
			if logPath != "" {
				f, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
				if err != nil {
					return exitCode(2, fmt.Sprintf("--log: %v", unwrapPathErr(err)))
				}
				defer f.Close()
				opts.Log = f
			}
			if err := lsp.ServeStdio(cmd.Context(), opts); err != nil {
				return exitCode(1, err.Error())
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&logPath, "log", "", "append the server's log to this file")
	cmd.Flags().DurationVar(&debounce, "debounce", 0, "quiet period before diagnostics are published (default 150ms)")
	cmd.Flags().Bool("stdio", true, "talk over standard input and output (the only transport)")
	return cmd
}
