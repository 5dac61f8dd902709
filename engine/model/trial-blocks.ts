import { correlationGroups } from '../sampling/correlation.js';
import type { Sampler } from '../sampling/samplers.js';
import { VariableSet, sampleBlock } from '../sampling/variables.js';
import type { Proposal } from './proposal.js';
import { type ScenarioTrials, ScenarioModel } from './scenario-model.js';
import type { BlockTransform } from './simulate.js';

/** Slots of a job's control array. */
export const NEXT_BLOCK = 0;
export const THREADS_FINISHED = 1;
export const BLOCKS_DONE = 2;

/**
 * Each block's own sums of one scenario (blocks × lines, blocks × (H+1)):
 * added together in block order once every block is done, so the totals are
 * the same whichever thread evaluated which block.
 */
export interface BlockPartials {
  benefitPv: Float64Array;
  benefit: Float64Array;
  cost: Float64Array;
}

/**
 * The trials of one simulate() run, in memory every thread writes into: the
 * per-trial columns (shared buffers when threads help), each block's partial
 * sums, the analytics' input rows and the kept draws. Blocks are claimed one
 * at a time from `control[NEXT_BLOCK]`; `blockDone[b]` is 1 once block b is in.
 */
export interface TrialBlocksJob {
  proposal: Proposal;
  trials: number;
  seed: number;
  sampler: Sampler;
  blockSize: number;
  blocks: number;
  analyticsStride: number;
  /** Per scenario, in the proposal's order. */
  outputs: ScenarioTrials[];
  partials: BlockPartials[];
  inputs: Float64Array[];
  kept?: Float64Array[];
  /** Rewrites each block's draws (tracking's posterior); only on the calling thread (a function does not cross threads). */
  transformBlock?: BlockTransform;
  control: Int32Array;
  blockDone: Int32Array;
}

/** How a thread takes part in a job. */
export interface BlockRunOptions {
  /** Runs after each block this thread finishes. */
  onBlock?: () => void;
  /** The next block to evaluate (≥ job.blocks: none left); by default the next unclaimed one. */
  claim?: () => number;
  /** The proposal's variables, when the caller has them already. */
  set?: VariableSet;
}

/**
 * Claims and evaluates blocks of the job until none is left (the same code on
 * the main thread and on helper threads). Draws depend only on (seed, input,
 * block), and each block writes only its own trials and its own partials, so
 * the result does not depend on who did which block.
 */
export function runTrialBlocks(job: TrialBlocksJob, how: BlockRunOptions = {}): void {
  const { proposal, blockSize, trials, analyticsStride, inputs, kept } = job;
  const { onBlock, claim = () => Atomics.add(job.control, NEXT_BLOCK, 1), set = new VariableSet(proposal) } = how;
  const { groups } = correlationGroups(proposal, set);
  const models = proposal.scenarios.map((s) => new ScenarioModel(proposal, s, set, blockSize));
  const columns = set.variables.map(() => new Float64Array(blockSize));
  const uniforms = new Float64Array(blockSize);
  for (let block = claim(); block < job.blocks; block = claim()) {
    const offset = block * blockSize;
    const n = Math.min(blockSize, trials - offset);
    sampleBlock(set, groups, job.seed, block, job.sampler, n, uniforms, columns);
    job.transformBlock?.(columns, n, offset);
    if (kept) columns.forEach((c, v) => kept[v].set(c.subarray(0, n), offset));
    models.forEach((model, s) => model.evaluateBlock(columns, n, offset, blockOutput(job.outputs[s], job.partials[s], block)));
    // Keep the inputs of the trials the analytics read.
    const first = Math.ceil(offset / analyticsStride) * analyticsStride;
    for (let v = 0; v < columns.length; v++) {
      const column = columns[v];
      const rows = inputs[v];
      for (let trial = first; trial < offset + n; trial += analyticsStride) rows[trial / analyticsStride] = column[trial - offset];
    }
    Atomics.store(job.blockDone, block, 1);
    Atomics.add(job.control, BLOCKS_DONE, 1);
    onBlock?.();
  }
}

/** A scenario's output for one block: the shared per-trial columns, with the block's own partial sums in place of the totals. */
function blockOutput(out: ScenarioTrials, partials: BlockPartials, block: number): ScenarioTrials {
  const lines = out.benefitPvSums.length;
  const months = out.monthly!.benefit.length;
  const m0 = block * months;
  // Zeroed first: a block evaluated again (after a helper failed) starts over.
  return {
    ...out,
    benefitPvSums: partials.benefitPv.subarray(block * lines, (block + 1) * lines).fill(0),
    monthly: { benefit: partials.benefit.subarray(m0, m0 + months).fill(0), cost: partials.cost.subarray(m0, m0 + months).fill(0) },
    flowSums: null,
  };
}

/** Adds every block's partial sums into the scenario's totals, block by block in order. */
export function addBlockPartials(out: ScenarioTrials, partials: BlockPartials, blocks: number): void {
  const lines = out.benefitPvSums.length;
  const months = out.monthly!.benefit.length;
  for (let b = 0; b < blocks; b++) {
    for (let l = 0; l < lines; l++) out.benefitPvSums[l] += partials.benefitPv[b * lines + l];
    for (let m = 0; m < months; m++) {
      out.monthly!.benefit[m] += partials.benefit[b * months + m];
      out.monthly!.cost[m] += partials.cost[b * months + m];
    }
  }
}
