package pgserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// Child is a server running as a child process of the caller (see [Cluster.StartChild]).
type Child struct {
	cluster *Cluster
	proc    *os.Process
	done    chan struct{}
	waitErr error
	logFile string
}

// StartChild starts the server as a child process and waits until it accepts connections. On
// Linux the kernel shuts the server down if the calling process dies, so a killed test binary does
// not leave it behind. Stop it with [Child.Stop].
func (c *Cluster) StartChild(ctx context.Context, opts StartOptions) (*Child, error) {
	args := append([]string{"-D", c.DataDir}, serverArgs(opts)...)
	cmd := c.Account.Command(context.WithoutCancel(ctx), c.Bin.Path("postgres"), args...)
	if opts.LogFile != "" {
		f, err := os.OpenFile(opts.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, fmt.Errorf("open server log: %w", err)
		}
		defer f.Close()
		cmd.Stdout, cmd.Stderr = f, f
	}
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	ch := &Child{cluster: c, proc: cmd.Process, done: make(chan struct{}), logFile: opts.LogFile}
	go func() {
		ch.waitErr = cmd.Wait()
		close(ch.done)
	}()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(60 * time.Second)
	for {
		if p, err := ReadPIDFile(c.DataDir); err == nil && p.PID == ch.proc.Pid && p.Ready() {
			return ch, nil
		}
		select {
		case <-ch.done:
			return nil, fmt.Errorf("postgres exited while starting: %v%s", ch.waitErr, logTail(opts.LogFile))
		case <-ctx.Done():
			ch.Stop()
			return nil, fmt.Errorf("start postgres: %w", ctx.Err())
		case <-deadline:
			ch.Stop()
			return nil, fmt.Errorf("postgres did not become ready within 60s%s", logTail(opts.LogFile))
		case <-tick.C:
		}
	}
}

// PID returns the server's process id.
func (ch *Child) PID() int { return ch.proc.Pid }

// Stop shuts the server down immediately (no checkpoint: the cluster is meant to be thrown away)
// and waits for it to exit.
func (ch *Child) Stop() error {
	select {
	case <-ch.done:
		return nil
	default:
	}
	if err := interrupt(ch.proc); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop postgres: %w", err)
	}
	select {
	case <-ch.done:
		return nil
	case <-time.After(30 * time.Second):
		_ = ch.proc.Kill()
		<-ch.done
		return errors.New("stop postgres: no exit within 30s after an immediate-shutdown request; killed")
	}
}
