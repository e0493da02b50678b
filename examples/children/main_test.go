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

// fulfill_order completes through its three sub-workflows, whose tasks hang under them.
func TestChildren(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), pgtest.URL(t), &out, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	want := `result: {"orderId":"ord_9","charged":64,"transactionId":"tx_ord_9","reserved":["tea-green","mug-blue","pot-iron"],"tracking":"TRK-ord_9-2","pickup":"tomorrow 09:00-12:00"}`
	if !strings.Contains(got, want) {
		t.Fatalf("output lacks %s:\n%s", want, got)
	}
	var shape []string
	for _, m := range regexp.MustCompile(`(?m)^( *)(task|workflow) (\w+) (\w+)`).FindAllStringSubmatch(got, -1) {
		shape = append(shape, m[1]+m[2]+" "+m[3]+" "+m[4])
	}
	wantShape := `workflow fulfill_order completed
  workflow payment completed
    task authorize_payment completed
    task capture_payment completed
  workflow inventory completed
    task reserve_item completed
    task reserve_item completed
    task reserve_item completed
  workflow shipping completed
    task create_label completed
    task schedule_pickup completed`
	if strings.Join(shape, "\n") != wantShape {
		t.Fatalf("tree:\n%s\nwant:\n%s", strings.Join(shape, "\n"), wantShape)
	}
}
