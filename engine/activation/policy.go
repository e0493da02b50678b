package activation

import (
	"math/rand/v2"
	"time"

	"github.com/rhythmflow/rhythm/engine/store"
	"github.com/rhythmflow/rhythm/engine/vm"
)

// BackoffOf returns a stored schedule as a vm.Backoff.
func BackoffOf(b store.BackoffPolicy) vm.Backoff {
	return vm.Backoff{Initial: b.Initial(), Max: b.Max(), Factor: b.Factor}
}

// PolicyOf converts a schedule into its stored form.
func PolicyOf(b vm.Backoff) *store.BackoffPolicy {
	return store.NewBackoffPolicy(b.Initial, b.Max, b.Factor)
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
