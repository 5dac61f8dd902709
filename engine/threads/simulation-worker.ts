/// <reference types="node" />
/** A simulation helper thread: evaluates blocks of each job it is sent (engine/threads/simulation-threads.ts). */
import { parentPort } from 'node:worker_threads';
import { THREADS_FINISHED, type TrialBlocksJob, runTrialBlocks } from '../model/trial-blocks.js';

parentPort!.on('message', (job: TrialBlocksJob) => {
  try {
    runTrialBlocks(job);
  } catch {
    // The blocks it did not finish are done by the thread that waits for it.
  } finally {
    Atomics.add(job.control, THREADS_FINISHED, 1);
    Atomics.notify(job.control, THREADS_FINISHED);
  }
});
