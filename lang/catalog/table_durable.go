package catalog

// durableEntries are the namespaces of durable operations (spec §6) and of the clock and the
// log. All of them are implemented by the VM.
var durableEntries = []*Entry{
	{Name: "Promise", Kind: KindNamespace, Doc: "Combinators over promise handles, as JavaScript's `Promise`, over a list or an object of handles (object in, object out)."},
	combinator("all",
		"Settles when every element has settled: with the list (or object) of their values, or "+
			"with the earliest rejection. Non-promise elements are values that settle at once.",
		`const [a, b] = await Promise.all([Task.run("a"), Task.run("b")])`,
		`const {user, cart} = await Promise.all({user: Task.run("load_user"), cart: Task.run("load_cart")})`),
	combinator("allSettled",
		"Settles when every element has settled, with `{status: \"fulfilled\", value}` or "+
			"`{status: \"rejected\", reason}` for each, keyed like the input. Never rejects.",
		`const results = await Promise.allSettled(handles)`),
	combinator("any",
		"Settles with the earliest fulfilled value; rejects with an `AggregateError` whose "+
			"`errors` lists every failure in input order when all fail (`Promise.any([])` "+
			"rejects at once).",
		`const fastest = await Promise.any([Task.run("mirror_a"), Task.run("mirror_b")])`),
	combinator("race",
		"Settles like the earliest element to settle (fulfilled or rejected); ties go to the "+
			"first in input order. `Promise.race([])` never settles.",
		`const first = await Promise.race([Task.run("work"), Timer.delay("1h")])`),
	combinator("any_kv",
		"As `Promise.any`, but settles with `{key, value}`: `key` is the winner's index (a number "+
			"for a list) or key (a string for an object). Kept for compatibility.",
		`const {key, value} = await Promise.any_kv({a: Task.run("a"), b: Task.run("b")})`),
	combinator("race_kv",
		"As `Promise.race`, but settles with `{key, value}`: `key` is the winner's index (a "+
			"number for a list) or key (a string for an object). Kept for compatibility.",
		`const {key} = await Promise.race_kv({done: Task.run("work"), late: Timer.delay("1h")})`),

	{Name: "Task", Kind: KindNamespace, Doc: "Starts tasks: Go functions registered by workers."},
	{
		Name: "Task.run", Kind: KindFunction, Type: TypePromise, Durable: true, Intrinsic: true,
		Params: []Param{
			req("name", TypeString, "The registered task name."),
			opt("inputs", TypeObject, "The task's input object (default `{}`); it must be convertible to JSON."),
			opt("options", TypeOptions, "Queue, priority, retries, timeout, backoff and idempotency key."),
		},
		Options: RunOptions,
		Returns: "A handle that settles with the task's output, or rejects with `TaskFailed` " +
			"(`Timeout` if the last attempt timed out, `Cancelled` if it was cancelled).",
		Doc: "Starts task `name` and returns its handle at once. The task runs even if the handle " +
			"is never awaited (fire and forget). A failed task is retried `retries` times with " +
			"`backoff` before its handle rejects.",
		Examples: []string{
			`const receipt = await Task.run("charge_card", {orderId: Inputs.orderId, amount: 42})`,
			`await Task.run("send_email", {to}, {retries: 3, timeout: "30s", queue: "mail"})`,
		},
	},

	{Name: "Workflow", Kind: KindNamespace, Doc: "Starts child workflows."},
	{
		Name: "Workflow.run", Kind: KindFunction, Type: TypePromise, Durable: true, Intrinsic: true,
		Params: []Param{
			req("name", TypeString, "The child workflow's name (its `.flow` file name)."),
			opt("inputs", TypeObject, "The child's input object (default `{}`)."),
			opt("options", TypeOptions, "Queue, priority, retries, timeout, backoff and idempotency key."),
		},
		Options: RunOptions,
		Returns: "A handle that settles with the child's output, or rejects with `WorkflowFailed` " +
			"(`Timeout`, `Cancelled`).",
		Doc:      "Starts a child workflow and returns its handle at once. In the child, `Context.parentId` is this execution's id.",
		Examples: []string{`const shipment = await Workflow.run("ship_order", {orderId: Inputs.orderId})`},
	},

	{Name: "Timer", Kind: KindNamespace, Doc: "Durable timers."},
	{
		Name: "Timer.delay", Kind: KindFunction, Type: TypePromise, Durable: true, Intrinsic: true,
		Params:   []Param{req("duration", TypeDuration, "Seconds (a number ≥ 0) or a string such as `\"500ms\"`, `\"1h30m\"`, `\"7d\"`.")},
		Returns:  "A handle that settles with `null` when the timer fires.",
		Doc:      "A timer that fires `duration` after the call. A negative or malformed duration is a `TypeError`.",
		Examples: []string{`await Timer.delay("1h")`, `await Timer.delay(90)`},
	},
	{
		Name: "Timer.until", Kind: KindFunction, Type: TypePromise, Durable: true, Intrinsic: true,
		Params:   []Param{req("time", TypeInstant, "An RFC 3339 instant with `Z` or an offset.")},
		Returns:  "A handle that settles with `null` when the timer fires.",
		Doc:      "A timer that fires at an instant; an instant in the past fires at once. A malformed instant is a `TypeError`.",
		Examples: []string{`await Timer.until("2026-12-24T18:00:00Z")`},
	},

	{Name: "Signal", Kind: KindNamespace, Doc: "Signals sent to this workflow from outside."},
	{
		Name: "Signal.next", Kind: KindFunction, Type: TypePromise, Durable: true, Intrinsic: true,
		Params: []Param{
			req("name", TypeString, "The signal name."),
			opt("options", TypeOptions, "`timeout`."),
		},
		Options: SignalOptions,
		Returns: "A handle that settles with the signal's payload, or rejects with `Timeout`.",
		Doc: "Requests the next signal called `name`. Requests for a name are matched to its " +
			"signals in order, so every signal is delivered to exactly one request; signals sent " +
			"before any request wait. Each call consumes a signal: await it.",
		Examples: []string{`const approval = await Signal.next("approved", {timeout: "2d"})`},
	},

	{Name: "Date", Kind: KindNamespace, Doc: "The clock, in milliseconds."},
	{
		Name: "Date.now", Kind: KindFunction, Type: TypeNumber, Intrinsic: true,
		Doc: "Milliseconds since the Unix epoch, read from the executing worker's clock. The value " +
			"becomes part of the workflow's state.",
		Examples: []string{`const started = Date.now()`},
	},
	{Name: "Time", Kind: KindNamespace, Doc: "The clock, as ISO 8601 strings."},
	{
		Name: "Time.now", Kind: KindFunction, Type: TypeString, Intrinsic: true,
		Doc:      "The current instant as JavaScript's `toISOString()` writes it, e.g. `2026-01-01T00:00:00.000Z`.",
		Examples: []string{`const at = Time.now()`},
	},
	{Name: "console", Kind: KindNamespace, Doc: "The workflow's log."},
	{
		Name: "console.log", Kind: KindFunction, Type: TypeNull, Intrinsic: true,
		Params: []Param{rest("values", TypeAny, "The values to write.")},
		Doc: "Writes one log line: the string forms of the values separated by one space, lists " +
			"and objects as `JSON.stringify` writes them (a cyclic reference as `\"[Circular]\"`). " +
			"Shown by the CLI and the worker log; never throws and does not change the result.",
		Examples: []string{`console.log("total", total, {items})`},
	},
}

// combinator returns a Promise combinator entry.
func combinator(name, doc string, examples ...string) *Entry {
	return &Entry{
		Name: "Promise." + name, Kind: KindFunction, Type: TypePromise, Durable: true, Intrinsic: true,
		Params:   []Param{req("handles", TypeCollection, "A list or an object of handles (other elements are values that settle at once).")},
		Doc:      doc,
		Examples: examples,
	}
}
