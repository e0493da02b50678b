package catalog

// BackoffFields are the keys of the `backoff` option (spec §6, §12.3).
var BackoffFields = []Option{
	{Name: "initial", Type: TypeDuration, Doc: "Delay before the first retry (default `\"1s\"`)."},
	{Name: "max", Type: TypeDuration, Doc: "Largest delay between attempts (default `\"5m\"`)."},
	{Name: "factor", Type: TypeNumber, Doc: "Multiplier applied to the delay after each retry, ≥ 1 (default `2`)."},
}

// RunOptions are the options of Task.run and Workflow.run (spec §6, §12.4). An unknown key or a
// value of the wrong kind is a TypeError.
var RunOptions = []Option{
	{Name: "queue", Type: TypeString, Doc: "The named queue to put the work on (default: the default queue)."},
	{Name: "priority", Type: TypeInteger, Doc: "An integer; higher runs first (default `0`). A non-integer is a `TypeError`."},
	{Name: "retries", Type: TypeInteger, Doc: "How many more attempts after a failed first one, an integer ≥ 0 (a negative number is a `RangeError`)."},
	{Name: "timeout", Type: TypeDuration, Doc: "Run-time limit of each attempt; an attempt over it fails with `Timeout`."},
	{Name: "backoff", Type: TypeObject, Fields: BackoffFields,
		Doc: "Delay between attempts `{initial, max, factor}`: the n-th retry starts " +
			"`min(initial × factor^(n−1), max)` after the previous attempt failed (default " +
			"`{initial: \"1s\", factor: 2, max: \"5m\"}`; real time adds up to ±10% jitter)."},
	{Name: "key", Type: TypeString, Doc: "Idempotency key: a second call with the same name and key in the same workflow returns the first handle and starts nothing."},
}

// SignalOptions are the options of Signal.next.
var SignalOptions = []Option{
	{Name: "timeout", Type: TypeDuration, Doc: "If no signal arrives in time, awaiting throws a `Timeout` error and the request is withdrawn."},
}
