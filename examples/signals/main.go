// Command signals shows a workflow waiting for a signal with a timeout: two expense approvals
// start; the first is approved by a "decision" signal sent from here, the second gets no decision
// and is rejected when its timeout passes.
//
//	go run ./examples/signals
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/examples/internal/demo"
	"github.com/rhythmflow/rhythm/examples/signals/workflows"
	"github.com/rhythmflow/rhythm/worker"
)

func main() {
	demo.Main("signals", func(ctx context.Context, url string) error {
		return run(ctx, url, os.Stdout, demo.Logger())
	})
}

// Notice is the input of notify_approver.
type Notice struct {
	Approver string  `json:"approver"`
	ID       string  `json:"id"`
	Amount   float64 `json:"amount"`
}

// Payout is the input of pay_expense.
type Payout struct {
	ID     string  `json:"id"`
	Amount float64 `json:"amount"`
}

// Decision is the payload of the "decision" signal.
type Decision struct {
	Approved bool   `json:"approved"`
	By       string `json:"by"`
	Reason   string `json:"reason,omitempty"`
}

func taskDefs(out func(string, ...any)) []*worker.TaskDef {
	return []*worker.TaskDef{
		worker.Task("notify_approver", func(ctx context.Context, n Notice) (map[string]bool, error) {
			out("  (mail to %s: please approve %s for %.2f)\n", n.Approver, n.ID, n.Amount)
			return map[string]bool{"notified": true}, nil
		}, worker.TaskOptions{Doc: "Asks the approver for a decision."}),
		worker.Task("pay_expense", func(ctx context.Context, p Payout) (map[string]string, error) {
			return map[string]string{"reference": "pay_" + p.ID}, nil
		}, worker.TaskOptions{Doc: "Pays an approved expense out.", Retries: 3}),
	}
}

// run starts two approvals, approves the first by signal and lets the second time out.
func run(ctx context.Context, url string, out io.Writer, log *slog.Logger) error {
	pool, err := demo.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	// Tasks print from worker goroutines while this function prints too: serialise the writes.
	var mu sync.Mutex
	printf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, format, args...)
	}
	stop, err := demo.Serve(ctx, pool, log, workflows.FS, taskDefs(printf)...)
	if err != nil {
		return err
	}
	c := client.New(pool)
	approved, err := c.StartWorkflow(ctx, "approval", map[string]any{
		"request": map[string]any{"id": "exp_1", "approver": "grace@example.com", "amount": 120.0},
		"timeout": "1m",
	}, client.StartOptions{})
	if err != nil {
		return err
	}
	printf("started approval %s (exp_1, waits up to 1m)\n", approved)
	late, err := c.StartWorkflow(ctx, "approval", map[string]any{
		"request": map[string]any{"id": "exp_2", "approver": "alan@example.com", "amount": 80.0},
		"timeout": "1s",
	}, client.StartOptions{})
	if err != nil {
		return err
	}
	printf("started approval %s (exp_2, waits up to 1s)\n", late)

	time.Sleep(200 * time.Millisecond)
	if err := c.Signal(ctx, approved, "decision", Decision{Approved: true, By: "grace@example.com"}); err != nil {
		return err
	}
	printf("sent decision to %s: approved\n", approved)

	for _, id := range []string{approved, late} {
		x, err := demo.Completed(ctx, c, id)
		if err != nil {
			return err
		}
		printf("approval %s: %s\n", id, x.Output)
	}
	return stop()
}
