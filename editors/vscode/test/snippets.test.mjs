// Tests of snippets/flow.json: every body is valid snippet syntax and the prefixes the docs
// promise exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const snippets = JSON.parse(readFileSync(new URL('../snippets/flow.json', import.meta.url), 'utf8'));

/**
 * Parses snippet syntax (tab stops $1 ${1} ${1:default} ${1|a,b|}, variables, escapes \$ \} \\)
 * as VS Code reads it (a `}` outside a placeholder is text) and returns { tabstops, text } where
 * text is the body with every placeholder's default inserted; throws on unclosed or malformed
 * placeholders and on a `$` that starts nothing.
 */
export function parseSnippet(body) {
  let i = 0;
  const tabstops = new Set();
  function parse(inside) {
    let text = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\,|'.includes(body[i + 1])) {
        text += body[i + 1];
        i += 2;
      } else if (c === '$') {
        i++;
        let m;
        if ((m = /^\d+/.exec(body.slice(i)))) {
          tabstops.add(Number(m[0]));
          i += m[0].length;
        } else if ((m = /^[A-Z_]+/.exec(body.slice(i)))) {
          i += m[0].length;
        } else if (body[i] === '{') {
          i++;
          const head = /^(\d+|[A-Z_]+)/.exec(body.slice(i));
          if (!head) throw new Error(`bad placeholder at ${i}: ${body}`);
          if (/^\d/.test(head[0])) tabstops.add(Number(head[0]));
          i += head[0].length;
          if (body[i] === '}') {
            i++;
          } else if (body[i] === ':') {
            i++;
            text += parse(true);
          } else if (body[i] === '|') {
            const end = body.indexOf('|}', i + 1);
            if (end < 0) throw new Error(`unclosed choice: ${body}`);
            text += body.slice(i + 1, end).split(',')[0];
            i = end + 2;
          } else {
            throw new Error(`bad placeholder at ${i}: ${body}`);
          }
        } else {
          throw new Error(`stray $ at ${i}: ${body}`);
        }
      } else if (c === '}' && inside) {
        i++;
        return text;
      } else {
        text += c;
        i++;
      }
    }
    if (inside) throw new Error(`unclosed placeholder: ${body}`);
    return text;
  }
  const text = parse(false);
  return { tabstops, text };
}

test('the parser rejects broken snippets', () => {
  assert.throws(() => parseSnippet('${1:a'), /unclosed/);
  assert.throws(() => parseSnippet('${1:a ${2:x}'), /unclosed/);
  assert.throws(() => parseSnippet('${:x}'), /bad placeholder/);
  assert.throws(() => parseSnippet('cost $ 5'), /stray/);
  assert.equal(parseSnippet('f(${1:{ a: \\}}, { b })').text, 'f({ a: }, { b })');
  assert.deepEqual([...parseSnippet('$1 ${2} ${3:x} ${4|a,b|} $0').tabstops], [1, 2, 3, 4, 0]);
});

test('every snippet parses, has a description and prefixes, and its text is balanced', () => {
  const prefixes = new Map();
  for (const [name, s] of Object.entries(snippets)) {
    assert.ok(s.description, `${name}: no description`);
    const ps = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
    assert.ok(ps.length > 0, `${name}: no prefix`);
    for (const p of ps) {
      // VS Code offers a snippet whose prefix holds a `.` after any `x.` (for example `Math.`),
      // burying the server's member completions: prefixes are plain words.
      assert.match(p, /^[A-Za-z-]+$/, `${name}: prefix ${p}`);
      assert.ok(!prefixes.has(p), `prefix ${p} used by ${name} and ${prefixes.get(p)}`);
      prefixes.set(p, name);
    }
    const body = Array.isArray(s.body) ? s.body.join('\n') : s.body;
    const { text } = parseSnippet(body);
    // With defaults filled in, brackets, quotes and backticks are balanced.
    const stack = [];
    const pairs = { ')': '(', ']': '[', '}': '{' };
    let quote = null;
    for (const ch of text) {
      if (quote) {
        if (ch === quote) quote = null;
        continue;
      }
      if (ch === '"' || ch === "'" || ch === '`') quote = ch;
      else if ('([{'.includes(ch)) stack.push(ch);
      else if (pairs[ch]) assert.equal(stack.pop(), pairs[ch], `${name}: unbalanced ${ch} in ${text}`);
    }
    assert.equal(quote, null, `${name}: unclosed quote in ${text}`);
    assert.deepEqual(stack, [], `${name}: unclosed ${stack} in ${text}`);
  }
  for (const p of ['task', 'workflow', 'timer', 'signal', 'all', 'race', 'try', 'forof', 'if']) {
    assert.ok(prefixes.has(p), `no snippet with prefix ${p}`);
  }
});

test('snippet texts use only Flow built-ins', () => {
  const allowed = new Set(['Task', 'Workflow', 'Timer', 'Signal', 'Promise', 'Inputs', 'console']);
  for (const [name, s] of Object.entries(snippets)) {
    const { text } = parseSnippet(Array.isArray(s.body) ? s.body.join('\n') : s.body);
    for (const m of text.matchAll(/\b([A-Z][A-Za-z]*|console)\.[a-z]/g)) {
      assert.ok(allowed.has(m[1]), `${name}: unexpected ${m[1]}`);
    }
    assert.doesNotMatch(text, /\b(var|new|function|=>)\b/, `${name} uses a construct Flow does not have`);
  }
});
