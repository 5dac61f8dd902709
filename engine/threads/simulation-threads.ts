/// <reference types="node" />
/**
 * Helper threads for large simulations. simulate() stays synchronous: the
 * calling thread posts the job to idle helpers, claims blocks itself like
 * they do, and then waits (Atomics.wait) for any helper still inside the job.
 * Helpers stay alive, unreferenced, for the next run of the process.
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread } from 'node:worker_threads';
import { type BlockRunOptions, HELPERS_ACTIVE, type TrialBlocksJob, runTrialBlocks } from '../model/trial-blocks.js';
import { workerEntry } from './worker-entry.js';

/**
 * Trial-months (trials × scenarios × months) from which a run uses helper
 * threads: below it a helper's start (~50–100 ms to load the engine) costs more
 * than its half of the work (the reference model at 100,000 trials is 3.7 M
 * and simulates in ~50 ms).
 */
export const PARALLEL_MIN_TRIAL_MONTHS = 12_000_000;
/** Helper threads at most, whatever the machine: the copies of a block's columns are small, but each helper holds an engine. */
const MAX_THREADS = 8;

/**
 * Threads a simulation uses by default: every core on the main thread (the
 * CLOSEDLOOP_THREADS environment variable may set the number), one inside a
 * worker thread — the API's run threads already share the cores between runs.
 */
export function defaultThreads(): number {
  const env = Number(process.env.CLOSEDLOOP_THREADS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, MAX_THREADS);
  return isMainThread ? Math.min(availableParallelism(), MAX_THREADS) : 1;
}

/**
 * Threads for a run of `trialMonths` in `blocks` blocks: the number asked for
 * (at most one per block), or by default every core for a large run and one
 * for a small one.
 */
export function threadsFor(requested: number | undefined, blocks: number, trialMonths: number): number {
  if (requested === undefined && trialMonths < PARALLEL_MIN_TRIAL_MONTHS) return 1;
  return Math.max(1, Math.min(requested ?? defaultThreads(), blocks, MAX_THREADS));
}

const helpers: Worker[] = [];

/** Waits until no helper is inside the job whose counter is control[slot]. */
export function waitForHelpers(control: Int32Array, slot: number): void {
  for (let active = Atomics.load(control, slot); active > 0; active = Atomics.load(control, slot)) Atomics.wait(control, slot, active);
}

/** A helper's entry into and exit from a job (see waitForHelpers). */
export const enterJob = (control: Int32Array, slot: number) => Atomics.add(control, slot, 1);
export function leaveJob(control: Int32Array, slot: number): void {
  Atomics.sub(control, slot, 1);
  Atomics.notify(control, slot);
}

/** Helper thread `index`, started on first use (it then loads the engine while this thread goes on). */
export function helper(index: number): Worker {
  let worker = helpers[index];
  if (!worker) {
    // No inherited loader flags (tsx's): the entry is plain JavaScript, and a loader's hooks would wait on this thread while it waits on the helper.
    worker = new Worker(workerEntry(new URL('./engine-helper.js', import.meta.url), new URL('./engine-helper.ts', import.meta.url)), { execArgv: [] });
    worker.unref();
    helpers[index] = worker;
  }
  return worker;
}

/**
 * Evaluates every block of `job` on `threads` threads (this one and threads − 1
 * helpers); the job's arrays must then live in SharedArrayBuffers. This thread
 * waits only for helpers that took a block (a helper still starting when every
 * block is taken is not waited for), and does afterwards any block a helper
 * could not finish (it failed): a helper costs time, never a result.
 */
export function runOnThreads(job: TrialBlocksJob, threads: number, how: Omit<BlockRunOptions, 'claim'> = {}): void {
  const started = threads - 1;
  for (let h = 0; h < started; h++) helper(h).postMessage(job);
  runTrialBlocks(job, how);
  waitForHelpers(job.control, HELPERS_ACTIVE);
  let next = 0;
  const missing = () => {
    while (next < job.blocks && job.blockDone[next] === 1) next++;
    return next;
  };
  runTrialBlocks(job, { ...how, claim: missing });
}
