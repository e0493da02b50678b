package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// TaskInfo is one task a worker serves, with the contract derived from its Go types.
type TaskInfo struct {
	Name  string
	Queue string
	// InputSchema and OutputSchema are JSON Schemas, stored verbatim (property order kept).
	InputSchema, OutputSchema json.RawMessage
	Doc                       string
	// SourceFile and SourceLine locate the task's Go function.
	SourceFile string
	SourceLine int
	// WorkerID and LastSeen are filled in by Tasks.
	WorkerID string
	LastSeen time.Time
}

// RegisterTasks records (or refreshes) the tasks a worker serves.
func (s *Store) RegisterTasks(ctx context.Context, worker string, tasks []TaskInfo) error {
	if len(tasks) == 0 {
		return nil
	}
	n := len(tasks)
	names, queues, docs, files := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	ins, outs := make([]*string, n), make([]*string, n)
	lines := make([]int32, n)
	for i, t := range tasks {
		names[i], docs[i], files[i], lines[i] = t.Name, t.Doc, t.SourceFile, int32(t.SourceLine)
		queues[i] = t.Queue
		if queues[i] == "" {
			queues[i] = DefaultQueue
		}
		if len(t.InputSchema) > 0 {
			s := string(t.InputSchema)
			ins[i] = &s
		}
		if len(t.OutputSchema) > 0 {
			s := string(t.OutputSchema)
			outs[i] = &s
		}
	}
	_, err := s.pool.Exec(ctx, `
		INSERT INTO rhythm.task_registry AS r (name, worker_id, queue, input_schema, output_schema, doc,
		                                        source_file, source_line, registered_at, last_seen_at)
		SELECT u.name, $1, u.queue, u.ins::json, u.outs::json, u.doc, u.file, u.line, $9, $9
		  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
		    AS u(name, queue, ins, outs, doc, file, line)
		ON CONFLICT (name, worker_id) DO UPDATE
		   SET queue = excluded.queue, input_schema = excluded.input_schema, output_schema = excluded.output_schema,
		       doc = excluded.doc, source_file = excluded.source_file, source_line = excluded.source_line,
		       last_seen_at = excluded.last_seen_at`,
		worker, names, queues, ins, outs, docs, files, lines, s.Now())
	if err != nil {
		return fmt.Errorf("register tasks of worker %s: %w", worker, err)
	}
	return notifyRegistry(ctx, s.pool, worker, nil)
}

// TouchWorker refreshes the last-seen time of a worker's tasks (its heartbeat).
func (s *Store) TouchWorker(ctx context.Context, worker string) error {
	if _, err := s.pool.Exec(ctx, `UPDATE rhythm.task_registry SET last_seen_at = $2 WHERE worker_id = $1`, worker, s.Now()); err != nil {
		return fmt.Errorf("worker %s heartbeat: %w", worker, err)
	}
	return nil
}

// UnregisterWorker removes a worker's tasks from the registry (clean shutdown).
func (s *Store) UnregisterWorker(ctx context.Context, worker string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM rhythm.task_registry WHERE worker_id = $1`, worker); err != nil {
		return fmt.Errorf("unregister worker %s: %w", worker, err)
	}
	return notifyRegistry(ctx, s.pool, worker, nil)
}

// Tasks returns, for each task name, the registration most recently seen since seenSince (zero
// means any time), ordered by name.
func (s *Store) Tasks(ctx context.Context, seenSince time.Time) ([]TaskInfo, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT DISTINCT ON (name) name, queue, input_schema::text, output_schema::text, doc,
		       source_file, source_line, worker_id, last_seen_at
		  FROM rhythm.task_registry
		 WHERE last_seen_at >= $1
		 ORDER BY name, last_seen_at DESC`, seenSince)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	tasks, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (TaskInfo, error) {
		var t TaskInfo
		var in, out *string
		err := r.Scan(&t.Name, &t.Queue, &in, &out, &t.Doc, &t.SourceFile, &t.SourceLine, &t.WorkerID, &t.LastSeen)
		if in != nil {
			t.InputSchema = json.RawMessage(*in)
		}
		if out != nil {
			t.OutputSchema = json.RawMessage(*out)
		}
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	return tasks, nil
}
