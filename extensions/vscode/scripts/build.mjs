// Bundles the extension (and vscode-languageclient) into one CommonJS file,
// dist/extension.js, which is all the VSIX ships besides the manifest and the binary.
// `vscode` is provided by the editor at run time, so it stays external.
import { build } from 'esbuild';

const production = process.argv.includes('--production');

await build({
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: production ? false : 'inline',
  minify: production,
  logLevel: 'warning',
});
