package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
)

// watcher streams the progress of one workflow run as lines on w: executions queued, started,
// finished (with durations), retried; timers set and fired; signals awaited, received or timed
// out; and the workflow's console.log lines, which reach it through its slog handler. It reads the
// execution tree from the database at every poll.
type watcher struct {
	store   *store.Store
	root    string
	start   time.Time
	unknown map[string]bool // tasks no live worker has registered

	mu  sync.Mutex // serialises writes to w
	w   io.Writer
	off bool

	pending []watchEvent // events of the poll in progress, printed in time order at its end
	lmu     sync.Mutex   // guards logs
	logs    []watchEvent // workflow log lines received since the last flush

	execs   map[string]watchedExec
	dmu     sync.Mutex // guards depth, read by the log handler
	depth   map[string]int
	timers  map[string]time.Time // execution/handle → fire time
	signals map[int64]string     // request id → state
}

// watchEvent is one progress line and when it happened (by the database's timestamps).
type watchEvent struct {
	at    time.Time
	depth int
	text  string
}

// watchedExec is what the watcher last saw of an execution; started and finished are zero until
// they happen.
type watchedExec struct {
	created            time.Time
	kind, name, status string
	attempt, max       int
	started, finished  time.Time
	errText            string
}

func newWatcher(st *store.Store, root string, w io.Writer, quiet bool, unknown map[string]bool) *watcher {
	return &watcher{store: st, root: root, start: time.Now(), w: w, off: quiet, unknown: unknown,
		execs: map[string]watchedExec{}, depth: map[string]int{}, timers: map[string]time.Time{}, signals: map[int64]string{}}
}

// line prints one progress line indented by depth, as of now.
func (v *watcher) line(depth int, format string, args ...any) {
	v.print(time.Now(), depth, fmt.Sprintf(format, args...))
}

func (v *watcher) print(at time.Time, depth int, text string) {
	if v.off {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	off := max(at.Sub(v.start), 0).Round(time.Millisecond)
	fmt.Fprintf(v.w, "%8s  %s%s\n", "+"+off.String(), strings.Repeat("  ", depth), text)
}

// event records a progress line of the poll in progress, which happened at at.
func (v *watcher) event(at time.Time, depth int, format string, args ...any) {
	v.pending = append(v.pending, watchEvent{at: at, depth: depth, text: fmt.Sprintf(format, args...)})
}

// flush prints the poll's events in the order they happened (ties in the order seen).
func (v *watcher) flush() {
	v.lmu.Lock()
	v.pending = append(v.pending, v.logs...)
	v.logs = v.logs[:0]
	v.lmu.Unlock()
	sort.SliceStable(v.pending, func(i, j int) bool { return v.pending[i].at.Before(v.pending[j].at) })
	for _, e := range v.pending {
		v.print(e.at, e.depth, e.text)
	}
	v.pending = v.pending[:0]
}

// poll reads the tree once and prints what changed; it reports whether the root is final.
func (v *watcher) poll(ctx context.Context) (bool, error) {
	tree, err := v.store.RunTree(ctx, v.root)
	if err != nil {
		return false, fmt.Errorf("watch: %w", err)
	}
	var ids []string
	rootFinal := false
	var rootExec watchedExec
	for _, n := range tree {
		x := watchedExec{created: n.CreatedAt, kind: string(n.Kind), name: n.Name, status: n.Status,
			attempt: n.Attempt, max: n.MaxAttempts, started: n.StartedAt, finished: n.FinishedAt, errText: string(n.Error)}
		ids = append(ids, n.ID)
		v.dmu.Lock()
		v.depth[n.ID] = n.Depth
		v.dmu.Unlock()
		if n.ID == v.root && !x.finished.IsZero() {
			// Reported after everything it started.
			rootFinal, rootExec = true, x
			continue
		}
		v.execChanged(n.ID, n.Depth, x)
	}
	defer v.flush()
	if rootFinal {
		defer v.execChanged(v.root, 0, rootExec)
	}
	if err := v.pollTimers(ctx, ids); err != nil {
		return false, err
	}
	if err := v.pollSignals(ctx, ids); err != nil {
		return false, err
	}
	return rootFinal, nil
}

func (v *watcher) execChanged(id string, depth int, x watchedExec) {
	old, seen := v.execs[id]
	v.execs[id] = x
	what := x.kind + " " + x.name
	final := !x.finished.IsZero()
	// latest is when the changes seen now happened at the latest.
	latest := time.Now()
	if final {
		latest = x.finished
	}
	if !seen {
		if id == v.root {
			v.event(x.created, depth, "%s started  %s", what, id)
			old.status = "running"
		} else {
			note := ""
			if x.kind == "task" && v.unknown[x.name] {
				note = " (no running worker has registered it: it waits for one)"
			}
			v.event(x.created, depth, "%s queued%s", what, note)
			old.status = "pending"
		}
	}
	retrying := x.kind == "task" && !final && x.status == "pending" && x.errText != ""
	if x.kind == "task" {
		// The attempt seen running at the last poll failed if a later one started since (unless
		// that poll already saw it waiting for its retry, and said so).
		if seen && old.attempt >= 1 && x.attempt > old.attempt && !(old.status == "pending" && old.errText != "") {
			v.event(latest, depth, "%s attempt %d failed: %s; retrying", what, old.attempt, errorMessage([]byte(x.errText)))
		}
		// Attempts that started (and, but for the last, failed) since the last poll.
		for k := old.attempt + 1; k <= x.attempt; k++ {
			if k > 1 {
				v.event(latest, depth, "%s started, attempt %d of %d", what, k, x.max)
			} else if !x.started.IsZero() {
				v.event(x.started, depth, "%s started", what)
			} else {
				v.event(latest, depth, "%s started", what)
			}
			if k < x.attempt || retrying {
				v.event(latest, depth, "%s attempt %d failed: %s; retrying", what, k, errorMessage([]byte(x.errText)))
			}
		}
	}
	if retrying && x.attempt == old.attempt && old.status == "running" {
		v.event(latest, depth, "%s attempt %d failed: %s; retrying", what, x.attempt, errorMessage([]byte(x.errText)))
	}
	if x.kind == "task" && x.status == "suspended" && old.status != "suspended" {
		v.event(latest, depth, "%s handed off, waiting for its external completion", what)
	}
	if final && (old.finished.IsZero() || !seen) {
		d := ""
		if !x.started.IsZero() {
			d = " in " + shortDuration(x.finished.Sub(x.started))
		}
		switch x.status {
		case "completed":
			v.event(x.finished, depth, "%s completed%s", what, d)
		default:
			v.event(x.finished, depth, "%s %s%s: %s", what, x.status, d, errorMessage([]byte(x.errText)))
		}
	}
}

func (v *watcher) pollTimers(ctx context.Context, ids []string) error {
	timers, err := v.store.PendingTimers(ctx, ids)
	if err != nil {
		return fmt.Errorf("watch timers: %w", err)
	}
	now := map[string]time.Time{}
	for _, t := range timers {
		key := fmt.Sprintf("%s/%d", t.ExecutionID, t.Handle)
		now[key] = t.FireAt
		if _, ok := v.timers[key]; !ok {
			v.event(t.CreatedAt, v.depth[t.ExecutionID]+1, "timer set: fires in %s", shortDuration(t.FireAt.Sub(t.CreatedAt).Round(time.Millisecond)))
		}
	}
	for key, at := range v.timers {
		if _, ok := now[key]; !ok {
			v.event(at, v.depth[strings.Split(key, "/")[0]]+1, "timer fired")
		}
	}
	v.timers = now
	return nil
}

func (v *watcher) pollSignals(ctx context.Context, ids []string) error {
	reqs, err := v.store.SignalRequests(ctx, ids)
	if err != nil {
		return fmt.Errorf("watch signals: %w", err)
	}
	for _, r := range reqs {
		old, seen := v.signals[r.ID]
		v.signals[r.ID] = r.State
		d := v.depth[r.ExecutionID] + 1
		if !seen {
			timeout := ""
			if !r.Deadline.IsZero() {
				timeout = fmt.Sprintf(" (timeout in %s)", shortDuration(r.Deadline.Sub(r.CreatedAt).Round(time.Millisecond)))
			}
			v.event(r.CreatedAt, d, "waiting for signal %q%s", r.Name, timeout)
			old = "waiting"
		}
		if r.State != old {
			switch r.State {
			case "delivered":
				v.event(r.SettledAt, d, "signal %q received", r.Name)
			case "withdrawn":
				v.event(r.SettledAt, d, "signal %q not received in time", r.Name)
			}
		}
	}
	return nil
}

// logHandler is the slog handler of the in-process worker of `rhythm run`: the workflows'
// console.log lines become progress lines; warnings and errors are printed as they are; the rest
// is dropped.
type logHandler struct{ v *watcher }

// Enabled accepts info and above.
func (h logHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }

// Handle prints a workflow log line or a worker warning.
func (h logHandler) Handle(_ context.Context, r slog.Record) error {
	var exec string
	var isLog bool
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "execution":
			exec = a.Value.String()
		case "line":
			isLog = true
		}
		return true
	})
	switch {
	case isLog && exec != "":
		h.v.dmu.Lock()
		depth := h.v.depth[exec]
		h.v.dmu.Unlock()
		h.v.lmu.Lock()
		h.v.logs = append(h.v.logs, watchEvent{at: time.Now(), depth: depth + 1, text: "log: " + r.Message})
		h.v.lmu.Unlock()
	case r.Level >= slog.LevelWarn:
		var b strings.Builder
		b.WriteString(r.Message)
		r.Attrs(func(a slog.Attr) bool {
			fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
			return true
		})
		h.v.line(0, "worker %s: %s", strings.ToLower(r.Level.String()), b.String())
	}
	return nil
}

// WithAttrs drops the attributes (the worker id).
func (h logHandler) WithAttrs([]slog.Attr) slog.Handler { return h }

// WithGroup keeps the handler.
func (h logHandler) WithGroup(string) slog.Handler { return h }
