// Package store is the engine's only access to PostgreSQL: every SQL statement of the runtime
// lives here, behind typed functions, over the schema in migrations/.
//
// The queue protocol (see the comments in migrations/001_initial_schema.sql):
//   - [Store.Enqueue] inserts executions and their queue rows in one statement, in the caller's
//     transaction when given one, and notifies idle workers of each queue with due work.
//   - [Store.Claim] takes up to n due rows of a queue with FOR UPDATE SKIP LOCKED, leases them to a
//     worker (the row's run_at becomes the lease expiry, so a dead worker's rows come back by
//     themselves). It writes only the queue rows: a task attempt in flight is recorded there
//     (readers show a pending execution with a leased row as running), and a workflow's
//     execution row is written once, by the commit of its activation.
//   - [Store.BeginSteps] runs the activations of several claimed workflows in one transaction
//     ([StepBatch]): one statement loads them, one round trip reads their settlements, and a few
//     statements write all their outcomes at commit.
//   - Statements that lock several rows lock queue rows, then executions, each in id order, and
//     wake parent workflows last in id order: concurrent batches cannot deadlock (see lockHeldSQL;
//     the completion takes its row locks as its DELETE and UPDATE visit the rows by key, in id
//     order).
//   - Rows are found by key (= ANY of an array), never by joining a batch to a table, and the
//     claim, the completion and the activation batch plan index walks only ([indexScans]): plans
//     must not depend on statistics, which lag behind the queue table's churn and count a young
//     database's tables as empty.
//   - Queue rows, saved states and child executions carry no foreign keys (migration 005): the
//     store creates them only for executions it holds, and [Store.Prune] and [Store.PurgeQueue]
//     delete whole trees.
//   - [Store.Heartbeat] extends leases and reports lost ones and requested cancellations;
//     [Store.Release] hands leases back at shutdown.
//   - [Store.Complete] and [Store.Fail] finish batches of claimed tasks, fenced by the claim each
//     worker holds, schedule retries, and wake the parent workflows.
//   - Completions and activation batches notify waiters and idle workers just after they commit,
//     through the store's notifier ([Store.FlushNotifications]): PostgreSQL serialises the
//     commits of notifying transactions. Enqueue, signals and cancellation notify in their own
//     transactions.
//
// Ids are UUIDv7 strings; user JSON travels as raw text (json.RawMessage) and is stored verbatim.
// All times come from the Store's [Clock].
package store
