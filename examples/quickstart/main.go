// Command quickstart is Rhythm's quickstart in one process: it starts (or reuses) the development
// database — or uses RHYTHM_DATABASE_URL when set —, runs a worker serving the tasks of package
// tasks and the workflows of workflows/, starts process_order with input.json, prints the
// workflow's result and the tree of executions it produced, and exits.
//
//	go run ./examples/quickstart
//
// The same pieces run as separate processes with ./worker and ./scheduler.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/examples/internal/demo"
	"github.com/rhythmflow/rhythm/examples/quickstart/tasks"
	"github.com/rhythmflow/rhythm/examples/quickstart/workflows"
	"github.com/rhythmflow/rhythm/worker"
)

//go:embed input.json
var input []byte

func main() {
	demo.Main("quickstart", func(ctx context.Context, url string) error {
		return run(ctx, url, os.Stdout, demo.Logger())
	})
}

// run does the whole quickstart on the database at url, writing what happens to out.
func run(ctx context.Context, url string, out io.Writer, log *slog.Logger) (err error) {
	pool, err := demo.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	c := client.New(pool)
	ts := tasks.New(c)

	w, err := worker.New(pool, worker.Config{Logger: log, ShutdownGrace: 5 * time.Second})
	if err != nil {
		return err
	}
	if err := w.Register(ts.Defs()...); err != nil {
		return err
	}
	if err := demo.RegisterFlows(ctx, w, workflows.FS); err != nil {
		return err
	}
	wctx, stopWorker := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(wctx) }()
	defer func() {
		stopWorker()
		if werr := <-done; werr != nil && err == nil {
			err = werr
		}
		ts.Wait()
	}()

	id, err := c.StartWorkflow(ctx, "process_order", json.RawMessage(input), client.StartOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "started workflow process_order %s\n", id)
	x, err := demo.Completed(ctx, c, id)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\nresult:")
	writeIndented(out, x.Output)
	fmt.Fprintln(out, "\nexecutions:")
	if err := demo.PrintTree(ctx, c, out, id); err != nil {
		return err
	}
	if x.Status != client.StatusCompleted {
		return errors.New("the workflow did not complete")
	}
	return nil
}

// writeIndented prints JSON indented, keeping the workflow's key order.
func writeIndented(w io.Writer, raw json.RawMessage) {
	var b bytes.Buffer
	if json.Indent(&b, raw, "", "  ") != nil {
		fmt.Fprintf(w, "%s\n", raw)
		return
	}
	fmt.Fprintf(w, "%s\n", b.Bytes())
}
