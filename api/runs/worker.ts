/**
 * A worker thread that runs analyses: it receives a proposal as stored and the
 * run's settings, posts progress after every block, and posts the Report or a
 * stable error. Started with `workerData.task` it runs that one task (a stored
 * run); started without, it serves tasks posted to it one after another (the
 * pool behind POST /v1/analyze). Stopping a task terminates the thread, which
 * stops the computation at once.
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

function execute(task: RunTask, post: (m: WorkerMessage) => void): void {
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
}

const single = (workerData as { task?: RunTask } | undefined)?.task;
if (single) execute(single, (m) => parentPort!.postMessage(m));
else parentPort!.on('message', (task: RunTask) => execute(task, (m) => parentPort!.postMessage(m)));
