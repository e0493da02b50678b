// Package client is the scheduler side of Rhythm: start workflows and standalone tasks (at once or
// at a time, inside the caller's own transaction when given one), send signals, cancel, complete
// tasks that handed their work off, get, wait for and list executions. It needs only a pool on a
// migrated database; workers (package worker) do the work.
package client
