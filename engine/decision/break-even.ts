import { GOAL_SEEK_MAX_TRIALS, GOAL_SEEK_RANGE_QUANTILES, GOAL_SEEK_STEPS, GOAL_SEEK_TOLERANCE } from '../constants.js';
import type { InputRanks } from '../analytics/sensitivity.js';
import { averageRanks, pearson, quantile } from '../metrics/statistics.js';
import { ScenarioModel, allocateTrials } from '../model/scenario-model.js';
import type { Cost, Proposal, Quantity, Scenario } from '../model/proposal.js';
import { isRef, isUncertain } from '../model/proposal.js';
import type { Simulation } from '../model/simulate.js';
import { type Variable, walkQuantities } from '../sampling/variables.js';

/**
 * What it would take for a scenario to pass the payback gate (DESIGN §4.5):
 * a break-even found by goal seek through the model itself. The scenario is
 * re-evaluated on the run's analytics trials (at most GOAL_SEEK_MAX_TRIALS)
 * with one thing changed, and a bracketing goal seek finds where
 * P(payback ≤ limit) reaches the confidence:
 *  - the input that moves payback most (`paybackDriver`) fixed at a value
 *    (its uncertainty resolved, every other input drawn as before),
 *    searched over the input's range;
 *  - every one-off cost line (`oneOff`) scaled by a factor from 0 to 1,
 *    reported as the median one-off investment that results.
 * The goal seek assumes P is monotone in the value over the range, which holds
 * for every benefit and cost line of the model (each is monotone in each of
 * its inputs); when even the range's better end falls short, the answer is
 * "no value in the range suffices".
 */

/** The input break-even: the value to fix the input at, or null when none in its range suffices. */
export interface InputBreakEven {
  /** Variable index in the run's VariableSet. */
  variable: number;
  /** The input's report key (as in `sensitivity[].input`). */
  name: string;
  /** Where the proposal writes it: "benefits[0].volumePerMonth" in the scenario, or "assumptions.NAME". */
  path: string;
  /** The field's name, which says its unit ("volumePerMonth", "costPerHour"). */
  field: string;
  /** The value at which P(payback ≤ limit) first reaches the confidence; null when no value in [low, high] does. */
  value: number | null;
  /** The input's median today. */
  current: number;
  low: number;
  high: number;
  /** P(payback ≤ limit) at `value`, or at the range's better end when there is no break-even. */
  probability: number;
}

/** The one-off break-even: the factor on every one-off line, or null when even 0 falls short. */
export interface OneOffBreakEven {
  factor: number | null;
  /** Median one-off investment at that factor (null when there is none). */
  investment: number | null;
  /** P(payback ≤ limit) at the factor, or with no one-off cost at all when there is no break-even. */
  probability: number;
}

/** The goal seek's view of a scenario: its model re-evaluated on fixed input columns. */
class Evaluator {
  readonly rows: number;
  private readonly columns: Float64Array[];
  constructor(
    private readonly proposal: Proposal,
    private readonly sim: Simulation,
    private readonly limit: number,
  ) {
    const analyticsRows = sim.inputs.length > 0 ? sim.inputs[0].length : Math.ceil(sim.trials / sim.analyticsStride);
    this.rows = Math.min(analyticsRows, GOAL_SEEK_MAX_TRIALS);
    this.columns = sim.inputs.map((c) => c.subarray(0, this.rows));
  }

  /** P(payback ≤ limit) and the median investment of `scenario` with some columns replaced. */
  run(scenario: Scenario, replace: Map<number, Float64Array>): { probability: number; investment: number } {
    const columns = this.columns.map((c, v) => replace.get(v) ?? c);
    const out = allocateTrials(this.rows, this.proposal.horizonMonths, scenario.benefits.length, this.rows);
    new ScenarioModel(this.proposal, scenario, this.sim.variables, this.rows).evaluateBlock(columns, this.rows, 0, out);
    let hits = 0;
    for (let i = 0; i < this.rows; i++) if (out.payback[i] <= this.limit) hits++;
    return { probability: hits / this.rows, investment: quantile(out.investment, 0.5) };
  }

  /**
   * P(payback ≤ limit) and the median investment of the scenario as written:
   * the simulation's own results on these trials (the same inputs through the
   * same model), so no run is needed.
   */
  asWritten(scenario: Scenario): { probability: number; investment: number } {
    const t = this.sim.byScenario.get(scenario.id)!;
    const stride = this.sim.analyticsStride;
    const investment = new Float64Array(this.rows);
    let hits = 0;
    for (let r = 0; r < this.rows; r++) {
      if (t.payback[r * stride] <= this.limit) hits++;
      investment[r] = t.investment[r * stride];
    }
    return { probability: hits / this.rows, investment: quantile(investment, 0.5) };
  }

  /** A column of `rows` copies of x. */
  constant(x: number): Float64Array {
    return new Float64Array(this.rows).fill(x);
  }

  /** Column v scaled by k. */
  scaled(v: number, k: number): Float64Array {
    const c = this.columns[v];
    const s = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) s[i] = c[i] * k;
    return s;
  }
}

/**
 * The value between `bad` (P below the confidence) and `good` (P at or above
 * it) closest to `bad` at which P reaches the confidence, by regula falsi
 * with the Illinois modification (P is close to smooth over thousands of
 * trials, so a handful of model runs suffice; a plain bisection step is
 * taken whenever the secant leaves the bracket). It stops once P at the
 * good end is within GOAL_SEEK_TOLERANCE above the confidence, or the
 * bracket is 2^-GOAL_SEEK_STEPS of its first width, or after
 * 2 × GOAL_SEEK_STEPS runs; the value returned always reaches the confidence.
 */
function goalSeek(bad: number, good: number, pBad: number, pGood: number, confidence: number, at: (x: number) => number): { value: number; probability: number } {
  let a = bad;
  let b = good;
  let fa = pBad - confidence;
  let fb = pGood - confidence;
  let pb = pGood;
  const width = Math.abs(b - a);
  let side = 0;
  for (let run = 0; run < 2 * GOAL_SEEK_STEPS; run++) {
    if (fb <= GOAL_SEEK_TOLERANCE || Math.abs(b - a) <= width * 2 ** -GOAL_SEEK_STEPS) break;
    let c = b - (fb * (b - a)) / (fb - fa);
    if (!(Math.min(a, b) < c && c < Math.max(a, b))) c = (a + b) / 2;
    const pc = at(c);
    const fc = pc - confidence;
    if (fc >= 0) {
      b = c;
      fb = fc;
      pb = pc;
      if (side === 1) fa /= 2;
      side = 1;
    } else {
      a = c;
      fa = fc;
      if (side === -1) fb /= 2;
      side = -1;
    }
  }
  return { value: b, probability: pb };
}

/** The range an input is searched over: its support when bounded, else its 0.1% and 99.9% quantiles; clamped as its draws are. */
function searchRange(v: Variable): { low: number; high: number } {
  let low = v.distribution.quantile(0);
  let high = v.distribution.quantile(1);
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    low = v.distribution.quantile(GOAL_SEEK_RANGE_QUANTILES[0]);
    high = v.distribution.quantile(GOAL_SEEK_RANGE_QUANTILES[1]);
  }
  if (v.clamp) {
    low = Math.min(Math.max(low, v.clamp[0]), v.clamp[1]);
    high = Math.min(Math.max(high, v.clamp[0]), v.clamp[1]);
  }
  return { low, high };
}

/**
 * Where the scenario uses variable `variable`: its path in the scenario, or
 * "assumptions.NAME" for a shared assumption, and the field name of its first use.
 * @example whereUsed(scenario, set, 3) // { path: 'benefits[0].volumePerMonth', field: 'volumePerMonth' }
 */
export function whereUsed(scenario: Scenario, sim: Simulation, variable: number): { path: string; field: string } | null {
  let found: { path: string; field: string } | null = null;
  walkQuantities({ ...scenario, stages: undefined }, (q: Quantity, path: string) => {
    if (found || typeof q === 'number') return;
    const r = sim.variables.resolve(q);
    if (!('variable' in r) || r.variable !== variable) return;
    const field = path.slice(path.lastIndexOf('.') + 1);
    found = { path: isRef(q) ? `assumptions.${q.ref}` : path, field };
  });
  return found;
}

/**
 * The input that moves a scenario's payback most: the largest |Spearman ρ|
 * between an input it uses (shared assumptions included) and its payback
 * over the analytics trials, a trial that never pays back ranking after
 * every month; ties go to the earlier input; with the direction that
 * shortens payback (+1: a higher value). Null when payback does not vary.
 * @example paybackDriver(scenario, sim, ranks) // { input: 'reference.adoption.midpoint', direction: -1 }
 */
export function paybackDriver(scenario: Scenario, sim: Simulation, ranks: InputRanks): { input: string; direction: 1 | -1 } | null {
  const t = sim.byScenario.get(scenario.id)!;
  const rows = sim.inputs.length > 0 ? sim.inputs[0].length : 0;
  const payback = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = t.payback[r * sim.analyticsStride];
    payback[r] = x === x ? x : Infinity;
  }
  const paybackRanks = averageRanks(payback);
  let best: { name: string; rho: number } | null = null;
  for (const v of sim.variables.usedBy(scenario)) {
    const rho = pearson(ranks.of(v), paybackRanks);
    if (Number.isFinite(rho) && rho !== 0 && (best === null || Math.abs(rho) > Math.abs(best.rho))) best = { name: sim.variables.variables[v].name, rho };
  }
  // A higher input with a shorter payback (ρ < 0) makes the higher end the better one.
  return best ? { input: best.name, direction: best.rho < 0 ? 1 : -1 } : null;
}

/**
 * Goal seek on one input: the value at which P(payback ≤ limit) reaches the
 * confidence with the input fixed there, or null within its range.
 * @example inputBreakEven(proposal, scenario, sim, 'claims.benefits[0].costPerError')?.value // 212.4
 */
export function inputBreakEven(proposal: Proposal, scenario: Scenario, sim: Simulation, inputName: string, direction?: 1 | -1): InputBreakEven | null {
  const variable = sim.variables.indexOfName(inputName);
  if (variable === undefined) return null;
  const where = whereUsed(scenario, sim, variable);
  if (!where) return null;
  const v = sim.variables.variables[variable];
  const { paybackMonths: limit, confidence } = proposal.policy;
  const ev = new Evaluator(proposal, sim, limit);
  const at = (x: number) => ev.run(scenario, new Map([[variable, ev.constant(x)]])).probability;
  const { low, high } = searchRange(v);
  const base = { variable, name: inputName, path: where.path, field: where.field, current: v.distribution.quantile(0.5), low, high };
  // The better end first when the direction is known: when it falls short, one run settles it.
  let good: number;
  let bad: number;
  let pGood: number;
  let pBad: number;
  if (direction !== undefined) {
    [good, bad] = direction > 0 ? [high, low] : [low, high];
    pGood = at(good);
    if (pGood < confidence) return { ...base, value: null, probability: pGood };
    pBad = at(bad);
  } else {
    const atLow = at(low);
    const atHigh = at(high);
    [bad, good, pBad, pGood] = atHigh >= atLow ? [low, high, atLow, atHigh] : [high, low, atHigh, atLow];
    if (pGood < confidence) return { ...base, value: null, probability: pGood };
  }
  if (pBad >= confidence) return { ...base, value: bad, probability: pBad };
  const found = goalSeek(bad, good, pBad, pGood, confidence, at);
  return { ...base, value: found.value, probability: found.probability };
}

/**
 * Goal seek on the one-off cost: the factor on every `oneOff` line at which
 * P(payback ≤ limit) reaches the confidence, with the median investment it
 * gives; null when the scenario has no one-off line, or when a one-off amount
 * is a shared assumption the scenario also uses elsewhere (scaling it would
 * change more than the one-off cost).
 * @example oneOffBreakEven(proposal, scenario, sim)?.investment // 412000
 */
export function oneOffBreakEven(proposal: Proposal, scenario: Scenario, sim: Simulation): OneOffBreakEven | null {
  const oneOffs = scenario.costs.filter((c): c is Extract<Cost, { kind: 'oneOff' }> => c.kind === 'oneOff');
  if (oneOffs.length === 0) return null;
  const scaledVariables = new Set<number>();
  for (const c of oneOffs) {
    if (typeof c.amount === 'number') continue;
    const r = sim.variables.resolve(c.amount);
    if ('variable' in r) scaledVariables.add(r.variable);
  }
  let usedElsewhere = false;
  walkQuantities({ ...scenario, stages: undefined, costs: scenario.costs.filter((c) => c.kind !== 'oneOff') }, (q: Quantity) => {
    if (typeof q === 'number' || !(isRef(q) || isUncertain(q))) return;
    const r = sim.variables.resolve(q);
    if ('variable' in r && scaledVariables.has(r.variable)) usedElsewhere = true;
  });
  if (usedElsewhere) return null;
  const { paybackMonths: limit, confidence } = proposal.policy;
  const ev = new Evaluator(proposal, sim, limit);
  const at = (k: number) => {
    const costs = scenario.costs.map((c): Cost => (c.kind === 'oneOff' && typeof c.amount === 'number' ? { ...c, amount: c.amount * k } : c));
    const replace = new Map([...scaledVariables].map((v) => [v, ev.scaled(v, k)] as const));
    return ev.run({ ...scenario, costs }, replace);
  };
  const free = at(0);
  if (free.probability < confidence) return { factor: null, investment: null, probability: free.probability };
  const whole = ev.asWritten(scenario);
  if (whole.probability >= confidence) return { factor: 1, investment: whole.investment, probability: whole.probability };
  const runs = new Map<number, { probability: number; investment: number }>();
  const found = goalSeek(1, 0, whole.probability, free.probability, confidence, (k) => {
    const r = at(k);
    runs.set(k, r);
    return r.probability;
  });
  return { factor: found.value, investment: runs.get(found.value)?.investment ?? at(found.value).investment, probability: found.probability };
}
