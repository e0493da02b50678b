// Command children shows child workflows: fulfill_order runs the payment, inventory and shipping
// sub-workflows one after the other; the program prints the result and the tree of executions.
//
//	go run ./examples/children
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/examples/children/workflows"
	"github.com/rhythmflow/rhythm/examples/internal/demo"
	"github.com/rhythmflow/rhythm/worker"
)

func main() {
	demo.Main("children", func(ctx context.Context, url string) error {
		return run(ctx, url, os.Stdout, demo.Logger())
	})
}

// Item is one line of an order.
type Item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

type authIn struct {
	OrderID string  `json:"orderId"`
	Amount  float64 `json:"amount"`
}

type captureIn struct {
	Authorization string  `json:"authorization"`
	Amount        float64 `json:"amount"`
}

type labelIn struct {
	OrderID  string `json:"orderId"`
	Address  string `json:"address"`
	Packages int    `json:"packages"`
}

func taskDefs() []*worker.TaskDef {
	return []*worker.TaskDef{
		worker.Task("authorize_payment", func(ctx context.Context, in authIn) (map[string]string, error) {
			return map[string]string{"authorization": "auth_" + in.OrderID}, nil
		}, worker.TaskOptions{Doc: "Authorises a card payment."}),
		worker.Task("capture_payment", func(ctx context.Context, in captureIn) (map[string]string, error) {
			return map[string]string{"transactionId": "tx_" + in.Authorization[len("auth_"):]}, nil
		}, worker.TaskOptions{Doc: "Captures an authorised payment."}),
		worker.Task("reserve_item", func(ctx context.Context, in Item) (map[string]any, error) {
			if in.Quantity <= 0 {
				return nil, &worker.Error{Code: "BadQuantity", Message: "quantity must be positive"}
			}
			return map[string]any{"sku": in.SKU, "quantity": in.Quantity}, nil
		}, worker.TaskOptions{Doc: "Reserves stock of one item."}),
		worker.Task("create_label", func(ctx context.Context, in labelIn) (map[string]string, error) {
			return map[string]string{"tracking": fmt.Sprintf("TRK-%s-%d", in.OrderID, in.Packages)}, nil
		}, worker.TaskOptions{Doc: "Creates a shipping label."}),
		worker.Task("schedule_pickup", func(ctx context.Context, in struct {
			Tracking string `json:"tracking"`
		}) (map[string]string, error) {
			return map[string]string{"slot": "tomorrow 09:00-12:00"}, nil
		}, worker.TaskOptions{Doc: "Books a carrier pickup."}),
	}
}

// run fulfils one order and prints its result and execution tree.
func run(ctx context.Context, url string, out io.Writer, log *slog.Logger) error {
	pool, err := demo.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	stop, err := demo.Serve(ctx, pool, log, workflows.FS, taskDefs()...)
	if err != nil {
		return err
	}
	c := client.New(pool)
	id, err := c.StartWorkflow(ctx, "fulfill_order", map[string]any{"order": map[string]any{
		"id": "ord_9", "total": 64.0, "address": "1 Rue de la Paix, Paris",
		"items": []Item{{"tea-green", 2}, {"mug-blue", 1}, {"pot-iron", 1}},
	}}, client.StartOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "started fulfill_order %s\n", id)
	x, err := demo.Completed(ctx, c, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "result: %s\nexecutions:\n", x.Output)
	if err := demo.PrintTree(ctx, c, out, id); err != nil {
		return err
	}
	return stop()
}
