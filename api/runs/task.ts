/** What the API's worker threads run: their entry, a running task and how it ends. */
import { workerEntry as bundledOrCompiled } from '../../engine/threads/worker-entry.js';
import type { Problem } from '../../engine/errors.js';
import type { ActualsFacts } from './actuals.js';
import type { ProposalFacts } from './worker.js';

/** The API worker's entry: the compiled worker.js next to this file, or a bundle of worker.ts in a development checkout. */
export function workerEntry(): URL {
  return bundledOrCompiled(new URL('./worker.js', import.meta.url), new URL('./worker.ts', import.meta.url));
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
