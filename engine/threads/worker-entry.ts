/// <reference types="node" />
/** Where a worker thread's entry module lies, compiled or (in a development checkout) bundled from its TypeScript source. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundles = new Map<string, URL>();

/**
 * The worker's entry: `compiled` when it exists (dist/, or the CLI's bundle),
 * otherwise one file bundled from `source` with esbuild, once per process. A
 * worker thread does not inherit the parent's TypeScript loader, and loading the
 * source through one in every thread costs a second or more per thread and runs
 * slower (its name-keeping wrappers); the bundle loads like compiled code.
 * Bundles are named by content under node_modules/.cache, where the packages
 * they import resolve.
 * @example workerEntry(new URL('./worker.js', import.meta.url), new URL('./worker.ts', import.meta.url))
 */
export function workerEntry(compiled: URL, source: URL): URL {
  if (existsSync(fileURLToPath(compiled))) return compiled;
  const key = source.href;
  let url = bundles.get(key);
  if (!url) bundles.set(key, (url = bundle(fileURLToPath(source))));
  return url;
}

function bundle(source: string): URL {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.cache', 'closedloop');
  // esbuild is a development dependency: source code runs only in a development checkout.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  // Split, so that what a thread loads on demand (renderers and their packages) stays behind its import.
  const result = esbuild.buildSync({
    entryPoints: [source],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: dir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(dir, { recursive: true });
  for (const file of result.outputFiles) if (!existsSync(file.path)) writeFileSync(file.path, file.contents);
  const name = source.replace(/^.*[\\/]/, '').replace(/\.ts$/, '');
  const entry = result.outputFiles.find((f) => new RegExp(`[\\\\/]${name}-[^\\\\/]+\\.mjs$`).test(f.path));
  return pathToFileURL(entry!.path);
}
