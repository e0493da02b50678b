package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// A task attempt seen running at one poll that failed and was retried before the next is still
// reported as failed, before the next attempt's start; one already seen waiting for its retry is
// reported once.
func TestWatcherReportsMissedRetries(t *testing.T) {
	t0 := time.Now()
	task := func(status string, attempt int, errText string) watchedExec {
		return watchedExec{created: t0, kind: "task", name: "flaky", status: status, attempt: attempt, max: 3,
			started: t0, errText: errText}
	}
	cases := []struct {
		name  string
		polls []watchedExec
		want  []string
	}{{
		name:  "retry between polls",
		polls: []watchedExec{task("running", 1, ""), task("running", 2, `{"message":"boom"}`)},
		want: []string{"task flaky queued", "task flaky started", "task flaky attempt 1 failed: boom; retrying",
			"task flaky started, attempt 2 of 3"},
	}, {
		name:  "retry seen waiting",
		polls: []watchedExec{task("running", 1, ""), task("pending", 1, `{"message":"boom"}`), task("running", 2, `{"message":"boom"}`)},
		want: []string{"task flaky queued", "task flaky started", "task flaky attempt 1 failed: boom; retrying",
			"task flaky started, attempt 2 of 3"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			v := newWatcher(nil, "root", &out, false, map[string]bool{})
			for _, x := range c.polls {
				v.execChanged("t1", 0, x)
				v.flush()
			}
			var got []string
			for _, l := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
				_, text, _ := strings.Cut(strings.TrimSpace(l), "  ")
				got = append(got, text)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
