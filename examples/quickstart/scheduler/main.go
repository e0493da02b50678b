// Command scheduler is the quickstart's scheduling side: a menu that starts process_order
// workflows and standalone tasks, prints their ids, then their results as they complete. Run a
// worker (./examples/quickstart/worker) alongside it.
//
//	go run ./examples/quickstart/scheduler
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/examples/internal/demo"
)

func main() {
	demo.Main("scheduler", func(ctx context.Context, url string) error {
		return run(ctx, url, os.Stdin, os.Stdout)
	})
}

const menu = `
1) schedule the workflow process_order
2) schedule standalone tasks
3) both
4) exit
> `

// scheduler starts work and reports results as they complete.
type scheduler struct {
	c   *client.Client
	ctx context.Context
	n   int

	mu  sync.Mutex // serialises writes to out
	out io.Writer
	wg  sync.WaitGroup
	// waits bounds the client.Wait calls in progress, each of which holds a pooled connection.
	waits chan struct{}
}

// run shows the menu on out and reads choices from in until 4, end of input or ctx ends; it then
// waits (at most a minute) for the results still outstanding.
func run(ctx context.Context, url string, in io.Reader, out io.Writer) error {
	pool, err := demo.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	s := &scheduler{c: client.New(pool), ctx: ctx, out: out, waits: make(chan struct{}, demo.MaxConns/2)}
	lines := bufio.NewScanner(in)
	for {
		s.printf("%s", menu)
		if !lines.Scan() {
			break
		}
		choice := strings.TrimSpace(lines.Text())
		var err error
		switch choice {
		case "1":
			err = s.workflow()
		case "2":
			err = s.tasks()
		case "3":
			if err = s.workflow(); err == nil {
				err = s.tasks()
			}
		case "4", "q", "exit":
			return s.finish()
		default:
			s.printf("unknown choice %q\n", choice)
		}
		if err != nil {
			s.printf("error: %v\n", err)
		}
	}
	return s.finish()
}

func (s *scheduler) printf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.out, format, args...)
}

// finish waits for the outstanding results.
func (s *scheduler) finish() error {
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-time.After(time.Minute):
		return fmt.Errorf("results still outstanding after a minute: is a worker running?")
	case <-s.ctx.Done():
		return nil
	}
}

// workflow starts process_order for a new order.
func (s *scheduler) workflow() error {
	s.n++
	order := map[string]any{
		"order": map[string]any{
			"id": fmt.Sprintf("ord_%d_%d", os.Getpid(), s.n), "total": 25.0 * float64(s.n), "currency": "EUR",
			"items": []any{map[string]any{"sku": "tea-green", "quantity": 2}, map[string]any{"sku": "mug-blue", "quantity": 1}},
		},
		"customer": map[string]any{"id": "cus_7", "email": "ada@example.com"},
	}
	id, err := s.c.StartWorkflow(s.ctx, "process_order", order, client.StartOptions{})
	if err != nil {
		return err
	}
	s.printf("started workflow process_order %s\n", id)
	s.watch("workflow process_order", id)
	return nil
}

// tasks queues one of each standalone task.
func (s *scheduler) tasks() error {
	s.n++
	jobs := []struct {
		name  string
		input any
	}{
		{"process_payment", map[string]any{"orderId": fmt.Sprintf("solo_%d", s.n), "amount": 12.5, "currency": "EUR"}},
		{"send_email", map[string]any{"to": "ada@example.com", "subject": "Hello from Rhythm"}},
		{"send_notification", map[string]any{"userId": "cus_7", "message": "Hello from Rhythm"}},
	}
	for _, j := range jobs {
		id, err := s.c.EnqueueTask(s.ctx, j.name, j.input, client.TaskOptions{})
		if err != nil {
			return err
		}
		s.printf("queued task %s %s\n", j.name, id)
		s.watch("task "+j.name, id)
	}
	return nil
}

// watch prints the execution's result when it completes.
func (s *scheduler) watch(what, id string) {
	s.wg.Go(func() {
		s.waits <- struct{}{}
		defer func() { <-s.waits }()
		x, err := s.c.Wait(s.ctx, id)
		switch {
		case err != nil:
			s.printf("%s %s: %v\n", what, id, err)
		case x.Status == client.StatusCompleted:
			s.printf("%s %s completed in %s: %s\n", what, id, demo.Round(x.FinishedAt.Sub(x.CreatedAt)), compact(x.Output))
		default:
			s.printf("%s %s %s: %s\n", what, id, x.Status, compact(x.Error))
		}
	})
}

func compact(raw json.RawMessage) string {
	return strings.Join(strings.Fields(string(raw)), " ")
}
