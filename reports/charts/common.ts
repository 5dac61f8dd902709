import * as Plot from '@observablehq/plot';
import { scaleLinear } from 'd3';
import type { Lang } from '../i18n.js';
import { formatMoneyFor } from '../money.js';
import { type ChartElement, type Document, SVG_NS, svgElement } from './dom.js';
import {
  DEFAULT_FONT_FAMILY,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  FONT_SIZE,
  LABEL_UNITS,
  MARGINS,
  PALETTE,
  STROKE,
  SUBTITLE_BASELINE,
  TITLE_BASELINE,
  TITLE_FONT_SIZE,
} from './style.js';

/** What every chart function takes besides its data. */
export interface ChartOptions {
  /** The DOM to build with: `serverDocument()` on the server, `document` in a browser. */
  document: Document;
  lang: Lang;
  /** ISO code of the report's currency (money ticks and labels). */
  currency: string;
  /** Size in px (also the viewBox); defaults suit an A4 page. */
  width?: number;
  height?: number;
  fontFamily?: string;
}

/** Options resolved to their defaults. */
export interface ChartContext {
  document: Document;
  lang: Lang;
  currency: string;
  width: number;
  height: number;
  fontFamily: string;
  money: (x: number) => string;
}

export function chartContext(options: ChartOptions, defaultHeight = DEFAULT_HEIGHT): ChartContext {
  const size = (v: number | undefined, fallback: number) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback);
  const { document, lang, currency } = options;
  return {
    document,
    lang,
    currency,
    width: size(options.width, DEFAULT_WIDTH),
    height: size(options.height, defaultHeight),
    fontFamily: options.fontFamily ?? DEFAULT_FONT_FAMILY,
    money: (x: number) => formatMoneyFor(x, currency, lang),
  };
}

// --- Text measure ------------------------------------------------------------

/** East Asian wide and full-width characters, plus the middle dot, dash and ellipsis CJK fonts draw 1 em wide. */
const WIDE = /[\u00b7\u1100-\u115f\u2014\u2026\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;

/** Width of a string in units: 1 per narrow character, 2 per CJK (wide) character. */
export function textUnits(s: string): number {
  let n = 0;
  for (const ch of s) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/** Estimated rendered width in px (a narrow character is about 0.56 em in Noto Sans). */
export function textWidth(s: string, fontSize = FONT_SIZE): number {
  return textUnits(s) * fontSize * 0.56;
}

export function maxTextWidth(labels: readonly string[], fontSize = FONT_SIZE): number {
  return labels.reduce((w, s) => Math.max(w, textWidth(s, fontSize)), 0);
}

const ELLIPSIS = '…';

/** The longest prefix of `s` within `units` (ellipsis included), or `s` when it fits. */
function cut(s: string, units: number): string {
  if (textUnits(s) <= units) return s;
  const room = units - textUnits(ELLIPSIS);
  let out = '';
  let used = 0;
  for (const ch of s) {
    const w = WIDE.test(ch) ? 2 : 1;
    if (used + w > room) break;
    out += ch;
    used += w;
  }
  return out.replace(/[\s·—–:：,，]+$/u, '') + ELLIPSIS;
}

/** Separators of "line label · field" and "name — stage" labels, with where to split. */
const SEPARATORS: readonly { sep: string; last: boolean }[] = [
  { sep: ' · ', last: true },
  { sep: ' — ', last: false },
  { sep: ' – ', last: false },
  { sep: '：', last: false },
  { sep: ': ', last: false },
];

/**
 * A label shortened to `maxUnits` width units (CJK characters count double).
 * "Line label · field" keeps the field whole and shortens the line label, and
 * "name — stage" shortens both sides, so labels that share a prefix stay apart.
 * @example truncateLabel('claims leakage stopped before payment · costPerError') // "claims leak… · costPerError"
 */
export function truncateLabel(label: string, maxUnits = LABEL_UNITS): string {
  const s = label.trim().replace(/\s+/g, ' ');
  if (textUnits(s) <= maxUnits) return s;
  for (const { sep, last } of SEPARATORS) {
    const at = last ? s.lastIndexOf(sep) : s.indexOf(sep);
    if (at <= 0) continue;
    const head = s.slice(0, at);
    const tail = s.slice(at + sep.length);
    const budget = maxUnits - textUnits(sep);
    const headUnits = Math.min(textUnits(head), Math.max(budget - textUnits(tail), Math.floor(budget * 0.45)));
    if (headUnits < 6 || budget - headUnits < 6) continue;
    return cut(head, headUnits) + sep + cut(tail, budget - headUnits);
  }
  return cut(s, maxUnits);
}

/** The label budget for category axes: about 35% of the chart width, at most `max` units. */
export function labelUnitsFor(width: number, max = LABEL_UNITS): number {
  return Math.max(12, Math.min(max, Math.floor((width * 0.35) / (FONT_SIZE * 0.56))));
}

// --- Scales and ticks --------------------------------------------------------

export interface Axis {
  domain: [number, number];
  ticks: number[];
}

function spread(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi > lo) return [lo, hi];
  const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
  return [lo - pad, hi + pad];
}

/**
 * A domain covering [lo, hi] and its ticks, as many as fit `lengthPx` without
 * labels touching: along x the widest label plus a gap, along y two lines of
 * text. `nice` rounds the domain out to ticks (cash-flow axes); otherwise it
 * is the data's extent padded by 4% on each side that is not 0 (bar charts).
 */
export function valueAxis(lo: number, hi: number, lengthPx: number, format: (v: number) => string, orient: 'x' | 'y', nice = true): Axis {
  const [a, b] = spread(lo, hi);
  const pad = (b - a) * 0.04;
  const padded: [number, number] = [a === 0 ? 0 : a - pad, b === 0 ? 0 : b + pad];
  let fallback: Axis | null = null;
  for (let count = orient === 'x' ? 10 : 8; count >= 2; count--) {
    const scale = scaleLinear().domain(nice ? [a, b] : padded);
    if (nice) scale.nice(count);
    const [d0, d1] = scale.domain() as [number, number];
    const ticks = scale.ticks(count);
    const axis: Axis = { domain: [d0, d1], ticks };
    if (ticks.length < 2) return fallback ?? axis;
    fallback = axis;
    const labels = ticks.map(format);
    // Rounded labels must not repeat (small amounts in whole currency units).
    if (new Set(labels).size < labels.length) continue;
    const spacing = (lengthPx * (ticks[1] - ticks[0])) / (d1 - d0);
    const need = orient === 'x' ? maxTextWidth(labels) + 12 : FONT_SIZE * 2.2;
    if (spacing >= need) return axis;
  }
  return fallback ?? { domain: [a, b], ticks: [a, b] };
}

const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 36, 60, 120, 240];

/** Month ticks on [lo, hi] (whole months, steps of 1, 2, 3, 6, 12 …), as many as fit `lengthPx`. */
export function monthAxis(lo: number, hi: number, lengthPx: number): Axis {
  const [a, b] = spread(Math.floor(lo), Math.ceil(hi));
  const need = Math.max(36, maxTextWidth([String(Math.round(a)), String(Math.round(b))]) + 12);
  const step = MONTH_STEPS.find((s) => (lengthPx * s) / (b - a) >= need) ?? MONTH_STEPS[MONTH_STEPS.length - 1];
  const ticks: number[] = [];
  for (let m = Math.ceil(a / step) * step; m <= b + 1e-9; m += step) ticks.push(m);
  return { domain: [a, b], ticks };
}

/** Pixel position of `v` on a vertical axis from `top` (domain max) to `top + length` (domain min). */
export function yPixel(v: number, axis: Axis, top: number, length: number): number {
  const [d0, d1] = axis.domain;
  return top + ((d1 - v) / (d1 - d0)) * length;
}

/** Pixel position of `v` on a horizontal axis from `left` (domain min) over `length`. */
export function xPixel(v: number, axis: Axis, left: number, length: number): number {
  const [d0, d1] = axis.domain;
  return left + ((v - d0) / (d1 - d0)) * length;
}

// --- Shared marks -------------------------------------------------------------

/** Tick labels in the muted colour, tick marks in the axis colour; no axis title (the chart adds its own). */
export function axisStyle(tickFormat: (d: number) => string, tickSize: number) {
  return {
    tickFormat,
    tickSize,
    tickPadding: MARGINS.tickPadding,
    fill: PALETTE.text,
    stroke: PALETTE.axis,
    strokeWidth: STROKE.axis,
    label: null,
  };
}

export const gridStyle = { stroke: PALETTE.grid, strokeOpacity: 1, strokeWidth: STROKE.grid } as const;

// --- Rendering ----------------------------------------------------------------

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Runs Plot into the chart's document with its size and margins; axes are marks, not defaults. */
export function renderPlot(ctx: ChartContext, margins: Margins, options: Plot.PlotOptions): ChartElement {
  const plotted = Plot.plot({
    ...options,
    document: ctx.document as never,
    width: ctx.width,
    height: ctx.height,
    marginTop: margins.top,
    marginRight: margins.right,
    marginBottom: margins.bottom,
    marginLeft: margins.left,
  });
  return plotted as unknown as ChartElement;
}

/** A text element with explicit fill (never inherited from a stylesheet). */
export interface Annotation {
  text: string;
  x: number;
  y: number;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  fontSize?: number;
  bold?: boolean;
}

function textElement(ctx: ChartContext, a: Annotation): ChartElement {
  const el = svgElement(ctx.document, 'text');
  el.setAttribute('x', fmt(a.x));
  el.setAttribute('y', fmt(a.y));
  el.setAttribute('text-anchor', a.anchor ?? 'start');
  el.setAttribute('fill', a.fill ?? PALETTE.text);
  el.setAttribute('font-size', String(a.fontSize ?? FONT_SIZE));
  if (a.bold) el.setAttribute('font-weight', 'bold');
  el.textContent = a.text;
  return el;
}

function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** The chart's title (line 1), y-axis title (line 2, left) and x-axis title (bottom right). */
export interface ChartLabels {
  title: string;
  x?: string;
  y?: string;
  extra?: readonly Annotation[];
}

function labelAnnotations(ctx: ChartContext, margins: Margins, labels: ChartLabels): Annotation[] {
  const out: Annotation[] = [{ text: labels.title, x: 1, y: TITLE_BASELINE, fontSize: TITLE_FONT_SIZE, bold: true, fill: PALETTE.text }];
  if (labels.y) out.push({ text: labels.y, x: 1, y: SUBTITLE_BASELINE, fill: PALETTE.muted });
  if (labels.x) out.push({ text: labels.x, x: ctx.width - margins.right, y: ctx.height - 3, anchor: 'end', fill: PALETTE.muted });
  return out.concat(labels.extra ?? []);
}

/** Root attributes that make the SVG standalone and independent of any stylesheet. */
function styleRoot(ctx: ChartContext, svg: ChartElement): void {
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(ctx.width));
  svg.setAttribute('height', String(ctx.height));
  svg.setAttribute('viewBox', `0 0 ${ctx.width} ${ctx.height}`);
  svg.setAttribute('font-family', ctx.fontFamily);
  svg.setAttribute('font-size', String(FONT_SIZE));
  svg.setAttribute('fill', PALETTE.text);
}

/** The markup, with any 'currentColor' left by a library turned into the text colour. */
function serialize(svg: ChartElement): string {
  return svg.outerHTML.replace(/currentColor/g, PALETTE.text);
}

/**
 * Plot's SVG made self-contained: its stylesheet and class dropped (the PDF
 * renderer ignores them), explicit font and colours on the root, the chart's
 * titles added, and the markup returned.
 */
export function finish(ctx: ChartContext, svg: ChartElement, margins: Margins, labels: ChartLabels): string {
  for (const style of Array.from(svg.querySelectorAll('style'))) style.remove();
  svg.removeAttribute('class');
  styleRoot(ctx, svg);
  for (const a of labelAnnotations(ctx, margins, labels)) svg.appendChild(textElement(ctx, a));
  return serialize(svg);
}

/**
 * What a chart with nothing to draw returns: its title over an empty frame,
 * the same size as the chart would have been.
 */
export function emptyChart(ctx: ChartContext, title: string): string {
  const svg = svgElement(ctx.document, 'svg');
  styleRoot(ctx, svg);
  svg.setAttribute('text-anchor', 'middle');
  const frame = svgElement(ctx.document, 'rect');
  const margins = { top: MARGINS.top, right: MARGINS.right, bottom: MARGINS.bottom, left: MARGINS.left };
  frame.setAttribute('x', String(margins.left));
  frame.setAttribute('y', String(margins.top));
  frame.setAttribute('width', String(Math.max(0, ctx.width - margins.left - margins.right)));
  frame.setAttribute('height', String(Math.max(0, ctx.height - margins.top - margins.bottom)));
  frame.setAttribute('fill', 'none');
  frame.setAttribute('stroke', PALETTE.grid);
  frame.setAttribute('stroke-width', String(STROKE.grid));
  svg.appendChild(frame);
  for (const a of labelAnnotations(ctx, margins, { title })) svg.appendChild(textElement(ctx, a));
  return serialize(svg);
}

/** Finite numbers only (Plot would silently drop the rest; charts decide explicitly). */
export function finite(...xs: readonly (number | null | undefined)[]): boolean {
  return xs.every((x) => typeof x === 'number' && Number.isFinite(x));
}
