package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// LogLine is one console.log line of a workflow.
type LogLine struct {
	// Seq orders the lines (across executions too); pass the last one seen to Logs to continue.
	Seq         int64
	ExecutionID string
	// Line is the console.log call's line in the workflow's source.
	Line     int
	Message  string
	LoggedAt time.Time
}

// Log records a console.log line of the activation, written at commit with its outcome (a line
// of an activation that does not commit is dropped: it is logged again when the workflow resumes
// from its last saved state).
func (a *Step) Log(line int, message string) {
	a.logs = append(a.logs, LogLine{ExecutionID: a.job.ID, Line: line, Message: message, LoggedAt: a.now})
}

// Logs returns the log lines of the given executions written after the line numbered after
// (0: from the first), oldest first, at most limit (0: all).
func (s *Store) Logs(ctx context.Context, ids []string, after int64, limit int) ([]LogLine, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	rows, err := s.pool.Query(ctx, `
		SELECT id, execution_id::text, line, message, logged_at FROM rhythm.logs
		 WHERE execution_id = ANY ($1::uuid[]) AND id > $2
		 ORDER BY id LIMIT $3`, uuids(ids), after, lim)
	if err != nil {
		return nil, fmt.Errorf("logs: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[LogLine])
	if err != nil {
		return nil, fmt.Errorf("logs: %w", err)
	}
	return out, nil
}

// queueLogs adds the insert of the activations' log lines to pb.
func queueLogs(pb *pgx.Batch, lines []LogLine) {
	if len(lines) == 0 {
		return
	}
	ids, nums, msgs, at := make([]string, len(lines)), make([]int32, len(lines)), make([]string, len(lines)), make([]time.Time, len(lines))
	for i, l := range lines {
		ids[i], nums[i], msgs[i], at[i] = l.ExecutionID, int32(l.Line), l.Message, l.LoggedAt
	}
	pb.Queue(`INSERT INTO rhythm.logs (execution_id, line, message, logged_at)
		SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[])`, uuids(ids), nums, msgs, at)
}
