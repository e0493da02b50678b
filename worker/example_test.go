package worker_test

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/worker"
)

// A task is a plain Go function over typed values; its input and output travel as JSON.
func ExampleTask() {
	type Payment struct {
		OrderID string  `json:"orderId"`
		Amount  float64 `json:"amount"`
	}
	type Receipt struct {
		TransactionID string `json:"transactionId"`
	}
	charge := worker.Task("process_payment", func(ctx context.Context, in Payment) (Receipt, error) {
		if in.Amount <= 0 {
			return Receipt{}, &worker.Error{Code: "InvalidAmount", Message: "nothing to charge"}
		}
		return Receipt{TransactionID: "tx-" + in.OrderID}, nil
	}, worker.TaskOptions{Retries: 3, Timeout: 30 * time.Second, Doc: "Charges the customer."})
	_ = charge
}

// A worker process: register tasks and workflows, serve until SIGINT or SIGTERM, then stop
// gracefully.
func ExampleWorker_Run() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	pool, err := pgxpool.New(ctx, os.Getenv("RHYTHM_DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	w, err := worker.New(pool, worker.Config{Queues: map[string]int{"default": 20}, AutoMigrate: true})
	if err != nil {
		log.Fatal(err)
	}
	send := worker.Task("send_email", func(ctx context.Context, in struct {
		To string `json:"to"`
	}) (bool, error) {
		return true, nil
	})
	if err := w.Register(send); err != nil {
		log.Fatal(err)
	}
	if err := w.RegisterWorkflows(ctx, "workflows"); err != nil {
		log.Fatal(err)
	}
	if err := w.Run(ctx); err != nil {
		log.Fatal(err)
	}
}
