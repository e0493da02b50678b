/**
 * @file Tree-sitter grammar for Flow, the workflow language of Rhythm.
 *
 * Flow is a small subset of JavaScript. The grammar also reads a handful of JavaScript
 * constructs that Flow rejects (var, new, class, import, export, with, this, instanceof,
 * void) as distinct node types, so that the front end can explain that they are not part of
 * the language. Semicolons are inserted automatically by the external scanner
 * (src/scanner.c) following the ECMAScript rules.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const PREC = {
  assign: 1,
  ternary: 2,
  nullish: 3,
  or: 4,
  and: 5,
  equality: 8,
  relational: 9,
  additive: 11,
  multiplicative: 12,
  exponent: 13,
  unary: 14,
  update: 15,
  new: 16,
  call: 17,
  member: 18,
};

/**
 * One or more `rule` separated by commas.
 * @param {RuleOrLiteral} rule
 */
function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

/**
 * Zero or more `rule` separated by commas, with an optional trailing comma.
 * @param {RuleOrLiteral} rule
 */
function commaSepTrailing(rule) {
  return optional(seq(commaSep1(rule), optional(',')));
}

module.exports = grammar({
  name: 'flow',

  externals: $ => [
    $._automatic_semicolon,
    $._no_line_break,
    $._template_chars,
    $.front_matter,
    $._error_sentinel,
  ],

  extras: $ => [$.comment, /[\s\uFEFF\u2028\u2029\u00A0]/],

  word: $ => $.identifier,

  // Keywords are never names, except as property names after `.`/`?.` and as object and
  // pattern keys (spec §2, §12.11), where the empty `properties` set applies.
  reserved: {
    global: _ => [
      'let', 'const', 'if', 'else', 'switch', 'case', 'default', 'while', 'do', 'for', 'of',
      'in', 'break', 'continue', 'return', 'try', 'catch', 'finally', 'throw', 'await',
      'true', 'false', 'null', 'function', 'async', 'typeof', 'delete',
      'var', 'new', 'class', 'instanceof', 'void', 'with', 'import', 'export', 'this',
      'extends',
    ],
    properties: _ => [],
  },

  supertypes: $ => [$.statement, $.expression, $.pattern],

  inline: $ => [$._semicolon, $._property_name, $._lhs_expression, $.primary_expression],

  conflicts: $ => [
    [$.expression, $.pattern],
    [$.array, $.array_pattern],
    [$.object, $.object_pattern],
    [$.object_assignment_pattern, $.object_default],
    [$.expression, $.for_in_statement],
  ],

  rules: {
    program: $ => seq(
      optional($.front_matter),
      repeat($.statement),
    ),

    // ------------------------------------------------------------------ statements

    statement: $ => choice(
      $.lexical_declaration,
      $.variable_declaration,
      $.function_declaration,
      $.class_declaration,
      $.import_statement,
      $.export_statement,
      $.expression_statement,
      $.statement_block,
      $.empty_statement,
      $.if_statement,
      $.switch_statement,
      $.while_statement,
      $.do_statement,
      $.for_statement,
      $.for_in_statement,
      $.break_statement,
      $.continue_statement,
      $.return_statement,
      $.throw_statement,
      $.try_statement,
      $.labeled_statement,
      $.with_statement,
    ),

    _semicolon: $ => choice($._automatic_semicolon, ';'),

    expression_statement: $ => seq(field('expression', $.expression), $._semicolon),

    lexical_declaration: $ => seq(
      field('kind', choice('let', 'const')),
      commaSep1(field('declarator', $.variable_declarator)),
      $._semicolon,
    ),

    variable_declaration: $ => seq(
      field('kind', 'var'),
      commaSep1(field('declarator', $.variable_declarator)),
      $._semicolon,
    ),

    variable_declarator: $ => seq(
      field('name', $.pattern),
      optional(seq('=', field('value', $.expression))),
    ),

    // The optional zero-width semicolon after `}` makes `{}` at the end of a line a block:
    // without it the scanner's inserted semicolon would only fit an object literal.
    statement_block: $ => prec.right(1, seq(
      '{',
      repeat($.statement),
      '}',
      optional($._automatic_semicolon),
    )),

    empty_statement: _ => ';',

    if_statement: $ => prec.right(seq(
      'if',
      field('condition', $.parenthesized_expression),
      field('consequence', $.statement),
      optional(field('alternative', $.else_clause)),
    )),

    else_clause: $ => seq('else', field('body', $.statement)),

    switch_statement: $ => seq(
      'switch',
      field('value', $.parenthesized_expression),
      field('body', $.switch_body),
    ),

    switch_body: $ => seq(
      '{',
      repeat(choice($.switch_case, $.switch_default)),
      '}',
    ),

    switch_case: $ => seq(
      'case',
      field('value', $.expression),
      ':',
      repeat(field('body', $.statement)),
    ),

    switch_default: $ => seq(
      'default',
      ':',
      repeat(field('body', $.statement)),
    ),

    while_statement: $ => seq(
      'while',
      field('condition', $.parenthesized_expression),
      field('body', $.statement),
    ),

    do_statement: $ => prec.right(seq(
      'do',
      field('body', $.statement),
      'while',
      field('condition', $.parenthesized_expression),
      optional($._semicolon),
    )),

    for_statement: $ => seq(
      'for',
      '(',
      optional(field('initializer', choice(
        alias($._for_lexical_declaration, $.lexical_declaration),
        alias($._for_variable_declaration, $.variable_declaration),
        $.expression,
      ))),
      ';',
      optional(field('condition', $.expression)),
      ';',
      optional(field('increment', $.expression)),
      ')',
      field('body', $.statement),
    ),

    _for_lexical_declaration: $ => seq(
      field('kind', choice('let', 'const')),
      commaSep1(field('declarator', $.variable_declarator)),
    ),

    _for_variable_declaration: $ => seq(
      field('kind', 'var'),
      commaSep1(field('declarator', $.variable_declarator)),
    ),

    for_in_statement: $ => seq(
      'for',
      '(',
      choice(
        seq(field('kind', choice('let', 'const', 'var')), field('left', $.pattern)),
        field('left', $._lhs_expression),
      ),
      field('operator', choice('of', 'in')),
      field('right', $.expression),
      ')',
      field('body', $.statement),
    ),

    break_statement: $ => seq(
      'break',
      optional(seq($._no_line_break, field('label', alias($.identifier, $.statement_identifier)))),
      $._semicolon,
    ),

    continue_statement: $ => seq(
      'continue',
      optional(seq($._no_line_break, field('label', alias($.identifier, $.statement_identifier)))),
      $._semicolon,
    ),

    return_statement: $ => seq(
      'return',
      optional(seq($._no_line_break, field('argument', $.expression))),
      $._semicolon,
    ),

    throw_statement: $ => seq(
      'throw',
      optional(seq($._no_line_break, field('argument', $.expression))),
      $._semicolon,
    ),

    try_statement: $ => seq(
      'try',
      field('body', $.statement_block),
      optional(field('handler', $.catch_clause)),
      optional(field('finalizer', $.finally_clause)),
    ),

    catch_clause: $ => seq(
      'catch',
      optional(seq('(', field('parameter', $.pattern), ')')),
      field('body', $.statement_block),
    ),

    finally_clause: $ => seq('finally', field('body', $.statement_block)),

    labeled_statement: $ => prec.dynamic(-1, seq(
      field('label', alias($.identifier, $.statement_identifier)),
      ':',
      field('body', $.statement),
    )),

    with_statement: $ => seq(
      'with',
      field('object', $.parenthesized_expression),
      field('body', $.statement),
    ),

    // ------------------------------------------------------------------ functions (§9)

    function_declaration: $ => prec.right(1, seq(
      optional(field('async', 'async')),
      'function',
      field('name', $.identifier),
      field('parameters', $.formal_parameters),
      field('body', $.statement_block),
      optional($._automatic_semicolon),
    )),

    function_expression: $ => prec.right(seq(
      optional(field('async', 'async')),
      'function',
      optional(field('name', $.identifier)),
      field('parameters', $.formal_parameters),
      field('body', $.statement_block),
    )),

    arrow_function: $ => prec.right(PREC.assign, seq(
      optional(field('async', 'async')),
      choice(
        field('parameter', $.identifier),
        field('parameters', $.formal_parameters),
      ),
      '=>',
      field('body', choice($.expression, $.statement_block)),
    )),

    formal_parameters: $ => seq(
      '(',
      commaSepTrailing(field('parameter', choice($.pattern, $.assignment_pattern, $.rest_pattern))),
      ')',
    ),

    // ------------------------------------------------------------------ unsupported JavaScript

    class_declaration: $ => seq(
      'class',
      field('name', $.identifier),
      optional(seq('extends', field('superclass', $.expression))),
      field('body', $.class_body),
    ),

    class_body: $ => seq(
      '{',
      repeat(choice(
        field('member', $.method_definition),
        seq(field('member', $.field_definition), $._semicolon),
        ';',
      )),
      '}',
    ),

    method_definition: $ => seq(
      optional('static'),
      optional(field('async', 'async')),
      field('name', $._property_name),
      field('parameters', $.formal_parameters),
      field('body', $.statement_block),
    ),

    field_definition: $ => seq(
      optional('static'),
      field('property', $._property_name),
      optional(seq('=', field('value', $.expression))),
    ),

    import_statement: $ => seq(
      'import',
      choice(
        field('source', $.string),
        seq(field('clause', $.import_clause), 'from', field('source', $.string)),
      ),
      $._semicolon,
    ),

    import_clause: $ => choice(
      $.namespace_import,
      $.named_imports,
      seq($.identifier, optional(seq(',', choice($.namespace_import, $.named_imports)))),
    ),

    namespace_import: $ => seq('*', 'as', $.identifier),

    named_imports: $ => seq('{', commaSepTrailing($.import_specifier), '}'),

    import_specifier: $ => seq(
      field('name', reserved('properties', alias($.identifier, $.property_identifier))),
      optional(seq('as', field('alias', $.identifier))),
    ),

    export_statement: $ => choice(
      seq('export', field('declaration', choice(
        $.lexical_declaration,
        $.variable_declaration,
        $.function_declaration,
        $.class_declaration,
      ))),
      seq('export', 'default', field('value', $.expression), $._semicolon),
      seq('export', $.export_clause, optional(seq('from', field('source', $.string))), $._semicolon),
    ),

    export_clause: $ => seq('{', commaSepTrailing($.export_specifier), '}'),

    export_specifier: $ => seq(
      field('name', reserved('properties', alias($.identifier, $.property_identifier))),
      optional(seq('as', field('alias', reserved('properties', alias($.identifier, $.property_identifier))))),
    ),

    // ------------------------------------------------------------------ expressions

    expression: $ => choice(
      $.primary_expression,
      $.assignment_expression,
      $.augmented_assignment_expression,
      $.await_expression,
      $.unary_expression,
      $.binary_expression,
      $.ternary_expression,
      $.update_expression,
      $.new_expression,
    ),

    primary_expression: $ => choice(
      $.identifier,
      $.number,
      $.string,
      $.template_string,
      $.true,
      $.false,
      $.null,
      $.this,
      $.regex,
      $.array,
      $.object,
      $.parenthesized_expression,
      $.member_expression,
      $.subscript_expression,
      $.call_expression,
      $.arrow_function,
      $.function_expression,
    ),

    parenthesized_expression: $ => seq('(', field('expression', $.expression), ')'),

    _lhs_expression: $ => choice(
      $.identifier,
      $.member_expression,
      $.subscript_expression,
      $.array,
      $.object,
      $.parenthesized_expression,
    ),

    assignment_expression: $ => prec.right(PREC.assign, seq(
      field('left', $._lhs_expression),
      field('operator', '='),
      field('right', $.expression),
    )),

    augmented_assignment_expression: $ => prec.right(PREC.assign, seq(
      field('left', choice($.identifier, $.member_expression, $.subscript_expression, $.parenthesized_expression)),
      field('operator', choice('+=', '-=', '*=', '/=', '%=', '**=', '??=', '||=', '&&=')),
      field('right', $.expression),
    )),

    ternary_expression: $ => prec.right(PREC.ternary, seq(
      field('condition', $.expression),
      '?',
      field('consequence', $.expression),
      ':',
      field('alternative', $.expression),
    )),

    binary_expression: $ => choice(
      ...[
        ['??', PREC.nullish],
        ['||', PREC.or],
        ['&&', PREC.and],
        ['==', PREC.equality],
        ['!=', PREC.equality],
        ['===', PREC.equality],
        ['!==', PREC.equality],
        ['<', PREC.relational],
        ['<=', PREC.relational],
        ['>', PREC.relational],
        ['>=', PREC.relational],
        ['in', PREC.relational],
        ['instanceof', PREC.relational],
        ['+', PREC.additive],
        ['-', PREC.additive],
        ['*', PREC.multiplicative],
        ['/', PREC.multiplicative],
        ['%', PREC.multiplicative],
      ].map(([op, p]) => prec.left(/** @type {number} */ (p), seq(
        field('left', $.expression),
        // @ts-ignore
        field('operator', op),
        field('right', $.expression),
      ))),
      prec.right(PREC.exponent, seq(
        field('left', $.expression),
        field('operator', '**'),
        field('right', $.expression),
      )),
    ),

    unary_expression: $ => prec.left(PREC.unary, seq(
      field('operator', choice('!', '-', '+', '~', 'typeof', 'delete', 'void')),
      field('argument', $.expression),
    )),

    await_expression: $ => prec.left(PREC.unary, seq(
      'await',
      field('argument', $.expression),
    )),

    update_expression: $ => prec.left(PREC.update, choice(
      seq(
        field('argument', $.expression),
        field('operator', choice('++', '--')),
      ),
      seq(
        field('operator', choice('++', '--')),
        field('argument', $.expression),
      ),
    )),

    new_expression: $ => prec.right(PREC.new, seq(
      'new',
      field('constructor', choice($.primary_expression, $.new_expression)),
      optional(field('arguments', prec.dynamic(1, $.arguments))),
    )),

    member_expression: $ => prec(PREC.member, seq(
      field('object', $.expression),
      choice('.', field('optional_chain', $.optional_chain)),
      field('property', reserved('properties', alias($.identifier, $.property_identifier))),
    )),

    subscript_expression: $ => prec.right(PREC.member, seq(
      field('object', $.expression),
      optional(field('optional_chain', $.optional_chain)),
      '[',
      field('index', $.expression),
      ']',
    )),

    call_expression: $ => prec(PREC.call, seq(
      field('function', $.expression),
      optional(field('optional_chain', $.optional_chain)),
      field('arguments', $.arguments),
    )),

    optional_chain: _ => '?.',

    arguments: $ => seq(
      '(',
      commaSepTrailing(field('argument', choice($.expression, $.spread_element))),
      ')',
    ),

    spread_element: $ => seq('...', field('argument', $.expression)),

    // ------------------------------------------------------------------ literals

    array: $ => seq(
      '[',
      optional(seq(
        optional(field('element', choice($.expression, $.spread_element))),
        repeat(seq(',', optional(field('element', choice($.expression, $.spread_element))))),
      )),
      ']',
    ),

    object: $ => prec.right(seq(
      '{',
      commaSepTrailing(field('member', choice(
        $.pair,
        $.spread_element,
        alias($.identifier, $.shorthand_property_identifier),
        $.object_default,
      ))),
      '}',
    )),

    pair: $ => seq(
      field('key', $._property_name),
      ':',
      field('value', $.expression),
    ),

    // `{a = 1}` is only valid when the object is the target of a destructuring assignment;
    // the front end reports it anywhere else.
    object_default: $ => seq(
      field('left', alias($.identifier, $.shorthand_property_identifier)),
      '=',
      field('right', $.expression),
    ),

    _property_name: $ => choice(
      reserved('properties', alias($.identifier, $.property_identifier)),
      $.string,
      $.number,
      $.computed_property_name,
    ),

    computed_property_name: $ => seq('[', field('expression', $.expression), ']'),

    string: $ => choice(
      seq(
        '"',
        repeat(choice($._double_string_chars, $.escape_sequence)),
        '"',
      ),
      seq(
        '\'',
        repeat(choice($._single_string_chars, $.escape_sequence)),
        '\'',
      ),
    ),

    _double_string_chars: _ => token.immediate(prec(1, /[^"\\\r\n]+/)),

    _single_string_chars: _ => token.immediate(prec(1, /[^'\\\r\n]+/)),

    escape_sequence: _ => token.immediate(seq(
      '\\',
      choice(
        /x[0-9a-fA-F]{0,2}/,
        /u\{[0-9a-fA-F]*\}?/,
        /u[0-9a-fA-F]{0,4}/,
        /[0-7]{1,3}/,
        /\r?\n/,
        /[^xu0-7\r\n]/,
      ),
    )),

    template_string: $ => seq(
      '`',
      repeat(choice(
        $._template_chars,
        $.escape_sequence,
        $.template_substitution,
      )),
      '`',
    ),

    template_substitution: $ => seq('${', field('expression', $.expression), '}'),

    number: _ => token(choice(
      /0[xX][0-9a-fA-F_]*/,
      /0[oO][0-7_]*/,
      /0[bB][01_]*/,
      /[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]*)?/,
      /\.[0-9][0-9_]*([eE][+-]?[0-9_]*)?/,
    )),

    identifier: _ => /[\p{L}\p{Nl}_$][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$\u200C\u200D]*/u,

    // Regular expressions are not part of Flow; the literal is read so that the front end can
    // say so. It is only lexed where an operand may start, so `/` stays division elsewhere.
    regex: _ => token(seq(
      '/',
      choice(/[^*/\\\[\r\n]/, /\\./, /\[([^\]\\\r\n]|\\.)*\]/),
      repeat(choice(/[^/\\\[\r\n]/, /\\./, /\[([^\]\\\r\n]|\\.)*\]/)),
      '/',
      optional(/[a-z]+/),
    )),

    true: _ => 'true',
    false: _ => 'false',
    null: _ => 'null',
    this: _ => 'this',

    // ------------------------------------------------------------------ patterns

    pattern: $ => choice(
      $.identifier,
      $.object_pattern,
      $.array_pattern,
    ),

    object_pattern: $ => seq(
      '{',
      commaSepTrailing(field('member', choice(
        $.pair_pattern,
        alias($.identifier, $.shorthand_property_identifier_pattern),
        $.object_assignment_pattern,
        $.rest_pattern,
      ))),
      '}',
    ),

    pair_pattern: $ => seq(
      field('key', $._property_name),
      ':',
      field('value', choice($.pattern, $.assignment_pattern)),
    ),

    object_assignment_pattern: $ => seq(
      field('left', alias($.identifier, $.shorthand_property_identifier_pattern)),
      '=',
      field('right', $.expression),
    ),

    assignment_pattern: $ => seq(
      field('left', $.pattern),
      '=',
      field('right', $.expression),
    ),

    rest_pattern: $ => seq('...', field('argument', $.pattern)),

    array_pattern: $ => seq(
      '[',
      optional(seq(
        optional(field('element', choice($.pattern, $.assignment_pattern, $.rest_pattern))),
        repeat(seq(',', optional(field('element', choice($.pattern, $.assignment_pattern, $.rest_pattern))))),
      )),
      ']',
    ),

    // ------------------------------------------------------------------ comments

    comment: _ => token(choice(
      seq('//', /[^\r\n\u2028\u2029]*/),
      seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/'),
    )),
  },
});
