; Scopes, definitions and references for Flow (tree-sitter CLI capture names).

[
  (program)
  (statement_block)
  (for_statement)
  (for_in_statement)
  (catch_clause)
  (switch_body)
  (function_declaration)
  (function_expression)
  (arrow_function)
] @local.scope

; Declarations
(variable_declarator
  name: (identifier) @local.definition)
(for_in_statement
  kind: _
  left: (identifier) @local.definition)
(catch_clause
  parameter: (identifier) @local.definition)
(function_declaration
  name: (identifier) @local.definition)

; Destructuring and parameters
(shorthand_property_identifier_pattern) @local.definition
(pair_pattern
  value: (identifier) @local.definition)
(array_pattern
  (identifier) @local.definition)
(rest_pattern
  (identifier) @local.definition)
(assignment_pattern
  left: (identifier) @local.definition)
(formal_parameters
  (identifier) @local.definition)
(arrow_function
  parameter: (identifier) @local.definition)

(identifier) @local.reference
