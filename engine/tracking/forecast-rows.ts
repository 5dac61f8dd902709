import { type Message, codeParam, inputRef, lineRef, message, months, probability, scenarioRef } from '../messages.js';
import { quantilesByBins } from '../metrics/statistics.js';
import type { Scenario } from '../model/proposal.js';
import type { Observation } from './actuals.js';
import { NEUTRAL_SPEARMAN_STANDARD_ERRORS, STATUS_BAND } from './constants.js';
import type { Posterior } from './posterior.js';
import type { Reforecast } from './reforecast.js';
import type { TrackingRow } from './tracking-schema.js';

/** Status of a reading: where it falls in the prior forecast, read in the favourable direction. */
export type Status = TrackingRow['status'];

/**
 * "behind" below the forecast's P10 in the favourable direction, "ahead" above
 * its P90, else "on track"; an input that barely moves NPV has no favourable
 * direction and is always "on track".
 * @example statusOf(0.04, 1) // 'behind'
 */
export function statusOf(percentile: number, direction: 1 | -1 | 0): Status {
  if (direction === 0) return 'on-track';
  const q = direction > 0 ? percentile : 1 - percentile;
  return q < STATUS_BAND ? 'behind' : q > 1 - STATUS_BAND ? 'ahead' : 'on-track';
}

/**
 * Share of draws below y, ties counting half (the mid-rank percentile).
 * @example percentileOf(Float64Array.of(1, 2, 3, 4), 2) // 0.375
 */
export function percentileOf(draws: Float64Array, y: number): number {
  let below = 0;
  let equal = 0;
  for (let i = 0; i < draws.length; i++) {
    if (draws[i] < y) below++;
    else if (draws[i] === y) equal++;
  }
  return (below + 0.5 * equal) / draws.length;
}

function forecastOf(draws: Float64Array): TrackingRow['forecast'] {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < draws.length; i++) {
    const x = draws[i];
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const [p10, p50, p90] = quantilesByBins(draws, [0.1, 0.5, 0.9], draws.length, min, max, 0);
  return { mean: sum / draws.length, p10, p50, p90 };
}

const lineKey = (side: 'benefits' | 'costs', index: number) => `${side}[${index}]`;

/** What the rows of one scenario need besides its observations. */
export interface RowContext {
  scenario: Scenario;
  posterior: Posterior;
  reforecast: Reforecast;
  /** Spearman correlation of each input (by key) with the scenario's NPV in the prior analysis. */
  spearman: Map<string, number | null>;
  /** Trials the correlations were computed on (their standard error is 1/√n). */
  spearmanTrials: number;
}

/**
 * The forecast-versus-actual rows of one scenario (docs/tracking.md, "Forecast
 * versus actual"): one per observation, then the cumulative net cash flow of
 * each month from 0 for which every month so far has both sides booked (a
 * side's total, or every one of its lines). Each row: the actual, the prior
 * forecast (mean, P10, P50, P90 over the prior draws), the actual's percentile
 * in it, its direction, status, and for money the line that explains most of
 * the deviation.
 * @example forecastRows(context).find((r) => r.kind === 'cumulative-cash')?.status
 */
export function forecastRows(context: RowContext): TrackingRow[] {
  const { scenario, posterior, reforecast: re } = context;
  const observations = posterior.actuals.observations;
  const rows: TrackingRow[] = [];
  const prior = posterior.priorMonthly.get(scenario.id);
  const postSums = re.lineSums.get(scenario.id);
  const M = posterior.particles;
  const booked = new Map<string, number>();
  for (const o of observations) if (o.scenario === scenario.id && o.target.kind === 'cash-line') booked.set(`${o.month}|${lineKey(o.target.side, o.target.index)}`, o.value);

  /** Deviation of a line's money over months `from` … `to` (booked, else posterior mean) from its prior mean. */
  const lineDeviation = (key: string, from: number, to: number): number => {
    let d = 0;
    for (let m = from; m <= to; m++) {
      const priorMean = prior!.lineSums.get(key)![m] / M;
      const actual = booked.get(`${m}|${key}`) ?? postSums!.get(key)![m] / re.explainTrials;
      d += actual - priorMean;
    }
    return d;
  };
  /** The line among `keys` (signed: costs count against) whose deviation goes furthest the way the total's did. */
  const explain = (keys: { key: string; sign: number }[], from: number, to: number, total: number): TrackingRow['explainedBy'] => {
    if (!prior || !postSums) return null;
    const devs = keys.map(({ key, sign }) => ({ key, deviation: sign * lineDeviation(key, from, to) }));
    const sameWay = devs.filter((d) => Math.sign(d.deviation) === Math.sign(total) && d.deviation !== 0);
    const pool = sameWay.length ? sameWay : devs.filter((d) => d.deviation !== 0);
    if (!pool.length) return null;
    const best = pool.reduce((a, b) => (Math.abs(b.deviation) > Math.abs(a.deviation) ? b : a));
    const [, side, index] = /^(benefits|costs)\[(\d+)\]$/.exec(best.key)!;
    const line = side === 'benefits' ? scenario.benefits[Number(index)] : scenario.costs[Number(index)];
    return { line: best.key, label: line.label, deviation: best.deviation };
  };
  const sideKeys = (side: 'benefits' | 'costs', sign = 1) => (side === 'benefits' ? scenario.benefits : scenario.costs).map((_, i) => ({ key: lineKey(side, i), sign }));

  observations.forEach((o, k) => {
    if (o.scenario !== scenario.id) return;
    const draws = posterior.priorPredictions[k];
    const forecast = forecastOf(draws);
    const percentile = percentileOf(draws, o.value);
    const t = o.target;
    let direction: 1 | -1 | 0;
    let explainedBy: TrackingRow['explainedBy'] = null;
    let line: string | null = null;
    let input: string | null = null;
    if (t.kind === 'input') {
      input = posterior.set.variables[posterior.predictor.variableOf(t.variableKey)].name;
      const rho = context.spearman.get(input) ?? null;
      direction = rho === null || Math.abs(rho) < NEUTRAL_SPEARMAN_STANDARD_ERRORS / Math.sqrt(context.spearmanTrials) ? 0 : rho > 0 ? 1 : -1;
    } else if (t.kind === 'adoption') direction = 1;
    else {
      direction = t.side === 'benefits' ? 1 : -1;
      if (t.kind === 'cash') explainedBy = explain(sideKeys(t.side), o.month, o.month, o.value - forecast.mean);
      else {
        line = lineKey(t.side, t.index);
        const label = (t.side === 'benefits' ? scenario.benefits : scenario.costs)[t.index].label;
        explainedBy = { line, label, deviation: o.value - forecast.mean };
      }
    }
    const kind = t.kind === 'input' ? 'input' : t.kind;
    rows.push({ month: o.month, kind, measure: o.measure, line, input, actual: o.value, forecast, percentile, direction, status: statusOf(percentile, direction), explainedBy });
  });

  // Cumulative net cash: months 0 … m with both sides booked in every month.
  if (prior) {
    const sideBooked = (m: number, side: 'benefits' | 'costs'): number | null => {
      const total = observations.find((o) => o.scenario === scenario.id && o.month === m && o.target.kind === 'cash' && o.target.side === side);
      if (total) return total.value;
      const lines = side === 'benefits' ? scenario.benefits : scenario.costs;
      let sum = 0;
      for (let i = 0; i < lines.length; i++) {
        const v = booked.get(`${m}|${lineKey(side, i)}`);
        if (v === undefined) return null;
        sum += v;
      }
      return sum;
    };
    let running = 0;
    for (let m = 0; m <= posterior.actuals.asOfMonth; m++) {
      const b = sideBooked(m, 'benefits');
      const c = sideBooked(m, 'costs');
      if (b === null || c === null) break;
      running += b - c;
      const draws = prior.cumulative[m];
      const forecast = forecastOf(draws);
      const percentile = percentileOf(draws, running);
      rows.push({
        month: m,
        kind: 'cumulative-cash',
        measure: 'cumulative-cash',
        line: null,
        input: null,
        actual: running,
        forecast,
        percentile,
        direction: 1,
        status: statusOf(percentile, 1),
        explainedBy: explain([...sideKeys('benefits'), ...sideKeys('costs', -1)], 0, m, running - forecast.mean),
      });
    }
  }
  rows.sort((a, b) => a.month - b.month || (a.kind === 'cumulative-cash' ? -1 : b.kind === 'cumulative-cash' ? 1 : 0));
  return rows;
}

/** How a row names what it measures, as a message parameter. */
function measureParams(row: TrackingRow, scenario: Scenario, observation: Observation | undefined, inputName: (o: Observation) => string): Record<string, Message['params'][string]> {
  if (row.kind === 'input' && observation) return { measure: codeParam('tracking.measure.input'), input: inputRef(inputName(observation)) };
  if (row.kind === 'cash-line') return { measure: codeParam('tracking.measure.cash-line'), line: lineRef(`${scenario.id}/${row.line}`) };
  if (row.kind === 'cash') return { measure: codeParam(`tracking.measure.cash-${row.direction > 0 ? 'benefits' : 'costs'}`) };
  return { measure: codeParam(`tracking.measure.${row.kind}`) };
}

/**
 * The scenario's status from the rows of its latest observed month: "behind"
 * when any of them is behind (the weakest reading decides: an operations team
 * wants the first sign of trouble), else "ahead" when any is ahead, else
 * "on track"; its message names the deciding reading, its month and percentile.
 * @example scenarioStatus(rows, scenario, observations, name).status // 'behind'
 */
export function scenarioStatus(
  rows: TrackingRow[],
  scenario: Scenario,
  observations: readonly Observation[],
  inputName: (o: Observation) => string,
): { status: Status; message: Message } {
  if (rows.length === 0) return { status: 'on-track', message: message('tracking.status.no-readings', { scenario: scenarioRef(scenario.id) }) };
  const latest = Math.max(...rows.map((r) => r.month));
  const last = rows.filter((r) => r.month === latest);
  const pick = (s: Status) => last.filter((r) => r.status === s).sort((a, b) => extremity(b) - extremity(a))[0];
  const deciding = pick('behind') ?? pick('ahead') ?? last[0];
  const observation = observations.find((o) => o.scenario === scenario.id && o.month === deciding.month && o.measure === deciding.measure);
  return {
    status: deciding.status,
    message: message(`tracking.status.${deciding.status}`, {
      ...measureParams(deciding, scenario, observation, inputName),
      month: months(deciding.month),
      percentile: probability(deciding.percentile),
    }),
  };
}

/** How far a row lies from the forecast's centre, in its favourable direction. */
function extremity(row: TrackingRow): number {
  return Math.abs(row.percentile - 0.5);
}
