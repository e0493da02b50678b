; Indentation rules for Flow (current nvim-treesitter / Helix-style capture names:
; @indent.begin, @indent.branch, @indent.end, @indent.dedent, @indent.auto, @indent.ignore).

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
] @indent.begin

[
  "}"
  "]"
  ")"
] @indent.branch @indent.end

(else_clause
  "else" @indent.branch)

[
  (comment)
  (template_string)
  (front_matter)
] @indent.ignore
