package parser

// Reserved word classes.
const (
	reservedFlow = iota + 1 // a keyword of Flow (spec §2)
	reservedJS              // a JavaScript keyword that Flow does not have
)

// reservedWords are the names that can never be variables. They remain valid as property
// names after `.`/`?.` and as object keys.
var reservedWords = map[string]int{
	"let": reservedFlow, "const": reservedFlow, "if": reservedFlow, "else": reservedFlow,
	"switch": reservedFlow, "case": reservedFlow, "default": reservedFlow, "while": reservedFlow,
	"do": reservedFlow, "for": reservedFlow, "of": reservedFlow, "in": reservedFlow, "break": reservedFlow,
	"continue": reservedFlow, "return": reservedFlow, "try": reservedFlow, "catch": reservedFlow,
	"finally": reservedFlow, "throw": reservedFlow, "await": reservedFlow, "true": reservedFlow,
	"false": reservedFlow, "null": reservedFlow, "function": reservedFlow, "async": reservedFlow,
	"typeof": reservedFlow, "delete": reservedFlow,

	"var": reservedJS, "new": reservedJS, "class": reservedJS, "instanceof": reservedJS,
	"void": reservedJS, "with": reservedJS, "yield": reservedJS, "import": reservedJS,
	"export": reservedJS, "this": reservedJS, "super": reservedJS, "enum": reservedJS,
	"extends": reservedJS, "static": reservedJS, "debugger": reservedJS,
}
