// Tests of the TextMate grammar (syntaxes/flow.tmLanguage.json), tokenising .flow text with the
// same engine VS Code uses (vscode-textmate + Oniguruma).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compile, scopesOf, tokenize } from './tokenize.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const sample = readFileSync(here('./fixtures/sample.flow'), 'utf8');

// hasScope asserts that the token's innermost scopes include one starting with prefix.
function hasScope(scopes, prefix, token) {
  assert.ok(
    scopes.some((s) => s === prefix || s.startsWith(prefix + '.')),
    `${JSON.stringify(token)} has scopes ${scopes.join(' ')}, want ${prefix}`,
  );
}
function lacksScope(scopes, prefix, token) {
  assert.ok(
    !scopes.some((s) => s === prefix || s.startsWith(prefix + '.')),
    `${JSON.stringify(token)} has scopes ${scopes.join(' ')}, want none under ${prefix}`,
  );
}
async function expectScopes(text, cases) {
  const lines = await tokenize(text);
  for (const [token, prefix, skip = 0] of cases) {
    hasScope(scopesOf(lines, token, skip), prefix, token);
  }
  return lines;
}

test('the committed JSON is generated from scripts/grammar.src.mjs', () => {
  execFileSync(process.execPath, [here('../scripts/build-grammar.mjs'), '--check'], { stdio: 'pipe' });
});

test('every regular expression compiles with Oniguruma', async () => {
  const grammar = JSON.parse(readFileSync(here('../syntaxes/flow.tmLanguage.json'), 'utf8'));
  const patterns = [];
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const key of ['match', 'begin', 'end', 'while']) {
        if (typeof node[key] === 'string') patterns.push(node[key]);
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(grammar);
  assert.ok(patterns.length > 30, `only ${patterns.length} patterns`);
  for (const p of patterns) {
    await assert.doesNotReject(compile(p), `pattern ${p}`);
  }
});

test('every include names a rule of the repository', () => {
  const grammar = JSON.parse(readFileSync(here('../syntaxes/flow.tmLanguage.json'), 'utf8'));
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (typeof node.include === 'string' && node.include !== '$self' && node.include !== '$base') {
        assert.match(node.include, /^#/);
        assert.ok(grammar.repository[node.include.slice(1)], `unknown include ${node.include}`);
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(grammar);
});

test('keywords', async () => {
  await expectScopes(sample, [
    ['if', 'keyword.control.conditional'],
    ['else', 'keyword.control.conditional'],
    ['switch', 'keyword.control.conditional'],
    ['case', 'keyword.control.conditional'],
    ['default', 'keyword.control.conditional'],
    ['for', 'keyword.control.loop'],
    ['while', 'keyword.control.loop'],
    ['do', 'keyword.control.loop'],
    ['break', 'keyword.control.loop'],
    ['continue', 'keyword.control.loop'],
    ['try', 'keyword.control.trycatch'],
    ['catch', 'keyword.control.trycatch'],
    ['finally', 'keyword.control.trycatch'],
    ['throw', 'keyword.control.trycatch'],
    ['return', 'keyword.control.flow'],
    ['await', 'keyword.control.flow'],
    ['const', 'storage.type'],
    ['let', 'storage.type'],
    ['of', 'keyword.operator.expression.of'],
    ['in', 'keyword.operator.expression.in'],
    ['typeof', 'keyword.operator.expression.typeof'],
    ['delete', 'keyword.operator.expression.delete'],
    ['true', 'constant.language.boolean.true'],
    ['null', 'constant.language.null'],
    ['var', 'invalid.illegal.reserved'],
    ['new', 'invalid.illegal.reserved'],
  ]);
});

test('keywords are only keywords as whole words and not as property names', async () => {
  const lines = await tokenize('const format = order.if + iffy + o.delete + return_value\n');
  for (const word of ['format', 'if', 'iffy', 'delete', 'return_value']) {
    lacksScope(scopesOf(lines, word), 'keyword', word);
  }
  hasScope(scopesOf(lines, 'if'), 'variable.other.property', 'if');
});

test('declared names', async () => {
  await expectScopes('const order = 1\nlet total = 0\n', [
    ['order', 'variable.other.constant'],
    ['total', 'variable.other.readwrite'],
  ]);
});

test('strings and escapes', async () => {
  const lines = await expectScopes(sample, [
    ['charge_card', 'string.quoted.double'],
    ['EUR', 'string.quoted.single'],
    ['\\"', 'constant.character.escape'],
    ['\\x41', 'constant.character.escape'],
  ]);
  hasScope(scopesOf(lines, ' ok'), 'string.quoted.double', ' ok');
  // A string does not swallow the rest of the file when its quote is missing.
  const broken = await tokenize('const s = "unterminated\nconst t = 1\n');
  hasScope(scopesOf(broken, 'const', 1), 'storage.type', 'const');
  lacksScope(scopesOf(broken, 'const', 1), 'string', 'const');
});

test('template literals with substitutions, nesting and escapes', async () => {
  const lines = await expectScopes(sample, [
    ['status ', 'string.template'],
    ['${', 'punctuation.definition.template-expression.begin'],
    ['executionId', 'variable.other.property'],
    ['nested ', 'string.template'],
    ['\\u0041', 'constant.character.escape'],
  ]);
  // Inside ${…} the code is code, not string text.
  const inside = scopesOf(lines, 'Context');
  hasScope(inside, 'support.variable.builtin', 'Context');
  hasScope(inside, 'meta.template.expression', 'Context');
  // An object literal inside ${…} does not end the substitution early.
  const obj = await tokenize('const m = `a ${ {b: 1}.b } c`\nlet after = 2\n');
  hasScope(scopesOf(obj, ' c'), 'string.template', ' c');
  lacksScope(scopesOf(obj, 'let'), 'string', 'let');
  // Multi-line templates stay strings until the closing backtick.
  const multi = await tokenize('const m = `first\nsecond ${x}\nthird`\nlet z = 1\n');
  hasScope(scopesOf(multi, 'second '), 'string.template', 'second ');
  hasScope(scopesOf(multi, 'third'), 'string.template', 'third');
  lacksScope(scopesOf(multi, 'let'), 'string', 'let');
});

test('comments', async () => {
  const lines = await expectScopes(sample, [
    [' Process one order.', 'comment.line.double-slash'],
    [' block', 'comment.block'],
    ['   comment ', 'comment.block'],
    [' doc comment ', 'comment.block.documentation'],
  ]);
  assert.ok(lines.length > 0);
  const code = await tokenize('let a = 1 // trailing "not a string"\n/* x */ let b = 2\n');
  hasScope(scopesOf(code, ' trailing "not a string"'), 'comment.line', 'trailing');
  hasScope(scopesOf(code, 'let', 1), 'storage.type', 'let after block comment');
});

test('numbers', async () => {
  const lines = await expectScopes(sample, [
    ['1_000', 'constant.numeric.decimal'],
    ['.5', 'constant.numeric.decimal'],
    ['2.5E-3', 'constant.numeric.decimal'],
    ['1e3', 'constant.numeric.decimal'],
    ['5.', 'constant.numeric.decimal'],
    ['100', 'constant.numeric.decimal'],
  ]);
  assert.ok(lines);
  const ids = await tokenize('let x1 = a1b\n');
  lacksScope(scopesOf(ids, 'x1'), 'constant.numeric', 'x1');
  lacksScope(scopesOf(ids, 'a1b'), 'constant.numeric', 'a1b');
});

test('built-ins', async () => {
  await expectScopes(sample, [
    ['Task', 'support.class.builtin'],
    ['run', 'support.function.builtin'],
    ['Workflow', 'support.class.builtin'],
    ['Timer', 'support.class.builtin'],
    ['delay', 'support.function.builtin'],
    ['Signal', 'support.class.builtin'],
    ['next', 'support.function.builtin'],
    ['Promise', 'support.class.builtin'],
    ['all', 'support.function.builtin'],
    ['Math', 'support.class.builtin'],
    ['PI', 'support.constant.math'],
    ['JSON', 'support.class.builtin'],
    ['stringify', 'support.function.builtin'],
    ['Inputs', 'support.variable.builtin'],
    ['Context', 'support.variable.builtin'],
    ['console', 'support.class.console'],
    ['log', 'support.function.console'],
    ['parseInt', 'support.function.builtin'],
  ]);
  for (const name of ['Object', 'Array', 'Number', 'Date', 'Time']) {
    const lines = await tokenize(`const v = ${name}.keys(x)\n`);
    hasScope(scopesOf(lines, name), 'support.class.builtin', name);
  }
  // A user's variable that only starts like a built-in is not one.
  const lines = await tokenize('const Tasks = MathUtil\n');
  lacksScope(scopesOf(lines, 'Tasks'), 'support', 'Tasks');
  lacksScope(scopesOf(lines, 'MathUtil'), 'support', 'MathUtil');
});

test('calls, properties, object keys and operators', async () => {
  await expectScopes(sample, [
    ['Thing', 'entity.name.function'],
    ['price', 'variable.other.property'],
    ['amount', 'support.type.property-name'],
    ['outer', 'entity.name.label'],
    ['??', 'keyword.operator.logical'],
    ['===', 'keyword.operator.comparison'],
    ['+=', 'keyword.operator.assignment.compound'],
    ['++', 'keyword.operator.increment'],
    ['?.', 'punctuation.accessor'],
  ]);
});

test('front matter at the start of the file only', async () => {
  const lines = await expectScopes(sample, [
    ['description: charges a card and ships the order', 'meta.embedded.block.front-matter'],
    ['```', 'punctuation.definition.front-matter.begin'],
    ['```', 'punctuation.definition.front-matter.end', 1],
  ]);
  hasScope(scopesOf(lines, 'const'), 'storage.type', 'const after front matter');
  lacksScope(scopesOf(lines, 'const'), 'meta.embedded', 'const after front matter');
  // Later in the file, ``` is a template literal, not front matter.
  const later = await tokenize('let a = 1\n```\n');
  lacksScope(scopesOf(later, '`'), 'meta.embedded.block.front-matter', '`');
});

test('Unicode identifiers', async () => {
  const lines = await tokenize('const größe = café.länge\n');
  hasScope(scopesOf(lines, 'größe'), 'variable.other.constant', 'größe');
  hasScope(scopesOf(lines, 'länge'), 'variable.other.property', 'länge');
});

test('the grammar keeps its state across every line of the sample (no open rule at the end)', async () => {
  const lines = await tokenize(sample + '\nlet end = 1\n');
  const last = scopesOf(lines, 'end');
  assert.deepEqual(last, ['source.flow', 'variable.other.readwrite.flow']);
});

test('the well-formed .flow files of the repository leave no rule open', async () => {
  const { readdirSync, statSync } = await import('node:fs');
  const { join, relative } = await import('node:path');
  const root = here('../../..');
  // Folders whose .flow files are valid programs (the formatter's fixtures, the examples and the
  // grammar's highlight tests); folders of deliberately broken files are not listed.
  const folders = ['examples', 'grammar/test/highlight', 'lang/format/testdata'];
  const files = [];
  const walk = (dir) => {
    let names = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'refuse') walk(p);
      } else if (name.endsWith('.flow')) files.push(p);
    }
  };
  folders.forEach((f) => walk(join(root, f)));
  files.push(here('../../neovim/test/testdata/clean.flow'));
  assert.ok(files.length >= 5, `only ${files.length} files found`);
  for (const file of files) {
    const lines = await tokenize(readFileSync(file, 'utf8') + '\nlet zz_end = 1\n');
    assert.deepEqual(scopesOf(lines, 'zz_end'), ['source.flow', 'variable.other.readwrite.flow'], relative(root, file));
  }
});
