// External scanner for the Flow grammar.
//
// It produces the tokens a context-free lexer cannot:
//   - _automatic_semicolon: a zero-width statement terminator inserted as ECMAScript's automatic
//     semicolon insertion does: before `}`, at the end of input, and at a line break unless the
//     next line continues the expression (it starts with a binary operator, `.`, `?.`, `(`,
//     `[`, a template, ...). A `++`/`--` after a line break starts a new statement.
//   - _no_line_break: a zero-width token proving that the next token is on the same line. The
//     restricted productions (`return`, `throw`, `break`, `continue`) put it before their
//     operand; when it is valid the scanner inserts a semicolon at any line break.
//   - _template_chars: literal text of a template, up to `${`, a backslash or the closing
//     backtick.
//   - front_matter: a block fenced by lines of three backticks at the start of the file.
//
// The scanner keeps no state.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType {
  AUTOMATIC_SEMICOLON,
  NO_LINE_BREAK,
  TEMPLATE_CHARS,
  FRONT_MATTER,
  ERROR_SENTINEL,
};

void *tree_sitter_flow_external_scanner_create(void) { return NULL; }

void tree_sitter_flow_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_flow_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_flow_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

// The longest word accepted after the opening fence of front matter.
#define MAX_INFO_LENGTH 64

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline bool is_newline(int32_t c) {
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

static inline bool is_space(int32_t c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xA0 || c == 0xFEFF;
}

static inline bool is_ident_char(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

// Text of a template up to (not including) `${`, `\` or the closing backtick.
static bool scan_template_chars(TSLexer *lexer) {
  lexer->result_symbol = TEMPLATE_CHARS;
  bool has_content = false;
  for (;;) {
    lexer->mark_end(lexer);
    if (lexer->eof(lexer)) {
      return has_content;
    }
    switch (lexer->lookahead) {
    case '`':
    case '\\':
      return has_content;
    case '$':
      advance(lexer);
      if (lexer->lookahead == '{') {
        return has_content;
      }
      has_content = true;
      break;
    default:
      advance(lexer);
      has_content = true;
    }
  }
}

// Consumes the rest of a line (not its line break).
static void skip_line(TSLexer *lexer) {
  while (!lexer->eof(lexer) && !is_newline(lexer->lookahead)) {
    advance(lexer);
  }
}

// Consumes one line break (CRLF counts as one).
static void skip_newline(TSLexer *lexer) {
  if (lexer->lookahead == '\r') {
    advance(lexer);
    if (lexer->lookahead == '\n') {
      advance(lexer);
    }
    return;
  }
  advance(lexer);
}

// Reports whether the rest of the current line is exactly three backticks (trailing blanks
// allowed), consuming what it reads.
static bool closing_fence(TSLexer *lexer) {
  for (int i = 0; i < 3; i++) {
    if (lexer->lookahead != '`') {
      return false;
    }
    advance(lexer);
  }
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t') {
    advance(lexer);
  }
  return lexer->eof(lexer) || is_newline(lexer->lookahead);
}

// Front matter: "```" and an optional word on the first line, up to the next line of "```".
// An unterminated block extends to the end of input; the front end reports it.
//
// The opening line is checked first, with a bounded look-ahead, and the column only then:
// get_column rescans the line, and error recovery can ask for front matter at any backtick.
static bool scan_front_matter(TSLexer *lexer) {
  uint32_t prefix = 3;
  if (lexer->lookahead == 0xFEFF) {
    lexer->advance(lexer, true);
    prefix++;
  }
  for (int i = 0; i < 3; i++) {
    if (lexer->lookahead != '`') {
      return false;
    }
    advance(lexer);
  }
  uint32_t n = 0;
  for (; !lexer->eof(lexer) && !is_newline(lexer->lookahead); n++) {
    if (lexer->lookahead == '`' || n == MAX_INFO_LENGTH) {
      return false;
    }
    advance(lexer);
  }
  // The fence must start the line.
  if (lexer->get_column(lexer) != prefix + n) {
    return false;
  }
  lexer->result_symbol = FRONT_MATTER;
  while (!lexer->eof(lexer)) {
    skip_newline(lexer);
    if (closing_fence(lexer)) {
      lexer->mark_end(lexer);
      return true;
    }
    skip_line(lexer);
  }
  lexer->mark_end(lexer);
  return true;
}

// Skips blanks and comments. Sets *newline when a line break is crossed (a block comment
// containing one counts, as in ECMAScript). Returns false when it stops at a `/` that does not
// start a comment (the lexer is then past that `/`) or inside an unterminated comment.
static bool skip_blanks(TSLexer *lexer, bool *newline) {
  for (;;) {
    int32_t c = lexer->lookahead;
    if (lexer->eof(lexer)) {
      return true;
    }
    if (is_newline(c)) {
      *newline = true;
      advance(lexer);
    } else if (is_space(c)) {
      advance(lexer);
    } else if (c == '/') {
      advance(lexer);
      if (lexer->lookahead == '/') {
        skip_line(lexer);
      } else if (lexer->lookahead == '*') {
        advance(lexer);
        bool closed = false;
        while (!lexer->eof(lexer)) {
          if (lexer->lookahead == '*') {
            advance(lexer);
            if (lexer->lookahead == '/') {
              advance(lexer);
              closed = true;
              break;
            }
            continue;
          }
          if (is_newline(lexer->lookahead)) {
            *newline = true;
          }
          advance(lexer);
        }
        if (!closed) {
          return false;
        }
      } else {
        return false;
      }
    } else {
      return true;
    }
  }
}

// Reports whether the lexer is at the keyword `word` followed by a non-identifier character,
// consuming what it reads.
static bool at_word(TSLexer *lexer, const char *word) {
  for (const char *p = word; *p; p++) {
    if (lexer->lookahead != *p) {
      return false;
    }
    advance(lexer);
  }
  return !is_ident_char(lexer->lookahead);
}

// Decides whether a line break before the current character ends the statement: it does unless
// the next token can only continue an expression.
static bool line_break_ends_statement(TSLexer *lexer) {
  switch (lexer->lookahead) {
  case ',':
  case '(':
  case '[':
  case '`':
  case ':':
  case '?':
  case '*':
  case '%':
  case '<':
  case '>':
  case '=':
  case '&':
  case '|':
  case '^':
    return false;
  case '.':
    advance(lexer);
    // `.5` is a number: a new statement.
    return lexer->lookahead >= '0' && lexer->lookahead <= '9';
  case '+':
    advance(lexer);
    return lexer->lookahead == '+';
  case '-':
    advance(lexer);
    return lexer->lookahead == '-';
  case '!':
    advance(lexer);
    return lexer->lookahead != '=';
  case 'i':
    advance(lexer);
    if (lexer->lookahead != 'n') {
      return true;
    }
    advance(lexer);
    if (!is_ident_char(lexer->lookahead)) {
      return false; // `in`
    }
    return !at_word(lexer, "stanceof");
  default:
    return true;
  }
}

static bool scan_statement_end(TSLexer *lexer, const bool *valid_symbols) {
  lexer->result_symbol = AUTOMATIC_SEMICOLON;
  lexer->mark_end(lexer);
  bool newline = false;
  if (!skip_blanks(lexer, &newline)) {
    // A `/` operator or an unterminated comment follows.
    if (valid_symbols[NO_LINE_BREAK] && !newline) {
      lexer->result_symbol = NO_LINE_BREAK;
      return true;
    }
    return newline && valid_symbols[NO_LINE_BREAK] && valid_symbols[AUTOMATIC_SEMICOLON];
  }
  bool at_end = lexer->eof(lexer) || lexer->lookahead == '}';
  if (valid_symbols[NO_LINE_BREAK]) {
    // Restricted production: any line break ends the statement.
    if (newline || at_end) {
      return valid_symbols[AUTOMATIC_SEMICOLON];
    }
    if (lexer->lookahead == ';') {
      return false;
    }
    lexer->result_symbol = NO_LINE_BREAK;
    return true;
  }
  if (!valid_symbols[AUTOMATIC_SEMICOLON]) {
    return false;
  }
  if (at_end) {
    return true;
  }
  if (!newline || lexer->lookahead == ';') {
    return false;
  }
  return line_break_ends_statement(lexer);
}

bool tree_sitter_flow_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  if (valid_symbols[ERROR_SENTINEL]) {
    // Error recovery: every symbol is valid; let the internal lexer decide.
    return false;
  }
  if (valid_symbols[FRONT_MATTER] && (lexer->lookahead == '`' || lexer->lookahead == 0xFEFF)) {
    return scan_front_matter(lexer);
  }
  if (valid_symbols[TEMPLATE_CHARS]) {
    if (valid_symbols[AUTOMATIC_SEMICOLON]) {
      return false;
    }
    return scan_template_chars(lexer);
  }
  if (valid_symbols[AUTOMATIC_SEMICOLON] || valid_symbols[NO_LINE_BREAK]) {
    return scan_statement_end(lexer, valid_symbols);
  }
  return false;
}
