package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The worker serves process_order and stops cleanly when its context ends.
func TestWorkerServesAndStops(t *testing.T) {
	url := pgtest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, url, "../workflows", 4, &out, slog.New(slog.DiscardHandler)) }()

	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	c := client.New(pool)
	var id string
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The workflow exists once the worker registered it.
		id, err = c.StartWorkflow(ctx, "process_order", map[string]any{
			"order":    map[string]any{"id": "o1", "total": 10, "items": []any{map[string]any{"sku": "a", "quantity": 1}}},
			"customer": map[string]any{"id": "c1", "email": "c@example.com"},
		}, client.StartOptions{})
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
	defer wcancel()
	var res map[string]any
	if err := c.Result(wctx, id, &res); err != nil {
		t.Fatal(err)
	}
	if res["orderId"] != "o1" || res["emailSent"] != true || res["notified"] != true {
		t.Fatalf("result %v", res)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("worker did not stop")
	}
	if !strings.Contains(out.String(), "worker stopped") {
		t.Fatalf("output: %s", out.String())
	}
}
