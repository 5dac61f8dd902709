/**
 * A worker thread that runs one analysis: it receives the proposal as stored and
 * the run's settings, posts progress after every block, and posts the Report or
 * a stable error. Cancelling a run terminates the thread, which stops the
 * computation at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyze } from '../../engine/analyze.js';
import { ClosedloopError } from '../../engine/errors.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

export interface RunTask {
  body: unknown;
  trials: number;
  seed: number;
  sampler: 'lhs' | 'mc';
  createdAt: string;
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; report: unknown }
  | { type: 'error'; code: string; message: string };

const task = workerData as RunTask;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
try {
  const report = analyze(normalizeProposal(task.body), {
    trials: task.trials,
    seed: task.seed,
    sampler: task.sampler,
    createdAt: task.createdAt,
    onProgress: (done, total) => post({ type: 'progress', done, total }),
  });
  post({ type: 'done', report });
} catch (e) {
  if (e instanceof ClosedloopError) post({ type: 'error', code: e.code, message: e.message });
  else post({ type: 'error', code: 'INTERNAL', message: 'the analysis failed unexpectedly' });
}
