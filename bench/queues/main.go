// Command queues measures River and DBOS Transact on a PostgreSQL database with the same three
// measurements as `rhythm bench`, so the figures can be set side by side (run both on the same
// database, one after the other):
//
//  1. River: enqueue rate of no-op jobs (InsertMany, batches of -batch) and the rate they are
//     worked, with River's default fetch settings and with the fastest ones (1 ms cooldown and
//     poll interval); enqueue→start latency of a job on an idle client (AttemptedAt − CreatedAt).
//
//  2. DBOS Transact: workflows of 3 steps, run -concurrency at a time: completed workflows/s; and
//     start-to-result latency of one workflow at a time.
//
//     go run . -database-url postgres://... [-jobs 20000] [-workflows 2000] [-samples 200]
//
// It is its own module so that River and DBOS never enter Rhythm's go.mod.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dbos-inc/dbos-transact-golang/dbos"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

func main() {
	url := flag.String("database-url", os.Getenv("RHYTHM_DATABASE_URL"), "PostgreSQL URL")
	jobs := flag.Int("jobs", 20000, "River jobs per throughput run")
	workflows := flag.Int("workflows", 2000, "DBOS workflows")
	samples := flag.Int("samples", 200, "latency samples")
	batch := flag.Int("batch", 1000, "jobs per InsertMany")
	concurrency := flag.Int("concurrency", 100, "River MaxWorkers and DBOS workflows in flight")
	flag.Parse()
	if err := run(context.Background(), *url, *jobs, *workflows, *samples, *batch, *concurrency); err != nil {
		fmt.Fprintln(os.Stderr, "queues:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, url string, jobs, workflows, samples, batch, concurrency int) error {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	fmt.Printf("River v0.51.2 (MaxWorkers %d)\n", concurrency)
	if err := riverBench(ctx, pool, jobs, samples, batch, concurrency); err != nil {
		return fmt.Errorf("river: %w", err)
	}
	fmt.Printf("DBOS Transact Go v1.8.0 (%d workflows in flight)\n", concurrency)
	if err := dbosBench(ctx, url, workflows, samples, concurrency); err != nil {
		return fmt.Errorf("dbos: %w", err)
	}
	return nil
}

// NoopArgs is River's no-op job.
type NoopArgs struct{}

// Kind names the job kind.
func (NoopArgs) Kind() string { return "noop" }

// NoopWorker works a no-op job.
type NoopWorker struct {
	river.WorkerDefaults[NoopArgs]
}

// Work does nothing.
func (*NoopWorker) Work(context.Context, *river.Job[NoopArgs]) error { return nil }

func riverBench(ctx context.Context, pool *pgxpool.Pool, jobs, samples, batch, concurrency int) error {
	driver := riverpgxv5.New(pool)
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return err
	}
	for _, tuned := range []bool{false, true} {
		if _, err := pool.Exec(ctx, `DELETE FROM river_job`); err != nil {
			return err
		}
		c, err := riverClient(pool, concurrency, tuned)
		if err != nil {
			return err
		}
		start := time.Now()
		for i := 0; i < jobs; i += batch {
			params := make([]river.InsertManyParams, min(batch, jobs-i))
			for j := range params {
				params[j] = river.InsertManyParams{Args: NoopArgs{}}
			}
			if _, err := c.InsertMany(ctx, params); err != nil {
				return err
			}
		}
		enq := float64(jobs) / time.Since(start).Seconds()
		start = time.Now()
		if err := c.Start(ctx); err != nil {
			return err
		}
		for {
			var left int
			if err := pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE state <> 'completed'`).Scan(&left); err != nil {
				return err
			}
			if left == 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		done := float64(jobs) / time.Since(start).Seconds()
		name := "default fetch settings"
		if tuned {
			name = "fetch cooldown and poll interval 1ms"
		}
		fmt.Printf("  %s: enqueue %.0f jobs/s, worked %.0f jobs/s\n", name, enq, done)
		lat, err := riverLatency(ctx, c, samples)
		if err != nil {
			return err
		}
		fmt.Printf("    enqueue→start on an idle client: p50 %s p95 %s p99 %s\n", pct(lat, 50), pct(lat, 95), pct(lat, 99))
		if err := c.Stop(ctx); err != nil {
			return err
		}
	}
	return nil
}

func riverClient(pool *pgxpool.Pool, concurrency int, tuned bool) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &NoopWorker{})
	cfg := &river.Config{
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: concurrency}},
		Workers: workers,
		Logger:  slog.New(slog.DiscardHandler),
	}
	if tuned {
		cfg.FetchCooldown = time.Millisecond
		cfg.FetchPollInterval = time.Millisecond
	}
	c, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func riverLatency(ctx context.Context, c *river.Client[pgx.Tx], samples int) ([]time.Duration, error) {
	events, cancel := c.Subscribe(river.EventKindJobCompleted)
	defer cancel()
	time.Sleep(200 * time.Millisecond)
	var lat []time.Duration
	for i := 0; i < samples; i++ {
		if _, err := c.Insert(ctx, NoopArgs{}, nil); err != nil {
			return nil, err
		}
		select {
		case ev := <-events:
			if ev.Job.AttemptedAt != nil {
				lat = append(lat, ev.Job.AttemptedAt.Sub(ev.Job.CreatedAt))
			}
		case <-time.After(30 * time.Second):
			return nil, fmt.Errorf("job not worked in 30s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	slices.Sort(lat)
	return lat, nil
}

func step(i int) dbos.Step[int] {
	return func(context.Context) (int, error) { return i + 1, nil }
}

// threeSteps is DBOS's workflow of 3 sequential no-op steps.
func threeSteps(ctx dbos.Context, in int) (int, error) {
	a, err := dbos.RunAsStep(ctx, step(in))
	if err != nil {
		return 0, err
	}
	b, err := dbos.RunAsStep(ctx, step(a))
	if err != nil {
		return 0, err
	}
	return dbos.RunAsStep(ctx, step(b))
}

func dbosBench(ctx context.Context, url string, workflows, samples, concurrency int) error {
	dctx, err := dbos.NewContext(ctx, dbos.Config{AppName: "bench", DatabaseURL: url, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer dbos.Shutdown(dctx, 10*time.Second)
	dbos.RegisterWorkflow(dctx, threeSteps)
	if err := dbos.Launch(dctx); err != nil {
		return err
	}
	var next atomic.Int64
	var failed atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < concurrency; g++ {
		wg.Go(func() {
			for {
				i := int(next.Add(1))
				if i > workflows {
					return
				}
				h, err := dbos.RunWorkflow(dctx, threeSteps, i)
				if err == nil {
					var r int
					r, err = h.GetResult()
					if err == nil && r != i+3 {
						err = fmt.Errorf("result %d, want %d", r, i+3)
					}
				}
				if err != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("%d workflows failed", n)
	}
	fmt.Printf("  workflows of 3 steps: %.0f workflows/s completed\n", float64(workflows)/time.Since(start).Seconds())
	var lat []time.Duration
	for i := 0; i < samples; i++ {
		t0 := time.Now()
		h, err := dbos.RunWorkflow(dctx, threeSteps, i)
		if err != nil {
			return err
		}
		if _, err := h.GetResult(); err != nil {
			return err
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	fmt.Printf("    start-to-result of one workflow: p50 %s p95 %s p99 %s\n", pct(lat, 50), pct(lat, 95), pct(lat, 99))
	return nil
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))].Round(10 * time.Microsecond)
}
