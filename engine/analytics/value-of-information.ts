import { count, message, number } from '../messages.js';
import type { Proposal } from '../model/proposal.js';
import type { ValueOfInformation } from '../report.js';
import { substream } from '../sampling/rng.js';
import { shuffle } from '../sampling/samplers.js';
import { type InputRanks, analyticsNpv } from './sensitivity.js';
import type { Simulation } from '../model/simulate.js';

/** Shuffled-input replicates used to measure the estimator's noise. */
const NOISE_REPLICATES = 8;
/** An EVPPI must exceed the noise mean by this many noise standard deviations to count. */
const NOISE_SDS = 4;
/** Relative size below which a difference of means is floating-point rounding, not information. */
const ROUNDING_FLOOR = 1e-9;

/**
 * The value of the "do nothing" option: 0 when the decision may take none of
 * the options (go/no-go, choosing the best scenario), −∞ when it must take one
 * (the choice between the options of a group of alternatives).
 */
type Nothing = 0 | typeof Number.NEGATIVE_INFINITY;

/**
 * Expected value of perfect information of a decision among options with
 * per-trial values `options` (plus "do nothing", worth `nothing`):
 * E[max(nothing, max_d V_d)] − max(nothing, max_d E[V_d]).
 */
function evpi(options: readonly Float64Array[], nothing: Nothing): number {
  const n = options[0].length;
  let best = 0;
  const means = options.map(() => 0);
  for (let i = 0; i < n; i++) {
    let m: number = nothing;
    for (let d = 0; d < options.length; d++) {
      const v = options[d][i];
      means[d] += v;
      if (v > m) m = v;
    }
    best += m;
  }
  return best / n - Math.max(nothing, ...means.map((s) => s / n));
}

/**
 * EVPPI by binning (Strong & Oakley 2013's simplest non-parametric form): the
 * trials are grouped into `bins` equal-count bins of the input (by rank); in each
 * bin the decision is taken on the bin's mean values; EVPPI = the mean over bins of
 * max(0, max_d binMean_d) − max(0, max_d E[V_d]). `bin[i]` is trial i's bin.
 */
function evppiBinned(bin: Int32Array, bins: number, options: readonly Float64Array[], nothing: Nothing): number {
  const k = options.length;
  const sums = new Float64Array(bins * k);
  const counts = new Float64Array(bins);
  const n = bin.length;
  for (let i = 0; i < n; i++) {
    const b = bin[i];
    counts[b]++;
    for (let d = 0; d < k; d++) sums[b * k + d] += options[d][i];
  }
  let total = 0;
  const overall = new Float64Array(k);
  for (let b = 0; b < bins; b++) {
    if (counts[b] === 0) continue;
    let m: number = nothing;
    for (let d = 0; d < k; d++) {
      overall[d] += sums[b * k + d];
      const mean = sums[b * k + d] / counts[b];
      if (mean > m) m = mean;
    }
    total += m * counts[b];
  }
  return total / n - Math.max(nothing, ...Array.from(overall, (s) => s / n));
}

/** Equal-count bins from midranks 1…n. */
function binsFromRanks(ranks: Float64Array, bins: number): Int32Array {
  const n = ranks.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(bins - 1, Math.floor(((ranks[i] - 1) * bins) / n));
  return out;
}

/** Number of bins: about √n / 4 (≈ 40 bins of 600 trials at 25,000), between 10 and 100. */
export function binCount(n: number): number {
  return Math.max(10, Math.min(100, Math.round(Math.sqrt(n) / 4)));
}

/**
 * EVPI, per-input EVPPI and the estimator's noise floor for one decision. The
 * floor comes from the same estimator on randomly shuffled bins (an input the
 * values do not depend on): its mean is the estimator's upward bias, subtracted
 * from every EVPPI; an EVPPI within NOISE_SDS of its standard deviation is 0.
 */
function decision(
  options: readonly Float64Array[],
  allTrialOptions: readonly Float64Array[],
  inputs: readonly { name: string; variable: number }[],
  ranks: InputRanks,
  bins: number,
  seed: number,
  key: string,
  nothing: Nothing = 0,
): ValueOfInformation['chooseBest'] {
  const rng = substream(seed, `value-of-information:${key}`);
  const n = options[0].length;
  const base = new Int32Array(n);
  for (let i = 0; i < n; i++) base[i] = Math.min(bins - 1, Math.floor((i * bins) / n));
  const noise: number[] = [];
  for (let r = 0; r < NOISE_REPLICATES; r++) {
    const shuffled = Int32Array.from(base);
    shuffle(rng, shuffled, n);
    noise.push(evppiBinned(shuffled, bins, options, nothing));
  }
  const bias = noise.reduce((a, b) => a + b, 0) / noise.length;
  const sd = Math.sqrt(noise.reduce((a, b) => a + (b - bias) ** 2, 0) / (noise.length - 1));
  // When no bin ever changes the decision the noise is exactly 0; rounding then still needs a floor.
  const scale = Math.max(...options.map((o) => Math.abs(o.reduce((a, b) => a + b, 0) / n)));
  const floor = Math.max(NOISE_SDS * sd, ROUNDING_FLOOR * scale);
  const evppi: Record<string, number> = {};
  for (const input of inputs) {
    const corrected = evppiBinned(binsFromRanks(ranks.of(input.variable), bins), bins, options, nothing) - bias;
    evppi[input.name] = corrected > floor ? corrected : 0;
  }
  return { evpi: Math.max(0, evpi(allTrialOptions, nothing)), evppi, noiseFloor: floor };
}

/**
 * Value of information (DESIGN §4, issue "decision analytics"): for each
 * scenario's go/no-go, for choosing the best scenario (or none) and, per group
 * of alternatives, for the choice between its options, the EVPI over all
 * trials and each input's EVPPI over the analytics trials, with the input a
 * pilot should measure first.
 * @example valueOfInformation(proposal, sim, ranks).measureFirst?.worth
 */
export function valueOfInformation(proposal: Proposal, sim: Simulation, ranks: InputRanks): ValueOfInformation {
  const rows = sim.inputs.length > 0 ? sim.inputs[0].length : Math.ceil(sim.trials / sim.analyticsStride);
  const bins = binCount(rows);
  const vars = sim.variables;
  const inputsOf = (ids: number[]) => ids.map((v) => ({ name: vars.variables[v].name, variable: v }));
  const sampled = new Map(proposal.scenarios.map((s) => [s.id, analyticsNpv(sim, sim.byScenario.get(s.id)!)]));
  const goNoGo: ValueOfInformation['goNoGo'] = {};
  for (const s of proposal.scenarios) {
    goNoGo[s.id] = decision([sampled.get(s.id)!], [sim.byScenario.get(s.id)!.npv], inputsOf(vars.usedBy(s)), ranks, bins, sim.seed, `go:${s.id}`);
  }
  const allUsed = [...new Set(proposal.scenarios.flatMap((s) => vars.usedBy(s)))].sort((a, b) => a - b);
  const chooseBest = decision(
    proposal.scenarios.map((s) => sampled.get(s.id)!),
    proposal.scenarios.map((s) => sim.byScenario.get(s.id)!.npv),
    inputsOf(allUsed),
    ranks,
    bins,
    sim.seed,
    'choose-best',
  );
  // The choice that remains within each group of alternatives: which option, not whether.
  const alternatives: NonNullable<ValueOfInformation['alternatives']> = {};
  for (const group of proposal.alternatives ?? []) {
    const options = group.options.filter((id) => sim.byScenario.has(id));
    if (options.length < 2) continue;
    const used = [...new Set(options.flatMap((id) => vars.usedBy(proposal.scenarios.find((s) => s.id === id)!)))].sort((a, b) => a - b);
    alternatives[group.id] = {
      ...decision(
        options.map((id) => sampled.get(id)!),
        options.map((id) => sim.byScenario.get(id)!.npv),
        inputsOf(used),
        ranks,
        bins,
        sim.seed,
        `alternatives:${group.id}`,
        Number.NEGATIVE_INFINITY,
      ),
      options,
    };
  }
  const top = Object.entries(chooseBest.evppi).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  let measureFirst: ValueOfInformation['measureFirst'] = null;
  if (top && top[1] > 0) {
    const v = vars.variables[vars.indexOfName(top[0])!];
    measureFirst = { input: top[0], scenario: v.scenarioId, worth: top[1] };
  }
  return {
    method: message('evppi-binned', { bins: count(bins), replicates: count(NOISE_REPLICATES), noiseSds: number(NOISE_SDS) }),
    trials: rows,
    bins,
    goNoGo,
    chooseBest,
    ...(proposal.alternatives ? { alternatives } : {}),
    measureFirst,
  };
}
