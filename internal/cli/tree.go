package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/client"
)

// writeTree prints execution x and, indented below it, everything it started (child workflows
// with their own children), oldest first.
func writeTree(ctx context.Context, c *client.Client, w io.Writer, x *client.Execution, depth int) error {
	fmt.Fprintf(w, "%s%s\n", strings.Repeat("  ", depth), summary(x))
	for i := range x.Children {
		k := &x.Children[i]
		if k.Kind == "workflow" {
			full, err := c.Get(ctx, k.ID)
			if err != nil {
				return err
			}
			if err := writeTree(ctx, c, w, full, depth+1); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(w, "%s%s\n", strings.Repeat("  ", depth+1), summary(k))
	}
	return nil
}

// summary describes an execution on one line: "task send_email completed in 12ms  ID".
func summary(x *client.Execution) string {
	s := fmt.Sprintf("%s %s %s", x.Kind, x.Name, x.Status)
	switch {
	case !x.StartedAt.IsZero() && !x.FinishedAt.IsZero():
		s += " in " + shortDuration(x.FinishedAt.Sub(x.StartedAt))
	case !x.StartedAt.IsZero():
		s += " for " + shortDuration(time.Since(x.StartedAt))
	}
	if x.Attempt > 1 {
		s += fmt.Sprintf(" (attempt %d of %d)", x.Attempt, x.MaxAttempts)
	}
	if x.Status == client.StatusFailed || x.Status == client.StatusCancelled {
		if m := errorMessage(x.Error); m != "" {
			s += ": " + m
		}
	}
	return s + "  " + x.ID
}

// shortDuration rounds a duration for display.
func shortDuration(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}
