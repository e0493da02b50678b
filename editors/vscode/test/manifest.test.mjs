// Tests of the extension manifest (package.json contributions) against the files and the code.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ext = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const source = readFileSync(join(ext, 'src', 'extension.ts'), 'utf8');

test('the language rhythm covers .flow files', () => {
  const langs = pkg.contributes.languages;
  assert.equal(langs.length, 1);
  assert.equal(langs[0].id, 'rhythm');
  assert.deepEqual(langs[0].extensions, ['.flow']);
  assert.ok(existsSync(join(ext, langs[0].configuration)), 'language configuration file');
  assert.ok(pkg.activationEvents.includes('onLanguage:rhythm'));
});

test('the TextMate grammar is contributed with its own scope name', () => {
  const [g] = pkg.contributes.grammars;
  assert.equal(g.language, 'rhythm');
  const grammar = JSON.parse(readFileSync(join(ext, g.path), 'utf8'));
  assert.equal(grammar.scopeName, g.scopeName);
  assert.equal(g.scopeName, 'source.flow');
});

test('snippets are contributed for rhythm', () => {
  const [s] = pkg.contributes.snippets;
  assert.equal(s.language, 'rhythm');
  assert.ok(existsSync(join(ext, s.path)));
});

test('every command has a title and a category, and menus name known commands', () => {
  const ids = new Set();
  for (const c of pkg.contributes.commands) {
    assert.match(c.command, /^rhythm\.[a-zA-Z]+$/);
    assert.ok(c.title && c.title.length > 3, `${c.command} has no title`);
    assert.equal(c.category, 'Rhythm');
    ids.add(c.command);
  }
  assert.deepEqual([...ids].sort(), ['rhythm.restartServer', 'rhythm.runWorkflow', 'rhythm.showOutput']);
  for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
    for (const item of items) {
      assert.ok(ids.has(item.command), `menu ${menu} names unknown command ${item.command}`);
    }
  }
});

test('the Run Workflow task type is declared', () => {
  const [def] = pkg.contributes.taskDefinitions;
  assert.equal(def.type, 'rhythm');
  assert.match(source, /TASK_TYPE = 'rhythm'/);
  assert.deepEqual(def.required, ['file']);
});

test('the settings read by the code are declared, with descriptions and types', () => {
  const props = pkg.contributes.configuration.properties;
  for (const [key, p] of Object.entries(props)) {
    assert.match(key, /^rhythm\./);
    assert.ok(p.description || p.markdownDescription, `${key} has no description`);
    assert.ok(p.type, `${key} has no type`);
    assert.ok('default' in p, `${key} has no default`);
  }
  for (const key of ['rhythm.server.path', 'rhythm.databaseUrl', 'rhythm.trace.server']) {
    assert.ok(props[key], `missing setting ${key}`);
  }
  // vscode-languageclient reads <client id>.trace.server: the client id must be `rhythm`.
  assert.match(source, /new LanguageClient\('rhythm'/);
  const read = [...source.matchAll(/get<[^>]+>\('([^']+)'/g)].map((m) => `rhythm.${m[1]}`);
  assert.ok(read.length >= 3);
  for (const key of read) {
    assert.ok(props[key], `the code reads ${key}, which package.json does not declare`);
  }
});

test('activate() registers exactly the contributed commands', async () => {
  const { calls } = require('./vscode-stub.cjs');
  // No server anywhere: activation must still register the commands and report the problem.
  calls.config['server.path'] = '';
  const savedPath = process.env.PATH;
  process.env.PATH = mkdtempSync(join(tmpdir(), 'rhythm-empty-'));
  try {
    const extension = require(join(ext, 'out', 'extension.js'));
    const subscriptions = [];
    await extension.activate({
      subscriptions,
      extensionPath: mkdtempSync(join(tmpdir(), 'rhythm-ext-')),
      asAbsolutePath: (p) => p,
      workspaceState: { get: (_k, d) => d, update: async () => undefined },
      globalState: { get: (_k, d) => d, update: async () => undefined },
    });
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...calls.commands.keys()].sort(), contributed);
    assert.deepEqual(Object.values(extension.COMMANDS).sort(), contributed);
    assert.ok(subscriptions.length >= contributed.length);
    assert.equal(calls.errors.length, 1, `errors: ${calls.errors}`);
    assert.match(calls.errors[0], /no rhythm-lsp found/);
    // Run Workflow without a .flow editor explains itself instead of failing.
    await calls.commands.get('rhythm.runWorkflow')();
    assert.match(calls.errors[1], /open a saved \.flow file/);
    await extension.deactivate();
  } finally {
    process.env.PATH = savedPath;
  }
});

test('the engine range matches @types/vscode and vscode-languageclient', () => {
  const engine = pkg.engines.vscode.replace(/^[\^~]/, '');
  const types = require('@types/vscode/package.json').version;
  assert.equal(types.split('.').slice(0, 2).join('.'), engine.split('.').slice(0, 2).join('.'));
  const lc = require('vscode-languageclient/package.json');
  const need = lc.engines.vscode.replace(/^[\^~]/, '');
  const [a, b] = [engine, need].map((v) => v.split('.').map(Number));
  assert.ok(a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]), `engine ${engine} < ${need} required by vscode-languageclient`);
});

test('the bundled extension (as packaged) loads and activates', async () => {
  const { bundle } = await import('../scripts/bundle.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'rhythm-bundle-'));
  const out = join(dir, 'extension.js');
  await bundle(out);
  const { calls } = require('./vscode-stub.cjs');
  calls.commands.clear();
  const extension = require(out);
  const savedPath = process.env.PATH;
  process.env.PATH = dir;
  try {
    await extension.activate({
      subscriptions: [],
      extensionPath: dir,
      workspaceState: { get: (_k, d) => d, update: async () => undefined },
    });
  } finally {
    process.env.PATH = savedPath;
  }
  assert.deepEqual([...calls.commands.keys()].sort(), pkg.contributes.commands.map((c) => c.command).sort());
  // Nothing but 'vscode' is left for the runtime to resolve.
  const text = readFileSync(out, 'utf8');
  const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((m) => !m.startsWith('node:'));
  const builtins = new Set((await import('node:module')).builtinModules);
  assert.deepEqual([...new Set(requires.filter((m) => !builtins.has(m)))], ['vscode']);
});
