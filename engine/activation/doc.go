// Package activation advances workflows on the PostgreSQL store: an activation happens inside
// one transaction, which the activations of one claim share. A worker that claimed workflows'
// queue items calls [Runner.ActivateAll] (or [Runner.Activate] for one), which
//
//  1. locks the executions and checks the claims (store.StepBatch),
//  2. loads the definition (compiled once per version) and the saved state,
//  3. gathers, in one round trip for all of them, what settled since the last activation: the tasks and children it waits on that
//     finished, signals delivered to its requests, timers that fired, signal requests past their
//     deadline, child workflows past their timeout,
//  4. runs the VM until the workflow suspends or ends, performing its effects inside the same
//     transaction (tasks and children enqueued, timers and signal requests recorded) and running
//     it again at once when an effect settles immediately (a signal already waiting, a timer in
//     the past, an idempotency key naming a finished execution),
//  5. commits: the new state and the queue row's next due time, or the final status, output or
//     error and the parent's wake-up — for all the activations of the batch in a few statements.
//     An activation whose claim was lost meanwhile is left out (or, if it had written already,
//     the batch rolls back and its workflows are retried).
//
// A crash before the commit means the activation never happened; it is retried from the last
// saved state, so the effects of a committed activation happen exactly once.
package activation
