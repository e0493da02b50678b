package worker

import (
	"context"
	"log/slog"
)

// taskLog logs about one task attempt. The attempt's attributes are put on a record only when
// one is written: creating a logger with them (slog.Logger.With) formats them at once, which for
// a short task cost more than running it, while most records are below the logger's level.
type taskLog struct {
	l       *slog.Logger
	name    string
	id      string
	attempt int
}

func (t taskLog) log(level slog.Level, msg string, args ...any) {
	ctx := context.Background()
	if !t.l.Enabled(ctx, level) {
		return
	}
	all := make([]any, 0, 6+len(args))
	all = append(all, "task", t.name, "execution", t.id, "attempt", t.attempt)
	t.l.Log(ctx, level, msg, append(all, args...)...)
}

func (t taskLog) Debug(msg string, args ...any) { t.log(slog.LevelDebug, msg, args...) }
func (t taskLog) Info(msg string, args ...any)  { t.log(slog.LevelInfo, msg, args...) }
func (t taskLog) Warn(msg string, args ...any)  { t.log(slog.LevelWarn, msg, args...) }
func (t taskLog) Error(msg string, args ...any) { t.log(slog.LevelError, msg, args...) }
