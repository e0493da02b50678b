// Command crashworker is the worker process of the end-to-end tests: it serves the tasks below on
// the default queue until SIGTERM, with a lease as short as the tests need, and prints "ready"
// once it serves.
//
// Tasks: add {x, y} → x + y; block_once {marker} blocks forever the first time (after creating
// the marker file) and returns "done" once the marker exists.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/worker"
)

type addIn struct {
	X int `json:"x"`
	Y int `json:"y"`
}

type blockIn struct {
	Marker string `json:"marker"`
}

func main() {
	url := flag.String("database-url", "", "PostgreSQL URL")
	id := flag.String("id", "", "worker id")
	lease := flag.Duration("lease", time.Second, "lease duration")
	concurrency := flag.Int("concurrency", 10, "concurrency of the default queue")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, *url, *id, *lease, *concurrency); err != nil {
		fmt.Fprintln(os.Stderr, "crashworker:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, url, id string, lease time.Duration, concurrency int) error {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	level := slog.LevelWarn
	if os.Getenv("RHYTHM_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	w, err := worker.New(pool, worker.Config{
		ID: id, Queues: map[string]int{"default": concurrency},
		Logger:        slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
		LeaseDuration: lease, HeartbeatInterval: lease / 4, PollInterval: 100 * time.Millisecond,
		ShutdownGrace: 2 * time.Second,
	})
	if err != nil {
		return err
	}
	err = w.Register(
		worker.Task("add", func(ctx context.Context, in addIn) (int, error) { return in.X + in.Y, nil }),
		worker.Task("block_once", func(ctx context.Context, in blockIn) (string, error) {
			if _, err := os.Stat(in.Marker); err == nil {
				return "done", nil
			} else if !errors.Is(err, os.ErrNotExist) {
				return "", err
			}
			if err := os.WriteFile(in.Marker, []byte(id), 0o644); err != nil {
				return "", err
			}
			<-ctx.Done()
			return "", ctx.Err()
		}),
	)
	if err != nil {
		return err
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		fmt.Println("ready")
	}()
	return w.Run(ctx)
}
