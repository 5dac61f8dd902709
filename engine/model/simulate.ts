import { ANALYTICS_MAX_TRIALS, BLOCK_SIZE, DEFAULT_SEED, DEFAULT_TRIALS, FAN_MAX_TRIALS, MAX_TRIALS } from '../constants.js';
import { correlationGroups } from '../sampling/correlation.js';
import { type ScenarioTrials, ScenarioModel, allocateTrials } from './scenario-model.js';
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
  const { groups, problems } = correlationGroups(proposal, set);
  if (problems.length > 0) throw new RangeError(`correlations[${problems[0].index}]: ${problems[0].message}`);
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
 * numbers for shared assumptions), block by block.
 * @example simulate(proposal, { trials: 10000, seed: 1 }).byScenario.get('reference')!.npv
 */
export function simulate(proposal: Proposal, options: SimulateOptions = {}): Simulation {
  const { trials, seed, sampler } = runSettings(options);
  const set = new VariableSet(proposal);
  const blockSize = blockSizeFor(trials);
  const fanStride = Math.ceil(trials / FAN_MAX_TRIALS);
  const analyticsStride = Math.ceil(trials / ANALYTICS_MAX_TRIALS);
  const models = proposal.scenarios.map((s) => new ScenarioModel(proposal, s, set, blockSize));
  const byScenario = new Map<string, ScenarioTrials>();
  for (const s of proposal.scenarios) {
    byScenario.set(s.id, allocateTrials(trials, proposal.horizonMonths, s.benefits.length, fanStride, false, true));
  }
  const analyticsRows = Math.ceil(trials / analyticsStride);
  const inputs = set.variables.map(() => new Float64Array(analyticsRows));
  const keptColumns = options.keepColumns ? set.variables.map(() => new Float64Array(trials)) : undefined;
  forEachBlock(proposal, set, options, (columns, n, offset) => {
    if (keptColumns) columns.forEach((c, v) => keptColumns[v].set(c.subarray(0, n), offset));
    for (const model of models) model.evaluateBlock(columns, n, offset, byScenario.get(model.scenario.id)!);
    // Keep the inputs of the trials the analytics read.
    const first = Math.ceil(offset / analyticsStride) * analyticsStride;
    for (let v = 0; v < columns.length; v++) {
      const column = columns[v];
      const kept = inputs[v];
      for (let trial = first; trial < offset + n; trial += analyticsStride) kept[trial / analyticsStride] = column[trial - offset];
    }
  });
  return { trials, seed, sampler, blockSize, variables: set, byScenario, inputs, analyticsStride, ...(keptColumns ? { columns: keptColumns } : {}) };
}
