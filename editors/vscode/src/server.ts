// Locating the rhythm-lsp binary and building the Run Workflow command line. This module does not
// import 'vscode' so that the tests can load it with plain Node.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where a server binary was found: the setting, the copy bundled with the extension, or PATH. */
export type ServerSource = 'setting' | 'bundled' | 'path';

/** A server binary to start. */
export interface ServerLocation {
  command: string;
  source: ServerSource;
}

/** The inputs of {@link findServer}; every field is explicit so that tests need no environment. */
export interface FindServerOptions {
  /** The extension's install folder (holding bin/<platform>-<arch>/). */
  extensionPath: string;
  /** The `rhythm.server.path` setting ('' when unset). */
  setting: string;
  /** process.platform and process.arch of the editor's host. */
  platform: string;
  arch: string;
  /** The PATH variable to search. */
  envPath: string;
  /** The first workspace folder, for ${workspaceFolder} in the setting. */
  workspaceFolder?: string;
  /** The home folder, for ~ in the setting. */
  home?: string;
}

/** Returns the file name of the server executable on a platform (rhythm-lsp.exe on Windows). */
export function serverExecutable(platform: string): string {
  return platform === 'win32' ? 'rhythm-lsp.exe' : 'rhythm-lsp';
}

/** Returns the folder name of a bundled server: the VS Code target, e.g. linux-x64. */
export function platformDir(platform: string, arch: string): string {
  return `${platform}-${arch}`;
}

/** Expands a leading ~ and ${workspaceFolder} in a configured path. */
export function expandPath(p: string, workspaceFolder?: string, home: string = os.homedir()): string {
  let out = p.trim();
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(home, out.slice(1));
  }
  if (workspaceFolder !== undefined) {
    out = out.split('${workspaceFolder}').join(workspaceFolder);
  }
  return out;
}

function isExecutableFile(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** Searches the folders of envPath for an executable called name. */
export function searchPath(name: string, envPath: string, platform: string): string | undefined {
  const sep = platform === 'win32' ? ';' : ':';
  for (const dir of envPath.split(sep)) {
    if (dir === '') {
      continue;
    }
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * Returns the server to start, in this order: the `rhythm.server.path` setting when it is set (an
 * explicit choice wins, and it must exist), the binary bundled in the extension's
 * bin/<platform>-<arch>/ folder, then rhythm-lsp on PATH. Throws an Error saying what was tried
 * when none is found.
 */
export function findServer(o: FindServerOptions): ServerLocation {
  const exe = serverExecutable(o.platform);
  if (o.setting.trim() !== '') {
    const configured = expandPath(o.setting, o.workspaceFolder, o.home);
    if (isExecutableFile(configured)) {
      return { command: configured, source: 'setting' };
    }
    const onPath = path.basename(configured) === configured ? searchPath(configured, o.envPath, o.platform) : undefined;
    if (onPath) {
      return { command: onPath, source: 'setting' };
    }
    throw new Error(`rhythm.server.path is set to ${o.setting}, which is not an executable file`);
  }
  const bundled = path.join(o.extensionPath, 'bin', platformDir(o.platform, o.arch), exe);
  if (isExecutableFile(bundled)) {
    return { command: bundled, source: 'bundled' };
  }
  const onPath = searchPath(exe, o.envPath, o.platform);
  if (onPath) {
    return { command: onPath, source: 'path' };
  }
  throw new Error(
    `no ${exe} found: this build of the extension bundles none for ${platformDir(o.platform, o.arch)}, ` +
      'rhythm.server.path is empty and PATH has none (install it with `go install github.com/rhythmflow/rhythm/cmd/rhythm-lsp@latest`)',
  );
}

/**
 * Parses the inputs typed for Run Workflow: empty means {}, otherwise a JSON object. Returns the
 * compact JSON text, or throws an Error with a message fit for the input box.
 */
export function parseInputs(text: string): string {
  const t = text.trim();
  if (t === '') {
    return '{}';
  }
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch (err) {
    throw new Error(`inputs are not valid JSON: ${(err as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new Error('inputs must be a JSON object, for example {"orderId": 42}');
  }
  return JSON.stringify(v);
}

/** Returns the arguments of `rhythm run` for a workflow file and its inputs (JSON text). */
export function runArgs(file: string, inputs: string): string[] {
  return ['run', file, '--input', inputs];
}

/**
 * Returns the `rhythm` CLI to run for Run Workflow: the `rhythm.cli.path` setting (a path, or a
 * bare command name looked up on PATH; default `rhythm`), with ~ and ${workspaceFolder}
 * expanded. Throws an Error saying what to set when it cannot be found.
 */
export function findCli(setting: string, envPath: string, platform: string, workspaceFolder?: string, home?: string): string {
  const wanted = setting.trim() === '' ? 'rhythm' : expandPath(setting, workspaceFolder, home);
  const bare = !wanted.includes('/') && !wanted.includes('\\');
  if (bare) {
    const exe = platform === 'win32' && !wanted.toLowerCase().endsWith('.exe') ? `${wanted}.exe` : wanted;
    const found = searchPath(exe, envPath, platform);
    if (found) {
      return found;
    }
    throw new Error(`the ${wanted} command is not on PATH: install the Rhythm CLI or set rhythm.cli.path`);
  }
  if (isExecutableFile(wanted)) {
    return wanted;
  }
  throw new Error(`rhythm.cli.path is set to ${setting}, which is not an executable file`);
}
