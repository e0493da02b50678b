; Syntax highlighting for Flow with nvim-treesitter capture names (Neovim 0.7 era:
; @conditional, @repeat, @exception, @include, @keyword.function, @keyword.return,
; @keyword.operator, @parameter, @method.call, @function.call, ...).
; Neovim applies every matching capture and a later pattern wins, so general patterns
; come first.

(identifier) @variable

(property_identifier) @property
(shorthand_property_identifier) @variable
(shorthand_property_identifier_pattern) @variable
(statement_identifier) @label

; Built-in namespaces and values
((identifier) @variable.builtin
  (#any-of? @variable.builtin
    "Inputs" "Context" "Math" "JSON" "Object" "Array" "Number" "String" "Boolean" "Promise"
    "Task" "Workflow" "Timer" "Signal" "Date" "Time" "console"))
(this) @variable.builtin

; Parameters
(formal_parameters
  (identifier) @parameter)
(formal_parameters
  (assignment_pattern
    left: (identifier) @parameter))
(formal_parameters
  (rest_pattern
    (identifier) @parameter))
(arrow_function
  parameter: (identifier) @parameter)

; Calls
(call_expression
  function: (identifier) @function.call)
(call_expression
  function: (member_expression
    property: (property_identifier) @method.call))
((call_expression
  function: (identifier) @function.builtin)
  (#any-of? @function.builtin "String" "Number" "Boolean" "parseInt" "parseFloat" "isNaN"))

; Function definitions
(function_declaration
  name: (identifier) @function)
(function_expression
  name: (identifier) @function)
(method_definition
  name: (property_identifier) @method)
(variable_declarator
  name: (identifier) @function
  value: [
    (arrow_function)
    (function_expression)
  ])

; Literals
(string) @string
(template_string) @string
(escape_sequence) @string.escape
(regex) @string.regex
(number) @number
[
  (true)
  (false)
] @boolean
(null) @constant.builtin

; Keywords
[
  "let"
  "const"
  "var"
  "class"
  "extends"
  "static"
  "with"
  "new"
  "async"
  "await"
] @keyword

"function" @keyword.function

"return" @keyword.return

[
  "typeof"
  "delete"
  "void"
  "instanceof"
  "in"
  "of"
] @keyword.operator

[
  "if"
  "else"
  "switch"
  "case"
  "default"
] @conditional

[
  "while"
  "do"
  "for"
  "break"
  "continue"
] @repeat

[
  "try"
  "catch"
  "finally"
  "throw"
] @exception

[
  "import"
  "export"
  "from"
  "as"
] @include

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
(front_matter) @text.literal
