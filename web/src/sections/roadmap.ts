import { ganttChart, portfolioFanChart } from '../../../reports/charts/index.js';
import { chartSlot } from '../chart-slot.js';
import { h, phrase } from '../dom.js';
import { rationaleText } from '../text.js';
import type { View } from '../view.js';
import { facts, section } from './common.js';

/** The phased roadmap (Gantt), the programme's figures and cash-flow fan; null when the Report has no roadmap. */
export function roadmap(v: View): HTMLElement | null {
  const { f } = v;
  const r = v.report.roadmap;
  if (!r) return null;
  const { lang, currency } = f;
  const p = r.portfolio;
  const within = p.paybackMonths.probWithin;
  const fanHeight = (width: number) => Math.round(Math.max(200, Math.min(250, width * 0.36)));
  // The Gantt shortens long item names: the details list every phase in full, then why it is there.
  const phases = r.phases.map((ph) =>
    h('li', {}, phrase(f.t('summary.phaseLine', { index: ph.index, start: ph.startMonth + 1, end: ph.endMonth, items: ph.items.map((i) => i.name).join(f.lang === 'zh-CN' ? '、' : ', ') }))),
  );
  const why = [
    ...r.phases.map((ph) => h('li', {}, phrase(rationaleText(f, ph)))),
    ...r.unscheduled.map((u) => h('li', { class: 'muted' }, f.t('roadmap.unscheduled', { name: u.name, reason: u.reason }))),
  ];
  return section(
    'section-roadmap',
    f.t('section.roadmap'),
    facts('roadmap-facts', [
      f.t('roadmap.programme', { p10: f.money(p.npv.p10), p50: f.money(p.npv.p50), p90: f.money(p.npv.p90), spend: f.money(p.investment.p50) }),
      f.t('roadmap.payback', { p12: f.percent(within['12'] ?? null), p24: f.percent(within['24'] ?? null), p36: f.percent(within['36'] ?? null) }),
    ]),
    h(
      'div',
      { class: 'stack' },
      h('div', { class: 'panel' }, chartSlot('chart-gantt', f.t('chart.gantt.title'), lang, currency, (o) => ganttChart(r, o))),
      h('div', { class: 'panel' }, chartSlot('chart-portfolio-fan', f.t('chart.portfolio.title'), lang, currency, (o) => portfolioFanChart(p.cashflow, { ...o, height: fanHeight(o.width) }))),
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
