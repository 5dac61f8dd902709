import * as Plot from '@observablehq/plot';
import { type MessageKey, t } from '../i18n.js';
import { type ChartElement, svgElement } from './dom.js';
import {
  type Annotation,
  type Axis,
  type ChartContext,
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
  valueAxis,
  yPixel,
} from './common.js';
import { FONT_SIZE, MARGINS, PALETTE, STROKE, SUBTITLE_BASELINE } from './style.js';

/** A cumulative cash-flow fan: month m and the P10 / P50 / P90 of the cumulative cash flow at m. */
export interface FanInput {
  months: readonly number[];
  p10: readonly number[];
  p50: readonly number[];
  p90: readonly number[];
}

/**
 * What a pilot review draws over the prior fan: the realised cumulative cash
 * flow of the observed months (a line with a dot per month) and the
 * re-forecast's P50 from the last observed month on (dashed).
 */
export interface FanOverlay {
  actual: readonly { month: number; value: number }[];
  reforecast?: { months: readonly number[]; p50: readonly number[] } | null;
}

interface Row {
  m: number;
  p10: number;
  p50: number;
  p90: number;
}

/** Label positions (px) pushed apart to at least `gap`, keeping their order and staying within [lo, hi]. */
function spreadLabels(ys: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => o.y);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  const overflow = placed.length ? placed[placed.length - 1] - hi : 0;
  if (overflow > 0) for (let k = 0; k < placed.length; k++) placed[k] -= overflow;
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k], lo + k * gap);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => (out[o.i] = placed[k]));
  return out;
}

interface Frame {
  top: number;
  left: number;
  width: number;
  height: number;
}

/**
 * Where the break-even label goes: at the left above the rule, the right below
 * it, the left below, or the right above — the first whose box stays inside
 * the frame and clear of the band (or the first inside the frame).
 */
function placeBreakEven(rows: readonly Row[], text: string, x: Axis, y: Axis, frame: Frame): { m: number; text: string; right: boolean; above: boolean } {
  const w = textWidth(text) + 3;
  const h = FONT_SIZE + 1;
  const zeroY = yPixel(0, y, frame.top, frame.height);
  const month = (px: number) => x.domain[0] + ((px - frame.left) / frame.width) * (x.domain[1] - x.domain[0]);
  const value = (py: number) => y.domain[1] - ((py - frame.top) / frame.height) * (y.domain[1] - y.domain[0]);
  const candidates = [
    { right: false, above: true },
    { right: true, above: false },
    { right: false, above: false },
    { right: true, above: true },
  ];
  const inside = candidates.filter((c) => (c.above ? zeroY - frame.top >= h + 3 : frame.top + frame.height - zeroY >= h + 3));
  const clear = inside.find((c) => {
    const [x0, x1] = c.right ? [frame.left + frame.width - 3 - w, frame.left + frame.width - 3] : [frame.left + 3, frame.left + 3 + w];
    const [y0, y1] = c.above ? [zeroY - 3 - h, zeroY - 3] : [zeroY + 3, zeroY + 3 + h];
    const [m0, m1, vTop, vBottom] = [month(x0), month(x1), value(y0), value(y1)];
    return !rows.some((r) => r.m >= m0 - 1 && r.m <= m1 + 1 && Math.max(r.p10, r.p50, r.p90) >= vBottom && Math.min(r.p10, r.p50, r.p90) <= vTop);
  });
  const chosen = clear ?? inside[0] ?? candidates[0];
  return { m: chosen.right ? x.domain[1] : x.domain[0], text, ...chosen };
}

/**
 * The fan drawing shared by the scenario and the programme charts: the P10–P90
 * band, the P50 line, a dashed break-even rule at 0, and P10 / P50 / P90
 * labels at the right end of each line.
 */
export function fanChart(input: FanInput, options: ChartOptions, titleKey: MessageKey, overlay: FanOverlay | null = null, throughMonth = Infinity): string {
  const ctx = chartContext(options);
  const { lang, money } = ctx;
  const title = t(lang, titleKey);
  const rows: Row[] = [];
  const n = Math.min(input.months.length, input.p10.length, input.p50.length, input.p90.length);
  for (let i = 0; i < n; i++) {
    const row = { m: input.months[i], p10: input.p10[i], p50: input.p50[i], p90: input.p90[i] };
    if (finite(row.m, row.p10, row.p50, row.p90) && row.m <= throughMonth) rows.push(row);
  }
  if (rows.length === 0) return emptyChart(ctx, title);

  const actual = (overlay?.actual ?? []).filter((a) => finite(a.month, a.value) && a.month <= rows[rows.length - 1].m).map((a) => ({ m: a.month, v: a.value }));
  const asOf = actual.length ? actual[actual.length - 1].m : -Infinity;
  const re = overlay?.reforecast;
  const reforecast = re
    ? re.months.map((m, i) => ({ m, v: re.p50[i] })).filter((r) => finite(r.m, r.v) && r.m >= asOf && r.m >= rows[0].m && r.m <= rows[rows.length - 1].m)
    : [];
  const values = rows.flatMap((r) => [r.p10, r.p50, r.p90]).concat(actual.map((a) => a.v), reforecast.map((r) => r.v));
  const top = MARGINS.top;
  const bottom = MARGINS.bottom;
  const innerHeight = ctx.height - top - bottom;
  const y = valueAxis(Math.min(0, ...values), Math.max(0, ...values), innerHeight, money, 'y');

  const series = [
    { key: 'p90', label: t(lang, 'col.p90'), fill: PALETTE.muted },
    { key: 'p50', label: t(lang, 'col.p50'), fill: PALETTE.p50 },
    { key: 'p10', label: t(lang, 'col.p10'), fill: PALETTE.muted },
  ] as const;
  const left = MARGINS.left + maxTextWidth(y.ticks.map(money)) + MARGINS.tickPadding + 2;
  const right = maxTextWidth(series.map((s) => s.label)) + 8;
  const margins = { top, right, bottom, left };
  const innerWidth = ctx.width - left - right;
  const months = rows.map((r) => r.m);
  const x = monthAxis(Math.min(...months), Math.max(...months), innerWidth);

  // End labels at the last month, nudged apart so they never overlap.
  const last = rows[rows.length - 1];
  const endY = spreadLabels(
    series.map((s) => yPixel(last[s.key], y, top, innerHeight)),
    FONT_SIZE + 1,
    top,
    top + innerHeight,
  );
  const [d0, d1] = y.domain;
  const ends = series.map((s, k) => ({ m: last.m, v: d1 - ((endY[k] - top) / innerHeight) * (d1 - d0), label: s.label, fill: s.fill }));

  const breakEven = placeBreakEven(rows, t(lang, 'chart.fan.breakEven'), x, y, { top, left, width: innerWidth, height: innerHeight });
  const legend = overlay
    ? legendEntries(ctx.width - right, [
        ...(actual.length ? [{ label: t(lang, 'chart.fan.actual'), stroke: PALETTE.actual, dash: null }] : []),
        ...(reforecast.length ? [{ label: t(lang, 'chart.fan.reforecast'), stroke: PALETTE.p50, dash: '4,2' }] : []),
      ])
    : [];

  const svg = renderPlot(ctx, margins, {
    x: { domain: x.domain, axis: null },
    y: { domain: y.domain, axis: null },
    marks: [
      Plot.gridY(y.ticks, gridStyle),
      Plot.areaY(rows, { x: 'm', y1: 'p10', y2: 'p90', fill: PALETTE.band, stroke: 'none' }),
      Plot.lineY(rows, { x: 'm', y: 'p10', stroke: PALETTE.bandEdge, strokeWidth: STROKE.band, fill: 'none' }),
      Plot.lineY(rows, { x: 'm', y: 'p90', stroke: PALETTE.bandEdge, strokeWidth: STROKE.band, fill: 'none' }),
      Plot.ruleY([0], { stroke: PALETTE.negative, strokeWidth: STROKE.rule, strokeDasharray: '4,3' }),
      Plot.lineY(rows, { x: 'm', y: 'p50', stroke: PALETTE.p50, strokeWidth: STROKE.p50, fill: 'none' }),
      ...(reforecast.length ? [Plot.lineY(reforecast, { x: 'm', y: 'v', stroke: PALETTE.p50, strokeWidth: STROKE.band * 1.5, strokeDasharray: '4,2', fill: 'none' })] : []),
      ...(actual.length
        ? [
            Plot.lineY(actual, { x: 'm', y: 'v', stroke: PALETTE.actual, strokeWidth: STROKE.p50, fill: 'none' }),
            Plot.dot(actual, { x: 'm', y: 'v', r: 2.2, fill: PALETTE.actual, stroke: 'none' }),
          ]
        : []),
      Plot.ruleY([y.domain[0]], { stroke: PALETTE.axis, strokeWidth: STROKE.axis }),
      Plot.axisY(y.ticks, { ...axisStyle(money, 0), anchor: 'left' }),
      Plot.axisX(x.ticks, { ...axisStyle((d: number) => String(d), 3), anchor: 'bottom' }),
      Plot.text([breakEven], {
        x: 'm',
        y: () => 0,
        text: 'text',
        textAnchor: breakEven.right ? 'end' : 'start',
        lineAnchor: breakEven.above ? 'bottom' : 'top',
        dx: breakEven.right ? -3 : 3,
        dy: breakEven.above ? -3 : 3,
        fill: PALETTE.negative,
        fontSize: FONT_SIZE,
      }),
      Plot.text(ends, { x: 'm', y: 'v', text: 'label', fill: (d: (typeof ends)[number]) => d.fill, textAnchor: 'start', dx: 4, fontSize: FONT_SIZE }),
    ],
    color: { type: 'identity' },
  });
  for (const entry of legend) svg.appendChild(legendSwatch(ctx, entry));
  return finish(ctx, svg, margins, { title, x: t(lang, 'chart.fan.x'), y: t(lang, 'chart.fan.y'), extra: legend.map((e) => e.text) });
}

/** A legend entry: a short stroke ending where its label starts, on the y-axis title's line. */
interface LegendEntry {
  x0: number;
  x1: number;
  stroke: string;
  dash: string | null;
  text: Annotation;
}

/** Legend entries right-aligned to `rightEdge` on the y-axis title's line, last entry rightmost. */
function legendEntries(rightEdge: number, items: readonly { label: string; stroke: string; dash: string | null }[]): LegendEntry[] {
  const out: LegendEntry[] = [];
  let x = rightEdge;
  for (const item of [...items].reverse()) {
    const w = textWidth(item.label);
    const textX = x - w;
    out.unshift({ x0: textX - 18, x1: textX - 4, stroke: item.stroke, dash: item.dash, text: { text: item.label, x: textX, y: SUBTITLE_BASELINE, fill: PALETTE.muted } });
    x = textX - 18 - 10;
  }
  return out;
}

function legendSwatch(ctx: ChartContext, e: LegendEntry): ChartElement {
  const line = svgElement(ctx.document, 'line');
  const y = String(SUBTITLE_BASELINE - FONT_SIZE * 0.33);
  line.setAttribute('x1', String(Math.round(e.x0 * 10) / 10));
  line.setAttribute('x2', String(Math.round(e.x1 * 10) / 10));
  line.setAttribute('y1', y);
  line.setAttribute('y2', y);
  line.setAttribute('stroke', e.stroke);
  line.setAttribute('stroke-width', String(STROKE.p50));
  if (e.dash) line.setAttribute('stroke-dasharray', e.dash);
  return line;
}

/**
 * A scenario's cumulative cash flow: the P10–P90 band, the P50 line and the
 * break-even rule, as SVG markup.
 * @example cumulativeFanChart({ months: s.cashflow.months, ...s.cashflow.cumulative }, { document: serverDocument(), lang: 'zh-CN', currency: 'CNY' })
 */
export function cumulativeFanChart(input: FanInput, options: ChartOptions): string {
  return fanChart(input, options, 'chart.fan.title');
}

/** A tracked scenario's fan as the pilot review draws it: the prior forecast's fan through `throughMonth`, the actual line and the re-forecast's P50. */
export interface TrackingFanInput {
  prior: FanInput;
  actual: readonly { month: number; value: number }[];
  reforecast: { months: readonly number[]; p50: readonly number[] };
  /** The last month drawn. */
  throughMonth: number;
}

/**
 * The pilot review's cash-flow chart: the prior forecast's P10–P90 band and
 * P50 line, the realised cumulative cash flow of the observed months over it,
 * and the re-forecast's P50 from the last observed month on.
 * @example trackingFanChart(view.tracking.scenarios[0].fan, { document: serverDocument(), lang: 'en', currency: 'CNY' })
 */
export function trackingFanChart(input: TrackingFanInput, options: ChartOptions): string {
  return fanChart(input.prior, options, 'chart.tracking.title', { actual: input.actual, reforecast: input.reforecast }, input.throughMonth);
}
