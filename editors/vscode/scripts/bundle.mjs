// Bundles the extension (src/extension.ts and its runtime dependencies, vscode-languageclient
// and friends) into one file, so that the .vsix ships no node_modules and loads fast.
//   node scripts/bundle.mjs [outfile]   (default out/extension.js, the manifest's "main")
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = dirname(dirname(fileURLToPath(import.meta.url)));

/** Writes the bundle to outfile. */
export async function bundle(outfile = join(ext, 'out', 'extension.js')) {
  await build({
    entryPoints: [join(ext, 'src', 'extension.ts')],
    outfile,
    bundle: true,
    external: ['vscode'],
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle(process.argv[2]);
}
