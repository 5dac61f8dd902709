/**
 * The page's own charts (the ranking's robustness and the side-by-side
 * distributions), drawn like the shared report charts: Plot into the given
 * document, then `finish` drops Plot's stylesheet and writes explicit
 * attributes, so the markup needs no CSS. Every figure is read from the
 * Report; nothing is re-estimated.
 */
import * as Plot from '@observablehq/plot';
import { interpolateBlues, interpolateRdBu, schemeTableau10 } from 'd3';
import type { Report, ScenarioReport } from '../../engine/index.js';
import {
  type ChartOptions,
  axisStyle,
  chartContext,
  emptyChart,
  finish,
  finite,
  gridStyle,
  maxTextWidth,
  monthAxis,
  renderPlot,
  textWidth,
  truncateLabel,
  valueAxis,
} from '../../reports/charts/common.js';
import { paybackPoints } from '../../reports/charts/payback-curve.js';
import { FONT_SIZE, MARGINS, PALETTE, STROKE } from '../../reports/charts/style.js';
import { t } from '../../reports/i18n.js';
import { formatPercent } from '../../reports/money.js';

/** One colour per scenario, by rank, shared by the legend, the table and the overlaid curves. */
export function scenarioColours(ordered: readonly ScenarioReport[]): Map<string, string> {
  return new Map(ordered.map((s, k) => [s.id, schemeTableau10[k % schemeTableau10.length]]));
}

/** "1 Claims risk identification", shortened to the chart's label budget. */
function rowLabel(s: ScenarioReport, width: number): string {
  const units = Math.max(12, Math.min(34, Math.floor((width * 0.42) / (FONT_SIZE * 0.56))));
  return truncateLabel(`${s.rank}  ${s.name}`, units);
}

/** Height for `rows` category rows of `rowHeight` px between the title block and the x axis. */
function rowsHeight(rows: number, rowHeight: number): number {
  return MARGINS.top + MARGINS.bottom + Math.max(1, rows) * rowHeight;
}

/**
 * P(row beats column) on NPV as a heat map: blue where the row's scenario is
 * usually ahead, red where the column's is, the percentage in each cell.
 */
export function pairwiseChart(report: Report, ordered: readonly ScenarioReport[], options: ChartOptions): string {
  const n = ordered.length;
  const ctx = chartContext({ ...options, height: rowsHeight(n, 24) });
  const title = t(ctx.lang, 'web.confidence.matrix.title');
  const pairwise = report.ranking.pairwise;
  const labels = ordered.map((s) => rowLabel(s, ctx.width));
  const cells: { a: number; b: number; fill: string; ink: string; text: string }[] = [];
  const diagonal: { a: number; b: number }[] = [];
  ordered.forEach((sa, a) =>
    ordered.forEach((sb, b) => {
      if (a === b) return diagonal.push({ a, b });
      const p = pairwise[sa.id]?.[sb.id];
      if (!finite(p)) return;
      cells.push({ a, b, fill: interpolateRdBu(0.08 + 0.84 * p), ink: Math.abs(p - 0.5) > 0.3 ? PALETTE.onDark : PALETTE.text, text: formatPercent(p) });
    }),
  );
  if (n < 2 || cells.length === 0) return emptyChart(ctx, title);

  const left = MARGINS.left + maxTextWidth(labels) + MARGINS.tickPadding + 2;
  const margins = { top: MARGINS.top, right: MARGINS.right, bottom: MARGINS.bottom, left };
  const cellWidth = (ctx.width - left - margins.right) / n;
  // Percentages in the cells; bare numbers when a narrow screen leaves no room for the % sign.
  const unit = cellWidth >= textWidth('100%') + 4 ? '%' : cellWidth >= textWidth('100') + 3 ? '' : null;
  if (unit === '') for (const c of cells) c.text = c.text.replace('%', '');
  const showText = unit !== null;
  const index = ordered.map((_, k) => k);
  const svg = renderPlot(ctx, margins, {
    x: { type: 'band', domain: index, padding: 0, axis: null },
    y: { type: 'band', domain: index, padding: 0, axis: null },
    color: { type: 'identity' },
    marks: [
      Plot.cell(diagonal, { x: 'b', y: 'a', fill: '#f1f1f1', inset: 1 }),
      Plot.cell(cells, { x: 'b', y: 'a', fill: 'fill', inset: 1 }),
      ...(showText ? [Plot.text(cells, { x: 'b', y: 'a', text: 'text', fill: 'ink', fontSize: FONT_SIZE })] : []),
      Plot.axisY(index, { ...axisStyle((i: number) => labels[i], 0), anchor: 'left' }),
      Plot.axisX(index, { ...axisStyle((i: number) => String(ordered[i].rank), 3), anchor: 'bottom' }),
    ],
  });
  return finish(ctx, svg, margins, { title, x: t(ctx.lang, 'web.confidence.matrix.x') });
}

/**
 * Rank acceptability: per scenario, a bar split into the share of futures in
 * which it takes rank 1, 2, … (darkest first), the rank written in segments
 * wide enough to hold it.
 */
export function rankAcceptabilityChart(report: Report, ordered: readonly ScenarioReport[], options: ChartOptions): string {
  const n = ordered.length;
  const ctx = chartContext({ ...options, height: rowsHeight(n, 24) });
  const title = t(ctx.lang, 'chart.rank.title');
  const labels = ordered.map((s) => rowLabel(s, ctx.width));
  const shade = (k: number) => interpolateBlues(n <= 1 ? 0.85 : 0.9 - (0.75 * k) / (n - 1));
  const segments: { i: number; x1: number; x2: number; mid: number; fill: string; ink: string; text: string }[] = [];
  ordered.forEach((s, i) => {
    let at = 0;
    (report.ranking.rankAcceptability[s.id] ?? []).forEach((share, k) => {
      if (!finite(share) || share <= 0) return;
      const fill = shade(k);
      segments.push({ i, x1: at, x2: at + share, mid: at + share / 2, fill, ink: k < n / 2 ? PALETTE.onDark : PALETTE.text, text: String(k + 1) });
      at += share;
    });
  });
  if (segments.length === 0) return emptyChart(ctx, title);

  const left = MARGINS.left + maxTextWidth(labels) + MARGINS.tickPadding + 2;
  const right = Math.max(MARGINS.right, textWidth('100%') / 2 + 4);
  const margins = { top: MARGINS.top, right, bottom: MARGINS.bottom, left };
  const pxPerUnit = ctx.width - left - right;
  const labelled = segments.filter((s) => (s.x2 - s.x1) * pxPerUnit >= textWidth(s.text) + 6);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const index = ordered.map((_, k) => k);
  const svg = renderPlot(ctx, margins, {
    x: { domain: [0, 1], axis: null },
    y: { type: 'band', domain: index, padding: 0.22, axis: null },
    color: { type: 'identity' },
    marks: [
      Plot.barX(segments, { x1: 'x1', x2: 'x2', y: 'i', fill: 'fill', stroke: PALETTE.onDark, strokeWidth: 0.5 }),
      Plot.text(labelled, { x: 'mid', y: 'i', text: 'text', fill: 'ink', fontSize: FONT_SIZE }),
      Plot.axisY(index, { ...axisStyle((i: number) => labels[i], 0), anchor: 'left' }),
      Plot.axisX(ticks, { ...axisStyle(formatPercent, 3), anchor: 'bottom' }),
    ],
  });
  return finish(ctx, svg, margins, { title, y: t(ctx.lang, 'web.confidence.rank.y') });
}

/**
 * NPV by scenario from the Report's percentiles: a P5–P95 line, a P25–P75 box
 * and a tick at the median, with the break-even line at 0.
 */
export function npvRangesChart(ordered: readonly ScenarioReport[], options: ChartOptions): string {
  const ctx = chartContext({ ...options, height: rowsHeight(ordered.length, 26) });
  const { lang, money } = ctx;
  const title = t(lang, 'web.npv.title');
  const rows = ordered.map((s, i) => ({ i, label: rowLabel(s, ctx.width), ...s.npv }));
  const values = rows.flatMap((r) => [r.p5, r.p25, r.p50, r.p75, r.p95]).filter((v): v is number => finite(v));
  if (values.length === 0) return emptyChart(ctx, title);

  const left = MARGINS.left + maxTextWidth(rows.map((r) => r.label)) + MARGINS.tickPadding + 2;
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const first = valueAxis(lo, hi, ctx.width - left - 40, money, 'x', false);
  const right = Math.max(MARGINS.right, maxTextWidth(first.ticks.map(money)) / 2 + 4);
  const x = valueAxis(lo, hi, ctx.width - left - right, money, 'x', false);
  const margins = { top: MARGINS.top, right, bottom: MARGINS.bottom, left };
  const whiskers = rows.filter((r) => finite(r.p5, r.p95));
  const boxes = rows.filter((r) => finite(r.p25, r.p75));
  const medians = rows.filter((r) => finite(r.p50));
  const index = rows.map((r) => r.i);
  const svg = renderPlot(ctx, margins, {
    x: { domain: x.domain, axis: null },
    y: { type: 'band', domain: index, padding: 0.3, axis: null },
    color: { type: 'identity' },
    marks: [
      Plot.gridX(x.ticks, gridStyle),
      Plot.ruleX([0], { stroke: PALETTE.negative, strokeWidth: STROKE.rule, strokeDasharray: '4,3' }),
      Plot.ruleY(whiskers, { y: 'i', x1: 'p5', x2: 'p95', stroke: '#6f8db5', strokeWidth: 1.5 }),
      Plot.barX(boxes, { y: 'i', x1: 'p25', x2: 'p75', fill: PALETTE.band, stroke: PALETTE.bandEdge, strokeWidth: 0.75 }),
      Plot.tickX(medians, { y: 'i', x: 'p50', stroke: PALETTE.p50, strokeWidth: 2.5 }),
      Plot.axisY(index, { ...axisStyle((i: number) => rows[i].label, 0), anchor: 'left' }),
      Plot.axisX(x.ticks, { ...axisStyle(money, 3), anchor: 'bottom' }),
    ],
  });
  return finish(ctx, svg, margins, { title, y: t(lang, 'web.npv.y'), x: t(lang, 'web.npv.x') });
}

/**
 * Every scenario's probability of having paid back by month m, overlaid: each
 * line through the Report's own points (percentile months and probWithin), in
 * the scenario's colour, with the policy's payback rule dashed.
 */
export function paybackOverlayChart(report: Report, ordered: readonly ScenarioReport[], colours: ReadonlyMap<string, string>, options: ChartOptions): string {
  const ctx = chartContext({ ...options, height: Math.round(Math.max(200, Math.min(300, (options.width ?? 480) * 0.55))) });
  const { lang } = ctx;
  const title = t(lang, 'web.payback.title');
  const points = ordered.flatMap((s) => paybackPoints(s.paybackMonths).map((p) => ({ ...p, id: s.id, colour: colours.get(s.id) ?? PALETTE.p50 })));
  if (points.length === 0) return emptyChart(ctx, title);

  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const left = MARGINS.left + maxTextWidth(yTicks.map(formatPercent)) + MARGINS.tickPadding + 2;
  const margins = { top: MARGINS.top, right: MARGINS.right, bottom: MARGINS.bottom, left };
  const horizon = report.proposal.horizonMonths;
  const last = Math.max(finite(horizon) && horizon > 0 ? horizon : 0, ...points.map((p) => p.month));
  const x = monthAxis(0, last, ctx.width - left - margins.right);
  const rule = report.policy.paybackMonths;
  const ruleMarks = finite(rule) && rule > 0 && rule < x.domain[1]
    ? [
        Plot.ruleX([rule], { stroke: PALETTE.muted, strokeWidth: STROKE.rule, strokeDasharray: '4,3' }),
        Plot.text([rule], { x: (d: number) => d, y: () => 1, text: () => t(lang, 'web.payback.rule', { months: rule }), textAnchor: 'middle', lineAnchor: 'bottom', dy: -3, fill: PALETTE.muted, fontSize: FONT_SIZE }),
      ]
    : [];
  const svg = renderPlot(ctx, margins, {
    x: { domain: x.domain, axis: null },
    y: { domain: [0, 1], axis: null },
    color: { type: 'identity' },
    marks: [
      Plot.gridY(yTicks, gridStyle),
      Plot.ruleY([0], { stroke: PALETTE.axis, strokeWidth: STROKE.axis }),
      ...ruleMarks,
      Plot.line(points, { x: 'month', y: 'probability', z: 'id', stroke: 'colour', strokeWidth: STROKE.p50, fill: 'none' }),
      Plot.dot(points, { x: 'month', y: 'probability', r: 2.2, fill: 'colour', stroke: PALETTE.onDark, strokeWidth: 0.6 }),
      Plot.axisY(yTicks, { ...axisStyle(formatPercent, 0), anchor: 'left' }),
      Plot.axisX(x.ticks, { ...axisStyle((d: number) => String(d), 3), anchor: 'bottom' }),
    ],
  });
  return finish(ctx, svg, margins, { title, x: t(lang, 'chart.payback.x'), y: t(lang, 'chart.payback.y') });
}
