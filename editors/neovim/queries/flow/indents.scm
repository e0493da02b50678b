; Indentation rules for Flow with nvim-treesitter capture names of the Neovim 0.7 era
; (@indent, @branch, @dedent, @ignore, @auto).

[
  (statement_block)
  (switch_body)
  (switch_case)
  (switch_default)
  (object)
  (object_pattern)
  (array)
  (array_pattern)
  (arguments)
  (formal_parameters)
  (parenthesized_expression)
  (class_body)
  (named_imports)
  (export_clause)
  (template_substitution)
] @indent

[
  "}"
  "]"
  ")"
] @branch

(else_clause
  "else" @branch)

[
  (comment)
  (template_string)
  (front_matter)
] @ignore
