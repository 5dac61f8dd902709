#!/usr/bin/env node
/**
 * Builds the read-only run page served at /r/<token>:
 *   web/src/main.ts  → web/dist/assets/app.js (+ app.js.map), one minified ES module
 *   web/src/app.css  → web/dist/assets/app.css
 *   web/index.html   → web/dist/index.html
 * Prints the bundle's raw and gzipped size; exits non-zero on any error or when
 * the gzipped bundle exceeds its budget.
 */
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const assets = join(dist, 'assets');
const BUDGET_GZIP_BYTES = 400 * 1024;

/**
 * reports/charts/dom.ts imports linkedom for its server-side document; the
 * browser passes its own `document`, so the bundle gets a stub instead of a
 * server DOM implementation.
 */
const serverOnly = {
  name: 'server-only-stubs',
  setup(build) {
    build.onResolve({ filter: /^linkedom$/ }, (args) => ({ path: args.path, namespace: 'server-only' }));
    build.onLoad({ filter: /.*/, namespace: 'server-only' }, () => ({
      contents: 'export function parseHTML() { throw new Error("linkedom is not bundled for the browser: pass the page\'s document"); }',
      loader: 'js',
    }));
  },
};

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(assets, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [join(web, 'src', 'main.ts')],
    outfile: join(assets, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: 'external',
    legalComments: 'none',
    charset: 'utf8',
    tsconfig: join(web, 'tsconfig.json'),
    plugins: [serverOnly],
    logLevel: 'silent',
  });
  for (const warning of result.warnings) console.warn(esbuild.formatMessagesSync([warning], { kind: 'warning' }).join(''));
  await copyFile(join(web, 'src', 'app.css'), join(assets, 'app.css'));
  await copyFile(join(web, 'index.html'), join(dist, 'index.html'));

  const js = await readFile(join(assets, 'app.js'));
  const gzipped = gzipSync(js, { level: 9 }).length;
  console.log(`web: ${relative(root, join(assets, 'app.js'))} ${kb(js.length)} raw, ${kb(gzipped)} gzipped`);
  if (gzipped > BUDGET_GZIP_BYTES) throw new Error(`app.js is ${kb(gzipped)} gzipped, over the ${kb(BUDGET_GZIP_BYTES)} budget`);
}

main().catch((error) => {
  if (error && Array.isArray(error.errors) && error.errors.length) console.error(esbuild.formatMessagesSync(error.errors, { kind: 'error' }).join(''));
  else console.error(`web build failed: ${error?.message ?? error}`);
  process.exit(1);
});
