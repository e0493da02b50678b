// Tests of src/server.ts (compiled to out/server.js): finding rhythm-lsp and the Run Workflow
// command line.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const server = require('../out/server.js');

function executable(path) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

function layout() {
  const root = mkdtempSync(join(tmpdir(), 'rhythm-server-'));
  return {
    root,
    ext: join(root, 'ext'),
    pathDir: join(root, 'path'),
    bundled: join(root, 'ext', 'bin', 'linux-x64', 'rhythm-lsp'),
    onPath: join(root, 'path', 'rhythm-lsp'),
  };
}

const base = (l, extra = {}) => ({
  extensionPath: l.ext,
  setting: '',
  platform: 'linux',
  arch: 'x64',
  envPath: `/nonexistent:${l.pathDir}`,
  ...extra,
});

test('the bundled server comes before PATH', () => {
  const l = layout();
  executable(l.bundled);
  executable(l.onPath);
  assert.deepEqual(server.findServer(base(l)), { command: l.bundled, source: 'bundled' });
});

test('PATH is used when nothing is bundled for the platform', () => {
  const l = layout();
  executable(join(l.ext, 'bin', 'darwin-arm64', 'rhythm-lsp'));
  executable(l.onPath);
  assert.deepEqual(server.findServer(base(l)), { command: l.onPath, source: 'path' });
});

test('the setting wins, with ~ and ${workspaceFolder} expanded, or a bare name looked up on PATH', () => {
  const l = layout();
  executable(l.bundled);
  const mine = executable(join(l.root, 'ws', 'tools', 'rhythm-lsp'));
  assert.deepEqual(server.findServer(base(l, { setting: '${workspaceFolder}/tools/rhythm-lsp', workspaceFolder: join(l.root, 'ws') })), {
    command: mine,
    source: 'setting',
  });
  assert.deepEqual(server.findServer(base(l, { setting: '~/tools/rhythm-lsp', home: join(l.root, 'ws') })), { command: mine, source: 'setting' });
  const named = executable(join(l.pathDir, 'my-lsp'));
  assert.deepEqual(server.findServer(base(l, { setting: 'my-lsp' })), { command: named, source: 'setting' });
});

test('a setting that names no executable is an error, not a silent fallback', () => {
  const l = layout();
  executable(l.bundled);
  assert.throws(() => server.findServer(base(l, { setting: join(l.root, 'missing') })), /rhythm\.server\.path is set to/);
  const notExec = join(l.root, 'plain');
  writeFileSync(notExec, '');
  assert.throws(() => server.findServer(base(l, { setting: notExec })), /not an executable file/);
});

test('nothing found: the error names the platform and how to install', () => {
  const l = layout();
  assert.throws(() => server.findServer(base(l)), /no rhythm-lsp found.*linux-x64.*go install/s);
});

test('Windows names', () => {
  assert.equal(server.serverExecutable('win32'), 'rhythm-lsp.exe');
  assert.equal(server.serverExecutable('darwin'), 'rhythm-lsp');
  assert.equal(server.platformDir('win32', 'arm64'), 'win32-arm64');
});

test('inputs: empty is {}, objects are compacted, anything else is refused', () => {
  assert.equal(server.parseInputs(''), '{}');
  assert.equal(server.parseInputs('  '), '{}');
  assert.equal(server.parseInputs('{ "orderId": 42, "tags": ["a"] }'), '{"orderId":42,"tags":["a"]}');
  assert.throws(() => server.parseInputs('[1]'), /must be a JSON object/);
  assert.throws(() => server.parseInputs('null'), /must be a JSON object/);
  assert.throws(() => server.parseInputs('42'), /must be a JSON object/);
  assert.throws(() => server.parseInputs('{orderId: 42}'), /not valid JSON/);
});

test('rhythm run arguments keep the file and the JSON as single arguments', () => {
  assert.deepEqual(server.runArgs('/w/my flows/a b.flow', '{"x":"y z"}'), ['run', '/w/my flows/a b.flow', '--input', '{"x":"y z"}']);
});

test('the rhythm CLI: on PATH by default, or the setting (path or command name)', () => {
  const l = layout();
  const onPath = executable(join(l.pathDir, 'rhythm'));
  const env = `/nonexistent:${l.pathDir}`;
  assert.equal(server.findCli('', env, 'linux'), onPath);
  assert.equal(server.findCli('rhythm', env, 'linux'), onPath);
  const mine = executable(join(l.root, 'ws', 'bin', 'rhythm'));
  assert.equal(server.findCli('${workspaceFolder}/bin/rhythm', env, 'linux', join(l.root, 'ws')), mine);
  assert.throws(() => server.findCli('', '/nonexistent', 'linux'), /not on PATH.*rhythm\.cli\.path/);
  assert.throws(() => server.findCli(join(l.root, 'nope'), env, 'linux'), /not an executable file/);
});
