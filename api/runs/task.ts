/** What the API's worker threads run: their entry, a running task and how it ends. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Problem } from '../../engine/errors.js';
import type { ActualsFacts } from './actuals.js';
import type { ProposalFacts } from './worker.js';

let bundled: URL | null = null;

/**
 * The worker's entry: the compiled worker.js next to this file (dist/), or, when
 * the code runs from TypeScript source (tests, `tsx cli/main.ts serve`), one
 * file bundled from worker.ts with esbuild, once per process. A worker thread
 * does not inherit the parent's TypeScript loader, and loading the source
 * through one in every thread costs a second or more per thread and runs
 * slower (its name-keeping wrappers); the bundle loads like compiled code.
 * Bundles are named by content under node_modules/.cache, where the
 * packages they import resolve.
 */
export function workerEntry(): URL {
  const compiled = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return compiled;
  return (bundled ??= bundleWorker());
}

function bundleWorker(): URL {
  const source = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const dir = join(dirname(source), '..', '..', 'node_modules', '.cache', 'closedloop');
  // esbuild is a development dependency: source code runs only in a development checkout.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  // Split, so that the renderers (and their packages) load only when a thread first renders.
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
  return pathToFileURL(result.outputFiles.find((f) => /[\\/]worker-[^\\/]+\.mjs$/.test(f.path))!.path);
}
/** What a finished task hands back: the bytes it produced, a validated proposal's facts, or checked actuals' facts. */
export interface TaskOutcome {
  bytes?: Uint8Array;
  facts?: ProposalFacts;
  /** A tracking run's `tracking` block as JSON bytes (beside the Report in `bytes`). */
  tracking?: Uint8Array;
  actuals?: ActualsFacts;
}

/** How a task fails: a stable code (a catalogue code, or CANCELLED when it was stopped), a message and any problems. */
export interface TaskFailure {
  code: string;
  message: string;
  problems: Problem[];
}

/** A task running in a worker thread. */
export interface RunningTask {
  /** Resolves with the outcome, or rejects with a TaskFailure. */
  result: Promise<TaskOutcome>;
  /** Stops the computation (the thread is terminated). */
  terminate(): Promise<void>;
}

/**
 * The failure of a thread that died: over its heap limit (RUN_TOO_LARGE), or for another reason (INTERNAL).
 * @example workerFailure(Object.assign(new Error('oom'), { code: 'ERR_WORKER_OUT_OF_MEMORY' })).code // 'RUN_TOO_LARGE'
 */
export function workerFailure(error: unknown): TaskFailure {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { code: 'RUN_TOO_LARGE', message: 'the computation ran out of its memory budget and was stopped; use fewer trials', problems: [] };
  }
  return { code: 'INTERNAL', message: 'the worker thread failed', problems: [] };
}
