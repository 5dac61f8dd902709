import { ganttChart, portfolioFanChart } from '../../../reports/charts/index.js';
import { chartSlot } from '../chart-slot.js';
import { h, phrase } from '../dom.js';
import type { View } from '../view.js';
import { facts, section } from './common.js';

/** The phased roadmap (Gantt), the programme's figures and cash-flow fan, from the view; null when the Report has no roadmap. */
export function roadmap(v: View): HTMLElement | null {
  const { f } = v;
  const r = v.rv.roadmap;
  const data = v.report.roadmap;
  if (!r || !data) return null;
  const { lang, currency } = f;
  const fanHeight = (width: number) => Math.round(Math.max(200, Math.min(250, width * 0.36)));
  // The Gantt shortens long item names: the details list every phase in full, then why it is there.
  const phases = r.phaseLines.map((line) => h('li', {}, phrase(line)));
  const why = [...r.rationale.map((line) => h('li', {}, phrase(line))), ...r.unscheduled.map((line) => h('li', { class: 'muted' }, line))];
  return section(
    'section-roadmap',
    f.t('section.roadmap'),
    facts('roadmap-facts', r.programme),
    h(
      'div',
      { class: 'stack' },
      h('div', { class: 'panel' }, chartSlot('chart-gantt', f.t('chart.gantt.title'), lang, currency, (o) => ganttChart(r.gantt, o))),
      h('div', { class: 'panel' }, chartSlot('chart-portfolio-fan', f.t('chart.portfolio.title'), lang, currency, (o) => portfolioFanChart(data.portfolio.cashflow, { ...o, height: fanHeight(o.width) }))),
    ),
    phases.length || why.length
      ? h(
          'details',
          { class: 'why', testid: 'roadmap-why' },
          h('summary', {}, f.t('web.roadmap.why')),
          phases.length ? [h('h3', { class: 'subtitle' }, f.t('web.roadmap.phases')), h('ul', { class: 'bullets' }, phases)] : null,
          why.length ? [h('h3', { class: 'subtitle' }, f.t('web.roadmap.why')), h('ul', { class: 'bullets' }, why)] : null,
        )
      : null,
  );
}
