// The Rhythm extension: starts the rhythm-lsp language server for .flow files and contributes
// the commands Restart Server, Show Output and Run Workflow.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { findCli, findServer, parseInputs, runArgs } from './server';

/** The language id of .flow files. */
export const LANGUAGE_ID = 'rhythm';

/** The identifiers of the commands this extension contributes (package.json lists the same). */
export const COMMANDS = {
  restartServer: 'rhythm.restartServer',
  showOutput: 'rhythm.showOutput',
  runWorkflow: 'rhythm.runWorkflow',
} as const;

/** The task type of Run Workflow (declared under taskDefinitions in package.json). */
export const TASK_TYPE = 'rhythm';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('rhythm');
}

function firstWorkspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function databaseUrl(): string {
  return config().get<string>('databaseUrl', '') || process.env.RHYTHM_DATABASE_URL || '';
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  let server;
  try {
    server = findServer({
      extensionPath: context.extensionPath,
      setting: config().get<string>('server.path', ''),
      platform: process.platform,
      arch: process.arch,
      envPath: process.env.PATH ?? '',
      workspaceFolder: firstWorkspaceFolder(),
    });
  } catch (err) {
    const message = (err as Error).message;
    output.appendLine(`Rhythm: ${message}`);
    void vscode.window.showErrorMessage(`Rhythm: ${message}`, 'Open Settings').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'rhythm.server.path');
      }
    });
    return;
  }
  output.appendLine(`Rhythm: starting ${server.command} (${server.source})`);
  const args = config().get<string[]>('server.args', []);
  const serverOptions: ServerOptions = {
    run: { command: server.command, args, transport: TransportKind.stdio },
    debug: { command: server.command, args, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    outputChannel: output,
    initializationOptions: { databaseUrl: databaseUrl() },
    synchronize: {
      configurationSection: 'rhythm',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.flow'),
        vscode.workspace.createFileSystemWatcher('**/.rhythm/registry.json'),
      ],
    },
  };
  client = new LanguageClient('rhythm', 'Rhythm Language Server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`Rhythm: the language server did not start: ${(err as Error).message}`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(2000);
    } catch (err) {
      output.appendLine(`Rhythm: stopping the language server: ${(err as Error).message}`);
    }
  }
}

async function restartServer(context: vscode.ExtensionContext): Promise<void> {
  await stopClient();
  await startClient(context);
}

function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  if (typeof arg === 'string' && arg !== '') {
    return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === LANGUAGE_ID) {
    return editor.document.uri;
  }
  return undefined;
}

/**
 * Runs `rhythm run <file> --input <json>` as a task in the terminal panel. Arguments (all
 * optional, as code lenses pass them): the workflow's URI (string or Uri; default the active
 * editor) and its inputs (an object, which skips the prompt).
 */
async function runWorkflow(context: vscode.ExtensionContext, uriArg?: unknown, inputsArg?: unknown): Promise<void> {
  const uri = targetUri(uriArg);
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Rhythm: open a saved .flow file to run it.');
    return;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) {
    await doc.save();
  }
  let cli: string;
  try {
    cli = findCli(config().get<string>('cli.path', 'rhythm'), process.env.PATH ?? '', process.platform, firstWorkspaceFolder());
  } catch (err) {
    const choice = await vscode.window.showErrorMessage(`Rhythm: ${(err as Error).message}`, 'Open Settings');
    if (choice) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'rhythm.cli.path');
    }
    return;
  }
  const key = `rhythm.lastInputs:${uri.fsPath}`;
  let inputs: string;
  if (inputsArg !== undefined && inputsArg !== null && typeof inputsArg === 'object') {
    inputs = JSON.stringify(inputsArg);
  } else {
    const typed = await vscode.window.showInputBox({
      title: `Run ${path.basename(uri.fsPath, '.flow')}`,
      prompt: 'Inputs of the workflow (a JSON object; empty for {})',
      value: context.workspaceState.get<string>(key, ''),
      validateInput: (text) => {
        try {
          parseInputs(text);
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      },
    });
    if (typed === undefined) {
      return;
    }
    inputs = parseInputs(typed);
    await context.workspaceState.update(key, typed);
  }
  const env: Record<string, string> = {};
  const db = databaseUrl();
  if (db !== '') {
    env.RHYTHM_DATABASE_URL = db;
  }
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri);
  const name = `rhythm run ${path.basename(uri.fsPath)}`;
  // A task rather than a bare terminal: its terminal stays open with the output after the CLI
  // exits, also when it fails at once (a compile error, no database).
  const task = new vscode.Task(
    { type: TASK_TYPE, file: uri.fsPath, inputs },
    workspaceFolder ?? vscode.TaskScope.Workspace,
    name,
    'rhythm',
    new vscode.ProcessExecution(cli, runArgs(uri.fsPath, inputs), {
      cwd: workspaceFolder?.uri.fsPath ?? path.dirname(uri.fsPath),
      env,
    }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, echo: true };
  await vscode.tasks.executeTask(task);
}

/** Called by VS Code when a .flow file opens (or a workspace holds one). */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Rhythm');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(COMMANDS.restartServer, () => restartServer(context)),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(COMMANDS.runWorkflow, (uri?: unknown, inputs?: unknown) => runWorkflow(context, uri, inputs)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rhythm.server') || e.affectsConfiguration('rhythm.databaseUrl')) {
        void restartServer(context);
      }
    }),
  );
  await startClient(context);
}

/** Called by VS Code on shutdown: stops the language server. */
export function deactivate(): Thenable<void> | undefined {
  return stopClient();
}
