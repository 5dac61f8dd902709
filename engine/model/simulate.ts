import { ANALYTICS_MAX_TRIALS, BLOCK_SIZE, DEFAULT_SEED, DEFAULT_TRIALS, FAN_MAX_TRIALS, MAX_TRIALS } from '../constants.js';
import { correlationGroups } from '../sampling/correlation.js';
import { type ScenarioTrials, allocateTrials } from './scenario-model.js';
import { BLOCKS_DONE, type TrialBlocksJob, addBlockPartials, runTrialBlocks } from './trial-blocks.js';
import { runOnThreads, threadsFor } from '../threads/simulation-threads.js';
import type { Proposal } from './proposal.js';
import type { Sampler } from '../sampling/samplers.js';
import { VariableSet, sampleBlock } from '../sampling/variables.js';

export interface SimulateOptions {
  /** Number of trials, 1 … MAX_TRIALS (default DEFAULT_TRIALS). */
  trials?: number;
  /** 32-bit integer seed (default DEFAULT_SEED). */
  seed?: number;
  /** Latin hypercube (default) or plain Monte Carlo. */
  sampler?: Sampler;
  /** Called after each block with trials done and total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Replaces a block's prior draws in place after sampling and correlation
   * (tracking's posterior, engine/tracking/): every pass over the trials then
   * sees the same updated inputs, so simulate() and plan() run on the posterior.
   */
  transformBlock?: BlockTransform;
  /** Keep every trial's input draws in `Simulation.columns` (memory: 8 bytes × trials × inputs), for a later pass to reuse instead of drawing again. */
  keepColumns?: boolean;
  /**
   * Threads simulate() uses (at most one per block). Default: every core on
   * the main thread for a large run (CLOSEDLOOP_THREADS sets the number), one
   * for a small run and inside a worker thread. Runs with a `transformBlock`
   * stay on the calling thread. The Report is the same whatever the number.
   */
  threads?: number;
  /** Keep the per-trial columns in shared memory (helper threads read them afterwards: engine/threads/scenario-reports.ts). */
  sharedMemory?: boolean;
}

/** Rewrites the columns of trials offset … offset+n−1 in place (one column per variable). */
export type BlockTransform = (columns: Float64Array[], n: number, offset: number) => void;

/** Per-trial results of every scenario of a run, before summarising. */
export interface Simulation {
  trials: number;
  seed: number;
  sampler: Sampler;
  /** Trials per block: each block is an independent Latin hypercube (batch means for standard errors). */
  blockSize: number;
  variables: VariableSet;
  byScenario: Map<string, ScenarioTrials>;
  /**
   * The input values of every `analyticsStride`-th trial (all trials up to
   * ANALYTICS_MAX_TRIALS), one column per variable: what sensitivity and value
   * of information read, next to the same trials' NPVs.
   */
  inputs: Float64Array[];
  analyticsStride: number;
  /** Every trial's input draws, one column per variable, when asked for (`keepColumns`). */
  columns?: Float64Array[];
}

/** The trial count, seed and sampler of a run, checked. */
export function runSettings(options: SimulateOptions): { trials: number; seed: number; sampler: Sampler } {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const seed = options.seed ?? DEFAULT_SEED;
  const sampler = options.sampler ?? 'lhs';
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    throw new RangeError(`trials must be a whole number from 1 to ${MAX_TRIALS}, got ${trials}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return { trials, seed, sampler };
}

/** The trials per block of a run of `trials` trials. */
export function blockSizeFor(trials: number): number {
  return Math.min(BLOCK_SIZE, trials);
}

/** The proposal's correlation groups; a RangeError naming the first inconsistent correlation when there is one. */
function checkedCorrelationGroups(proposal: Proposal, set: VariableSet) {
  const { groups, problems } = correlationGroups(proposal, set);
  if (problems.length > 0) throw new RangeError(`correlations[${problems[0].index}]: ${problems[0].message}`);
  return groups;
}

/**
 * Draws every input of a proposal block by block and hands each block's
 * columns to `visit`. The draws depend only on (seed, input key, block), so
 * two passes over the same proposal and settings see the same inputs: the
 * planner evaluates shifted scenarios on exactly the trials the analysis used.
 * @example forEachBlock(proposal, set, { trials: 10000, seed: 1 }, (columns, n, offset) => …)
 */
export function forEachBlock(
  proposal: Proposal,
  set: VariableSet,
  options: SimulateOptions,
  visit: (columns: Float64Array[], n: number, offset: number) => void,
): void {
  const { trials, seed, sampler } = runSettings(options);
  const groups = checkedCorrelationGroups(proposal, set);
  const blockSize = blockSizeFor(trials);
  const columns = set.variables.map(() => new Float64Array(blockSize));
  const uniforms = new Float64Array(blockSize);
  for (let offset = 0, block = 0; offset < trials; offset += blockSize, block++) {
    const n = Math.min(blockSize, trials - offset);
    sampleBlock(set, groups, seed, block, sampler, n, uniforms, columns);
    options.transformBlock?.(columns, n, offset);
    visit(columns, n, offset);
    options.onProgress?.(offset + n, trials);
  }
}

/**
 * forEachBlock over draws kept from an earlier pass (Simulation.columns): each
 * block's columns are copied, transformed (options.transformBlock) and visited
 * exactly as a fresh pass would see them, without drawing them again.
 * @example forEachKeptBlock(sim.columns!, sim.trials, { transformBlock }, visit)
 */
export function forEachKeptBlock(
  kept: Float64Array[],
  trials: number,
  options: Pick<SimulateOptions, 'transformBlock'>,
  visit: (columns: Float64Array[], n: number, offset: number) => void,
): void {
  const blockSize = blockSizeFor(trials);
  const columns = kept.map(() => new Float64Array(blockSize));
  for (let offset = 0; offset < trials; offset += blockSize) {
    const n = Math.min(blockSize, trials - offset);
    kept.forEach((c, v) => columns[v].set(c.subarray(offset, offset + n)));
    options.transformBlock?.(columns, n, offset);
    visit(columns, n, offset);
  }
}

/**
 * Simulates every scenario of a proposal over the same trials (common random
 * numbers for shared assumptions), block by block; large runs split their
 * blocks over helper threads (engine/threads/) with the same result.
 * @example simulate(proposal, { trials: 10000, seed: 1 }).byScenario.get('reference')!.npv
 */
export function simulate(proposal: Proposal, options: SimulateOptions = {}): Simulation {
  const { trials, seed, sampler } = runSettings(options);
  const set = new VariableSet(proposal);
  checkedCorrelationGroups(proposal, set);
  const blockSize = blockSizeFor(trials);
  const blocks = Math.ceil(trials / blockSize);
  const trialMonths = trials * proposal.scenarios.length * (proposal.horizonMonths + 1);
  // A transform is a function of this thread: its runs stay here.
  const threads = options.transformBlock ? 1 : threadsFor(options.threads, blocks, trialMonths);
  // Helpers write into the same memory: shared buffers then, plain ones otherwise.
  const shared = threads > 1 || options.sharedMemory === true;
  const column = shared ? (n: number) => new Float64Array(new SharedArrayBuffer(8 * n)) : (n: number) => new Float64Array(n);
  const fanStride = Math.ceil(trials / FAN_MAX_TRIALS);
  const analyticsStride = Math.ceil(trials / ANALYTICS_MAX_TRIALS);
  const outputs = proposal.scenarios.map((s) => allocateTrials(trials, proposal.horizonMonths, s.benefits.length, fanStride, false, true, column));
  const months = proposal.horizonMonths + 1;
  const partials = proposal.scenarios.map((s) => ({ benefitPv: column(blocks * s.benefits.length), benefit: column(blocks * months), cost: column(blocks * months) }));
  const analyticsRows = Math.ceil(trials / analyticsStride);
  const inputs = set.variables.map(() => column(analyticsRows));
  const keptColumns = options.keepColumns ? set.variables.map(() => column(trials)) : undefined;
  const int32 = (n: number) => (threads > 1 ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n));
  const job: TrialBlocksJob = {
    proposal,
    trials,
    seed,
    sampler,
    blockSize,
    blocks,
    analyticsStride,
    outputs,
    partials,
    inputs,
    ...(keptColumns ? { kept: keptColumns } : {}),
    ...(options.transformBlock ? { transformBlock: options.transformBlock } : {}),
    control: int32(3),
    blockDone: int32(blocks),
  };
  // Progress counts the blocks every thread has done; the caller reports after each of its own.
  let reported = 0;
  const report = (done: number) => {
    if (done > reported) options.onProgress?.((reported = done), trials);
  };
  const onBlock = options.onProgress && (() => report(Math.min(trials, blockSize * Atomics.load(job.control, BLOCKS_DONE))));
  if (threads > 1) runOnThreads(job, threads, { onBlock, set });
  else runTrialBlocks(job, { onBlock, set });
  report(trials);
  const byScenario = new Map<string, ScenarioTrials>();
  proposal.scenarios.forEach((s, i) => {
    addBlockPartials(outputs[i], partials[i], blocks);
    byScenario.set(s.id, outputs[i]);
  });
  return { trials, seed, sampler, blockSize, variables: set, byScenario, inputs, analyticsStride, ...(keptColumns ? { columns: keptColumns } : {}) };
}
