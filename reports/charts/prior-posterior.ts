import * as Plot from '@observablehq/plot';
import { t } from '../i18n.js';
import {
  type ChartOptions,
  axisStyle,
  chartContext,
  emptyChart,
  finish,
  finite,
  gridStyle,
  labelUnitsFor,
  maxTextWidth,
  renderPlot,
  textWidth,
  truncateLabel,
  valueAxis,
} from './common.js';
import { type ChartElement, svgElement } from './dom.js';
import { FONT_SIZE, MARGINS, PALETTE, SUBTITLE_BASELINE } from './style.js';

/** One measured input: its name and the prior's and posterior's mean, P10 and P90 (the prior's sd sets the scale). */
export interface PriorPosteriorEntry {
  label: string;
  prior: { mean: number | null; sd: number | null; p10: number | null; p90: number | null };
  posterior: { mean: number | null; p10: number | null; p90: number | null };
}

/** Band height of one input's row, in px. */
const ROW_HEIGHT = 18;

/**
 * The height a prior-vs-posterior chart of `rows` inputs needs: the title
 * lines, a band per input, the axis.
 * @example priorPosteriorHeight(3) // 120
 */
export function priorPosteriorHeight(rows: number): number {
  return MARGINS.top + MARGINS.bottom + Math.max(2, rows) * ROW_HEIGHT + 18;
}

/** "−1", "0", "+1": a shift in prior standard deviations. */
function signed(d: number): string {
  const r = Math.round(d * 100) / 100;
  return r > 0 ? `+${r}` : r < 0 ? `\u2212${-r}` : '0';
}

/**
 * What the pilot taught about each measured input: its prior P10–P90 (a wide
 * light bar) and its posterior P10–P90 (a narrow dark bar), with a dot at each
 * mean, on one axis for inputs of any unit — the distance from the prior mean
 * in prior standard deviations, z = (x − prior mean) / prior sd. Inputs
 * without a prior spread are left out.
 * @example priorPosteriorChart(view.tracking.scenarios[0].posteriorChart, { document: serverDocument(), lang: 'en', currency: 'CNY' })
 */
export function priorPosteriorChart(entries: readonly PriorPosteriorEntry[], options: ChartOptions): string {
  const usable = entries.filter((e) => finite(e.prior.mean, e.prior.sd, e.prior.p10, e.prior.p90, e.posterior.mean, e.posterior.p10, e.posterior.p90) && (e.prior.sd ?? 0) > 0);
  const ctx = chartContext({ ...options, height: options.height ?? priorPosteriorHeight(usable.length) });
  const { lang } = ctx;
  const title = t(lang, 'chart.posterior.title');
  if (usable.length === 0) return emptyChart(ctx, title);
  const units = labelUnitsFor(ctx.width);
  const rows = usable.map((e, i) => {
    const z = (x: number | null) => ((x as number) - (e.prior.mean as number)) / (e.prior.sd as number);
    return { i, label: truncateLabel(e.label, units), p10: z(e.prior.p10), p90: z(e.prior.p90), mean: 0, q10: z(e.posterior.p10), q90: z(e.posterior.p90), q: z(e.posterior.mean) };
  });
  const ends = rows.flatMap((r) => [r.p10, r.p90, r.q10, r.q90, r.q]);
  const left = MARGINS.left + maxTextWidth(rows.map((r) => r.label)) + MARGINS.tickPadding + 2;
  const right = MARGINS.right + 6;
  const innerWidth = ctx.width - left - right;
  const x = valueAxis(Math.min(-1.5, ...ends), Math.max(1.5, ...ends), innerWidth, signed, 'x', false);
  const margins = { top: MARGINS.top, right, bottom: MARGINS.bottom, left };

  const svg = renderPlot(ctx, margins, {
    x: { domain: x.domain, axis: null },
    y: { type: 'band', domain: rows.map((r) => r.i), padding: 0.15, axis: null },
    color: { type: 'identity' },
    marks: [
      Plot.gridX(x.ticks, gridStyle),
      Plot.ruleX([0], { stroke: PALETTE.axis, strokeWidth: 0.8 }),
      Plot.barX(rows, { x1: 'p10', x2: 'p90', y: 'i', fill: PALETTE.band, stroke: 'none' }),
      Plot.barX(rows, { x1: 'q10', x2: 'q90', y: 'i', fill: PALETTE.actual, stroke: 'none', insetTop: 4.5, insetBottom: 4.5 }),
      Plot.dot(rows, { x: 'mean', y: 'i', r: 2.2, fill: PALETTE.p50, stroke: 'none' }),
      Plot.dot(rows, { x: 'q', y: 'i', r: 2.2, fill: PALETTE.onDark, stroke: PALETTE.actual, strokeWidth: 1 }),
      Plot.axisY(rows.map((r) => r.i), { ...axisStyle((i: number) => rows[i].label, 0), anchor: 'left' }),
      Plot.axisX(x.ticks, { ...axisStyle(signed, 3), anchor: 'bottom' }),
    ],
  });
  // Legend on the y-axis title's line, right-aligned: a swatch before each label.
  const items = [
    { label: t(lang, 'chart.posterior.prior'), fill: PALETTE.band },
    { label: t(lang, 'chart.posterior.posterior'), fill: PALETTE.actual },
  ];
  const extra = [];
  let at = ctx.width - right;
  for (const item of [...items].reverse()) {
    const textX = at - textWidth(item.label);
    extra.push({ text: item.label, x: textX, y: SUBTITLE_BASELINE, fill: PALETTE.muted });
    const swatch: ChartElement = svgElement(ctx.document, 'rect');
    swatch.setAttribute('x', String(Math.round((textX - 14) * 10) / 10));
    swatch.setAttribute('y', String(SUBTITLE_BASELINE - FONT_SIZE * 0.75));
    swatch.setAttribute('width', '10');
    swatch.setAttribute('height', String(FONT_SIZE * 0.8));
    swatch.setAttribute('fill', item.fill);
    svg.appendChild(swatch);
    at = textX - 14 - 10;
  }
  return finish(ctx, svg, margins, { title, x: t(lang, 'chart.posterior.x'), extra });
}
