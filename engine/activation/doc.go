// Package activation advances workflows on the PostgreSQL store: one activation is one
// transaction. A worker that claimed a workflow's queue item calls [Runner.Activate], which
//
//  1. locks the execution and checks the claim (store.Step),
//  2. loads the definition (compiled once per version) and the saved state,
//  3. gathers what settled since the last activation: the tasks and children it waits on that
//     finished, signals delivered to its requests, timers that fired, signal requests past their
//     deadline, child workflows past their timeout,
//  4. runs the VM until the workflow suspends or ends, performing its effects inside the same
//     transaction (tasks and children enqueued, timers and signal requests recorded) and running
//     it again at once when an effect settles immediately (a signal already waiting, a timer in
//     the past, an idempotency key naming a finished execution),
//  5. commits: the new state and the queue row's next due time, or the final status, output or
//     error and the parent's wake-up.
//
// A crash before the commit means the activation never happened; it is retried from the last
// saved state, so the effects of a committed activation happen exactly once.
package activation
