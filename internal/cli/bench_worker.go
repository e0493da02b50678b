package cli

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/spf13/cobra"

	"github.com/rhythmflow/rhythm/worker"
)

// benchTask is the no-op task the benchmark runs.
const benchTask = "bench_noop"

// benchFlow is the workflow of three sequential tasks the benchmark runs.
const benchFlow = `const a = await Task.run("bench_noop", { i: Inputs.i })
const b = await Task.run("bench_noop", { i: a.i + 1 })
const c = await Task.run("bench_noop", { i: b.i + 1 })
return c.i
`

type benchIn struct {
	I int `json:"i"`
}

// newBenchWorkerCmd is `rhythm bench worker`, the worker process `rhythm bench` spawns: it serves
// the no-op task on the benchmark's queue with the worker's default settings. It prints "ready"
// once set up, starts serving when it reads "go" on stdin, and stops gracefully when stdin ends.
func newBenchWorkerCmd() *cobra.Command {
	var queue, url string
	var concurrency int
	cmd := &cobra.Command{
		Use:    "worker --database-url URL --queue QUEUE",
		Short:  "A benchmark worker process (spawned by rhythm bench)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			pool, err := pgxpool.New(ctx, url)
			if err != nil {
				return exitCode(1, err.Error())
			}
			defer pool.Close()
			// Warnings and errors (lost leases, failed activations, retried database errors)
			// reach the benchmark's stderr: a figure they explain must not look like a clean one.
			cfg := worker.Config{Logger: slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelWarn}))}
			if concurrency > 0 {
				cfg.Queues = map[string]int{queue: concurrency}
			} else {
				cfg.Queues = map[string]int{queue: 0} // the default concurrency
			}
			w, err := worker.New(pool, cfg)
			if err != nil {
				return exitCode(1, err.Error())
			}
			noop := func(ctx context.Context, in benchIn) (benchIn, error) { return in, nil }
			if err := w.Register(worker.Task(benchTask, noop, worker.TaskOptions{Queue: queue})); err != nil {
				return exitCode(1, err.Error())
			}
			in := bufio.NewScanner(cmd.InOrStdin())
			fmt.Fprintln(cmd.OutOrStdout(), "ready")
			for in.Scan() && strings.TrimSpace(in.Text()) != "go" {
			}
			runCtx, stop := context.WithCancel(ctx)
			go func() {
				for in.Scan() {
				}
				stop()
			}()
			if err := w.Run(runCtx); err != nil {
				return exitCode(1, err.Error())
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "database-url", "", "PostgreSQL URL")
	cmd.Flags().StringVar(&queue, "queue", "", "queue to serve")
	cmd.Flags().IntVar(&concurrency, "concurrency", 0, "concurrency (default: the worker's default)")
	cmd.MarkFlagRequired("database-url")
	cmd.MarkFlagRequired("queue")
	return cmd
}
