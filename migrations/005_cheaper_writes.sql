-- The rows written on every task and activation stop paying referential checks: each inserted
-- queue row, saved state and child execution ran a query locking the execution it names (and
-- wrote a row-lock record for it). The store creates these rows only for executions it has just
-- created or has locked, and deletes them with the execution trees it deletes (Store.Prune,
-- Store.PurgeQueue), so the constraints guarded nothing the code does not already ensure.
-- Signals, signal requests, timers and logs keep theirs (rarer rows, created from user input).
-- The tables are locked up front, in the order enqueueing writes them.
LOCK TABLE rhythm.executions, rhythm.queue, rhythm.snapshots IN ACCESS EXCLUSIVE MODE;
ALTER TABLE rhythm.queue DROP CONSTRAINT queue_execution_id_fkey;
ALTER TABLE rhythm.snapshots DROP CONSTRAINT snapshots_execution_id_fkey;
ALTER TABLE rhythm.executions DROP CONSTRAINT executions_parent_id_fkey;

-- A saved state is replaced at each activation: room on its page makes that a heap-only update
-- (no new primary-key entry).
ALTER TABLE rhythm.snapshots SET (fillfactor = 50);

-- A task's row is written twice (queued, then finished with its output), and the rows finished
-- together are usually neighbours on a page, finished by one transaction, which cannot prune the
-- old versions it is replacing: with 30% of the page free, only the first dozen of them stayed
-- heap-only (the rest added an entry to every index). 60% free holds a new version of every row
-- a page starts with.
ALTER TABLE rhythm.executions SET (fillfactor = 40);
