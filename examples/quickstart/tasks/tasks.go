// Package tasks implements the quickstart's tasks in Go: process_payment is a plain blocking
// function; update_inventory and send_notification do their work concurrently; send_email hands
// its work off to a mailer goroutine and is completed later through the client (the Go form of an
// asynchronous task).
package tasks

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/worker"
)

// PaymentInput is the input of process_payment.
type PaymentInput struct {
	OrderID  string  `json:"orderId"`
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

// PaymentResult is the output of process_payment.
type PaymentResult struct {
	TransactionID string `json:"transactionId"`
	Status        string `json:"status"`
}

// InventoryInput is the input of update_inventory.
type InventoryInput struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// InventoryResult is the output of update_inventory.
type InventoryResult struct {
	SKU       string `json:"sku"`
	Reserved  bool   `json:"reserved"`
	Warehouse string `json:"warehouse,omitempty"`
}

// EmailInput is the input of send_email.
type EmailInput struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
}

// EmailResult is the output of send_email.
type EmailResult struct {
	Sent      bool   `json:"sent"`
	MessageID string `json:"messageId,omitempty"`
}

// NotificationInput is the input of send_notification.
type NotificationInput struct {
	UserID  string `json:"userId"`
	Message string `json:"message"`
}

// NotificationResult is the output of send_notification.
type NotificationResult struct {
	Delivered bool     `json:"delivered"`
	Channels  []string `json:"channels"`
}

// Tasks holds what the tasks need: a client, through which the mailer completes send_email.
type Tasks struct {
	Client *client.Client
	// Delay scales the simulated latencies (default 20ms).
	Delay time.Duration

	mail sync.WaitGroup
}

// New returns the quickstart's tasks, completing asynchronous work through c.
func New(c *client.Client) *Tasks { return &Tasks{Client: c, Delay: 20 * time.Millisecond} }

// Defs returns the task definitions to register with a worker.
func (t *Tasks) Defs() []*worker.TaskDef {
	return []*worker.TaskDef{
		worker.Task("process_payment", t.ProcessPayment, worker.TaskOptions{
			Doc: "Charges the customer for an order and returns the transaction.", Retries: 3, Timeout: 30 * time.Second}),
		worker.Task("update_inventory", t.UpdateInventory, worker.TaskOptions{
			Doc: "Reserves stock of one item in the first warehouse that has it."}),
		worker.Task("send_email", t.SendEmail, worker.TaskOptions{
			Doc: "Sends an email; completed by the mailer once it is delivered."}),
		worker.Task("send_notification", t.SendNotification, worker.TaskOptions{
			Doc: "Notifies a user on every channel at once."}),
	}
}

// Wait waits for the mailer's hand-offs in flight (call it after the worker stopped).
func (t *Tasks) Wait() { t.mail.Wait() }

// ErrInvalidAmount fails a payment of a non-positive amount.
var ErrInvalidAmount = &worker.Error{Code: "InvalidAmount", Message: "the amount must be positive"}

// ProcessPayment charges the customer: a plain blocking call to a (simulated) card processor.
func (t *Tasks) ProcessPayment(ctx context.Context, in PaymentInput) (PaymentResult, error) {
	if in.Amount <= 0 {
		return PaymentResult{}, ErrInvalidAmount
	}
	if err := sleep(ctx, t.Delay); err != nil {
		return PaymentResult{}, err
	}
	return PaymentResult{TransactionID: fmt.Sprintf("tx_%08x", hash(in.OrderID)), Status: "captured"}, nil
}

// UpdateInventory asks every warehouse at once and reserves the item in the first that answers
// with enough stock.
func (t *Tasks) UpdateInventory(ctx context.Context, in InventoryInput) (InventoryResult, error) {
	warehouses := []string{"lyon", "porto", "gdansk"}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	found := make(chan string, len(warehouses))
	var wg sync.WaitGroup
	for i, w := range warehouses {
		wg.Go(func() {
			// Each warehouse answers after its own latency; stock depends on the SKU.
			if sleep(ctx, t.Delay*time.Duration(i+1)/2) != nil {
				return
			}
			if int(hash(w+in.SKU)%10) >= in.Quantity || i == len(warehouses)-1 {
				found <- w
			}
		})
	}
	go func() { wg.Wait(); close(found) }()
	select {
	case w, ok := <-found:
		if !ok {
			return InventoryResult{SKU: in.SKU}, nil
		}
		return InventoryResult{SKU: in.SKU, Reserved: in.Quantity > 0, Warehouse: w}, nil
	case <-ctx.Done():
		return InventoryResult{}, ctx.Err()
	}
}

// SendEmail hands the email to the mailer and returns at once with worker.ErrAsync; the mailer
// completes the task through the client when the email is out.
func (t *Tasks) SendEmail(ctx context.Context, in EmailInput) (EmailResult, error) {
	info, ok := worker.InfoFrom(ctx)
	if !ok {
		return EmailResult{}, errors.New("send_email: not running in a worker")
	}
	if in.To == "" {
		return EmailResult{}, &worker.Error{Code: "NoRecipient", Message: "send_email needs a recipient"}
	}
	t.mail.Go(func() {
		// The mailer runs on its own schedule, outside the task's attempt.
		time.Sleep(t.Delay)
		res := EmailResult{Sent: true, MessageID: fmt.Sprintf("msg_%08x", hash(in.To+in.Subject))}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := t.Client.CompleteTask(ctx, info.ExecutionID, res); err != nil && !errors.Is(err, client.ErrFinished) {
			_ = t.Client.FailTask(ctx, info.ExecutionID, client.Failure{Code: "MailerError", Message: err.Error()})
		}
	})
	return EmailResult{}, worker.ErrAsync
}

// SendNotification pushes the message on every channel concurrently; it is delivered when at
// least one channel took it.
func (t *Tasks) SendNotification(ctx context.Context, in NotificationInput) (NotificationResult, error) {
	channels := []string{"push", "sms", "inbox"}
	ok := make([]bool, len(channels))
	var wg sync.WaitGroup
	for i := range channels {
		wg.Go(func() { ok[i] = in.UserID != "" && sleep(ctx, t.Delay/2) == nil })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return NotificationResult{}, err
	}
	res := NotificationResult{Channels: []string{}}
	for i, c := range channels {
		if ok[i] {
			res.Channels = append(res.Channels, c)
		}
	}
	res.Delivered = len(res.Channels) > 0
	return res, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
