// Builds the server (one ESM bundle of our own code, and the embedded database's thread beside it,
// src/db/pglite.worker.ts → dist/pglite.worker.js; npm packages stay external)
// and the small client enhancements. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts', 'src/db/pglite.worker.ts'],
  outdir: 'dist',
  entryNames: '[name]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});

// Client enhancements (progressive; pages work without them): src/web/client/app.ts → public/app.js.
await build({
  entryPoints: ['src/web/client/app.ts'],
  outfile: 'public/app.js',
  bundle: true,
  minify: true,
  platform: 'browser',
  format: 'esm',
  target: ['es2019', 'chrome80', 'firefox78', 'safari13'],
  legalComments: 'none',
  logLevel: 'warning',
});
