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
  truncateLabel,
  valueAxis,
  xPixel,
} from './common.js';
import { MARGINS, PALETTE, STROKE, SUBTITLE_BASELINE } from './style.js';

/** The parts of a sensitivity entry the tornado reads. */
export interface TornadoEntry {
  label: string;
  /** NPV with the input at its P10 / P90, every other input at its median. */
  low: number;
  high: number;
}

export interface TornadoOptions extends ChartOptions {
  /** How many inputs to show, from the top of the (already sorted) list; default 8. */
  top?: number;
}

export const TORNADO_TOP = 8;

/**
 * What moves the NPV: for the top inputs by swing (the Report's order), a bar
 * from the NPV at the input's P10 to its P90 around the base NPV (a vertical
 * rule, its amount above). Blue when the NPV rises with the input, orange when
 * it falls.
 * @example tornadoChart(s.sensitivity, s.tornadoBase, { document: serverDocument(), lang: 'zh-CN', currency: 'CNY' })
 */
export function tornadoChart(sensitivity: readonly TornadoEntry[], base: number, options: TornadoOptions): string {
  const ctx = chartContext(options);
  const { lang, money } = ctx;
  const title = t(lang, 'chart.tornado.title');
  const topN = options.top !== undefined && options.top >= 1 ? Math.floor(options.top) : TORNADO_TOP;
  const units = labelUnitsFor(ctx.width);
  const rows = sensitivity
    .slice(0, topN)
    .filter((e) => finite(e.low, e.high))
    .map((e, i) => ({
      i,
      label: truncateLabel(e.label, units),
      low: e.low,
      high: e.high,
      fill: e.high > e.low ? PALETTE.increase : PALETTE.decrease,
    }));
  if (rows.length === 0) return emptyChart(ctx, title);

  const centre = finite(base) ? base : null;
  const amounts = rows.flatMap((r) => [r.low, r.high]).concat(centre === null ? [] : [centre]);
  const top = MARGINS.top;
  const bottom = MARGINS.bottom;
  const left = MARGINS.left + maxTextWidth(rows.map((r) => r.label)) + MARGINS.tickPadding + 2;
  // Room on the right for the last tick label, centred on the frame's edge.
  const x0 = valueAxis(Math.min(...amounts), Math.max(...amounts), ctx.width - left - 40, money, 'x', false);
  const right = Math.max(MARGINS.right, maxTextWidth(x0.ticks.map(money)) / 2 + 4);
  const innerWidth = ctx.width - left - right;
  const x = valueAxis(Math.min(...amounts), Math.max(...amounts), innerWidth, money, 'x', false);
  const margins = { top, right, bottom, left };

  const extra =
    centre === null
      ? []
      : [{ text: money(centre), x: xPixel(centre, x, left, innerWidth), y: SUBTITLE_BASELINE + 4, anchor: 'middle' as const, fill: PALETTE.muted }];

  const svg = renderPlot(ctx, margins, {
    x: { domain: x.domain, axis: null },
    y: { type: 'band', domain: rows.map((r) => r.i), padding: rows.length <= 3 ? 0.5 : 0.3, axis: null },
    color: { type: 'identity' },
    marks: [
      Plot.gridX(x.ticks, gridStyle),
      Plot.barX(rows, { x1: 'low', x2: 'high', y: 'i', fill: 'fill', stroke: 'none' }),
      ...(centre === null ? [] : [Plot.ruleX([centre], { stroke: PALETTE.text, strokeWidth: STROKE.rule })]),
      Plot.axisY(rows.map((r) => r.i), { ...axisStyle((i: number) => rows[i].label, 0), anchor: 'left' }),
      Plot.axisX(x.ticks, { ...axisStyle(money, 3), anchor: 'bottom' }),
    ],
  });
  return finish(ctx, svg, margins, { title, x: t(lang, 'chart.tornado.x'), extra });
}
