package store_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rhythmflow/rhythm/engine/store"
)

// TestLockOrder runs batched completions, failures, heartbeats and releases of overlapping leases
// concurrently, each with its leases in a different order, and the completions waking the same
// parent workflows: none of them may fail, in particular with a deadlock.
func TestLockOrder(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	parents := []string{startWorkflow(t, s), startWorkflow(t, s), startWorkflow(t, s)}
	const rounds, perRound = 25, 24
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range rounds {
		execs := make([]store.NewExecution, perRound)
		for i := range execs {
			execs[i] = child(parents[i%len(parents)], round*perRound+i+1)
		}
		enqueue(t, s, execs...)
		jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: "w", Limit: perRound, Lease: time.Minute, Tasks: []string{"child"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != perRound {
			t.Fatalf("round %d: claimed %d of %d", round, len(jobs), perRound)
		}
		leases := make([]store.Lease, len(jobs))
		for i, j := range jobs {
			leases[i] = store.Lease{ID: j.ID, Claim: j.Claim}
		}
		shuffled := func() []store.Lease {
			ls := slices.Clone(leases)
			rng.Shuffle(len(ls), func(i, j int) { ls[i], ls[j] = ls[j], ls[i] })
			return ls
		}
		completions := func(ls []store.Lease) []store.Completion {
			out := make([]store.Completion, len(ls))
			for i, l := range ls {
				out[i] = store.Completion{Lease: l, Output: json.RawMessage(`1`)}
			}
			return out
		}
		// Two completions of overlapping halves, a failure with retry of a third, two heartbeats
		// and a release of everything, all at once and each in its own order.
		a, b, c, all := shuffled(), shuffled(), shuffled(), shuffled()
		fails := make([]store.FailedAttempt, 0, perRound/2)
		for _, l := range c[:perRound/2] {
			fails = append(fails, store.FailedAttempt{Lease: l, Error: json.RawMessage(`{"message":"x"}`), RetryAt: time.Now()})
		}
		ops := []func() error{
			func() error { _, err := s.Complete(ctx, "w", completions(a[:2*perRound/3])); return err },
			func() error { _, err := s.Complete(ctx, "w", completions(b[:2*perRound/3])); return err },
			func() error { _, err := s.Fail(ctx, "w", fails); return err },
			func() error { _, err := s.Heartbeat(ctx, "w", all, time.Minute); return err },
			func() error { _, err := s.Heartbeat(ctx, "w", reversed(all), time.Minute); return err },
			func() error { _, err := s.Release(ctx, "w", c[perRound/2:]); return err },
		}
		errs := make([]error, len(ops))
		var wg sync.WaitGroup
		for i, op := range ops {
			wg.Go(func() { errs[i] = op() })
		}
		wg.Wait()
		for _, err := range errs {
			var pgErr *pgconn.PgError
			if errors.As(err, &pgErr) && pgErr.Code == "40P01" {
				t.Fatalf("round %d: deadlock: %v", round, err)
			}
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		// Whatever was left (released or retried) is cleaned up for the next round.
		if _, err := s.Pool().Exec(ctx, `DELETE FROM rhythm.queue WHERE kind = 'task'`); err != nil {
			t.Fatal(err)
		}
	}
}

func reversed(ls []store.Lease) []store.Lease {
	out := slices.Clone(ls)
	slices.Reverse(out)
	return out
}
