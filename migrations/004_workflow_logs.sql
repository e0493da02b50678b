-- The console.log lines of workflows, written by the activation that produced them (a line of an
-- activation that did not commit is not kept: the activation runs again and logs it again).
-- They go with their execution.
CREATE TABLE rhythm.logs (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- order of the lines
    execution_id uuid        NOT NULL REFERENCES rhythm.executions (id) ON DELETE CASCADE,
    line         integer     NOT NULL,             -- the console.log call's line in the source
    message      text        NOT NULL,
    logged_at    timestamptz NOT NULL              -- the activation's time
);
CREATE INDEX logs_execution_idx ON rhythm.logs (execution_id, id);
