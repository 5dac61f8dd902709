import { chartSlot } from '../chart-slot.js';
import { pairwiseChart, rankAcceptabilityChart } from '../charts.js';
import { h } from '../dom.js';
import type { View } from '../view.js';
import { facts, hint, section } from './common.js';

/** How sure the ranking is: P(A beats B) as a heat map, rank acceptability as stacked bars, and the view's lines. */
export function confidence(v: View): HTMLElement {
  const { f, report, ordered, rv } = v;
  const { lang, currency } = f;
  if (ordered.length < 2) return section('section-confidence', f.t('section.confidence'), hint(f.t('web.confidence.single')));
  return section(
    'section-confidence',
    f.t('section.confidence'),
    facts('confidence-facts', rv.confidence),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        { class: 'panel' },
        chartSlot('chart-pairwise', f.t('web.confidence.matrix.title'), lang, currency, (o) => pairwiseChart(report, ordered, o)),
        hint(f.t('web.confidence.matrix.hint')),
      ),
      h(
        'div',
        { class: 'panel' },
        chartSlot('chart-rank-acceptability', f.t('chart.rank.title'), lang, currency, (o) => rankAcceptabilityChart(report, ordered, o)),
        hint(f.t('web.confidence.rank.hint')),
      ),
    ),
  );
}
