package main

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/examples/internal/demo"
	"github.com/rhythmflow/rhythm/examples/quickstart/tasks"
	"github.com/rhythmflow/rhythm/examples/quickstart/workflows"
	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/worker"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Choice 3 then 4 starts a workflow and three tasks and prints all four results before exiting.
func TestSchedulerBoth(t *testing.T) {
	url := pgtest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ts := tasks.New(client.New(pool))
	w, err := worker.New(pool, worker.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Register(ts.Defs()...); err != nil {
		t.Fatal(err)
	}
	if err := demo.RegisterFlows(ctx, w, workflows.FS); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	defer wg.Wait()
	defer cancel()

	var out bytes.Buffer
	if err := run(ctx, url, strings.NewReader("3\n4\n"), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, re := range []string{
		`started workflow process_order [0-9a-f-]{36}`,
		`queued task process_payment [0-9a-f-]{36}`,
		`queued task send_email [0-9a-f-]{36}`,
		`queued task send_notification [0-9a-f-]{36}`,
		`workflow process_order \S+ completed in \S+: \{"orderId":"ord_\d+_1","transactionId":"tx_[0-9a-f]+","reserved":\["tea-green","mug-blue"\],"emailSent":true,"notified":true\}`,
		`task process_payment \S+ completed in \S+: \{"transactionId":"tx_[0-9a-f]+","status":"captured"\}`,
		`task send_email \S+ completed in \S+: \{"sent":true,"messageId":"msg_[0-9a-f]+"\}`,
		`task send_notification \S+ completed in \S+: \{"delivered":true,"channels":\["push","sms","inbox"\]\}`,
	} {
		if !regexp.MustCompile(re).MatchString(got) {
			t.Errorf("output lacks %s:\n%s", re, got)
		}
	}
}
