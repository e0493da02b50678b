// Command worker is the quickstart's worker process: it connects (RHYTHM_DATABASE_URL, else the
// development database), migrates, registers the quickstart's tasks and the workflows of
// workflows/, and serves the default queue until SIGINT or SIGTERM, then shuts down gracefully.
//
//	go run ./examples/quickstart/worker [-workflows DIR] [-concurrency N]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/examples/internal/demo"
	"github.com/rhythmflow/rhythm/examples/quickstart/tasks"
	"github.com/rhythmflow/rhythm/examples/quickstart/workflows"
	"github.com/rhythmflow/rhythm/worker"
)

func main() {
	dir := flag.String("workflows", "", "register the .flow files of this folder (default: the quickstart's own workflows)")
	concurrency := flag.Int("concurrency", worker.DefaultConcurrency, "tasks and activations run at once")
	flag.Parse()
	demo.Main("worker", func(ctx context.Context, url string) error {
		return run(ctx, url, *dir, *concurrency, os.Stdout, demo.LoggerAt(slog.LevelInfo))
	})
}

// run serves the quickstart until ctx ends and returns after a graceful shutdown.
func run(ctx context.Context, url, dir string, concurrency int, out io.Writer, log *slog.Logger) error {
	pool, err := demo.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	ts := tasks.New(client.New(pool))
	w, err := worker.New(pool, worker.Config{Queues: map[string]int{"default": concurrency}, Logger: log})
	if err != nil {
		return err
	}
	if err := w.Register(ts.Defs()...); err != nil {
		return err
	}
	if dir != "" {
		err = w.RegisterWorkflows(ctx, dir)
	} else {
		err = demo.RegisterFlows(ctx, w, workflows.FS)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "worker %s serving queue default; Ctrl-C to stop\n", w.ID())
	if err := w.Run(ctx); err != nil {
		return err
	}
	ts.Wait()
	fmt.Fprintln(out, "worker stopped")
	return nil
}
