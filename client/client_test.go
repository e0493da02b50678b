package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var ctx = context.Background()

func TestStartErrors(t *testing.T) {
	t.Parallel()
	c := client.New(pgtest.DB(t))
	if _, err := c.StartWorkflow(ctx, "nope", nil, client.StartOptions{}); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("unregistered workflow: %v", err)
	}
	if _, err := c.EnqueueTask(ctx, "t", []int{1}, client.TaskOptions{}); err == nil || !strings.Contains(err.Error(), "object") {
		t.Fatalf("list inputs: %v", err)
	}
	if _, err := c.EnqueueTask(ctx, "t", json.RawMessage(`{bad`), client.TaskOptions{}); err == nil {
		t.Fatal("invalid JSON accepted")
	}
	unknown := store.NewID(time.Now())
	if err := c.Signal(ctx, unknown, "go", 1); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("signal: %v", err)
	}
	if err := c.Cancel(ctx, unknown); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("cancel: %v", err)
	}
	if _, err := c.Wait(ctx, unknown); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("wait: %v", err)
	}
}

// Standalone tasks: options are recorded, scheduled starts wait, listing filters and pages.
func TestEnqueueAndList(t *testing.T) {
	t.Parallel()
	pool := pgtest.DB(t)
	c := client.New(pool)
	at := time.Now().Add(time.Hour).Truncate(time.Microsecond)
	id, err := c.EnqueueTask(ctx, "mail", map[string]string{"to": "x"}, client.TaskOptions{
		Queue: "emails", Priority: 5, Retries: 2, Timeout: time.Second, RunAt: at, Key: "k1",
	})
	if err != nil {
		t.Fatal(err)
	}
	x, err := c.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if x.Queue != "emails" || x.Priority != 5 || x.MaxAttempts != 3 || !x.ScheduledAt.Equal(at) || x.IdempotencyKey != "k1" ||
		x.Status != client.StatusPending || string(x.Input) != `{"to":"x"}` || x.Final() {
		t.Fatalf("%+v", x)
	}
	var ids []string
	for range 5 {
		id, err := c.EnqueueTask(ctx, "other", nil, client.TaskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	page, err := c.List(ctx, client.Filter{Name: "other", Limit: 3})
	if err != nil || len(page) != 3 || page[0].ID != ids[4] {
		t.Fatalf("first page: %v %d", err, len(page))
	}
	rest, err := c.List(ctx, client.Filter{Name: "other", Before: page[2].ID})
	if err != nil || len(rest) != 2 || rest[1].ID != ids[0] {
		t.Fatalf("second page: %v %d", err, len(rest))
	}
	if l, _ := c.List(ctx, client.Filter{Kind: "workflow"}); len(l) != 0 {
		t.Fatalf("workflows: %d", len(l))
	}
}

// Wait returns when the execution ends, woken by a notification; Result reports failures.
func TestWaitAndResult(t *testing.T) {
	t.Parallel()
	pool := pgtest.DB(t)
	c := client.New(pool)
	s := store.New(pool, store.Options{})
	ok, err := c.EnqueueTask(ctx, "t", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := c.EnqueueTask(ctx, "t", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type res struct {
		x   *client.Execution
		err error
	}
	waited := make(chan res, 1)
	go func() {
		x, err := c.Wait(ctx, ok)
		waited <- res{x, err}
	}()
	time.Sleep(100 * time.Millisecond)
	select {
	case r := <-waited:
		t.Fatalf("Wait returned early: %+v", r)
	default:
	}
	if err := s.CompleteExternal(ctx, ok, json.RawMessage(`{"n":1}`)); err != nil {
		t.Fatal(err)
	}
	r := <-waited
	if r.err != nil || r.x.Status != client.StatusCompleted {
		t.Fatalf("%+v", r)
	}
	var out struct{ N int }
	if err := c.Result(ctx, ok, &out); err != nil || out.N != 1 {
		t.Fatalf("result %v %+v", err, out)
	}
	if err := c.FailTask(ctx, bad, client.Failure{Code: "E", Message: "bad"}); err != nil {
		t.Fatal(err)
	}
	var xe *client.ExecutionError
	if err := c.Result(ctx, bad, nil); !errors.As(err, &xe) || xe.Code != "E" || xe.Status != client.StatusFailed {
		t.Fatalf("failed result: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	pending, _ := c.EnqueueTask(ctx, "t", nil, client.TaskOptions{})
	if _, err := c.Wait(short, pending); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait past its context: %v", err)
	}
}

// A cancelled standalone task that no worker claimed ends at once.
func TestCancelPending(t *testing.T) {
	t.Parallel()
	c := client.New(pgtest.DB(t))
	id, err := c.EnqueueTask(ctx, "t", nil, client.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	x, err := c.Wait(ctx, id)
	if err != nil || x.Status != client.StatusCancelled {
		t.Fatalf("%v %+v", err, x)
	}
	if err := c.Cancel(ctx, id); !errors.Is(err, client.ErrFinished) {
		t.Fatalf("again: %v", err)
	}
}

// Many concurrent waits share one listening connection: a pool of two connections serves them.
func TestManyWaitsSmallPool(t *testing.T) {
	t.Parallel()
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	c := client.New(pool)
	s := store.New(pool, store.Options{})
	var ids []string
	for range 20 {
		id, err := c.EnqueueTask(ctx, "t", nil, client.TaskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	errs := make(chan error, len(ids))
	for _, id := range ids {
		go func() {
			x, err := c.Wait(wctx, id)
			if err == nil && x.Status != client.StatusCompleted {
				err = errors.New(x.Status)
			}
			errs <- err
		}()
	}
	time.Sleep(100 * time.Millisecond)
	for _, id := range ids {
		if err := s.CompleteExternal(ctx, id, nil); err != nil {
			t.Fatal(err)
		}
	}
	for range ids {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
