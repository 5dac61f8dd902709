import type { Report, ScenarioTracking, TrackedInput, TrackingRow } from '../../engine/index.js';
import type { MessageKey } from '../i18n.js';
import type { ViewContext } from './context.js';
import { type CellKind, type ViewCell, type ViewTable, cell, column } from './table.js';

/** Significant digits an input's prior and posterior figures are shown with (a measured mean, not an accounting figure). */
const INPUT_DIGITS = 4;

/**
 * An input's figure: its text to INPUT_DIGITS significant digits, written as
 * the proposal writes numbers; its value whole (the workbook holds the
 * Report's figure and formats it).
 */
function inputCell(ctx: ViewContext, x: number | null): ViewCell {
  return x === null ? cell(ctx.f, 'number', null) : { value: x, text: cell(ctx.f, 'number', Number(x.toPrecision(INPUT_DIGITS))).text };
}

/** How a row's values read: adoption as a share, an input as a number, realised money in the currency. */
function rowKind(row: TrackingRow): CellKind {
  return row.kind === 'adoption' ? 'probability' : row.kind === 'input' ? 'number' : 'money';
}

/** A row's value as a cell of its kind. */
function rowCell(ctx: ViewContext, row: TrackingRow, x: number): ViewCell {
  const kind = rowKind(row);
  return { ...(kind === 'number' ? inputCell(ctx, x) : cell(ctx.f, kind, x)), kind };
}

/**
 * What a forecast-versus-actual row measures, in words: the input's name, the
 * booked line's label, realised benefits or costs, adoption, or the cumulative
 * net cash flow.
 * @example rowMeasure(ctx, s, row) // "time savings · minutes saved"
 */
export function rowMeasure(ctx: ViewContext, s: ScenarioTracking, row: TrackingRow): string {
  const { f, names } = ctx;
  if (row.kind === 'input') return row.input ? names.input(row.input) : row.measure;
  if (row.kind === 'cash-line') return row.line ? names.lineRef(`${s.id}/${row.line}`) : row.measure;
  if (row.kind === 'cash') return f.t(row.direction > 0 ? 'tracking.measure.cash-benefits' : 'tracking.measure.cash-costs');
  return f.t(row.kind === 'adoption' ? 'tracking.measure.adoption' : 'tracking.measure.cumulative-cash');
}

/**
 * Forecast versus actual of one scenario: per observed month and measure the
 * actual, the prior forecast's P10 / P50 / P90, the actual's percentile in it,
 * the status (its tone) and the line that explains most of the deviation.
 * Values keep their kind per cell (adoption a share, money in the currency, an
 * input a number), so that the workbook keeps numbers as numbers.
 * @example forecastActualTable(ctx, s).rows[0].cells[2].text // "¥8.2万"
 */
export function forecastActualTable(ctx: ViewContext, s: ScenarioTracking): ViewTable {
  const { f, names } = ctx;
  return {
    id: `tracking-rows-${s.id}`,
    title: f.t('tracking.section.rows'),
    columns: [
      column(ctx, 'month', 'tracking.col.month', 'month'),
      column(ctx, 'measure', 'tracking.col.measure', 'text'),
      column(ctx, 'actual', 'tracking.col.actual', 'number'),
      column(ctx, 'p10', 'tracking.col.forecastP10', 'number'),
      column(ctx, 'p50', 'tracking.col.forecastP50', 'number'),
      column(ctx, 'p90', 'tracking.col.forecastP90', 'number'),
      column(ctx, 'percentile', 'tracking.col.percentile', 'probability'),
      column(ctx, 'status', 'tracking.col.status', 'text'),
      column(ctx, 'explainedBy', 'tracking.col.explainedBy', 'text'),
    ],
    rows: s.rows.map((r, k) => ({
      id: `${r.month}:${r.measure}:${k}`,
      tone: r.status,
      cells: [
        cell(f, 'month', r.month),
        cell(f, 'text', rowMeasure(ctx, s, r)),
        rowCell(ctx, r, r.actual),
        rowCell(ctx, r, r.forecast.p10),
        rowCell(ctx, r, r.forecast.p50),
        rowCell(ctx, r, r.forecast.p90),
        cell(f, 'probability', r.percentile),
        cell(f, 'text', f.t(`tracking.statusWord.${r.status}`)),
        cell(f, 'text', r.explainedBy ? names.lineRef(`${s.id}/${r.explainedBy.line}`) : ''),
      ],
    })),
  };
}

/** "mean (P10–P90)" of a summary, the terminal's compact form. */
function meanRange(ctx: ViewContext, x: TrackedInput['prior']): ViewCell {
  if (x.mean === null) return cell(ctx.f, 'text', '—');
  const v = (y: number | null) => inputCell(ctx, y ?? x.mean).text;
  return { value: x.mean, text: ctx.f.t('tracking.meanRange', { mean: v(x.mean), p10: v(x.p10), p90: v(x.p90) }), kind: 'number' };
}

/**
 * The measured inputs, prior → posterior: each input the actuals moved, why it
 * moved, the prior's and the posterior's mean, P10, P50 and P90 (with
 * "mean (P10–P90)" forms for a narrow layout), the update method and its
 * effective sample size.
 * @example posteriorTable(ctx, s).rows.map((r) => r.cells[0].text) // ["time savings · minutes saved", …]
 */
export function posteriorTable(ctx: ViewContext, s: ScenarioTracking): ViewTable {
  const { f, names } = ctx;
  return {
    id: `tracking-inputs-${s.id}`,
    title: f.t('tracking.section.inputs'),
    columns: [
      column(ctx, 'input', 'tracking.col.input', 'text'),
      column(ctx, 'moved', 'tracking.col.moved', 'text'),
      column(ctx, 'prior', 'tracking.col.prior', 'number'),
      column(ctx, 'posterior', 'tracking.col.posterior', 'number'),
      column(ctx, 'priorMean', 'tracking.col.priorMean', 'number'),
      column(ctx, 'priorP10', 'tracking.col.priorP10', 'number'),
      column(ctx, 'priorP50', 'tracking.col.priorP50', 'number'),
      column(ctx, 'priorP90', 'tracking.col.priorP90', 'number'),
      column(ctx, 'posteriorMean', 'tracking.col.posteriorMean', 'number'),
      column(ctx, 'posteriorP10', 'tracking.col.posteriorP10', 'number'),
      column(ctx, 'posteriorP50', 'tracking.col.posteriorP50', 'number'),
      column(ctx, 'posteriorP90', 'tracking.col.posteriorP90', 'number'),
      column(ctx, 'method', 'tracking.col.method', 'text'),
      column(ctx, 'ess', 'tracking.col.ess', 'integer'),
    ],
    rows: s.inputs.map((i) => ({
      id: i.input,
      cells: [
        cell(f, 'text', names.input(i.input)),
        cell(f, 'text', f.t(`tracking.moved.${i.moved}`)),
        meanRange(ctx, i.prior),
        meanRange(ctx, i.posterior),
        inputCell(ctx, i.prior.mean),
        inputCell(ctx, i.prior.p10),
        inputCell(ctx, i.prior.p50),
        inputCell(ctx, i.prior.p90),
        inputCell(ctx, i.posterior.mean),
        inputCell(ctx, i.posterior.p10),
        inputCell(ctx, i.posterior.p50),
        inputCell(ctx, i.posterior.p90),
        cell(f, 'text', f.t(`tracking.method.${i.method}`)),
        cell(f, 'integer', Math.round(i.effectiveSampleSize)),
      ],
    })),
  };
}

/**
 * The re-forecast against the prior forecast: NPV P50 and P10–P90, P(NPV > 0),
 * P(payback within the policy's months), the verdict and the score, one row
 * each, every cell of its own kind (money, probability, text, integer).
 * @example reforecastTable(ctx, report, s).rows.find((r) => r.id === 'score')!.cells.map((c) => c.value) // ["score", 61, 74]
 */
export function reforecastTable(ctx: ViewContext, report: Report, s: ScenarioTracking): ViewTable {
  const { f } = ctx;
  const p = s.prior;
  const r = s.reforecast;
  const money = (x: number | null) => ({ ...cell(f, 'money', x), kind: 'money' as const });
  const prob = (x: number) => ({ ...cell(f, 'probability', x), kind: 'probability' as const });
  const range = (lo: number | null, hi: number | null): ViewCell => ({ value: null, text: f.t('tracking.range', { low: f.money(lo), high: f.money(hi) }), kind: 'text' });
  const label = (key: MessageKey, params: Record<string, string | number> = {}) => cell(f, 'text', f.t(key, params));
  const rows: { id: string; cells: ViewCell[]; tone?: string }[] = [
    { id: 'npvP50', cells: [label('tracking.row.npvP50'), money(p.npv.p50), money(r.npv.p50)] },
    { id: 'npvRange', cells: [label('tracking.row.npvRange'), range(p.npv.p10, p.npv.p90), range(r.npv.p10, r.npv.p90)] },
    { id: 'npvPositive', cells: [label('tracking.row.npvPositive'), prob(p.npvPositiveProbability), prob(r.npvPositiveProbability)] },
    {
      id: 'paybackWithin',
      cells: [label('tracking.row.paybackWithin', { months: f.monthCount(report.policy.paybackMonths) }), prob(p.paybackWithinPolicy), prob(r.gates.payback.probability)],
    },
    { id: 'verdict', tone: r.verdict, cells: [label('tracking.row.verdict'), cell(f, 'text', f.t(`verdict.${p.verdict}`)), cell(f, 'text', f.t(`verdict.${r.verdict}`))] },
    { id: 'score', cells: [label('tracking.row.score'), { ...cell(f, 'integer', p.score), kind: 'integer' }, { ...cell(f, 'integer', r.score), kind: 'integer' }] },
  ];
  return {
    id: `tracking-reforecast-${s.id}`,
    title: f.t('tracking.section.reforecast'),
    columns: [column(ctx, 'figure', 'tracking.col.figure', 'text'), column(ctx, 'prior', 'tracking.col.priorForecast', 'number'), column(ctx, 'reforecast', 'tracking.col.reforecast', 'number')],
    rows,
  };
}
