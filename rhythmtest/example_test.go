package rhythmtest_test

import (
	"fmt"

	"github.com/rhythmflow/rhythm/rhythmtest"
)

// exampleT stands in for the *testing.T of a real test.
type exampleT struct{}

func (exampleT) Helper()                           {}
func (exampleT) Logf(format string, args ...any)   {}
func (exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// A workflow charges a customer (the first attempt fails and is retried), waits for an
// approval signal, then runs a child workflow. In a test, pass the test's *testing.T to New.
func Example() {
	env := rhythmtest.New(exampleT{}, "testdata/process_order.flow")
	env.OnTask("charge").
		Fail("Unavailable", "card processor down").After("2s").
		Return(map[string]any{"transactionId": "tx_1"}).After("1s")
	env.OnWorkflow("ship").Return(map[string]any{"tracking": "TR9"})
	env.Signal("approve", map[string]any{"ok": true}, "1h")

	res := env.Run(map[string]any{"orderId": 42, "amount": 99.5})

	var out struct {
		Status        string `json:"status"`
		TransactionID string `json:"transactionId"`
		Tracking      string `json:"tracking"`
	}
	res.Output(&out)
	fmt.Println(out.Status, out.TransactionID, out.Tracking)
	for _, c := range res.AllCalls() {
		fmt.Println(c.Kind, c.Name, string(c.Inputs), string(c.Options), c.Attempts)
	}
	fmt.Println(res.Logs())
	// Output:
	// shipped tx_1 TR9
	// task charge {"orderId":42,"amount":99.5} {"retries":2,"timeout":"30s"} 2
	// signal approve {"timeout":"2h"} {"timeout":"2h"} 0
	// workflow ship {"orderId":42} {} 1
	// [charged tx_1]
}
