// A stand-in for the 'vscode' module, enough to load out/extension.js (and the language client
// library it imports) in plain Node and call activate(). It records registered commands, shown
// messages and created language clients; any other API member is a harmless no-op.
const Module = require('node:module');

const calls = { commands: new Map(), errors: [], outputs: [], config: {} };

function noop() {
  return undefined;
}
function disposable() {
  return { dispose: noop };
}
// Anything: callable, constructible, with every property another Anything.
function anything(name) {
  const fn = function () {
    return anything(name + '()');
  };
  return new Proxy(fn, {
    get(target, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'dispose') return noop;
      if (!(prop in target)) target[prop] = anything(`${name}.${String(prop)}`);
      return target[prop];
    },
    construct() {
      return anything(`new ${name}`);
    },
  });
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (l) => {
      this.listeners.push(l);
      return disposable();
    };
  }
  fire(v) {
    this.listeners.forEach((l) => l(v));
  }
  dispose() {}
}
class Disposable {
  constructor(f) {
    this.f = f;
  }
  static from(...ds) {
    return new Disposable(() => ds.forEach((d) => d && d.dispose && d.dispose()));
  }
  dispose() {
    if (this.f) this.f();
  }
}
class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(p) {
    return new Uri('file', p);
  }
  static parse(s) {
    const m = /^([a-z]+):\/\/(.*)$/.exec(s);
    return m ? new Uri(m[1], m[2]) : new Uri('file', s);
  }
  toString() {
    return `${this.scheme}://${this.fsPath}`;
  }
}

const output = {
  name: 'Rhythm',
  appendLine: (s) => calls.outputs.push(s),
  append: (s) => calls.outputs.push(s),
  show: noop,
  hide: noop,
  clear: noop,
  replace: noop,
  dispose: noop,
};

const base = {
  EventEmitter,
  Disposable,
  Uri,
  commands: {
    registerCommand(id, fn) {
      if (calls.commands.has(id)) throw new Error(`command ${id} registered twice`);
      calls.commands.set(id, fn);
      return disposable();
    },
    executeCommand: async () => undefined,
  },
  window: {
    createOutputChannel: () => output,
    showErrorMessage: async (m) => {
      calls.errors.push(m);
      return undefined;
    },
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    activeTextEditor: undefined,
    createTerminal: () => ({ show: noop, sendText: noop, dispose: noop }),
  },
  workspace: {
    workspaceFolders: undefined,
    textDocuments: [],
    getConfiguration: () => ({
      get: (key, def) => (key in calls.config ? calls.config[key] : def),
      has: () => false,
      inspect: () => undefined,
      update: async () => undefined,
    }),
    onDidChangeConfiguration: () => disposable(),
    createFileSystemWatcher: () => ({ dispose: noop, onDidChange: disposable, onDidCreate: disposable, onDidDelete: disposable }),
    getWorkspaceFolder: () => undefined,
  },
  version: '1.82.0',
};
const vscode = new Proxy(base, {
  get(target, prop) {
    if (!(prop in target)) target[prop] = anything(`vscode.${String(prop)}`);
    return target[prop];
  },
});

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};

module.exports = { vscode, calls };
