import type { Proposal, Quantity, Scenario } from '../model/proposal.js';
import { type Simulation, forEachBlock } from '../model/simulate.js';
import { correlationGroups } from '../sampling/correlation.js';
import { substream } from '../sampling/rng.js';
import { sampleColumn } from '../sampling/samplers.js';
import type { VariableSet } from '../sampling/variables.js';

/**
 * A stage's own figures in every trial: its one-off cost (the stage's `cost`,
 * which replaces the scenario's one-off lines for that stage) and its
 * implementation months (rounded to whole months, as the model does). For a
 * staged scenario these are what the customer commits to, so the budget and
 * phase gates apply to each stage (DESIGN §4.5).
 */
export interface StageTrials {
  id: string;
  /** Roadmap item key "SCENARIO_ID/STAGE_ID". */
  item: string;
  cost: Float64Array;
  months: Float64Array;
}

/** Where a stage quantity's per-trial value comes from. */
type Source = { variable: number } | { value: number };

/**
 * Per-trial cost and months of every stage of every staged scenario, by
 * scenario id, over all of the run's trials. When the simulation kept every
 * trial's inputs (runs up to ANALYTICS_MAX_TRIALS) they are read from there;
 * otherwise they are drawn again from the same substreams, so they are the
 * values the simulation used: just those inputs when none of them is
 * correlated (an input's column depends only on (seed, its key, block) and
 * its clamp), else every input block by block, as the simulation does.
 * @example stageTrials(proposal, sim).get('platform')![0].cost[0] // the foundation stage's cost in trial 0
 */
export function stageTrials(proposal: Proposal, sim: Simulation): Map<string, StageTrials[]> {
  const staged = proposal.scenarios.filter((s): s is Scenario & { stages: NonNullable<Scenario['stages']> } => !!s.stages && s.stages.length > 0);
  const out = new Map<string, StageTrials[]>();
  if (staged.length === 0) return out;
  const set: VariableSet = sim.variables;
  const fills: { target: Float64Array; source: Source; round: boolean }[] = [];
  for (const s of staged) {
    out.set(
      s.id,
      s.stages.map((stage) => {
        const cost = new Float64Array(sim.trials);
        const months = new Float64Array(sim.trials);
        const source = (q: Quantity): Source => set.resolve(q);
        fills.push({ target: cost, source: source(stage.cost), round: false });
        fills.push({ target: months, source: source(stage.implementationMonths), round: true });
        return { id: stage.id, item: `${s.id}/${stage.id}`, cost, months };
      }),
    );
  }
  const store = (value: number, round: boolean) => (round ? Math.max(0, Math.round(value)) : value);
  for (const f of fills) if ('value' in f.source) f.target.fill(store(f.source.value, f.round));
  const drawn = fills.filter((f): f is typeof f & { source: { variable: number } } => 'variable' in f.source);
  if (drawn.length === 0) return out;
  if (sim.analyticsStride === 1) {
    for (const f of drawn) {
      const column = sim.inputs[f.source.variable];
      for (let i = 0; i < sim.trials; i++) f.target[i] = store(column[i], f.round);
    }
    return out;
  }
  const correlated = new Set(correlationGroups(proposal, set).groups.flatMap((g) => g.variables));
  if (drawn.some((f) => correlated.has(f.source.variable))) {
    forEachBlock(proposal, set, { trials: sim.trials, seed: sim.seed, sampler: sim.sampler }, (columns, n, offset) => {
      for (const f of drawn) {
        const column = columns[f.source.variable];
        for (let i = 0; i < n; i++) f.target[offset + i] = store(column[i], f.round);
      }
    });
    return out;
  }
  const uniforms = new Float64Array(sim.blockSize);
  const column = new Float64Array(sim.blockSize);
  for (let offset = 0, block = 0; offset < sim.trials; offset += sim.blockSize, block++) {
    const n = Math.min(sim.blockSize, sim.trials - offset);
    for (const f of drawn) {
      const v = set.variables[f.source.variable];
      sampleColumn(sim.sampler, substream(sim.seed, v.key, block), v.distribution, uniforms, column, n);
      const [lo, hi] = v.clamp ?? [-Infinity, Infinity];
      for (let i = 0; i < n; i++) f.target[offset + i] = store(column[i] < lo ? lo : column[i] > hi ? hi : column[i], f.round);
    }
  }
  return out;
}
