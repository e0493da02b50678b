package catalog

// mathEntries are the Math namespace: pure numeric functions and constants, plus the
// intrinsic Math.random.
var mathEntries = []*Entry{
	{
		Name: "Math", Kind: KindNamespace,
		Doc: "Numeric functions and constants, as JavaScript's `Math`. Arguments must be numbers " +
			"(no implicit conversion).",
	},
	{Name: "Math.PI", Kind: KindConstant, Type: TypeNumber, Doc: "π, the ratio of a circle's circumference to its diameter (3.141592653589793)."},
	{Name: "Math.E", Kind: KindConstant, Type: TypeNumber, Doc: "Euler's number e, the base of natural logarithms (2.718281828459045)."},
	math1("abs", "The absolute value of `x`.", `Math.abs(-3)  // 3`),
	math1("ceil", "The smallest integer greater than or equal to `x`.", `Math.ceil(1.2)  // 2`),
	math1("floor", "The largest integer less than or equal to `x`.", `Math.floor(1.8)  // 1`, `Math.floor(-1.5) // -2`),
	math1("round", "`x` rounded to the nearest integer; halves round towards +∞ as in JavaScript.",
		`Math.round(2.5)   // 3`, `Math.round(-2.5)  // -2`),
	math1("trunc", "The integer part of `x` (rounds towards zero).", `Math.trunc(-1.7)  // -1`),
	math1("sign", "The sign of `x`: `1`, `-1`, `0`, `-0` or `NaN`.", `Math.sign(-3)  // -1`),
	{
		Name: "Math.min", Kind: KindFunction, Type: TypeNumber,
		Params:   []Param{rest("values", TypeNumber, "The numbers to compare.")},
		Doc:      "The smallest of the numbers; `Infinity` with no arguments; `NaN` if any is `NaN`.",
		Examples: []string{`Math.min(3, 1, 2)  // 1`, `Math.min(...list)`},
	},
	{
		Name: "Math.max", Kind: KindFunction, Type: TypeNumber,
		Params:   []Param{rest("values", TypeNumber, "The numbers to compare.")},
		Doc:      "The largest of the numbers; `-Infinity` with no arguments; `NaN` if any is `NaN`.",
		Examples: []string{`Math.max(3, 1, 2)  // 3`},
	},
	{
		Name: "Math.pow", Kind: KindFunction, Type: TypeNumber,
		Params: []Param{
			req("base", TypeNumber, "The base."),
			req("exponent", TypeNumber, "The exponent."),
		},
		Doc:      "`base` raised to the power `exponent`, as the `**` operator.",
		Examples: []string{`Math.pow(2, 10)  // 1024`},
	},
	math1("sqrt", "The square root of `x` (`NaN` for a negative number).", `Math.sqrt(9)  // 3`),
	math1("log", "The natural logarithm of `x`.", `Math.log(Math.E)  // 1`),
	math1("log2", "The base-2 logarithm of `x`.", `Math.log2(8)  // 3`),
	math1("log10", "The base-10 logarithm of `x`.", `Math.log10(1000)  // 3`),
	math1("exp", "e raised to the power `x`.", `Math.exp(0)  // 1`),
	{
		Name: "Math.random", Kind: KindFunction, Type: TypeNumber, Intrinsic: true,
		Doc: "A pseudo-random number in [0, 1). Its value becomes part of the workflow's state: it " +
			"is never recomputed when the workflow resumes.",
		Examples: []string{`const jitter = Math.floor(Math.random() * 10)`},
	},
}

// math1 returns a Math function of one number.
func math1(name, doc string, examples ...string) *Entry {
	return &Entry{
		Name: "Math." + name, Kind: KindFunction, Type: TypeNumber,
		Params:   []Param{req("x", TypeNumber, "A number.")},
		Doc:      doc,
		Examples: examples,
	}
}
