import * as Plot from '@observablehq/plot';
import { t } from '../i18n.js';
import { formatPercent } from '../money.js';
import { type ChartOptions, axisStyle, chartContext, emptyChart, finish, finite, gridStyle, maxTextWidth, monthAxis, renderPlot } from './common.js';
import { MARGINS, PALETTE, STROKE } from './style.js';

/** The parts of a payback summary the curve reads (a scenario's or the programme's `paybackMonths`). */
export interface PaybackInput {
  p5: number | null;
  p10: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  p95: number | null;
  /** P(payback ≤ m) keyed by m ("12", "24", "36"); null beyond the horizon. */
  probWithin: Record<string, number | null>;
}

export interface PaybackPoint {
  month: number;
  probability: number;
}

/** A summary's percentile fields are named by their level: p5 is the 5th percentile. */
const PERCENTILE_KEY = /^p(\d{1,2})$/;

/**
 * The points the Report itself gives on the payback distribution: each
 * percentile month with its level, and each probWithin month with its
 * probability, sorted by month. Nothing is re-estimated.
 */
export function paybackPoints(payback: PaybackInput): PaybackPoint[] {
  const points: PaybackPoint[] = [];
  for (const [key, month] of Object.entries(payback)) {
    const level = PERCENTILE_KEY.exec(key);
    if (level && typeof month === 'number' && finite(month)) points.push({ month, probability: Number(level[1]) / 100 });
  }
  for (const [key, probability] of Object.entries(payback.probWithin ?? {})) {
    const month = Number(key);
    if (finite(month, probability)) points.push({ month, probability: probability as number });
  }
  return points.sort((a, b) => a.month - b.month || a.probability - b.probability);
}

/**
 * The probability of having paid back by month m, as a line through the
 * Report's own points (see `paybackPoints`), y in percent from 0 to 100.
 * @example paybackCurveChart(s.paybackMonths, report.proposal.horizonMonths, { document: serverDocument(), lang: 'en', currency: 'CNY' })
 */
export function paybackCurveChart(paybackMonths: PaybackInput, horizonMonths: number, options: ChartOptions): string {
  const ctx = chartContext(options);
  const { lang } = ctx;
  const title = t(lang, 'chart.payback.title');
  const points = paybackPoints(paybackMonths);
  if (points.length === 0) return emptyChart(ctx, title);

  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const top = MARGINS.top;
  const bottom = MARGINS.bottom;
  const left = MARGINS.left + maxTextWidth(yTicks.map(formatPercent)) + MARGINS.tickPadding + 2;
  const right = MARGINS.right;
  const margins = { top, right, bottom, left };
  const lastMonth = Math.max(finite(horizonMonths) && horizonMonths > 0 ? horizonMonths : 0, ...points.map((p) => p.month));
  const x = monthAxis(0, lastMonth, ctx.width - left - right);

  const svg = renderPlot(ctx, margins, {
    x: { domain: x.domain, axis: null },
    y: { domain: [0, 1], axis: null },
    marks: [
      Plot.gridY(yTicks, gridStyle),
      Plot.ruleY([0], { stroke: PALETTE.axis, strokeWidth: STROKE.axis }),
      Plot.line(points, { x: 'month', y: 'probability', stroke: PALETTE.p50, strokeWidth: STROKE.p50, fill: 'none' }),
      Plot.dot(points, { x: 'month', y: 'probability', r: 2.5, fill: PALETTE.p50, stroke: PALETTE.onDark, strokeWidth: 0.75 }),
      Plot.axisY(yTicks, { ...axisStyle(formatPercent, 0), anchor: 'left' }),
      Plot.axisX(x.ticks, { ...axisStyle((d: number) => String(d), 3), anchor: 'bottom' }),
    ],
  });
  return finish(ctx, svg, margins, { title, x: t(lang, 'chart.payback.x'), y: t(lang, 'chart.payback.y') });
}
