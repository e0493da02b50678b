-- A task attempt in flight is recorded on its queue row, not on its execution: a claim then writes
-- only the small hot table, and the execution row is written once more when the attempt ends
-- (completed, failed, retried, handed off, released or cancelled), with the attempt count, the
-- start time and the worker copied from the queue row. Readers merge the two: an execution whose
-- status is pending and whose queue row is leased is running.
ALTER TABLE rhythm.queue
    ADD COLUMN attempt    integer NOT NULL DEFAULT 0, -- task attempts started so far (workflows: 0)
    ADD COLUMN started_at timestamptz;                -- first attempt of a task began

-- Rows queued by an earlier release carry the attempt state of their executions.
UPDATE rhythm.queue q
   SET attempt = e.attempt, started_at = e.started_at
  FROM rhythm.executions e
 WHERE e.id = q.execution_id AND q.kind = 'task';
