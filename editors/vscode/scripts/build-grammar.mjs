// Writes syntaxes/flow.tmLanguage.json from scripts/grammar.src.mjs.
//   node scripts/build-grammar.mjs          # write
//   node scripts/build-grammar.mjs --check  # exit 1 when the committed JSON is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import grammar from './grammar.src.mjs';

const out = fileURLToPath(new URL('../syntaxes/flow.tmLanguage.json', import.meta.url));
const text = JSON.stringify(grammar, null, 2) + '\n';
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing file: reported below
  }
  if (current !== text) {
    console.error('syntaxes/flow.tmLanguage.json is out of date: run `npm run grammar`');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
}
