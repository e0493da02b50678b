// Starts a packaged language server and checks that it answers the LSP handshake: initialize
// (with its capabilities), initialized, a document opened with an error, the diagnostics it
// publishes, shutdown and exit. It checks the .vsix files of other platforms too, when the host
// can run them (an emulator may be put before the binary).
//
//   node scripts/smoke-server.mjs [RUNNER...] SERVER
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
if (argv.length === 0) {
  console.error('usage: smoke-server.mjs [RUNNER...] SERVER');
  process.exit(2);
}
const [cmd, ...args] = argv;
const server = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const timer = setTimeout(() => fail('no answer within 30 s'), 30_000);

function fail(msg) {
  console.error(`smoke-server: ${argv.join(' ')}: ${msg}`);
  server.kill('SIGKILL');
  process.exit(1);
}

function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}

let buf = Buffer.alloc(0);
const waiting = [];
server.stdout.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const m = /Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString());
    if (!m) fail('a frame without Content-Length');
    const len = Number(m[1]);
    if (buf.length < end + 4 + len) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString('utf8'));
    buf = buf.subarray(end + 4 + len);
    if (msg.method && msg.id !== undefined) {
      // A request of the server (configuration, capability registration): an empty answer.
      send({ id: msg.id, result: msg.method === 'workspace/configuration' ? msg.params.items.map(() => null) : null });
      continue;
    }
    const i = waiting.findIndex((w) => w.match(msg));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(msg);
  }
});
server.on('exit', (code) => {
  if (waiting.length) fail(`exited with ${code} before answering`);
});

function expect(match) {
  return new Promise((resolve) => waiting.push({ match, resolve }));
}

const uri = 'file:///smoke/order.flow';
const init = expect((m) => m.id === 1);
send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const res = await init;
if (!res.result?.capabilities?.completionProvider || !res.result?.capabilities?.hoverProvider) {
  fail(`initialize answered without completion and hover: ${JSON.stringify(res).slice(0, 300)}`);
}
send({ method: 'initialized', params: {} });
const diags = expect((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'rhythm', version: 1, text: 'return nope\n' } } });
const d = await diags;
if (!d.params.diagnostics.some((x) => /nope/.test(x.message))) {
  fail(`no diagnostic for the undeclared name: ${JSON.stringify(d.params.diagnostics)}`);
}
const down = expect((m) => m.id === 2);
send({ id: 2, method: 'shutdown' });
await down;
send({ method: 'exit' });
server.stdin.end();
server.on('exit', (code) => {
  clearTimeout(timer);
  if (code !== 0) fail(`exit code ${code}`);
  console.log(`smoke-server: ${argv.join(' ')}: initialize, diagnostics and shutdown answered`);
});
