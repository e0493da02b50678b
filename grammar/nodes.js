// Rewrites the "Node types" section of NODES.md from src/node-types.json.
// Usage: node nodes.js   (check.sh runs it and fails when NODES.md changes)
'use strict';
const fs = require('fs');
const path = require('path');

const nodes = JSON.parse(fs.readFileSync(path.join(__dirname, 'src', 'node-types.json'), 'utf8'));
const typeName = t => (t.named ? t.type : `'${t.type}'`);
const lines = [];
for (const n of nodes) {
  if (!n.named) continue;
  if (n.subtypes) {
    lines.push(`- \`${n.type}\` (supertype): ${n.subtypes.map(s => `\`${s.type}\``).join(', ')}`);
    continue;
  }
  const parts = [];
  for (const [name, f] of Object.entries(n.fields || {})) {
    const mult = f.multiple ? '*' : f.required ? '' : '?';
    parts.push(`\`${name}\`${mult}: ${f.types.map(typeName).join('|')}`);
  }
  if (n.children) {
    parts.push(`children${n.children.multiple ? '*' : ''}: ${n.children.types.map(t => t.type).join('|')}`);
  }
  lines.push(`- \`${n.type}\`${parts.length ? ' — ' + parts.join('; ') : ''}`);
}
const file = path.join(__dirname, 'NODES.md');
const doc = fs.readFileSync(file, 'utf8');
const head = doc.slice(0, doc.indexOf('## Node types'));
fs.writeFileSync(file, `${head}## Node types\n\n${lines.join('\n')}\n`);
