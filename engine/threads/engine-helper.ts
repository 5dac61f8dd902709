/// <reference types="node" />
/**
 * A helper thread of the engine (engine/threads/): evaluates trial blocks of a
 * simulation, or builds scenario reports, for the thread that waits for it.
 */
import { parentPort } from 'node:worker_threads';
import { InputRanks } from '../analytics/sensitivity.js';
import type { Simulation } from '../model/simulate.js';
import { THREADS_FINISHED, type TrialBlocksJob, runTrialBlocks } from '../model/trial-blocks.js';
import { VariableSet } from '../sampling/variables.js';
import { type ReportsTask, buildClaimedReports, finishReportsTask } from './scenario-reports.js';

parentPort!.on('message', (task: (TrialBlocksJob & { kind?: undefined }) | ReportsTask) => {
  if (task.kind === 'reports') {
    try {
      const sim: Simulation = { ...task.sim, variables: new VariableSet(task.proposal) };
      buildClaimedReports({ ...task, sim }, new InputRanks(sim), (index, report) => task.port.postMessage({ index, report }));
    } catch {
      // What it did not deliver, the waiting thread builds.
    } finally {
      finishReportsTask(task);
    }
    return;
  }
  try {
    runTrialBlocks(task);
  } catch {
    // The blocks it did not finish are done by the thread that waits for it.
  } finally {
    Atomics.add(task.control, THREADS_FINISHED, 1);
    Atomics.notify(task.control, THREADS_FINISHED);
  }
});
