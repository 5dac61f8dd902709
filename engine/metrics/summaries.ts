import { type Batches, meanStandardError } from './convergence.js';
import { irrFromFlows } from './finance.js';
import type { ScenarioTrials } from '../model/scenario-model.js';
import { type Message, count, message } from '../messages.js';
import type { Summary } from '../report.js';
import { quantilesByBins } from './statistics.js';

/** The percentiles every summary reports, with their probabilities. */
export const SUMMARY_PERCENTILES = [
  ['p5', 0.05],
  ['p10', 0.1],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
  ['p95', 0.95],
] as const;

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function emptySummary(reason: Message): Summary {
  return { mean: null, sd: null, p5: null, p10: null, p25: null, p50: null, p75: null, p90: null, p95: null, min: null, max: null, meanSe: null, reason };
}

/**
 * Mean, sample standard deviation (n − 1), min and max of the finite entries, in one
 * pass of sums shifted by the first finite value (the shift keeps the variance
 * accurate when the mean is large next to the spread, without a division per entry).
 */
function moments(values: Float64Array): { mean: number; sd: number; n: number; min: number; max: number } {
  let shift = NaN;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x - x !== 0) continue; // NaN or ±Infinity
    if (n === 0) shift = x;
    n++;
    const d = x - shift;
    sum += d;
    sumSq += d * d;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (n === 0) return { mean: NaN, sd: NaN, n, min, max };
  const variance = n > 1 ? Math.max(0, (sumSq - (sum * sum) / n) / (n - 1)) : 0;
  return { mean: shift + sum / n, sd: Math.sqrt(variance), n, min, max };
}

/**
 * Summary of a per-trial column: mean, sd, R-7 percentiles, min, max.
 * NaN entries mean "none" for this metric: with `nanIsInfinite` they count as
 * later than every value (payback never reached), so percentiles falling among
 * them are null and max is null; otherwise they are left out.
 * @example summarize(Float64Array.of(1, 2, 3, 4)).p50 // 2.5
 */
export function summarize(
  values: Float64Array,
  options: { nanIsInfinite?: boolean; emptyReason?: Message; batches?: Batches } = {},
): Summary {
  const { mean, sd, n, min, max } = moments(values);
  if (n === 0) return emptySummary(options.emptyReason ?? message('no-value'));
  const infinite = options.nanIsInfinite === true && n < values.length;
  const ps = SUMMARY_PERCENTILES.map(([, p]) => p);
  const qs = quantilesByBins(values, ps, n, min, max, infinite ? values.length - n : 0);
  const summary: Summary = {
    mean: finiteOrNull(mean),
    sd: finiteOrNull(sd),
    p5: null,
    p10: null,
    p25: null,
    p50: null,
    p75: null,
    p90: null,
    p95: null,
    min: finiteOrNull(min),
    max: infinite ? null : finiteOrNull(max),
    meanSe: meanStandardError(values, options.batches),
  };
  SUMMARY_PERCENTILES.forEach(([key], q) => (summary[key] = finiteOrNull(qs[q])));
  if (n < values.length) {
    summary.reason = options.nanIsInfinite ? message('never-reached') : message('partial', { n: count(n), trials: count(values.length) });
  }
  return summary;
}

/**
 * Share of entries that are NaN.
 * @example nanShare(Float64Array.of(1, NaN, 3, NaN)) // 0.5
 */
export function nanShare(values: Float64Array): number {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) k++;
  return values.length ? k / values.length : 0;
}

/**
 * For each limit, the share of entries x with x ≤ limit (NaN never counts), in one pass.
 * @example sharesAtMost(Float64Array.of(6, 13, NaN, 30), [12, 24]) // [0.25, 0.5]
 */
export function sharesAtMost(values: Float64Array, limits: readonly number[]): number[] {
  const counts = limits.map(() => 0);
  const k = limits.length;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    for (let j = 0; j < k; j++) if (x <= limits[j]) counts[j]++;
  }
  return counts.map((c) => (values.length ? c / values.length : 0));
}

/**
 * Annualised IRR, (1 + monthly IRR)^12 − 1, of up to `maxTrials` of the trials
 * whose cash flows the fan kept, evenly strided over them; NaN where a trial has
 * no IRR. IRR needs a root search over the whole flow series, so it is a
 * secondary statistic on a subsample rather than a cost on every trial.
 * @example fanIrr(trials, 36, IRR_MAX_TRIALS) // annual IRRs, NaN where none
 */
export function fanIrr(t: ScenarioTrials, horizon: number, maxTrials: number): Float64Array {
  const width = horizon + 1;
  const stride = Math.ceil(t.fanRows / maxTrials);
  const flows = new Float64Array(width);
  const out = new Float64Array(Math.ceil(t.fanRows / stride));
  let guess = 0.01;
  for (let k = 0; k < out.length; k++) {
    const base = k * stride * width;
    let prev = 0;
    for (let m = 0; m < width; m++) {
      const c = t.fan[base + m];
      flows[m] = c - prev;
      prev = c;
    }
    const monthly = irrFromFlows(flows, width, guess);
    if (Number.isFinite(monthly)) guess = monthly;
    out[k] = Number.isFinite(monthly) ? Math.pow(1 + monthly, 12) - 1 : NaN;
  }
  return out;
}

/**
 * P10 / P50 / P90 of the cumulative cash flow at each month, from the fan's rows.
 * @example cumulativeFan(trials, 36).p50[12] // median cumulative cash flow after month 12
 */
export function cumulativeFan(t: Pick<ScenarioTrials, 'fan' | 'fanRows'>, horizon: number): { p10: number[]; p50: number[]; p90: number[] } {
  const width = horizon + 1;
  const rows = t.fanRows;
  const column = new Float64Array(rows);
  const p10: number[] = [];
  const p50: number[] = [];
  const p90: number[] = [];
  for (let m = 0; m < width; m++) {
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < rows; r++) {
      const x = t.fan[r * width + m];
      column[r] = x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const [a, b, c] = quantilesByBins(column, [0.1, 0.5, 0.9], rows, min, max, 0);
    p10.push(a);
    p50.push(b);
    p90.push(c);
  }
  return { p10, p50, p90 };
}
