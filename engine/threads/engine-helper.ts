/// <reference types="node" />
/**
 * A helper thread of the engine (engine/threads/): evaluates trial blocks of a
 * simulation, or builds scenario reports, for the thread that waits for it.
 */
import { parentPort } from 'node:worker_threads';
import { HELPERS_ACTIVE, type TrialBlocksJob, runTrialBlocks } from '../model/trial-blocks.js';
import { type ReportsTask, helpWithReports } from './scenario-reports.js';
import { enterJob, leaveJob } from './simulation-threads.js';

parentPort!.on('message', (task: (TrialBlocksJob & { kind?: undefined }) | ReportsTask) => {
  if (task.kind === 'reports') return helpWithReports(task);
  enterJob(task.control, HELPERS_ACTIVE);
  try {
    runTrialBlocks(task);
  } catch {
    // The blocks it did not finish are done by the thread that waits for it.
  } finally {
    leaveJob(task.control, HELPERS_ACTIVE);
  }
});
