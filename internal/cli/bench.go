package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rhythmflow/rhythm/engine/store"
)

// EnvCLIMain, set to 1 in a process's environment, tells a test binary that embeds the CLI to run
// it instead of the tests: `rhythm bench` sets it on the worker processes it spawns from its own
// executable, which is the rhythm binary in use and a test binary under test.
const EnvCLIMain = "RHYTHM_CLI_MAIN"

type benchFlags struct {
	db          dbFlags
	tasks       int
	workflows   int
	samples     int
	batch       int
	concurrency int
	keep        bool
}

func newBenchCmd() *cobra.Command {
	var fl benchFlags
	cmd := &cobra.Command{
		Use:   "bench [--tasks N] [--workflows N] [--samples N]",
		Short: "Measure throughput and latency on the database with worker processes",
		Long: `Bench measures, on the given database, with worker processes at their default settings
(spawned from this executable, serving a private queue):
  1. standalone no-op tasks: the enqueue rate (batches of --batch), then the completed tasks/s with
     1 and with 2 worker processes (--tasks each);
  2. workflows of 3 sequential no-op tasks: completed workflows/s with 2 worker processes;
  3. the enqueue→start latency of a task on an idle worker: p50, p95, p99 over --samples tasks.
Its executions are deleted at the end unless --keep.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if fl.tasks <= 0 || fl.workflows <= 0 || fl.samples <= 0 || fl.batch <= 0 {
				return exitCode(2, "--tasks, --workflows, --samples and --batch must be positive")
			}
			return runBench(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), fl)
		},
	}
	fl.db.register(cmd)
	cmd.Flags().IntVar(&fl.tasks, "tasks", 50000, "no-op tasks per throughput run")
	cmd.Flags().IntVar(&fl.workflows, "workflows", 5000, "workflows of 3 tasks")
	cmd.Flags().IntVar(&fl.samples, "samples", 200, "tasks for the latency measurement")
	cmd.Flags().IntVar(&fl.batch, "batch", 1000, "executions per enqueue transaction")
	cmd.Flags().IntVar(&fl.concurrency, "concurrency", 0, "concurrency of each worker process (default: the worker's default)")
	cmd.Flags().BoolVar(&fl.keep, "keep", false, "keep the benchmark's executions")
	cmd.AddCommand(newBenchWorkerCmd())
	return cmd
}

// benchProc is a spawned worker process.
type benchProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

type bench struct {
	s     *session
	fl    benchFlags
	queue string
	out   io.Writer
}

func runBench(ctx context.Context, out, errw io.Writer, fl benchFlags) error {
	s, err := fl.db.open(ctx, errw)
	if err != nil {
		return exitCode(1, err.Error())
	}
	defer s.close()
	b := &bench{s: s, fl: fl, queue: "bench-" + randomHex(4), out: out}
	defer b.cleanup()
	if _, _, err := s.store.RegisterDefinition(ctx, "bench_three", "bench_three.flow", benchFlow); err != nil {
		return exitCode(1, err.Error())
	}
	fmt.Fprintf(out, "rhythm bench: %d CPUs, load average %s, queue %s\n", runtime.NumCPU(), loadAverage(), b.queue)

	fmt.Fprintf(out, "1. standalone no-op tasks (%d per run)\n", fl.tasks)
	for _, n := range []int{1, 2} {
		rate, err := b.enqueue(ctx, store.KindTask, benchTask, fl.tasks)
		if err != nil {
			return exitCode(1, err.Error())
		}
		fmt.Fprintf(out, "   enqueue: %s tasks/s (batches of %d)\n", perSecond(rate), fl.batch)
		done, err := b.drain(ctx, n, fl.tasks)
		if err != nil {
			return exitCode(1, err.Error())
		}
		fmt.Fprintf(out, "   %d worker process(es): %s tasks/s completed\n", n, perSecond(done))
	}

	fmt.Fprintf(out, "2. workflows of 3 sequential no-op tasks (%d)\n", fl.workflows)
	if _, err := b.enqueue(ctx, store.KindWorkflow, "bench_three", fl.workflows); err != nil {
		return exitCode(1, err.Error())
	}
	done, err := b.drain(ctx, 2, fl.workflows)
	if err != nil {
		return exitCode(1, err.Error())
	}
	ok, err := s.store.CompletedWorkflows(ctx, b.queue)
	if err != nil {
		return exitCode(1, err.Error())
	}
	if ok != fl.workflows {
		return exitCode(1, fmt.Sprintf("bench: %d of %d workflows completed", ok, fl.workflows))
	}
	fmt.Fprintf(out, "   2 worker processes: %s workflows/s completed\n", perSecond(done))

	fmt.Fprintf(out, "3. enqueue→start latency on an idle worker (%d tasks)\n", fl.samples)
	lat, err := b.latency(ctx)
	if err != nil {
		return exitCode(1, err.Error())
	}
	fmt.Fprintf(out, "   p50 %s  p95 %s  p99 %s\n", shortDuration(pct(lat, 50)), shortDuration(pct(lat, 95)), shortDuration(pct(lat, 99)))
	return nil
}

// enqueue queues n executions in batches and returns the rate in executions/s.
func (b *bench) enqueue(ctx context.Context, kind store.Kind, name string, n int) (float64, error) {
	start := time.Now()
	for i := 0; i < n; i += b.fl.batch {
		m := min(b.fl.batch, n-i)
		execs := make([]store.NewExecution, m)
		for j := range execs {
			execs[j] = store.NewExecution{Kind: kind, Name: name, Queue: b.queue, Input: json.RawMessage(fmt.Sprintf(`{"i":%d}`, i+j))}
		}
		if _, err := b.s.store.Enqueue(ctx, nil, execs); err != nil {
			return 0, fmt.Errorf("bench: enqueue: %w", err)
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// drain starts procs worker processes, lets them go at once and returns n / the time until the
// queue is empty.
func (b *bench) drain(ctx context.Context, procs, n int) (float64, error) {
	ps, err := b.spawn(ctx, procs)
	if err != nil {
		return 0, err
	}
	defer b.stop(ps)
	start := time.Now()
	for _, p := range ps {
		io.WriteString(p.stdin, "go\n")
	}
	deadline := start.Add(10 * time.Minute)
	for {
		empty, err := b.s.store.QueueEmpty(ctx, b.queue)
		if err != nil {
			return 0, fmt.Errorf("bench: %w", err)
		}
		if empty {
			return float64(n) / time.Since(start).Seconds(), nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			left, err := b.s.store.QueueLength(context.WithoutCancel(ctx), b.queue)
			if err != nil {
				return 0, fmt.Errorf("bench: %w", err)
			}
			return 0, fmt.Errorf("bench: %d executions still queued after %s", left, time.Since(start).Round(time.Second))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// latency measures enqueue→start of tasks queued one at a time on an idle worker, from the
// executions' created_at and started_at.
func (b *bench) latency(ctx context.Context) ([]time.Duration, error) {
	ps, err := b.spawn(ctx, 1)
	if err != nil {
		return nil, err
	}
	defer b.stop(ps)
	io.WriteString(ps[0].stdin, "go\n")
	time.Sleep(200 * time.Millisecond) // let it go idle, listening
	var lat []time.Duration
	for i := 0; i < b.fl.samples; i++ {
		out, err := b.s.store.Enqueue(ctx, nil, []store.NewExecution{{Kind: store.KindTask, Name: benchTask, Queue: b.queue, Input: json.RawMessage(`{"i":0}`)}})
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		x, err := b.s.client.Wait(wctx, out[0].ID)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		lat = append(lat, x.StartedAt.Sub(x.CreatedAt))
		time.Sleep(5 * time.Millisecond)
	}
	slices.Sort(lat)
	return lat, nil
}

// spawn starts n worker processes and waits until each is ready.
func (b *bench) spawn(ctx context.Context, n int) ([]*benchProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	var ps []*benchProc
	for i := 0; i < n; i++ {
		args := []string{"bench", "worker", "--database-url", b.s.url, "--queue", b.queue}
		if b.fl.concurrency > 0 {
			args = append(args, "--concurrency", fmt.Sprint(b.fl.concurrency))
		}
		c := exec.CommandContext(ctx, exe, args...)
		c.Env = append(os.Environ(), EnvCLIMain+"=1")
		c.Stderr = os.Stderr
		stdin, err := c.StdinPipe()
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		stdout, err := c.StdoutPipe()
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		if err := c.Start(); err != nil {
			b.stop(ps)
			return nil, fmt.Errorf("bench: start a worker process: %w", err)
		}
		p := &benchProc{cmd: c, stdin: stdin}
		ps = append(ps, p)
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if strings.TrimSpace(line) != "ready" {
			b.stop(ps)
			return nil, fmt.Errorf("bench: worker process did not start (%q, %v)", line, err)
		}
	}
	return ps, nil
}

// stop ends the worker processes gracefully (closing their input) and waits for them.
func (b *bench) stop(ps []*benchProc) {
	for _, p := range ps {
		p.stdin.Close()
	}
	for _, p := range ps {
		done := make(chan struct{})
		go func() { p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			p.cmd.Process.Kill()
			<-done
		}
	}
}

// cleanup deletes the benchmark's executions unless --keep.
func (b *bench) cleanup() {
	if b.fl.keep {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Best effort, as the results are already printed: a failure leaves the rows behind.
	_ = b.s.store.PurgeQueue(ctx, b.queue)
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))]
}

func perSecond(r float64) string {
	s := fmt.Sprintf("%.0f", r)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
