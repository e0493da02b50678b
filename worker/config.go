package worker

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// Config configures a Worker. Zero fields take the documented defaults.
type Config struct {
	// Queues maps each queue the worker serves to its concurrency (the most tasks and
	// activations of that queue running at once). Default: {"default": DefaultConcurrency}. The queues of the
	// registered tasks are added with DefaultConcurrency when missing.
	Queues map[string]int
	// ID names the worker in leases and the task registry. Default: host name and process id.
	ID string
	// Logger receives structured logs. Default: slog.Default().
	Logger *slog.Logger
	// PollInterval is how often an idle queue loop looks for due work when no notification
	// arrives (delayed work, retries, missed notifications). Default: 1s.
	PollInterval time.Duration
	// LeaseDuration is how long a claim lasts without a heartbeat: a task of a dead worker is
	// claimed again after it. Default: 30s.
	LeaseDuration time.Duration
	// HeartbeatInterval is how often leases are extended and cancellations looked up.
	// Default: LeaseDuration / 3.
	HeartbeatInterval time.Duration
	// ShutdownGrace is how long Run lets in-flight work finish after its context is cancelled
	// before it cancels the tasks' contexts and releases their leases. Default: 10s.
	ShutdownGrace time.Duration
	// Retention is how long finished top-level executions (with their trees) are kept before
	// the worker prunes them in the background. Default: 7 days; negative: never prune.
	Retention time.Duration
	// PruneInterval is how often pruning runs. Default: 1m.
	PruneInterval time.Duration
	// AutoMigrate applies the database migrations when Run starts.
	AutoMigrate bool
	// Clock supplies every time the worker's store writes (tests inject a fake). Default: the
	// system clock.
	Clock store.Clock
}

// DefaultConcurrency is the concurrency of a queue whose concurrency is not given, and of a queue
// added for a task's queue. A slot is a goroutine, so the default is generous: the more work a
// worker holds at once, the larger the batches it claims and completes in one statement (on a
// 2-core benchmark machine, 500 slots gave a third more tasks and workflows per second than 100).
// Give a queue fewer slots when its tasks use a scarce resource.
const DefaultConcurrency = 500

func (c Config) withDefaults() Config {
	if len(c.Queues) == 0 {
		c.Queues = map[string]int{store.DefaultQueue: DefaultConcurrency}
	} else {
		q := make(map[string]int, len(c.Queues))
		for k, v := range c.Queues {
			if v <= 0 {
				v = DefaultConcurrency
			}
			q[k] = v
		}
		c.Queues = q
	}
	if c.ID == "" {
		host, _ := os.Hostname()
		c.ID = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.LeaseDuration <= 0 {
		c.LeaseDuration = 30 * time.Second
	}
	if c.HeartbeatInterval <= 0 {
		c.HeartbeatInterval = c.LeaseDuration / 3
	}
	if c.Retention == 0 {
		c.Retention = 7 * 24 * time.Hour
	}
	if c.PruneInterval <= 0 {
		c.PruneInterval = time.Minute
	}
	if c.ShutdownGrace <= 0 {
		c.ShutdownGrace = 10 * time.Second
	}
	return c
}
