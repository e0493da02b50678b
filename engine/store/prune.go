package store

import (
	"context"
	"fmt"
	"time"
)

// deleteTreesSQL deletes whole execution trees: it follows a CTE "roots" (column id) of top-level
// executions, defined by the statement it is appended to (which starts WITH RECURSIVE), and
// deletes each root with all its descendants, their queue rows and saved states (signals, signal
// requests, timers and logs go with their executions by cascade). It returns the number of roots
// deleted. Rows are reached by key (= ANY of an array), never by a join the planner could turn
// into a scan of a whole table.
const deleteTreesSQL = `
	, doomed AS (
		SELECT id FROM roots
		UNION ALL
		SELECT c.id FROM rhythm.executions c JOIN doomed ON c.parent_id = doomed.id
	), dq AS (
		DELETE FROM rhythm.queue WHERE execution_id = ANY (ARRAY(SELECT id FROM doomed))
	), ds AS (
		DELETE FROM rhythm.snapshots WHERE execution_id = ANY (ARRAY(SELECT id FROM doomed))
	), de AS (
		DELETE FROM rhythm.executions WHERE id = ANY (ARRAY(SELECT id FROM doomed)) RETURNING parent_id
	)
	SELECT count(*) FILTER (WHERE parent_id IS NULL) FROM de`

// Prune deletes up to limit top-level executions that finished before cutoff, each with its whole
// tree (children, queue rows, saved states, signals, timers and logs), oldest first (by creation:
// the roots are found through an index on the creation time, which never changes, so that
// finishing an execution does not touch an index). A tree with a descendant still unfinished (a
// fire-and-forget task still running) is kept until it ends. It returns the number of top-level
// executions deleted; call it again while it returns limit (a tree kept for a busy grandchild
// counts against the limit).
func (s *Store) Prune(ctx context.Context, cutoff time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	var n int
	err := s.pool.QueryRow(ctx, `
		WITH RECURSIVE candidates AS (
			SELECT id FROM rhythm.executions e
			 WHERE parent_id IS NULL AND created_at < $1 AND finished_at < $1
			   AND NOT EXISTS (SELECT 1 FROM rhythm.executions c WHERE c.parent_id = e.id AND c.finished_at IS NULL)
			 ORDER BY created_at
			 LIMIT $2
		), tree AS (
			SELECT id AS root, id FROM candidates
			UNION ALL
			SELECT tree.root, c.id FROM rhythm.executions c JOIN tree ON c.parent_id = tree.id
		), busy AS (
			SELECT DISTINCT tree.root FROM tree JOIN rhythm.executions e ON e.id = tree.id
			 WHERE e.finished_at IS NULL
		), roots AS (
			SELECT id FROM candidates EXCEPT SELECT root FROM busy
		)`+deleteTreesSQL, cutoff, limit).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("prune executions: %w", err)
	}
	return n, nil
}
