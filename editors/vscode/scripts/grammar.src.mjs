// Source of syntaxes/flow.tmLanguage.json (the TextMate grammar of .flow files). Regular
// expressions are written here once, as JavaScript strings, and shared between rules; run
// `npm run grammar` after editing and commit both files (the tests check they agree).
const ident = '[\\p{L}_$][\\p{L}\\p{Nd}_$]*';
const kw = (list) => `(?<![\\p{L}\\p{Nd}_$])(?:${list.join('|')})(?![\\p{L}\\p{Nd}_$])`;
const word = kw;

const namespaces = ['Task', 'Workflow', 'Timer', 'Signal', 'Promise', 'Math', 'JSON', 'Object', 'Array', 'Number', 'String', 'Boolean', 'Date', 'Time'];
const values = ['Inputs', 'Context'];
const functions = ['parseInt', 'parseFloat', 'isNaN'];

export default {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Flow',
  scopeName: 'source.flow',
  fileTypes: ['flow'],
  patterns: [{ include: '#front-matter' }, { include: '#statements' }],
  repository: {
    'front-matter': {
      name: 'meta.embedded.block.front-matter.flow',
      begin: '\\A(?:\\x{FEFF})?(```)[^\\n]*$',
      beginCaptures: { 1: { name: 'punctuation.definition.front-matter.begin.flow' } },
      end: '^(```)\\s*$',
      endCaptures: { 1: { name: 'punctuation.definition.front-matter.end.flow' } },
      contentName: 'string.unquoted.front-matter.flow',
    },
    statements: {
      patterns: [
        { include: '#comments' },
        { include: '#declaration' },
        { include: '#label' },
        { include: '#expression' },
        { include: '#punctuation' },
      ],
    },
    comments: {
      patterns: [
        {
          name: 'comment.block.documentation.flow',
          begin: '/\\*\\*(?!/)',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.flow' } },
          end: '\\*/',
          endCaptures: { 0: { name: 'punctuation.definition.comment.end.flow' } },
        },
        {
          name: 'comment.block.flow',
          begin: '/\\*',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.flow' } },
          end: '\\*/',
          endCaptures: { 0: { name: 'punctuation.definition.comment.end.flow' } },
        },
        {
          name: 'comment.line.double-slash.flow',
          begin: '//',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.flow' } },
          end: '$',
        },
      ],
    },
    declaration: {
      patterns: [
        {
          match: `(${kw(['const'])})\\s+(${ident})`,
          captures: { 1: { name: 'storage.type.flow' }, 2: { name: 'variable.other.constant.flow' } },
        },
        {
          match: `(${kw(['let'])})\\s+(${ident})`,
          captures: { 1: { name: 'storage.type.flow' }, 2: { name: 'variable.other.readwrite.flow' } },
        },
      ],
    },
    label: {
      match: `^\\s*(${ident})\\s*(:)(?=\\s*(?:for|while|do|\\{)\\b)`,
      captures: { 1: { name: 'entity.name.label.flow' }, 2: { name: 'punctuation.separator.label.flow' } },
    },
    expression: {
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        { include: '#template' },
        { include: '#numbers' },
        { include: '#keywords' },
        { include: '#constants' },
        { include: '#reserved' },
        { include: '#builtins' },
        { include: '#object-key' },
        { include: '#function-call' },
        { include: '#property' },
        { include: '#identifier' },
        { include: '#operators' },
        { include: '#braces' },
        { include: '#brackets' },
        { include: '#parens' },
        { include: '#punctuation' },
      ],
    },
    strings: {
      patterns: [
        {
          name: 'string.quoted.double.flow',
          begin: '"',
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.flow' } },
          end: '(")|((?:[^\\\\\\n])$)',
          endCaptures: { 1: { name: 'punctuation.definition.string.end.flow' }, 2: { name: 'invalid.illegal.newline.flow' } },
          patterns: [{ include: '#escapes' }],
        },
        {
          name: 'string.quoted.single.flow',
          begin: "'",
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.flow' } },
          end: "(')|((?:[^\\\\\\n])$)",
          endCaptures: { 1: { name: 'punctuation.definition.string.end.flow' }, 2: { name: 'invalid.illegal.newline.flow' } },
          patterns: [{ include: '#escapes' }],
        },
      ],
    },
    escapes: {
      patterns: [
        {
          name: 'constant.character.escape.flow',
          match: '\\\\(?:x\\h{2}|u\\h{4}|u\\{\\h+\\}|[0-7]{1,3}|\\r?\\n|.)',
        },
      ],
    },
    template: {
      name: 'string.template.flow',
      begin: '`',
      beginCaptures: { 0: { name: 'punctuation.definition.string.template.begin.flow' } },
      end: '`',
      endCaptures: { 0: { name: 'punctuation.definition.string.template.end.flow' } },
      patterns: [{ include: '#escapes' }, { include: '#template-substitution' }],
    },
    'template-substitution': {
      name: 'meta.template.expression.flow',
      begin: '\\$\\{',
      beginCaptures: { 0: { name: 'punctuation.definition.template-expression.begin.flow' } },
      end: '\\}',
      endCaptures: { 0: { name: 'punctuation.definition.template-expression.end.flow' } },
      contentName: 'meta.embedded.line.flow',
      patterns: [{ include: '#expression' }],
    },
    numbers: {
      patterns: [
        {
          name: 'constant.numeric.decimal.flow',
          match:
            '(?<![\\p{L}\\p{Nd}_$.])(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?(?![\\p{L}\\p{Nd}_$])',
        },
      ],
    },
    keywords: {
      patterns: [
        { name: 'keyword.control.conditional.flow', match: kw(['if', 'else', 'switch', 'case', 'default']) },
        { name: 'keyword.control.loop.flow', match: kw(['for', 'while', 'do', 'break', 'continue']) },
        { name: 'keyword.control.trycatch.flow', match: kw(['try', 'catch', 'finally', 'throw']) },
        { name: 'keyword.control.flow.flow', match: kw(['return', 'await']) },
        { name: 'storage.type.flow', match: kw(['let', 'const', 'function']) },
        { name: 'storage.modifier.async.flow', match: kw(['async']) },
        { name: 'keyword.operator.expression.$0.flow', match: kw(['of', 'in', 'typeof', 'delete']) },
      ],
    },
    constants: {
      patterns: [
        { name: 'constant.language.boolean.$0.flow', match: kw(['true', 'false']) },
        { name: 'constant.language.null.flow', match: kw(['null']) },
        { name: 'constant.language.$0.flow', match: kw(['NaN', 'Infinity']) },
      ],
    },
    reserved: {
      // JavaScript words that are not part of Flow: the compiler rejects them.
      name: 'invalid.illegal.reserved.flow',
      match: kw(['var', 'new', 'class', 'instanceof', 'void', 'with', 'yield', 'import', 'export']),
    },
    builtins: {
      patterns: [
        {
          match: `(${word(['Math'])})\\s*(\\??\\.)\\s*(${word(['PI', 'E'])})`,
          captures: {
            1: { name: 'support.class.builtin.flow' },
            2: { name: 'punctuation.accessor.flow' },
            3: { name: 'support.constant.math.flow' },
          },
        },
        {
          match: `(${word(namespaces)})(?:\\s*(\\??\\.)\\s*(${ident}))?`,
          captures: {
            1: { name: 'support.class.builtin.flow' },
            2: { name: 'punctuation.accessor.flow' },
            3: { name: 'support.function.builtin.flow' },
          },
        },
        { name: 'support.variable.builtin.flow', match: word(values) },
        {
          match: `(${word(['console'])})(?:\\s*(\\.)\\s*(${ident}))?`,
          captures: { 1: { name: 'support.class.console.flow' }, 2: { name: 'punctuation.accessor.flow' }, 3: { name: 'support.function.console.flow' } },
        },
        { name: 'support.function.builtin.flow', match: `${word(functions)}(?=\\s*\\()` },
      ],
    },
    'object-key': {
      // a: … inside an object literal (after `{` or `,`, or at the start of a line).
      match: `(?:(?<=[{,])|^)\\s*(?!default\\s*:)(${ident})\\s*(:)`,
      captures: {
        1: { name: 'meta.object-literal.key.flow support.type.property-name.flow' },
        2: { name: 'punctuation.separator.key-value.flow' },
      },
    },
    'function-call': {
      match: `(?:(\\??\\.)\\s*)?(${ident})\\s*(?=(?:\\?\\.)?\\()`,
      captures: {
        1: { name: 'punctuation.accessor.flow' },
        2: { name: 'entity.name.function.flow' },
      },
    },
    property: {
      match: `(\\??\\.)\\s*(${ident})`,
      captures: { 1: { name: 'punctuation.accessor.flow' }, 2: { name: 'variable.other.property.flow' } },
    },
    identifier: {
      match: ident,
      name: 'variable.other.readwrite.flow',
    },
    operators: {
      patterns: [
        { name: 'punctuation.accessor.optional.flow', match: '\\?\\.(?!\\d)' },
        { name: 'keyword.operator.spread.flow', match: '\\.\\.\\.' },
        { name: 'keyword.operator.assignment.compound.flow', match: '\\*\\*=|\\?\\?=|\\|\\|=|&&=|[-+*/%]=' },
        { name: 'keyword.operator.comparison.flow', match: '===|!==|==|!=' },
        { name: 'keyword.operator.relational.flow', match: '<=|>=|<|>' },
        { name: 'keyword.operator.logical.flow', match: '\\?\\?|&&|\\|\\||!' },
        { name: 'keyword.operator.assignment.flow', match: '=' },
        { name: 'keyword.operator.increment.flow', match: '\\+\\+|--' },
        { name: 'keyword.operator.arithmetic.flow', match: '\\*\\*|[-+*/%]' },
        { name: 'keyword.operator.ternary.flow', match: '\\?|:' },
      ],
    },
    braces: {
      name: 'meta.block.flow',
      begin: '\\{',
      beginCaptures: { 0: { name: 'punctuation.definition.block.begin.flow' } },
      end: '\\}',
      endCaptures: { 0: { name: 'punctuation.definition.block.end.flow' } },
      patterns: [{ include: '#statements' }],
    },
    brackets: {
      name: 'meta.array.flow',
      begin: '\\[',
      beginCaptures: { 0: { name: 'meta.brace.square.flow' } },
      end: '\\]',
      endCaptures: { 0: { name: 'meta.brace.square.flow' } },
      patterns: [{ include: '#statements' }],
    },
    parens: {
      begin: '\\(',
      beginCaptures: { 0: { name: 'meta.brace.round.flow' } },
      end: '\\)',
      endCaptures: { 0: { name: 'meta.brace.round.flow' } },
      patterns: [{ include: '#statements' }],
    },
    punctuation: {
      patterns: [
        { name: 'punctuation.terminator.statement.flow', match: ';' },
        { name: 'punctuation.separator.comma.flow', match: ',' },
      ],
    },
  },
};
