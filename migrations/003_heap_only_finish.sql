-- Finishing an execution writes its status, output and finish time. With no index on a column
-- that changes then, PostgreSQL can write the new row version next to the old one without
-- touching any index (a heap-only update) whenever the page has room; the fillfactor keeps room
-- on every page for it. The two indexes that made every finish a full update go:
-- * listing by status walks the creation-time index (newest first) and filters, and the running
--   and pending filters are driven from the queue table;
-- * retention finds old top-level executions through the creation time of roots, which never
--   changes (an execution finishes after it was created, so every root that finished before a
--   cutoff was created before it).
DROP INDEX rhythm.executions_status_created_idx;
DROP INDEX rhythm.executions_prune_idx;
CREATE INDEX executions_roots_created_idx ON rhythm.executions (created_at) WHERE parent_id IS NULL;
ALTER TABLE rhythm.executions SET (fillfactor = 70);
