package demo

import (
	"context"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/worker"
)

// Serve starts a worker in this process on pool, serving defs and the workflows of flows, and
// returns the function that stops it gracefully (and returns Run's error).
func Serve(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger, flows fs.FS, defs ...*worker.TaskDef) (stop func() error, err error) {
	w, err := worker.New(pool, worker.Config{Logger: log})
	if err != nil {
		return nil, err
	}
	if err := w.Register(defs...); err != nil {
		return nil, err
	}
	if err := RegisterFlows(ctx, w, flows); err != nil {
		return nil, err
	}
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- w.Run(wctx) }()
	return func() error {
		cancel()
		return <-done
	}, nil
}
