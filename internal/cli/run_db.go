package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/lang"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
	"github.com/rhythmflow/rhythm/worker"
)

// runDatabase is `rhythm run FILE.flow` without --mock: it registers the file as a workflow,
// starts it, streams its progress on stderr and prints its result on stdout.
//
// The workflow runs on a private queue served by a worker inside this process, which advances the
// workflow (and the child workflows it starts, which inherit the queue) so that their console.log
// lines can be shown; the tasks go to their registered queues, where the project's workers take
// them. Interrupting the command cancels the workflow.
func runDatabase(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer, file string, fl runFlags) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return exitCode(2, fmt.Sprintf("cannot read %s: %v", file, unwrapPathErr(err)))
	}
	if _, ds := lang.Analyze(file, src, check.Options{}); diag.HasErrors(ds) {
		writeTextDiagnostics(stderr, file, ds)
		return exitCode(2, "")
	}
	inputs, err := readInput(stdin, fl.input)
	if err != nil {
		return exitCode(2, err.Error())
	}
	s, err := fl.db.open(ctx, stderr)
	if err != nil {
		return exitCode(1, err.Error())
	}
	defer s.close()
	name := strings.TrimSuffix(filepath.Base(file), ".flow")

	unknown, err := reportUnserved(ctx, s, stderr, file, name, src)
	if err != nil {
		return exitCode(1, err.Error())
	}
	if _, _, err := s.store.RegisterDefinition(ctx, name, file, string(src)); err != nil {
		return exitCode(1, err.Error())
	}

	queue := "rhythm-run-" + randomHex(6)
	id, err := s.client.StartWorkflow(ctx, name, inputOrNil(inputs), client.StartOptions{Queue: queue})
	if err != nil {
		return exitCode(1, err.Error())
	}
	v := newWatcher(s.store, id, stderr, fl.quiet || fl.json, unknown)
	w, err := worker.New(s.pool, worker.Config{
		Queues: map[string]int{queue: 4}, Logger: slog.New(logHandler{v: v}),
		PollInterval: 200 * time.Millisecond, ShutdownGrace: 2 * time.Second,
	})
	if err != nil {
		return exitCode(1, err.Error())
	}
	wctx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- w.Run(wctx) }()
	defer func() {
		stopWorker()
		<-done
	}()

	interrupted := false
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	bg := context.WithoutCancel(ctx)
	var giveUp <-chan time.Time
	for {
		final, err := v.poll(bg)
		if err != nil {
			return exitCode(1, err.Error())
		}
		if final {
			break
		}
		select {
		case <-tick.C:
		case <-giveUp:
			return exitCode(130, fmt.Sprintf("interrupted; cancellation of %s requested", id))
		case <-ctx.Done():
			if !interrupted {
				interrupted = true
				v.line(0, "interrupted: cancelling %s", id)
				if err := s.client.Cancel(bg, id); err != nil {
					return exitCode(130, fmt.Sprintf("interrupted; cancel %s: %v", id, err))
				}
				giveUp = time.After(5 * time.Second)
			}
		}
	}
	x, err := s.client.Get(bg, id)
	if err != nil {
		return exitCode(1, err.Error())
	}
	if fl.json {
		writeJSONLine(stdout, map[string]any{"id": id, "status": x.Status, "output": orNull(x.Output), "error": orNull(x.Error)})
	} else if x.Status == client.StatusCompleted {
		writeIndented(stdout, x.Output)
	}
	switch {
	case interrupted:
		return exitCode(130, "")
	case x.Status != client.StatusCompleted:
		if !fl.json {
			fmt.Fprintf(stderr, "%s: workflow %s: %s\n", file, x.Status, errorMessage(x.Error))
		}
		return exitCode(1, "")
	}
	return nil
}

// reportUnserved checks the file against the task registry and the registered workflows and says
// which tasks no live worker has registered (and which child workflows are not registered). It
// returns the unserved task names.
func reportUnserved(ctx context.Context, s *session, stderr io.Writer, file, name string, src []byte) (map[string]bool, error) {
	tasks, err := s.store.Tasks(ctx, time.Now().Add(-liveWindow))
	if err != nil {
		return nil, err
	}
	defs, err := s.store.Workflows(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, t := range tasks {
		known[t.Name] = true
	}
	flows := map[string]bool{name: true}
	for _, d := range defs {
		flows[d.Name] = true
	}
	_, ds := lang.Analyze(file, src, check.Options{KnownTasks: known, KnownWorkflows: flows})
	unknown := map[string]bool{}
	for _, d := range ds {
		if d.Code != diag.CodeUnknownTask && d.Code != diag.CodeUnknownWorkflow {
			continue
		}
		what := "no running worker has registered this task: it will wait until one does"
		if d.Code == diag.CodeUnknownWorkflow {
			what = "no workflow of this name is registered: register it with `rhythm workflows register`"
		}
		if n := quotedName(src, d); n != "" && d.Code == diag.CodeUnknownTask {
			unknown[n] = true
		}
		fmt.Fprintf(stderr, "%s:%d:%d: warning: %s (%s)\n", file, d.Range.Start.Line, d.Range.Start.Col, d.Message, what)
	}
	return unknown, nil
}

// quotedName reads the string literal a diagnostic points at.
func quotedName(src []byte, d diag.Diagnostic) string {
	lo, hi := d.Range.Start.Offset, d.Range.End.Offset
	if lo < 0 || hi > len(src) || hi-lo < 2 {
		return ""
	}
	return strings.Trim(string(src[lo:hi]), "\"'`")
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
