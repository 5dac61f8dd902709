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
} from './common.js';
import { MARGINS, PALETTE, STROKE } from './style.js';

/** The parts of a benefit line the chart reads. */
export interface BenefitEntry {
  label: string;
  /** Mean present value of the line. */
  pvMean: number;
}

/**
 * Present value by benefit line (mean): one horizontal bar per line from 0,
 * blue when positive and red when negative, its amount beside it.
 * @example benefitsChart(s.benefits, { document: serverDocument(), lang: 'en', currency: 'USD' })
 */
export function benefitsChart(benefits: readonly BenefitEntry[], options: ChartOptions): string {
  const ctx = chartContext(options);
  const { lang, money } = ctx;
  const title = t(lang, 'chart.benefits.title');
  const units = labelUnitsFor(ctx.width);
  const rows = benefits
    .filter((b) => finite(b.pvMean))
    .map((b, i) => ({
      i,
      label: truncateLabel(b.label, units),
      zero: 0,
      pv: b.pvMean,
      // Amounts sit right of the bar's end, or right of 0 for a loss.
      at: Math.max(0, b.pvMean),
      amount: money(b.pvMean),
      fill: b.pvMean < 0 ? PALETTE.negative : PALETTE.increase,
    }));
  if (rows.length === 0) return emptyChart(ctx, title);

  const top = MARGINS.top;
  const bottom = MARGINS.bottom;
  const left = MARGINS.left + maxTextWidth(rows.map((r) => r.label)) + MARGINS.tickPadding + 2;
  const right = Math.max(MARGINS.right, maxTextWidth(rows.map((r) => r.amount)) + 8);
  const margins = { top, right, bottom, left };
  const pvs = rows.map((r) => r.pv);
  const x = valueAxis(Math.min(0, ...pvs), Math.max(0, ...pvs), ctx.width - left - right, money, 'x', false);

  const svg = renderPlot(ctx, margins, {
    x: { domain: x.domain, axis: null },
    // Few lines get thinner bars rather than slabs.
    y: { type: 'band', domain: rows.map((r) => r.i), padding: rows.length <= 3 ? 0.5 : 0.3, axis: null },
    color: { type: 'identity' },
    marks: [
      Plot.gridX(x.ticks, gridStyle),
      Plot.barX(rows, { x1: 'zero', x2: 'pv', y: 'i', fill: 'fill', stroke: 'none' }),
      Plot.ruleX([0], { stroke: PALETTE.axis, strokeWidth: STROKE.axis }),
      Plot.text(rows, { x: 'at', y: 'i', text: 'amount', textAnchor: 'start', dx: 4, fill: PALETTE.text }),
      Plot.axisY(rows.map((r) => r.i), { ...axisStyle((i: number) => rows[i].label, 0), anchor: 'left' }),
      Plot.axisX(x.ticks, { ...axisStyle(money, 3), anchor: 'bottom' }),
    ],
  });
  return finish(ctx, svg, margins, { title, x: t(lang, 'chart.benefits.x') });
}
