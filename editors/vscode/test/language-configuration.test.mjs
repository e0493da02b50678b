// Tests of language-configuration.json: it parses, its regular expressions compile as VS Code
// compiles them (JavaScript RegExp) and they behave on typical Flow lines.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const conf = JSON.parse(readFileSync(new URL('../language-configuration.json', import.meta.url), 'utf8'));

test('comments and brackets', () => {
  assert.equal(conf.comments.lineComment, '//');
  assert.deepEqual(conf.comments.blockComment, ['/*', '*/']);
  assert.deepEqual(conf.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
});

test('auto-closing pairs include quotes and backticks, not inside strings', () => {
  const opens = new Map(conf.autoClosingPairs.map((p) => [p.open, p]));
  for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')'], ['"', '"'], ["'", "'"], ['`', '`']]) {
    assert.equal(opens.get(open)?.close, close, `auto-closing ${open}`);
  }
  for (const q of ['"', "'", '`']) {
    assert.ok(opens.get(q).notIn.includes('string'), `${q} must not auto-close inside strings`);
  }
  const surround = conf.surroundingPairs.map((p) => p.join(''));
  assert.ok(surround.includes('``'));
});

test('indentation rules', () => {
  const inc = new RegExp(conf.indentationRules.increaseIndentPattern);
  const dec = new RegExp(conf.indentationRules.decreaseIndentPattern);
  for (const line of ['if (x) {', 'for (const a of list) {', 'const r = await Task.run("t", {', 'Promise.all([', 'switch (v) {', '  case "a":', '  default:', 'f(']) {
    assert.match(line, inc, `indent after ${line}`);
  }
  for (const line of ['let x = 1', 'f({ a: 1 })', '// {', 'const s = "{"', 'return']) {
    assert.doesNotMatch(line, inc, `no indent after ${line}`);
  }
  for (const line of ['}', '  } else {', '])', ')']) {
    assert.match(line, dec, `outdent ${line}`);
  }
  assert.doesNotMatch('let x = {}', dec);
});

test('folding markers', () => {
  const start = new RegExp(conf.folding.markers.start);
  const end = new RegExp(conf.folding.markers.end);
  assert.match('  // region payment', start);
  assert.match('// #region', start);
  assert.match('// endregion', end);
  assert.doesNotMatch('// regional office', start);
});

test('word pattern: identifiers with $ and _ are one word; operators split words', () => {
  const word = new RegExp(conf.wordPattern, 'g');
  assert.deepEqual('order.total_$x+send_email'.match(word), ['order', 'total_$x', 'send_email']);
});

test('every onEnter rule compiles', () => {
  for (const rule of conf.onEnterRules) {
    for (const key of ['beforeText', 'afterText', 'previousLineText']) {
      if (rule[key]) assert.doesNotThrow(() => new RegExp(rule[key].pattern), `${key} ${rule[key].pattern}`);
    }
    assert.ok(['none', 'indent', 'indentOutdent', 'outdent'].includes(rule.action.indent));
  }
});
