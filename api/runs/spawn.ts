import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunTask, WorkerMessage } from './worker.js';

/**
 * The worker's entry: the compiled worker.js next to this file, or, when the code
 * runs from TypeScript source, a shim that registers the TypeScript loader first.
 */
export function workerEntry(): URL {
  const compiled = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return compiled;
  return new URL('./worker-shim.mjs', import.meta.url);
}

/** A running analysis in its own thread. */
export interface RunningWorker {
  /** Resolves with the Report, or rejects with {code, message}. */
  result: Promise<unknown>;
  /** Stops the computation. */
  terminate(): Promise<void>;
}

/**
 * Runs one analysis in a worker thread, reporting progress as it goes.
 * @example spawnRun(task, (done, total) => …).result
 */
export function spawnRun(task: RunTask, onProgress: (done: number, total: number) => void): RunningWorker {
  const worker = new Worker(workerEntry(), { workerData: { task } });
  let settled = false;
  const result = new Promise<unknown>((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress(m.done, m.total);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.report);
      } else {
        settled = true;
        reject({ code: m.code, message: m.message });
      }
    });
    worker.on('error', () => {
      settled = true;
      reject({ code: 'INTERNAL', message: 'the analysis worker failed' });
    });
    worker.on('exit', (code) => {
      if (!settled) reject({ code: 'CANCELLED', message: `the worker stopped (exit ${code})` });
    });
  });
  return {
    result,
    terminate: async () => {
      await worker.terminate();
    },
  };
}
