// Builds platform-specific .vsix files that bundle the rhythm-lsp server.
//
//   npm run package                          # the host's target (e.g. linux-x64)
//   npm run package -- --target linux-arm64  # one or more targets (repeat --target)
//   npm run package -- --all                 # every target in TARGETS
//
// The extension is type-checked (tsc) and bundled into out/extension.js (esbuild). For each
// target the server is built with `go build` (from the repository root) into bin/<target>/, then
// `vsce package --target <target>` writes dist/rhythm-<target>-<version>.vsix.
// The server uses cgo (tree-sitter), so a target other than the host needs a C cross compiler:
// set CC_<TARGET> (for example CC_LINUX_ARM64="zig cc -target aarch64-linux-gnu"); a target
// without one fails with a message that says so.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = dirname(dirname(fileURLToPath(import.meta.url)));
const root = join(ext, '..', '..');

/** VS Code targets and the Go platform of each. */
export const TARGETS = {
  'linux-x64': { goos: 'linux', goarch: 'amd64' },
  'linux-arm64': { goos: 'linux', goarch: 'arm64' },
  'linux-armhf': { goos: 'linux', goarch: 'arm', goarm: '7' },
  'alpine-x64': { goos: 'linux', goarch: 'amd64', musl: true },
  'darwin-x64': { goos: 'darwin', goarch: 'amd64' },
  'darwin-arm64': { goos: 'darwin', goarch: 'arm64' },
  'win32-x64': { goos: 'windows', goarch: 'amd64' },
  'win32-arm64': { goos: 'windows', goarch: 'arm64' },
};

function hostTarget() {
  return `${process.platform}-${process.arch}`;
}

function parseArgs(argv) {
  const targets = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--all') targets.push(...Object.keys(TARGETS));
    else if (argv[i] === '--target' && argv[i + 1]) targets.push(argv[++i]);
    else if (argv[i].startsWith('--target=')) targets.push(argv[i].slice('--target='.length));
    else throw new Error(`unknown argument ${argv[i]} (use --target <target> or --all)`);
  }
  return targets.length ? [...new Set(targets)] : [hostTarget()];
}

function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', ...opts });
}

function buildServer(target) {
  const t = TARGETS[target];
  if (!t) throw new Error(`unknown target ${target}; known: ${Object.keys(TARGETS).join(', ')}`);
  const env = { ...process.env, GOOS: t.goos, GOARCH: t.goarch, CGO_ENABLED: '1' };
  if (t.goarm) env.GOARM = t.goarm;
  const ccVar = `CC_${target.toUpperCase().replace(/-/g, '_')}`;
  if (process.env[ccVar]) {
    env.CC = process.env[ccVar];
  } else if (target !== hostTarget() || t.musl) {
    throw new Error(`${target} is not the host (${hostTarget()}): set ${ccVar} to a C cross compiler for cgo`);
  }
  const out = join(ext, 'bin', target, t.goos === 'windows' ? 'rhythm-lsp.exe' : 'rhythm-lsp');
  // A musl (Alpine) server is linked statically: it then runs on any Linux of its architecture.
  const ldflags = t.musl ? '-s -w -linkmode external -extldflags -static' : '-s -w';
  run('go', ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', out, './cmd/rhythm-lsp'], { cwd: root, env });
  return out;
}

function main() {
  const targets = parseArgs(process.argv.slice(2));
  const pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
  copyFileSync(join(root, 'LICENSE'), join(ext, 'LICENSE'));
  // Type errors stop the build before the slow part; vsce then runs `vscode:prepublish`, which
  // compiles again and bundles out/extension.js (the package holds no node_modules).
  run(process.execPath, [join(ext, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ext, '--noEmit']);
  mkdirSync(join(ext, 'dist'), { recursive: true });
  const vsce = join(ext, 'node_modules', '@vscode', 'vsce', 'vsce');
  const written = [];
  for (const target of targets) {
    // Each package holds only its own server binary.
    rmSync(join(ext, 'bin'), { recursive: true, force: true });
    const bin = buildServer(target);
    const vsix = join(ext, 'dist', `${pkg.name}-${target}-${pkg.version}.vsix`);
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--target', target, '--out', vsix], { cwd: ext });
    written.push(`${vsix} (server ${(statSync(bin).size / 1e6).toFixed(1)} MB)`);
  }
  console.log(`wrote:\n  ${written.join('\n  ')}`);
}

try {
  main();
} catch (err) {
  console.error(`package: ${err.message}`);
  process.exit(1);
}
