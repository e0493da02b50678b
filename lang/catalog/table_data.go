package catalog

// dataEntries are the JSON, Object and Array namespaces.
var dataEntries = []*Entry{
	{Name: "JSON", Kind: KindNamespace, Doc: "Conversion between values and JSON text, as JavaScript's `JSON`."},
	{
		Name: "JSON.stringify", Kind: KindFunction, Type: TypeString,
		Params: []Param{
			req("value", TypeAny, "The value to write."),
			opt("replacer", TypeNull, "Must be `null` (or omitted): replacer functions and lists are not supported."),
			opt("indent", TypeNumberOrString, "A number of spaces (at most 10) or a string (its first 10 characters) to indent nested lines with."),
		},
		Returns: "The JSON text; `null` when `value` itself cannot be written (a promise or a function).",
		Doc: "Writes a value as JSON text, as JavaScript does: keys in insertion order, numbers as " +
			"JavaScript writes them, `NaN` and `±Infinity` as `null`, promise handles and functions " +
			"left out of objects and written as `null` in lists. A cyclic value is a `TypeError`.",
		Examples: []string{`JSON.stringify({a: 1, b: [true, null]})  // '{"a":1,"b":[true,null]}'`, `JSON.stringify(order, null, 2)`},
	},
	{
		Name: "JSON.parse", Kind: KindFunction, Type: TypeAny,
		Params: []Param{req("text", TypeString, "The JSON text.")},
		Doc: "Reads JSON text into a value. Object keys keep the order of the text; a repeated key " +
			"keeps the position of its first occurrence and the value of its last. Malformed text " +
			"is a `SyntaxError` saying what was expected and where.",
		Examples: []string{`JSON.parse('{"b": 1, "a": 2}')  // {b: 1, a: 2}`},
	},

	{Name: "Object", Kind: KindNamespace, Doc: "Functions over the keys and values of objects, as JavaScript's `Object`."},
	{
		Name: "Object.keys", Kind: KindFunction, Type: TypeList,
		Params:  []Param{req("value", TypeAny, "An object, list or string (`null` is a `TypeError`).")},
		Returns: "A list of strings.",
		Doc: "The own keys of an object in insertion order. A list or string gives its indices as " +
			"strings (`\"0\"`, `\"1\"`, …); numbers and booleans give `[]`.",
		Examples: []string{`Object.keys({a: 1, b: 2})  // ["a", "b"]`, `Object.keys(["x", "y"])   // ["0", "1"]`},
	},
	{
		Name: "Object.values", Kind: KindFunction, Type: TypeList,
		Params:   []Param{req("value", TypeAny, "An object, list or string (`null` is a `TypeError`).")},
		Doc:      "The values of an object's own keys in order; a list gives a copy of its elements, a string its UTF-16 code units as strings.",
		Examples: []string{`Object.values({a: 1, b: 2})  // [1, 2]`},
	},
	{
		Name: "Object.entries", Kind: KindFunction, Type: TypeList,
		Params:  []Param{req("value", TypeAny, "An object, list or string (`null` is a `TypeError`).")},
		Returns: "A list of `[key, value]` pairs.",
		Doc:     "The `[key, value]` pairs of an object's own keys in order (indices as strings for lists and strings).",
		Examples: []string{
			`Object.entries({a: 1})  // [["a", 1]]`,
			"for (const [k, v] of Object.entries(totals)) {\n  console.log(k, v)\n}",
		},
	},
	{
		Name: "Object.fromEntries", Kind: KindFunction, Type: TypeObject,
		Params:   []Param{req("entries", TypeList, "A list of `[key, value]` lists; keys are converted to their string form.")},
		Doc:      "Builds an object from `[key, value]` pairs, in order (a repeated key keeps its first position and its last value).",
		Examples: []string{`Object.fromEntries([["a", 1], ["b", 2]])  // {a: 1, b: 2}`},
	},
	{
		Name: "Object.assign", Kind: KindFunction, Type: TypeObject,
		Params: []Param{
			req("target", TypeObject, "The object to copy into (modified in place)."),
			rest("sources", TypeAny, "Objects (or lists and strings, by index) whose keys are copied in order; `null` and other values are skipped."),
		},
		Returns:  "`target`.",
		Doc:      "Copies the keys of each source into `target`, left to right, and returns `target`.",
		Examples: []string{`Object.assign({a: 1}, {b: 2}, {a: 3})  // {a: 3, b: 2}`},
	},

	{Name: "Array", Kind: KindNamespace, Doc: "Functions about lists, as JavaScript's `Array`."},
	{
		Name: "Array.isArray", Kind: KindFunction, Type: TypeBoolean,
		Params:   []Param{req("value", TypeAny, "The value to test.")},
		Doc:      "Reports whether the value is a list.",
		Examples: []string{`Array.isArray([1])  // true`, `Array.isArray({})   // false`},
	},
}
