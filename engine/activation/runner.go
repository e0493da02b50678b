package activation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"time"

	"github.com/rhythmflow/rhythm/engine/compiler"
	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/engine/value"
	"github.com/rhythmflow/rhythm/engine/vm"
	"github.com/rhythmflow/rhythm/lang"
	"github.com/rhythmflow/rhythm/lang/check"
	"github.com/rhythmflow/rhythm/lang/diag"
)

// Options configures a Runner.
type Options struct {
	// Logger receives the workflows' console.log lines and the runner's own messages; nil
	// discards them.
	Logger *slog.Logger
	// VM sets the machine limits (zero: the defaults).
	VM vm.Config
}

// Runner runs activations of claimed workflow jobs. It caches compiled definitions by version
// and is safe for concurrent use.
type Runner struct {
	store *store.Store
	log   *slog.Logger
	cfg   vm.Config

	mu     sync.Mutex
	progs  map[string]*compiler.Program // by name and version
	queues map[string]cachedQueue       // task name → serving queue
	known  map[string]bool              // registered workflow names
}

// New returns a Runner over s.
func New(s *store.Store, opts Options) *Runner {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Runner{store: s, log: opts.Logger, cfg: opts.VM, progs: map[string]*compiler.Program{},
		queues: map[string]cachedQueue{}, known: map[string]bool{}}
}

// maxRounds bounds the VM runs of one activation (each round needs an effect that settled at
// once).
const maxRounds = 10_000

// Activate runs one activation of a claimed workflow job, as described in the package comment.
// It returns an error wrapping store.ErrClaimLost when the worker no longer holds the claim (the
// activation is then dropped), and other errors for database failures (nothing was committed:
// the job is retried when its lease lapses). Errors of the workflow itself (a definition that no
// longer compiles, saved state this release cannot read) end the workflow as failed.
func (r *Runner) Activate(ctx context.Context, worker string, job store.Job) error {
	return r.ActivateAll(ctx, worker, []store.Job{job})[0]
}

// ActivateAll runs one activation of each claimed workflow job in one transaction (see
// store.StepBatch) and returns an error per job, in order, with Activate's meaning. A database
// failure fails them all (nothing was committed).
func (r *Runner) ActivateAll(ctx context.Context, worker string, jobs []store.Job) []error {
	errs, _, _ := r.ActivateBatch(ctx, worker, jobs, nil, 0)
	return errs
}

// ActivateBatch is ActivateAll with the tasks the activations start offered to this worker (see
// store.StepBatch.StartHere): reserve is asked, at commit, whether the worker runs each one at once
// (queue and name); those it accepts are created claimed by the worker for lease and returned as
// claimed jobs. committed reports whether the batch committed: when it did not, the returned
// tasks do not exist and their reservations are to be undone. A nil reserve offers nothing.
func (r *Runner) ActivateBatch(ctx context.Context, worker string, jobs []store.Job,
	reserve func(queue, name string) bool, lease time.Duration) (errs []error, eager []store.Job, committed bool) {
	errs = make([]error, len(jobs))
	progs := make([]*compiler.Program, len(jobs))
	progErrs := make([]error, len(jobs))
	var run []store.Job
	var at []int // index in jobs of each job in run
	for i, j := range jobs {
		progs[i], progErrs[i] = r.program(ctx, j.Name, j.Version)
		if progErrs[i] != nil && !errors.Is(progErrs[i], errDefinition) {
			errs[i] = progErrs[i]
			continue
		}
		run, at = append(run, j), append(at, i)
	}
	if len(run) == 0 {
		return errs, nil, false
	}
	var b *store.StepBatch
	failAll := func(err error) ([]error, []store.Job, bool) {
		for _, i := range at {
			errs[i] = err
		}
		if b != nil {
			return errs, b.Eager(), false
		}
		return errs, nil, false
	}
	b, starts, err := r.store.BeginSteps(ctx, worker, run)
	if err != nil {
		return failAll(err)
	}
	defer b.Rollback(ctx)
	if reserve != nil {
		b.StartHere(reserve, lease)
	}

	var acts []*act
	var reqs []store.SettlementRequest
	var waiting []*act
	for k, start := range starts {
		i := at[k]
		if start.Err != nil {
			errs[i] = start.Err
			continue
		}
		a := &act{r: r, step: start.Step, st: start.State, prog: progs[i], job: i}
		acts = append(acts, a)
		var req *store.SettlementRequest
		if progErrs[i] != nil {
			err = a.fail("DefinitionError", progErrs[i].Error())
		} else {
			req, err = a.prepare()
		}
		if err != nil {
			return failAll(err)
		}
		if req != nil {
			reqs, waiting = append(reqs, *req), append(waiting, a)
		}
	}
	if len(reqs) > 0 {
		settled, err := b.Settlements(ctx, reqs)
		if err != nil {
			return failAll(err)
		}
		for k, a := range waiting {
			if err := a.resume(ctx, settled[k]); err != nil {
				return failAll(err)
			}
		}
	}
	stepErrs, err := b.Commit(ctx)
	if err != nil {
		return failAll(err)
	}
	for k, a := range acts {
		errs[a.job] = stepErrs[k]
		if stepErrs[k] == nil {
			a.afterCommit(ctx)
		}
	}
	return errs, b.Eager(), true
}

// errDefinition marks a stored definition that does not compile.
var errDefinition = errors.New("workflow definition does not compile")

// program returns the compiled definition of a workflow version.
func (r *Runner) program(ctx context.Context, name, version string) (*compiler.Program, error) {
	key := name + "\x00" + version
	r.mu.Lock()
	p := r.progs[key]
	r.mu.Unlock()
	if p != nil {
		return p, nil
	}
	def, err := r.store.Definition(ctx, name, version)
	if err != nil {
		return nil, err
	}
	f, ds := lang.Analyze(def.Filename, []byte(def.Source), check.Options{})
	if diag.HasErrors(ds) {
		for _, d := range ds {
			if d.Severity == diag.Error {
				return nil, fmt.Errorf("%w: %s", errDefinition, d)
			}
		}
	}
	err = protect(func() (err error) { p, err = compiler.Compile(f); return err })
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errDefinition, err)
	}
	r.mu.Lock()
	r.progs[key] = p
	r.mu.Unlock()
	return p, nil
}

// act is one activation in progress.
type act struct {
	r    *Runner
	step *store.Step
	st   store.StepState
	prog *compiler.Program
	meta *meta
	m    *vm.Machine
	// job is the index of the activation's job in ActivateAll's list.
	job int
	// cancel lists executions to cancel after the commit (children that timed out; the
	// workflow itself when it ended cancelled, for children started after the request).
	cancel []string
}

// prepare starts or restores the machine and returns what to ask the store about settlements;
// nil when the activation already ended (its outcome is recorded).
func (a *act) prepare() (*store.SettlementRequest, error) {
	st := a.st
	if st.Final {
		return nil, fmt.Errorf("activation of %s: the workflow already ended", st.ID)
	}
	if st.CancelRequested {
		// Children started after the request (and their own children) are cancelled too.
		a.cancel = append(a.cancel, st.ID)
		return nil, a.finish("cancelled", nil, errorJSON("Cancelled", "the workflow was cancelled"))
	}
	if st.State == nil {
		in, err := parseJSON(st.Input)
		if err != nil {
			return nil, a.fail("TypeError", "workflow inputs: "+err.Error())
		}
		err = protect(func() (err error) {
			a.m, err = vm.New(a.prog, vm.Start{Inputs: in, Context: vm.ContextInfo{
				ExecutionID: st.ID, Workflow: st.Name, Version: st.Version, StartedAt: st.StartedAt, ParentID: st.ParentID,
			}}, a.r.cfg)
			return err
		})
		if err != nil {
			return nil, a.fail("TypeError", err.Error())
		}
		a.meta = newMeta()
	} else {
		md, snap, err := decodeState(st.FormatVersion, st.State)
		if err == nil {
			err = protect(func() (err error) { a.m, err = vm.Restore(a.prog, snap, a.r.cfg); return err })
		}
		if err != nil {
			return nil, a.fail("StateError", fmt.Sprintf("cannot resume workflow %s: %v", st.ID, err))
		}
		a.meta = md
	}
	req := a.request(a.step.Now())
	return &req, nil
}

// resume runs the machine with what settled until it suspends or ends, and records the outcome.
func (a *act) resume(ctx context.Context, settled store.StepSettlements) error {
	now := a.step.Now()
	res := a.apply(now, settled)
	m := a.m
	for round := 0; ; round++ {
		if round >= maxRounds {
			return a.fail("InternalError", "too many immediate settlements in one activation")
		}
		a.clamp(res, now)
		var out vm.Outcome
		err := protect(func() (err error) {
			out, err = m.Run(vm.Activation{Now: now, Random: rand.Float64, Resolved: res})
			return err
		})
		if err != nil {
			return a.fail("InternalError", err.Error())
		}
		a.meta.LastNow = now
		res, err = a.perform(ctx, now, out.Effects)
		if err != nil {
			return err
		}
		switch out.Status {
		case vm.Completed:
			b, err := value.ToJSON(out.Output, "workflow output")
			if err != nil {
				return a.fail("TypeError", err.Error())
			}
			return a.finish("completed", b, nil)
		case vm.FailedStatus:
			b, err := value.ToJSON(out.Error, "workflow error")
			if err != nil {
				b = errorJSON("Error", value.ToString(out.Error))
			}
			return a.finish("failed", nil, b)
		}
		if len(res) > 0 {
			continue
		}
		var snap []byte
		err = protect(func() (err error) { snap, err = m.Snapshot(); return err })
		if err != nil {
			return a.fail("InternalError", "snapshot: "+err.Error())
		}
		state, err := encodeState(a.meta, snap)
		if err != nil {
			return a.fail("InternalError", err.Error())
		}
		var wakeAt time.Time
		for _, d := range a.meta.Deadlines {
			if wakeAt.IsZero() || d.Before(wakeAt) {
				wakeAt = d
			}
		}
		return a.step.Suspend(ctx, FormatVersion, state, wakeAt)
	}
}

// request says what to look up for the handles settled since the last activation.
func (a *act) request(now time.Time) store.SettlementRequest {
	ids := make([]string, 0, len(a.meta.Calls))
	for _, id := range a.meta.Calls {
		ids = append(ids, id)
	}
	hs := make([]int, 0, len(a.meta.Signals))
	for h := range a.meta.Signals {
		hs = append(hs, h)
	}
	timers, expire := !a.meta.Tracked, !a.meta.Tracked
	for _, t := range a.meta.Timers {
		timers = timers || !t.After(now)
	}
	for _, d := range a.meta.SignalDeadlines {
		expire = expire || !d.After(now)
	}
	return store.SettlementRequest{Step: a.step, IDs: ids, Handles: hs, Timers: timers, Expire: expire}
}

// apply turns what settled into resolutions.
func (a *act) apply(now time.Time, st store.StepSettlements) []vm.Resolution {
	res := a.fromSettled(st.Settled)
	res = append(res, a.fromDeliveries(st.Deliveries)...)
	for _, t := range st.Timers {
		delete(a.meta.Timers, t.Handle)
		res = append(res, vm.Resolution{Handle: t.Handle, Value: value.Null, SettledAt: t.FireAt})
	}
	for _, x := range st.Expired {
		delete(a.meta.Signals, x.Handle)
		delete(a.meta.SignalDeadlines, x.Handle)
		msg := fmt.Sprintf("no signal %q arrived within %s", x.Name, x.Deadline.Sub(x.CreatedAt))
		res = append(res, vm.Resolution{Handle: x.Handle, SettledAt: x.Deadline,
			Failure: &vm.Failure{Reason: vm.TimedOut, Error: mustValue(errorJSON("Timeout", msg))}})
	}
	for h, d := range a.meta.Deadlines {
		id, ok := a.meta.Calls[h]
		if !ok {
			delete(a.meta.Deadlines, h)
			continue
		}
		if d.After(now) {
			continue
		}
		f := &vm.Failure{Reason: vm.TimedOut, ExecutionID: id, Error: mustValue(errorJSON("Timeout", "the child workflow timed out"))}
		res = append(res, a.settle(h, f, value.Null, d)...)
		a.cancel = append(a.cancel, id)
	}
	return res
}

// fromSettled settles the pending calls whose executions finished.
func (a *act) fromSettled(done []store.StepSettled) []vm.Resolution {
	if len(done) == 0 {
		return nil
	}
	handles := make(map[string]int, len(a.meta.Calls))
	for h, id := range a.meta.Calls {
		handles[id] = h
	}
	var res []vm.Resolution
	for _, e := range done {
		h, ok := handles[e.ID]
		if !ok {
			continue
		}
		r := settledResolution(h, e)
		res = append(res, a.settle(h, r.Failure, r.Value, r.SettledAt)...)
	}
	return res
}

// fromDeliveries settles the signal requests that got their signal.
func (a *act) fromDeliveries(ds []store.StepDelivery) []vm.Resolution {
	var res []vm.Resolution
	for _, d := range ds {
		if _, ok := a.meta.Signals[d.Handle]; !ok {
			continue
		}
		v, err := parseJSON(d.Payload)
		if err != nil {
			v = value.Str(string(d.Payload))
		}
		delete(a.meta.Signals, d.Handle)
		delete(a.meta.SignalDeadlines, d.Handle)
		res = append(res, vm.Resolution{Handle: d.Handle, Value: v, SettledAt: d.DeliveredAt})
	}
	return res
}

// settle settles handle h and its aliases, and forgets them.
func (a *act) settle(h int, f *vm.Failure, v value.Value, at time.Time) []vm.Resolution {
	hs := append([]int{h}, a.meta.Aliases[h]...)
	res := make([]vm.Resolution, len(hs))
	for i, x := range hs {
		res[i] = vm.Resolution{Handle: x, Value: v, Failure: f, SettledAt: at}
	}
	delete(a.meta.Calls, h)
	delete(a.meta.Aliases, h)
	delete(a.meta.Deadlines, h)
	return res
}

// clamp keeps settlement times within [last activation, now], in order, as the VM requires.
func (a *act) clamp(res []vm.Resolution, now time.Time) {
	for i := range res {
		t := res[i].SettledAt
		if t.Before(a.meta.LastNow) {
			t = a.meta.LastNow
		}
		if t.After(now) {
			t = now
		}
		res[i].SettledAt = t
	}
	sortResolutions(res)
}

func sortResolutions(res []vm.Resolution) {
	for i := 1; i < len(res); i++ {
		for j := i; j > 0 && res[j].SettledAt.Before(res[j-1].SettledAt); j-- {
			res[j], res[j-1] = res[j-1], res[j]
		}
	}
}

// fail ends the workflow as failed with an error raised by the engine.
func (a *act) fail(code, msg string) error {
	a.r.log.Error("workflow failed in the engine", "execution", a.st.ID, "workflow", a.st.Name, "code", code, "error", msg)
	return a.finish("failed", nil, errorJSON(code, msg))
}

// finish records the end of the workflow; the batch writes it at commit. A workflow that failed
// with retries left (a child workflow started with retries) is retried instead, from its inputs,
// after the backoff of its policy.
func (a *act) finish(status string, output, errJSON json.RawMessage) error {
	if status == "failed" && a.st.Retried+1 < a.st.MaxAttempts && !a.st.CancelRequested {
		b := vm.DefaultBackoff
		if p := store.ParsePolicy(a.st.Options); p.Backoff != nil {
			b = BackoffOf(*p.Backoff)
		}
		a.r.log.Info("workflow failed; retrying", "execution", a.st.ID, "workflow", a.st.Name,
			"retry", a.st.Retried+1, "of", a.st.MaxAttempts-1)
		return a.step.Retry(context.Background(), errJSON, a.step.Now().Add(RetryDelay(b, a.st.Retried+1)))
	}
	return a.step.Finish(context.Background(), status, output, errJSON)
}

// afterCommit logs the end of a finished workflow and cancels the executions listed in
// a.cancel.
func (a *act) afterCommit(ctx context.Context) {
	for _, id := range a.cancel {
		if _, err := a.r.store.RequestCancel(ctx, id); err != nil {
			a.r.log.Warn("cancel after activation", "execution", id, "error", err)
		}
	}
}

// protect runs f, turning a panic (a bug in the compiler or the VM) into an error with its
// stack, so that one broken workflow fails instead of taking the worker down.
func protect(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return f()
}

// errorJSON returns {"code": code, "message": msg}.
func errorJSON(code, msg string) json.RawMessage {
	b, _ := json.Marshal(struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}{code, msg})
	return b
}

func parseJSON(b []byte) (value.Value, error) {
	if len(b) == 0 {
		return value.Null, nil
	}
	return value.FromJSON(b)
}

func mustValue(b []byte) value.Value {
	v, err := value.FromJSON(b)
	if err != nil {
		return value.Str(string(b))
	}
	return v
}
