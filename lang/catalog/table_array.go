package catalog

// arrayEntries are the property and methods of every list, then the callback methods of spec §9
// that need functions.
var arrayEntries = []*Entry{
	{
		Name: "array.length", Kind: KindProperty, Type: TypeInteger,
		Doc:      "The number of elements.",
		Examples: []string{`[1, 2, 3].length  // 3`},
	},
	arrMethod("at", TypeAny, "The element at `index`; a negative index counts from the end; `null` when out of range.",
		[]Param{req("index", TypeInteger, "Position; negative counts from the end.")}, `[1, 2, 3].at(-1)  // 3`),
	arrMethod("concat", TypeList, "A new list: this list's elements followed by each argument (a list argument contributes its elements, one level deep).",
		[]Param{rest("items", TypeAny, "Lists or values to append.")}, `[1].concat([2, 3], 4)  // [1, 2, 3, 4]`),
	arrMethod("flat", TypeList, "A new list with nested lists flattened `depth` levels deep.",
		[]Param{opt("depth", TypeNumber, "How many levels (default 1; `Infinity` flattens completely; fractions are truncated).")},
		`[1, [2, [3]]].flat()          // [1, 2, [3]]`, `[1, [2, [3]]].flat(Infinity)  // [1, 2, 3]`),
	arrMethod("includes", TypeBoolean, "Reports whether an element equals `value` (strict equality, except that `NaN` matches `NaN`).",
		[]Param{req("value", TypeAny, "The value to look for."), opt("from", TypeInteger, "Where to start; negative counts from the end.")},
		`[1, 2].includes(2)  // true`),
	arrMethod("indexOf", TypeInteger, "The first index of an element strictly equal to `value`, or `-1`.",
		[]Param{req("value", TypeAny, "The value to look for."), opt("from", TypeInteger, "Where to start; negative counts from the end.")},
		`["a", "b"].indexOf("b")  // 1`),
	arrMethod("lastIndexOf", TypeInteger, "The last index of an element strictly equal to `value`, or `-1`.",
		[]Param{req("value", TypeAny, "The value to look for."), opt("from", TypeInteger, "Latest index to consider; negative counts from the end.")},
		`[1, 2, 1].lastIndexOf(1)  // 2`),
	arrMethod("join", TypeString, "The elements' string forms joined by `separator` (`null` elements as `\"\"`).",
		[]Param{opt("separator", TypeString, "Between elements (default `\",\"`).")}, `[1, null, 2].join("-")  // "1--2"`),
	arrMethod("slice", TypeList, "A new list of the elements from `start` up to (not including) `end`; negative positions count from the end.",
		[]Param{opt("start", TypeInteger, "First index (default 0)."), opt("end", TypeInteger, "Index after the last (default: the length).")},
		`[1, 2, 3, 4].slice(1, 3)  // [2, 3]`),
	arrMethod("reverse", TypeList, "Reverses the list in place and returns it.", nil, `[1, 2, 3].reverse()  // [3, 2, 1]`),
	arrMethod("push", TypeInteger, "Appends the values in place and returns the new length.",
		[]Param{rest("items", TypeAny, "The values to append.")}, `list.push(4, 5)`),
	arrMethod("pop", TypeAny, "Removes and returns the last element (`null` for an empty list).", nil, `[1, 2].pop()  // 2`),
	arrMethod("shift", TypeAny, "Removes and returns the first element (`null` for an empty list).", nil, `[1, 2].shift()  // 1`),
	arrMethod("unshift", TypeInteger, "Inserts the values at the start in place and returns the new length.",
		[]Param{rest("items", TypeAny, "The values to insert.")}, `list.unshift(0)`),
	arrMethod("splice", TypeList, "Removes `count` elements from `start` in place, inserts `items` there, and returns the removed elements.",
		[]Param{
			opt("start", TypeInteger, "Where to start; negative counts from the end (omitted: nothing is removed)."),
			opt("count", TypeInteger, "How many to remove (default: all from `start`)."),
			rest("items", TypeAny, "The values to insert."),
		},
		`const removed = list.splice(1, 2)`, `list.splice(0, 0, "first")`),
	arrMethod("sort", TypeList, "Sorts the list in place by the elements' string forms (UTF-16 code unit order, stable) and returns it, as JavaScript's `sort()` without a comparator. Comparator functions need functions (§9).",
		[]Param{opt("compare", TypeFunction, "A comparator (not available yet: pass nothing).")},
		`["b", "a", "c"].sort()  // ["a", "b", "c"]`, `[10, 9, 1].sort()       // [1, 10, 9]`),

	callback("map", TypeList, "A new list of the callback's results.", "(element, index, list) => value"),
	callback("filter", TypeList, "A new list of the elements for which the callback is truthy.", "(element, index, list) => keep"),
	{
		Name: "array.reduce", Kind: KindMethod, Type: TypeAny, NeedsFunctions: true,
		Params: []Param{
			req("callback", TypeFunction, "`(accumulator, element, index, list) => accumulator`."),
			opt("initial", TypeAny, "The first accumulator (default: the first element)."),
		},
		Doc: "Folds the list left to right into one value. Needs functions (§9): not available yet.",
	},
	callback("find", TypeAny, "The first element for which the callback is truthy, or `null`.", "(element, index, list) => found"),
	callback("findIndex", TypeInteger, "The index of the first element for which the callback is truthy, or `-1`.", "(element, index, list) => found"),
	callback("some", TypeBoolean, "Reports whether the callback is truthy for some element.", "(element, index, list) => test"),
	callback("every", TypeBoolean, "Reports whether the callback is truthy for every element.", "(element, index, list) => test"),
	callback("flatMap", TypeList, "The callback's results, with list results flattened one level.", "(element, index, list) => values"),
	callback("forEach", TypeNull, "Calls the callback for every element.", "(element, index, list) => {}"),
}

// arrMethod returns a method of every list.
func arrMethod(name string, result Type, doc string, params []Param, examples ...string) *Entry {
	return &Entry{Name: "array." + name, Kind: KindMethod, Type: result, Params: params, Doc: doc, Examples: examples}
}

// callback returns a callback method of spec §9 (flagged NeedsFunctions).
func callback(name string, result Type, doc, shape string) *Entry {
	return &Entry{
		Name: "array." + name, Kind: KindMethod, Type: result, NeedsFunctions: true,
		Params: []Param{req("callback", TypeFunction, "`"+shape+"`.")},
		Doc:    doc + " Needs functions (§9): not available yet.",
	}
}
