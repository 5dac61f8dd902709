#!/usr/bin/env node
/**
 * Bundles the CLI's entry after `tsc`: cli/main.ts → dist/cli/main.js (the bin)
 * plus dist/cli/chunk-*.js, one ES module graph in a few files instead of ~200,
 * with the small pure-JavaScript packages (commander, zod, yaml, …) inside.
 * Start-up of a command is mostly module resolution and loading, so this is
 * what keeps `closedloop validate` near a bare `node`. Each command's heavy
 * code stays behind its dynamic import (a chunk of its own), and packages with
 * native code or data files (pdfkit, exceljs, better-sqlite3, fastify, …) load
 * from node_modules as before. The API (api/) is not bundled: `serve` and the
 * key and share commands import the compiled dist/api/ modules, whose worker
 * threads find their entry next to them.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
/** Packages compiled into the bundle: pure JavaScript, no files read beside their code. */
const BUNDLED_PACKAGES = new Set(['commander', 'zod', 'yaml', 'jstat', 'simple-statistics', 'cli-progress']);

const packageName = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/** Keeps the API and every other package outside the bundle (see above). */
const boundaries = {
  name: 'closedloop-boundaries',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || BUNDLED_PACKAGES.has(packageName(args.path))) return undefined;
      return { path: args.path, external: true };
    });
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = join(args.resolveDir, args.path);
      const fromRoot = relative(root, target);
      if (!fromRoot.startsWith(`api${sep}`)) return undefined;
      // The compiled module in dist/, addressed from dist/cli/ where every output file lies.
      const compiled = join(root, 'dist', fromRoot);
      if (!existsSync(compiled)) throw new Error(`build-cli: ${fromRoot} is not compiled; run tsc first`);
      return { path: `./${relative(outdir, compiled).split(sep).join('/')}`, external: true };
    });
  },
};

// Chunks are named by content: drop the previous build's before writing this one's.
for (const file of readdirSync(outdir)) if (/^chunk-[A-Z0-9]+\.js$/.test(file)) rmSync(join(outdir, file));

await esbuild.build({
  // The engine's helper threads load their entry from beside the chunk that starts them (engine/threads/).
  entryPoints: [
    { in: join(root, 'cli', 'main.ts'), out: 'main' },
    { in: join(root, 'engine', 'threads', 'engine-helper.ts'), out: 'engine-helper' },
  ],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir,
  chunkNames: 'chunk-[hash]',
  // CommonJS packages inside an ES module bundle call require() for Node's built-ins.
  banner: { js: "import { createRequire as __closedloopCreateRequire } from 'node:module'; const require = __closedloopCreateRequire(import.meta.url);" },
  // Less source to parse at every start; identifiers keep their names (messages and stack traces read them).
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [boundaries],
  logLevel: 'warning',
});
