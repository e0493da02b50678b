package store_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rhythmflow/rhythm/engine/store"
)

func TestEnqueueClaimComplete(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	low, high, mid := task("low"), task("high"), task("mid")
	high.Priority, mid.Priority = 10, 5
	low.Input = json.RawMessage(`{"z": 1, "a": 2}`)
	out := enqueue(t, s, low, high, mid)

	jobs := claim(t, s, "w1", 2)
	if len(jobs) != 2 || jobs[0].Name != "high" || jobs[1].Name != "mid" {
		t.Fatalf("claimed %+v, want high then mid", jobs)
	}
	if j := jobs[0]; j.Attempt != 1 || j.Claim != 1 || j.Kind != store.KindTask || string(j.Input) != `{"n": 1}` {
		t.Errorf("job %+v", j)
	}
	if e := get(t, s, jobs[0].ID); e.Status != "running" || e.StartedAt.IsZero() {
		t.Errorf("claimed execution: %+v", e)
	}
	rest := claim(t, s, "w2", 10)
	if len(rest) != 1 || rest[0].ID != out[0].ID || string(rest[0].Input) != `{"z": 1, "a": 2}` {
		t.Fatalf("second claim %+v", rest)
	}
	if more := claim(t, s, "w2", 10); len(more) != 0 {
		t.Fatalf("claimed leased work: %+v", more)
	}

	done, err := s.Complete(ctx, "w1", []store.Completion{
		{Lease: store.Lease{ID: jobs[0].ID, Claim: 1}, Output: json.RawMessage(`{"y": [1, 2], "b": null}`)},
		{Lease: store.Lease{ID: jobs[1].ID, Claim: 1}},
	})
	if err != nil || len(done) != 2 {
		t.Fatalf("Complete = %v, %v", done, err)
	}
	e := get(t, s, jobs[0].ID)
	if e.Status != "completed" || string(e.Output) != `{"y": [1, 2], "b": null}` || !e.Final() || e.Attempt != 1 || e.StartedAt.IsZero() {
		t.Errorf("completed execution: %+v (output %s)", e, e.Output)
	}
	if e := get(t, s, jobs[1].ID); string(e.Output) != "null" {
		t.Errorf("nil output stored as %s, want null", e.Output)
	}
	// Completing again, or by another worker, does nothing.
	if done, err := s.Complete(ctx, "w2", []store.Completion{{Lease: store.Lease{ID: rest[0].ID, Claim: 1}}, {Lease: store.Lease{ID: jobs[0].ID, Claim: 1}}}); err != nil || !slices.Equal(done, []string{rest[0].ID}) {
		t.Errorf("second Complete = %v, %v", done, err)
	}
}

func TestScheduledAndQueues(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	later := task("later")
	later.RunAt = clock.Now().Add(time.Minute)
	other := task("elsewhere")
	other.Queue = "emails"
	enqueue(t, s, later, other)
	if jobs := claim(t, s, "w", 10); len(jobs) != 0 {
		t.Fatalf("claimed before due or from another queue: %+v", jobs)
	}
	jobs, err := s.Claim(ctx, store.ClaimRequest{Queue: "emails", Worker: "w", Limit: 10, Lease: time.Minute, Tasks: []string{"other"}})
	if err != nil || len(jobs) != 0 {
		t.Fatalf("claimed a task the worker does not serve: %+v %v", jobs, err)
	}
	jobs, err = s.Claim(ctx, store.ClaimRequest{Queue: "emails", Worker: "w", Limit: 10, Lease: time.Minute, Tasks: []string{"elsewhere"}})
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim from emails: %+v %v", jobs, err)
	}
	clock.Advance(time.Minute)
	if jobs := claim(t, s, "w", 10); len(jobs) != 1 || jobs[0].Name != "later" {
		t.Fatalf("claim when due: %+v", jobs)
	}
}

func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	a := task("pay")
	a.IdempotencyKey = "order-1"
	first := enqueue(t, s, a, a)
	if first[0].Existing || !first[1].Existing || first[0].ID != first[1].ID {
		t.Fatalf("same key in one batch: %+v", first)
	}
	again := enqueue(t, s, a)
	if !again[0].Existing || again[0].ID != first[0].ID {
		t.Fatalf("same key again: %+v", again)
	}
	b := task("ship") // same key, other task: a different execution
	b.IdempotencyKey = "order-1"
	if other := enqueue(t, s, b); other[0].Existing {
		t.Fatalf("key shared across task names: %+v", other)
	}
	if jobs := claim(t, s, "w", 10); len(jobs) != 2 {
		t.Fatalf("claimed %d jobs, want 2", len(jobs))
	}
}

func TestTransactionalEnqueue(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	for _, commit := range []bool{false, true} {
		err := pgx.BeginFunc(ctx, s.Pool(), func(tx pgx.Tx) error {
			if _, err := s.Enqueue(ctx, tx, []store.NewExecution{task("t")}); err != nil {
				return err
			}
			if !commit {
				return fmt.Errorf("roll back")
			}
			return nil
		})
		if (err == nil) != commit {
			t.Fatal(err)
		}
		if jobs := claim(t, s, "w", 10); len(jobs) != map[bool]int{false: 0, true: 1}[commit] {
			t.Fatalf("commit=%v: claimed %d", commit, len(jobs))
		}
	}
}

// A worker that stops heart-beating loses its lease; the work is claimed again and the old
// worker's late result is refused.
func TestLeaseExpiry(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	enqueue(t, s, task("slow"))
	first := claim(t, s, "dead", 1)[0]
	clock.Advance(20 * time.Second)
	hb, err := s.Heartbeat(ctx, "dead", []store.Lease{{ID: first.ID, Claim: first.Claim}}, 30*time.Second)
	if err != nil || len(hb.Lost) != 0 {
		t.Fatalf("heartbeat: %+v %v", hb, err)
	}
	clock.Advance(29 * time.Second)
	if jobs := claim(t, s, "live", 1); len(jobs) != 0 {
		t.Fatal("claimed while the extended lease holds")
	}
	clock.Advance(2 * time.Second)
	second := claim(t, s, "live", 1)
	if len(second) != 1 || second[0].ID != first.ID || second[0].Attempt != 2 || second[0].Claim != 2 {
		t.Fatalf("re-claim after expiry: %+v", second)
	}
	if done, _ := s.Complete(ctx, "dead", []store.Completion{{Lease: store.Lease{ID: first.ID, Claim: first.Claim}}}); len(done) != 0 {
		t.Fatal("a lost lease completed the task")
	}
	hb, err = s.Heartbeat(ctx, "dead", []store.Lease{{ID: first.ID, Claim: first.Claim}}, 30*time.Second)
	if err != nil || !slices.Equal(hb.Lost, []string{first.ID}) {
		t.Fatalf("heartbeat of a lost lease: %+v %v", hb, err)
	}
	if done, _ := s.Complete(ctx, "live", []store.Completion{{Lease: store.Lease{ID: first.ID, Claim: 2}}}); len(done) != 1 {
		t.Fatal("the live claim could not complete")
	}
}

func TestRetryThenFail(t *testing.T) {
	t.Parallel()
	s, clock := newStore(t)
	x := task("flaky")
	x.MaxAttempts = 2
	id := enqueue(t, s, x)[0].ID
	j := claim(t, s, "w", 1)[0]
	out, err := s.Fail(ctx, "w", []store.FailedAttempt{{Lease: store.Lease{ID: id, Claim: j.Claim}, Error: json.RawMessage(`{"message": "boom 1"}`), RetryAt: clock.Now().Add(5 * time.Second)}})
	if err != nil || len(out) != 1 || out[0].Status != "pending" {
		t.Fatalf("first failure: %+v %v", out, err)
	}
	if e := get(t, s, id); e.Status != "pending" || string(e.Error) != `{"message": "boom 1"}` || e.Final() {
		t.Errorf("after retryable failure: %+v", e)
	}
	if jobs := claim(t, s, "w", 1); len(jobs) != 0 {
		t.Fatal("retried before the backoff")
	}
	clock.Advance(5 * time.Second)
	j = claim(t, s, "w", 1)[0]
	if j.Attempt != 2 {
		t.Fatalf("attempt = %d, want 2", j.Attempt)
	}
	out, err = s.Fail(ctx, "w", []store.FailedAttempt{{Lease: store.Lease{ID: id, Claim: j.Claim}, Error: json.RawMessage(`{"message": "boom 2"}`), RetryAt: clock.Now()}})
	if err != nil || out[0].Status != "failed" {
		t.Fatalf("last failure: %+v %v", out, err)
	}
	if e := get(t, s, id); e.Status != "failed" || !e.Final() || string(e.Error) != `{"message": "boom 2"}` {
		t.Errorf("after final failure: %+v", e)
	}
	if jobs := claim(t, s, "w", 1); len(jobs) != 0 {
		t.Fatal("a failed task is still queued")
	}
}

// Release hands work back at once, and the interrupted attempt does not count.
func TestRelease(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	enqueue(t, s, task("t"))
	j := claim(t, s, "leaving", 1)[0]
	if n, err := s.Release(ctx, "leaving", []store.Lease{{ID: j.ID, Claim: j.Claim}}); err != nil || n != 1 {
		t.Fatalf("Release = %d, %v", n, err)
	}
	again := claim(t, s, "other", 1)
	if len(again) != 1 || again[0].Attempt != 1 {
		t.Fatalf("after release: %+v", again)
	}
}

// Many workers claiming at once never get the same row twice.
func TestConcurrentClaims(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	execs := make([]store.NewExecution, 300)
	for i := range execs {
		execs[i] = task("t")
	}
	enqueue(t, s, execs...)
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker := fmt.Sprint("w", w)
			for {
				jobs, err := s.Claim(ctx, store.ClaimRequest{Worker: worker, Limit: 16, Lease: time.Minute})
				if err != nil {
					t.Error(err)
					return
				}
				if len(jobs) == 0 {
					return
				}
				cs := make([]store.Completion, len(jobs))
				mu.Lock()
				for i, j := range jobs {
					seen[j.ID]++
					cs[i] = store.Completion{Lease: store.Lease{ID: j.ID, Claim: j.Claim}}
				}
				mu.Unlock()
				if done, err := s.Complete(ctx, worker, cs); err != nil || len(done) != len(cs) {
					t.Errorf("complete: %d of %d, %v", len(done), len(cs), err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != len(execs) {
		t.Errorf("%d executions claimed, want %d", len(seen), len(execs))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s claimed %d times", id, n)
		}
	}
}

// A task attempt in flight shows as running with its attempt count in Get and List, and the
// status filters of List tell running from pending.
func TestListRunningAndPending(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	out := enqueue(t, s, task("a"), task("b"))
	jobs := claim(t, s, "w", 1)
	running, pending := jobs[0].ID, out[0].ID
	if pending == running {
		pending = out[1].ID
	}
	ids := func(f store.Filter) []string {
		t.Helper()
		list, err := s.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range list {
			got = append(got, e.ID)
			if e.ID == running && (e.Status != "running" || e.Attempt != 1 || e.StartedAt.IsZero()) {
				t.Errorf("running task listed as %+v", e)
			}
		}
		return got
	}
	if got := ids(store.Filter{Status: "running"}); !slices.Equal(got, []string{running}) {
		t.Errorf("running: %v, want %v", got, running)
	}
	if got := ids(store.Filter{Status: "pending"}); !slices.Equal(got, []string{pending}) {
		t.Errorf("pending: %v, want %v", got, pending)
	}
	if got := ids(store.Filter{}); len(got) != 2 {
		t.Errorf("all: %v", got)
	}
	// Released, the attempt does not count and the task is pending again.
	if n, err := s.Release(ctx, "w", []store.Lease{{ID: running, Claim: jobs[0].Claim}}); err != nil || n != 1 {
		t.Fatalf("Release = %d, %v", n, err)
	}
	if e := get(t, s, running); e.Status != "pending" || e.Attempt != 0 {
		t.Errorf("released task: %+v", e)
	}
}
