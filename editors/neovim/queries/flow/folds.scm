; Foldable regions of a Flow file.

[
  (front_matter)
  (comment)
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
  (template_string)
  (class_body)
] @fold
