package store

import (
	"encoding/json"
	"time"
)

// Policy is the retry policy a caller set explicitly on a task (Task.run options or the
// client's task options), kept as JSON in the execution's engine-owned options. Absent fields
// take the defaults of the worker that serves the task.
type Policy struct {
	// Retries is the number of retries after the first attempt.
	Retries *int `json:"retries,omitempty"`
	// TimeoutMS is the per-attempt limit in milliseconds.
	TimeoutMS *int64 `json:"timeout_ms,omitempty"`
	// Backoff is the retry schedule.
	Backoff *BackoffPolicy `json:"backoff,omitempty"`
}

// BackoffPolicy is a retry schedule: retry n starts min(Initial × Factor^(n−1), Max) after the
// failure.
type BackoffPolicy struct {
	InitialMS int64   `json:"initial_ms"`
	MaxMS     int64   `json:"max_ms"`
	Factor    float64 `json:"factor"`
}

// NewBackoffPolicy returns the schedule {initial, max, factor}.
func NewBackoffPolicy(initial, max time.Duration, factor float64) *BackoffPolicy {
	return &BackoffPolicy{InitialMS: initial.Milliseconds(), MaxMS: max.Milliseconds(), Factor: factor}
}

// Initial returns the first wait.
func (b BackoffPolicy) Initial() time.Duration { return time.Duration(b.InitialMS) * time.Millisecond }

// Max returns the longest wait.
func (b BackoffPolicy) Max() time.Duration { return time.Duration(b.MaxMS) * time.Millisecond }

// ParsePolicy reads a Policy from an execution's options; malformed or empty options give the
// zero Policy (all defaults).
func ParsePolicy(options []byte) Policy {
	var p Policy
	if len(options) > 0 {
		_ = json.Unmarshal(options, &p)
	}
	return p
}

// JSON encodes the policy for NewExecution.Options.
func (p Policy) JSON() json.RawMessage {
	b, _ := json.Marshal(p)
	return b
}
