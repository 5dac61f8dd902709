import { chartSlot } from '../chart-slot.js';
import { npvRangesChart, paybackOverlayChart } from '../charts.js';
import { h, swatch } from '../dom.js';
import type { View } from '../view.js';
import { section } from './common.js';

/** NPV ranges side by side and the payback curves overlaid, with a legend of the scenarios' colours. */
export function distributions(v: View): HTMLElement {
  const { f, report, ordered, colours } = v;
  const { lang, currency } = f;
  const legend = h(
    'ul',
    { class: 'legend', testid: 'payback-legend' },
    ordered.map((s) => h('li', { class: 'legend__item' }, swatch(colours.get(s.id) ?? '#888'), h('span', {}, `${s.rank} ${s.name}`))),
  );
  return section(
    'section-distributions',
    f.t('web.section.distributions'),
    h(
      'div',
      { class: 'grid-2' },
      h('div', { class: 'panel' }, chartSlot('chart-npv-ranges', f.t('web.npv.title'), lang, currency, (o) => npvRangesChart(ordered, o))),
      h('div', { class: 'panel' }, chartSlot('chart-payback-overlay', f.t('web.payback.title'), lang, currency, (o) => paybackOverlayChart(report, ordered, colours, o)), legend),
    ),
  );
}
