// Loads syntaxes/flow.tmLanguage.json with vscode-textmate and the Oniguruma WebAssembly build
// VS Code uses, and tokenises text into [text, scopes] pairs per line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const grammarPath = fileURLToPath(new URL('../syntaxes/flow.tmLanguage.json', import.meta.url));

let registryPromise;
async function registry() {
  if (!registryPromise) {
    registryPromise = (async () => {
      const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
      await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
      return new vsctm.Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
          createOnigString: (s) => new oniguruma.OnigString(s),
        }),
        loadGrammar: async (scopeName) => {
          if (scopeName !== 'source.flow') return null;
          return vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath);
        },
      });
    })();
  }
  return registryPromise;
}

/** Returns the grammar of source.flow. */
export async function loadGrammar() {
  const g = await (await registry()).loadGrammar('source.flow');
  if (!g) throw new Error('source.flow did not load');
  return g;
}

/** Compiles one Oniguruma pattern; throws when Oniguruma rejects it. */
export async function compile(pattern) {
  await registry();
  const s = new oniguruma.OnigScanner([pattern]);
  s.dispose();
}

/** Tokenises text; returns one array per line of { text, scopes }. */
export async function tokenize(text) {
  const grammar = await loadGrammar();
  let state = vsctm.INITIAL;
  const out = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    out.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    state = r.ruleStack;
  }
  return out;
}

/** Returns the scopes of the first token whose text is exactly `text` (after `skip` matches). */
export function scopesOf(lines, text, skip = 0) {
  for (const line of lines) {
    for (const t of line) {
      if (t.text === text) {
        if (skip === 0) return t.scopes;
        skip--;
      }
    }
  }
  throw new Error(`no token ${JSON.stringify(text)} in ${JSON.stringify(lines.flat().map((t) => t.text))}`);
}
