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
  monthAxis,
  renderPlot,
  textWidth,
  truncateLabel,
} from './common.js';
import { DEFAULT_HEIGHT, MARGINS, PALETTE } from './style.js';

/** The parts of a roadmap the Gantt chart reads. */
export interface GanttInput {
  phases: readonly {
    index: number;
    startMonth: number;
    endMonth: number;
    items: readonly { name: string }[];
  }[];
}

/** Row height (px) the default chart height allows for, so long roadmaps grow instead of squeezing. */
const ROW_HEIGHT = 17;

/**
 * The roadmap: one row per scheduled item (its name, shortened), a bar from its
 * phase's start month to its end month, and the phase number on the bar (beside
 * it when the bar is too narrow). Phases alternate two blues.
 * @example ganttChart(report.roadmap, { document: serverDocument(), lang: 'zh-CN', currency: 'CNY' })
 */
export function ganttChart(roadmap: GanttInput | null | undefined, options: ChartOptions): string {
  const phases = roadmap?.phases ?? [];
  const rowCount = phases.reduce((n, p) => n + p.items.length, 0);
  const ctx = chartContext(options, Math.max(DEFAULT_HEIGHT, MARGINS.top + MARGINS.bottom + rowCount * ROW_HEIGHT));
  const { lang } = ctx;
  const title = t(lang, 'chart.gantt.title');
  // Item names often share a prefix ("platform — stage"): allow longer labels when the chart is wide.
  const units = labelUnitsFor(ctx.width, 40);
  const rows: { i: number; label: string; start: number; end: number; mid: number; phase: string; fill: string }[] = [];
  phases.forEach((phase, k) => {
    if (!finite(phase.startMonth, phase.endMonth)) return;
    for (const item of phase.items) {
      rows.push({
        i: rows.length,
        label: truncateLabel(item.name, units),
        start: phase.startMonth,
        end: phase.endMonth,
        mid: (phase.startMonth + phase.endMonth) / 2,
        phase: String(phase.index),
        fill: PALETTE.phases[k % PALETTE.phases.length],
      });
    }
  });
  if (rows.length === 0) return emptyChart(ctx, title);

  const top = MARGINS.top;
  const bottom = MARGINS.bottom;
  const left = MARGINS.left + maxTextWidth(rows.map((r) => r.label)) + MARGINS.tickPadding + 2;
  const right = MARGINS.right;
  const margins = { top, right, bottom, left };
  const innerWidth = ctx.width - left - right;
  const x = monthAxis(Math.min(0, ...rows.map((r) => r.start)), Math.max(...rows.map((r) => r.end)), innerWidth);
  const pxPerMonth = innerWidth / (x.domain[1] - x.domain[0]);
  const fits = (r: (typeof rows)[number]) => (r.end - r.start) * pxPerMonth >= textWidth(r.phase) + 4;
  const inside = rows.filter(fits);
  const outside = rows.filter((r) => !fits(r));

  const svg = renderPlot(ctx, margins, {
    x: { domain: x.domain, axis: null },
    y: { type: 'band', domain: rows.map((r) => r.i), padding: 0.25, axis: null },
    color: { type: 'identity' },
    marks: [
      Plot.gridX(x.ticks, gridStyle),
      Plot.barX(rows, { x1: 'start', x2: 'end', y: 'i', fill: 'fill', stroke: 'none' }),
      Plot.text(inside, { x: 'mid', y: 'i', text: 'phase', fill: PALETTE.onDark }),
      Plot.text(outside, { x: 'end', y: 'i', text: 'phase', textAnchor: 'start', dx: 3, fill: PALETTE.text }),
      Plot.axisY(rows.map((r) => r.i), { ...axisStyle((i: number) => rows[i].label, 0), anchor: 'left' }),
      Plot.axisX(x.ticks, { ...axisStyle((d: number) => String(d), 3), anchor: 'bottom' }),
    ],
  });
  return finish(ctx, svg, margins, { title, x: t(lang, 'chart.gantt.x') });
}
