; Syntax highlighting for Flow (tree-sitter CLI / GitHub capture names).
; When several patterns match a node the last one wins, so general patterns come first.

(identifier) @variable

; Properties and labels
(property_identifier) @property
(shorthand_property_identifier) @variable
(shorthand_property_identifier_pattern) @variable
(statement_identifier) @label

; Built-in namespaces and values
((identifier) @variable.builtin
  (#match? @variable.builtin
    "^(Inputs|Context|Math|JSON|Object|Array|Number|String|Boolean|Promise|Task|Workflow|Timer|Signal|Date|Time|console)$"))

; Parameters
(formal_parameters
  (identifier) @variable.parameter)
(formal_parameters
  (assignment_pattern
    left: (identifier) @variable.parameter))
(formal_parameters
  (rest_pattern
    (identifier) @variable.parameter))
(arrow_function
  parameter: (identifier) @variable.parameter)

; Calls
(call_expression
  function: (identifier) @function)
(call_expression
  function: (member_expression
    property: (property_identifier) @function.method))
((call_expression
  function: (identifier) @function.builtin)
  (#match? @function.builtin "^(String|Number|Boolean|parseInt|parseFloat|isNaN)$"))

; Function definitions
(function_declaration
  name: (identifier) @function)
(function_expression
  name: (identifier) @function)
(method_definition
  name: (property_identifier) @function.method)
(variable_declarator
  name: (identifier) @function
  value: [
    (arrow_function)
    (function_expression)
  ])

; Literals
(string) @string
(template_string) @string
(escape_sequence) @string.special
(regex) @string.special
(number) @number
[
  (true)
  (false)
  (null)
] @constant.builtin
(this) @variable.builtin

; Keywords
[
  "as"
  "async"
  "await"
  "break"
  "case"
  "catch"
  "class"
  "const"
  "continue"
  "default"
  "delete"
  "do"
  "else"
  "export"
  "extends"
  "finally"
  "for"
  "from"
  "function"
  "if"
  "import"
  "in"
  "instanceof"
  "let"
  "new"
  "of"
  "return"
  "static"
  "switch"
  "throw"
  "try"
  "typeof"
  "var"
  "void"
  "while"
  "with"
] @keyword

; Operators
[
  "="
  "+="
  "-="
  "*="
  "/="
  "%="
  "**="
  "??="
  "||="
  "&&="
  "=="
  "!="
  "==="
  "!=="
  "<"
  "<="
  ">"
  ">="
  "+"
  "-"
  "*"
  "/"
  "%"
  "**"
  "!"
  "~"
  "++"
  "--"
  "&&"
  "||"
  "??"
  "?"
  "=>"
  "..."
] @operator

; Punctuation
[
  "("
  ")"
  "["
  "]"
  "{"
  "}"
] @punctuation.bracket
[
  ";"
  ","
  "."
  ":"
  (optional_chain)
] @punctuation.delimiter

(template_substitution
  [
    "${"
    "}"
  ] @punctuation.special)

; Comments and front matter
(comment) @comment
(front_matter) @embedded
