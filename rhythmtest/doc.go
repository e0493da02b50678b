// Package rhythmtest unit-tests Flow workflows from Go: stub tasks and child workflows, send
// signals, and run the workflow in memory with virtual time (a run that waits for days takes
// milliseconds), then assert its output, its error, the calls it made and its log lines.
//
//	func TestProcessOrder(t *testing.T) {
//		env := rhythmtest.New(t, "workflows/process_order.flow")
//		env.OnTask("charge").Fail("Unavailable", "try later").After("2s").
//			Return(map[string]any{"transactionId": "tx_1"})
//		env.OnWorkflow("ship").Return(map[string]any{"tracking": "TR9"})
//		env.Signal("approve", map[string]any{"by": "ada"}, "1h")
//		res := env.Run(map[string]any{"orderId": 1})
//		var out struct{ TransactionID string }
//		res.Output(&out)
//		if got := res.Calls("charge"); len(got) != 1 || got[0].Attempts != 2 { ... }
//	}
//
// A run follows the contract of `rhythm run --mock` (package engine/memrun): replies are used
// attempt by attempt and the last one repeats, retries wait their backoff in virtual time, a
// child workflow without a stub runs for real from NAME.flow next to the file, a task without a
// stub fails the run with NotMocked, and a run waiting on something that can never arrive fails
// with Stuck. Every run also serialises and restores the workflow's state at every suspension,
// as the durable engine does.
package rhythmtest
