package demo

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rhythmflow/rhythm/client"
)

// Main runs an example program: run gets the database URL (see URL) and a context cancelled by
// SIGINT or SIGTERM; an error is printed after name and exits with status 1.
func Main(name string, run func(ctx context.Context, url string) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	url, err := URL(ctx, os.Stderr)
	if err == nil {
		err = run(ctx, url)
	}
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// Completed waits, a minute at most, for execution id to finish and returns it; an execution that
// did not complete (it failed or was cancelled) is an error.
func Completed(ctx context.Context, c *client.Client, id string) (*client.Execution, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	x, err := c.Wait(ctx, id)
	if err != nil {
		return nil, err
	}
	if x.Status != client.StatusCompleted {
		return nil, fmt.Errorf("%s %s %s: %s", x.Kind, x.Name, x.Status, x.Error)
	}
	return x, nil
}
