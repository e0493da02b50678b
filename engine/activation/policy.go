package activation

import (
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/rhythmflow/rhythm/engine/vm"
)

// Policy is the retry policy a caller set explicitly on a task (Task.run options or the client's
// task options), kept in the execution's engine-owned options as JSON. Absent fields take the
// defaults of the worker that serves the task.
type Policy struct {
	// Retries is the number of retries after the first attempt.
	Retries *int `json:"retries,omitempty"`
	// TimeoutMS is the per-attempt limit in milliseconds.
	TimeoutMS *int64 `json:"timeout_ms,omitempty"`
	// Backoff is the retry schedule.
	Backoff *BackoffPolicy `json:"backoff,omitempty"`
}

// BackoffPolicy is a retry schedule in milliseconds.
type BackoffPolicy struct {
	InitialMS int64   `json:"initial_ms"`
	MaxMS     int64   `json:"max_ms"`
	Factor    float64 `json:"factor"`
}

// Backoff returns the schedule as a vm.Backoff.
func (b BackoffPolicy) Backoff() vm.Backoff {
	return vm.Backoff{Initial: time.Duration(b.InitialMS) * time.Millisecond, Max: time.Duration(b.MaxMS) * time.Millisecond, Factor: b.Factor}
}

// PolicyOf converts a schedule into its JSON form.
func PolicyOf(b vm.Backoff) *BackoffPolicy {
	return &BackoffPolicy{InitialMS: b.Initial.Milliseconds(), MaxMS: b.Max.Milliseconds(), Factor: b.Factor}
}

// ParsePolicy reads a Policy from an execution's options; malformed or empty options give the
// zero Policy (all defaults).
func ParsePolicy(options []byte) Policy {
	var p Policy
	if len(options) > 0 {
		_ = json.Unmarshal(options, &p)
	}
	return p
}

// JSON encodes the policy.
func (p Policy) JSON() json.RawMessage {
	b, _ := json.Marshal(p)
	return b
}

// RetryDelay is the wait before retry n (n ≥ 1) under b: min(initial × factor^(n−1), max), with
// ±10% jitter (spec §12.3).
func RetryDelay(b vm.Backoff, n int) time.Duration {
	if b.Factor < 1 {
		b.Factor = 1
	}
	d := float64(b.Initial)
	for i := 1; i < n && d < float64(b.Max); i++ {
		d *= b.Factor
	}
	if b.Max > 0 && d > float64(b.Max) {
		d = float64(b.Max)
	}
	d *= 0.9 + 0.2*rand.Float64()
	return time.Duration(d)
}
