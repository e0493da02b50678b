package e2e

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/internal/pgtest"
	"github.com/rhythmflow/rhythm/worker"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// workerBinary builds testdata/crashworker once per test run (with -race when the tests have it).
func workerBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		// One path per flavour, rebuilt by every run, so runs leave nothing behind.
		binary = filepath.Join(os.TempDir(), fmt.Sprintf("rhythm-e2e-crashworker-%d-race%v", os.Getuid(), raceEnabled))
		args := []string{"build", "-o", binary}
		if raceEnabled {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, "./testdata/crashworker")...).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// proc is a running worker process.
type proc struct {
	t    *testing.T
	id   string
	cmd  *exec.Cmd
	done chan struct{}
}

var procSeq struct {
	sync.Mutex
	n int
}

// startWorker starts a worker process on url with the given lease and waits until it serves.
func startWorker(t *testing.T, url string, lease time.Duration) *proc {
	t.Helper()
	procSeq.Lock()
	procSeq.n++
	id := fmt.Sprintf("%s-%d", t.Name(), procSeq.n)
	procSeq.Unlock()
	cmd := exec.Command(workerBinary(t), "-database-url", url, "-id", id, "-lease", lease.String())
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, id: id, cmd: cmd, done: make(chan struct{})}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		ok := sc.Scan() && strings.TrimSpace(sc.Text()) == "ready"
		ready <- ok
		for sc.Scan() {
		}
	}()
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill() })
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("worker %s did not start", id)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("worker %s did not start in time", id)
	}
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop sends SIGTERM and waits for a graceful exit.
func (p *proc) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		p.t.Errorf("worker %s did not stop on SIGTERM", p.id)
		p.kill()
	}
	if st := p.cmd.ProcessState; st != nil && !st.Success() {
		p.t.Errorf("worker %s exited with %v", p.id, st)
	}
}

// env is a database with a client.
type env struct {
	t    *testing.T
	url  string
	pool *pgxpool.Pool
	c    *client.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	url := pgtest.URL(t)
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return &env{t: t, url: url, pool: pool, c: client.New(pool)}
}

// register registers workflow sources (name → source).
func (e *env) register(flows map[string]string) {
	e.t.Helper()
	w, err := worker.New(e.pool, worker.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		e.t.Fatal(err)
	}
	for name, src := range flows {
		if err := w.RegisterWorkflow(context.Background(), name, name+".flow", []byte(src)); err != nil {
			e.t.Fatal(err)
		}
	}
}

// wait waits for an execution to finish (at most d).
func (e *env) wait(id string, d time.Duration) *client.Execution {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	x, err := e.c.Wait(ctx, id)
	if err != nil {
		e.t.Fatalf("wait for %s: %v", id, err)
	}
	return x
}

// until polls cond for up to d.
func until(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var soakSize = flag.Int("soak", 1000, "workflows in TestSoak")
