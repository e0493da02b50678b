package catalog

// globalEntries are the top-level names that are not namespaces, and the fields of Context.
var globalEntries = []*Entry{
	{
		Name: "Inputs", Kind: KindValue, Type: TypeObject,
		Doc: "The workflow's input object (always an object; a non-object input is rejected when " +
			"the execution is created). It is an ordinary value: the workflow may read and modify " +
			"it, but not rebind the name.",
		Examples: []string{"const orderId = Inputs.orderId", "const { items = [] } = Inputs"},
	},
	{
		Name: "Context", Kind: KindValue, Type: TypeObject,
		Doc: "Facts about the running execution: `executionId`, `workflow`, `version`, `startedAt` " +
			"and `parentId`. An ordinary object the workflow may read and modify, but not rebind.",
		Examples: []string{"console.log(`running ${Context.workflow} as ${Context.executionId}`)"},
	},
	{
		Name: "Context.executionId", Kind: KindProperty, Type: TypeString,
		Doc: "The id of this execution.",
	},
	{
		Name: "Context.workflow", Kind: KindProperty, Type: TypeString,
		Doc: "The workflow's name (its file name without `.flow`).",
	},
	{
		Name: "Context.version", Kind: KindProperty, Type: TypeString,
		Doc: "The version of the definition this execution runs (the SHA-256 of its source).",
	},
	{
		Name: "Context.startedAt", Kind: KindProperty, Type: TypeString,
		Doc: "When the execution started, as an ISO 8601 string such as `2026-01-01T00:00:00.000Z`.",
	},
	{
		Name: "Context.parentId", Kind: KindProperty, Type: TypeString,
		Doc: "The execution id of the parent workflow when this one was started by `Workflow.run`, " +
			"else `null`.",
	},
	{
		Name: "NaN", Kind: KindConstant, Type: TypeNumber,
		Doc: "The number NaN (\"not a number\"), the result of an undefined arithmetic operation. " +
			"It is not equal to anything, itself included: test it with `isNaN`.",
		Examples: []string{`isNaN(NaN)  // true`, `NaN == NaN  // false`},
	},
	{
		Name: "Infinity", Kind: KindConstant, Type: TypeNumber,
		Doc:      "The number +∞ (`-Infinity` is −∞). Note that JSON, and so task inputs and workflow outputs, cannot hold it.",
		Examples: []string{`1 / 0 == Infinity  // true`, `Math.min()  // Infinity`},
	},
	{
		Name: "String", Kind: KindFunction, Type: TypeString,
		Params: []Param{req("value", TypeAny, "The value to convert.")},
		Doc: "Converts any value to its string form, as JavaScript does: numbers as JavaScript " +
			"writes them, lists as their elements' string forms joined by `,` (null elements as " +
			"`\"\"`), objects as `\"[object Object]\"`, `null` as `\"null\"`.",
		Examples: []string{`String(42)        // "42"`, `String([1, null, 2]) // "1,,2"`, `String(0.1 + 0.2) // "0.30000000000000004"`},
	},
	{
		Name: "Number", Kind: KindFunction, Type: TypeNumber,
		Params: []Param{req("value", TypeAny, "The value to convert.")},
		Doc: "Converts any value to a number, as JavaScript does: strings are parsed after " +
			"trimming white space (`\"\"` is `0`, anything unparsable `NaN`), `true`/`false` are " +
			"`1`/`0`, `null` is `0`, a list converts through its string form, an object is `NaN`. " +
			"`Number` is also a namespace holding `Number.isInteger`.",
		Examples: []string{`Number("42")   // 42`, `Number(" 1.5 ") // 1.5`, `Number("abc")  // NaN`},
	},
	{
		Name: "Boolean", Kind: KindFunction, Type: TypeBoolean,
		Params: []Param{req("value", TypeAny, "The value to convert.")},
		Doc: "Converts any value to a boolean by truthiness: `false`, `null`, `0`, `-0`, `NaN` " +
			"and `\"\"` are false, everything else is true.",
		Examples: []string{`Boolean("")  // false`, `Boolean([])  // true`},
	},
	{
		Name: "parseInt", Kind: KindFunction, Type: TypeNumber,
		Params: []Param{
			req("text", TypeAny, "The text to parse; any other value is converted to its string form first."),
			opt("radix", TypeInteger, "The base, 2 to 36; omitted or 0 means 10, or 16 when the text starts with `0x`."),
		},
		Returns: "The integer read from the start of the text, or `NaN` when there is none.",
		Doc: "Parses an integer from the start of a string, as JavaScript does: leading white space " +
			"is skipped, a sign is allowed, parsing stops at the first character that is not a digit " +
			"of the radix.",
		Examples: []string{`parseInt("42px")    // 42`, `parseInt("ff", 16)  // 255`, `parseInt("x")       // NaN`},
	},
	{
		Name: "parseFloat", Kind: KindFunction, Type: TypeNumber,
		Params:  []Param{req("text", TypeAny, "The text to parse; any other value is converted to its string form first.")},
		Returns: "The number read from the start of the text, or `NaN` when there is none.",
		Doc: "Parses a decimal number from the start of a string, as JavaScript does (leading white " +
			"space skipped; `Infinity` accepted; parsing stops at the first character that cannot " +
			"continue the number).",
		Examples: []string{`parseFloat("3.5kg")  // 3.5`, `parseFloat("1e3")    // 1000`},
	},
	{
		Name: "isNaN", Kind: KindFunction, Type: TypeBoolean,
		Params:   []Param{req("value", TypeAny, "The value to test; converted as by `Number(value)`.")},
		Doc:      "Reports whether the value, converted to a number as `Number(value)` does, is `NaN`.",
		Examples: []string{`isNaN("abc")  // true`, `isNaN("12")   // false`},
	},
	{
		Name: "Number.isInteger", Kind: KindFunction, Type: TypeBoolean,
		Params:   []Param{req("value", TypeAny, "The value to test (not converted).")},
		Doc:      "Reports whether the value is a number with no fractional part (not `NaN` or `±Infinity`). Other kinds give `false`.",
		Examples: []string{`Number.isInteger(5)    // true`, `Number.isInteger(5.5)  // false`, `Number.isInteger("5")  // false`},
	},
}
