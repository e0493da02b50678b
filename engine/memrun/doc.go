// Package memrun runs a Flow workflow entirely in memory, against mocked task and child-workflow
// replies, with virtual time: timers, reply delays, retries with backoff and signal arrivals are
// events on a virtual clock, so a run that spans days takes milliseconds. It is the engine of
// `rhythm run --mock` and of the rhythmtest package.
//
// The contract (issue 2, `rhythm run ... --mock MOCKS.json`):
//
//   - Mocks (LoadMocks) give, per task or workflow name, one reply or a list of replies. A list is
//     used attempt by attempt, in the order attempts start in virtual time (same instant: call
//     order); when it runs out, its last reply repeats. A reply arrives `after` its attempt starts.
//   - A reply later than the call's `timeout` makes that attempt fail with Timeout at the timeout.
//     Failed attempts are retried up to `retries` times; the n-th retry starts
//     min(initial × factor^(n−1), max) after the previous attempt failed (no jitter).
//   - An error reply's `code` becomes the thrown error's `cause`; a `{"cancelled": true}` reply
//     ends the attempt as cancelled (Cancelled, no retry).
//   - Signals arrive `after` the run starts, in order of that time, ties in list order, and are
//     matched FIFO to the workflow's Signal.next requests.
//   - A child workflow without a mock runs for real from NAME.flow next to the workflow's file,
//     once (it counts one attempt; its timeout applies), in the same virtual time; its calls and
//     logs are not listed in the result. Mocked signals go to the workflow being run, not to its
//     children. A task or workflow with neither a mock nor a file fails the run at the call with
//     code NotMocked.
//   - A run that waits on something that can never arrive fails with code Stuck at the await.
//   - The run ends when the workflow ends; pending fire-and-forget work is dropped.
//
// The Result lists every call that started something, in the order the workflow made them, and
// the workflow's log lines; its JSON form is the `rhythm run --mock --json` output.
package memrun
