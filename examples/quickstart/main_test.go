package main

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The one-process quickstart completes process_order and prints its result and its tree.
func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), pgtest.URL(t), &out, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		`"orderId": "ord_42"`,
		`"transactionId": "tx_`,
		`"reserved": [` + "\n" + `    "tea-green",` + "\n" + `    "mug-blue"` + "\n  ]",
		`"emailSent": true`,
		`"notified": true`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	tree := got[strings.Index(got, "executions:"):]
	lines := regexp.MustCompile(`(?m)^( *)(task|workflow) (\w+) (\w+)`).FindAllStringSubmatch(tree, -1)
	var shape []string
	for _, l := range lines {
		shape = append(shape, l[1]+l[2]+" "+l[3]+" "+l[4])
	}
	want := []string{
		"workflow process_order completed",
		"  task process_payment completed",
		"  task update_inventory completed",
		"  task update_inventory completed",
		"  task send_email completed",
		"  task send_notification completed",
	}
	if strings.Join(shape, "\n") != strings.Join(want, "\n") {
		t.Fatalf("tree:\n%s\nwant:\n%s", strings.Join(shape, "\n"), strings.Join(want, "\n"))
	}
}
