// Package worker is Rhythm's Go SDK for the processes that do the work: they register the Go
// functions that implement tasks, register workflow definitions (.flow files), and then claim and
// run tasks and advance workflows from PostgreSQL until stopped.
//
//	pool, err := client.Connect(ctx, os.Stderr) // RHYTHM_DATABASE_URL, or the dev database
//	w, err := worker.New(pool, worker.Config{Queues: map[string]int{"default": 10}, AutoMigrate: true})
//	w.Register(worker.Task("process_payment", processPayment, worker.TaskOptions{Retries: 3}))
//	if err := w.RegisterWorkflows(ctx, "workflows"); err != nil { ... }
//	err = w.Run(ctx) // until ctx is cancelled, then a graceful shutdown
//
// Delivery is at least once: a task whose worker dies is claimed again when its lease lapses, so
// task functions should be idempotent. Workflow activations commit exactly once.
package worker
