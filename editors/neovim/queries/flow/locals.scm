; Scopes, definitions and references for Flow with nvim-treesitter capture names
; (Neovim 0.7 era: @scope, @definition.var, @definition.function, @definition.parameter,
; @reference).

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
] @scope

(variable_declarator
  name: (identifier) @definition.var)
(for_in_statement
  kind: _
  left: (identifier) @definition.var)
(catch_clause
  parameter: (identifier) @definition.var)
(function_declaration
  name: (identifier) @definition.function)

(shorthand_property_identifier_pattern) @definition.var
(pair_pattern
  value: (identifier) @definition.var)
(array_pattern
  (identifier) @definition.var)
(rest_pattern
  (identifier) @definition.var)
(assignment_pattern
  left: (identifier) @definition.var)

(formal_parameters
  (identifier) @definition.parameter)
(arrow_function
  parameter: (identifier) @definition.parameter)

(identifier) @reference
