import { chartSlot } from '../chart-slot.js';
import { pairwiseChart, rankAcceptabilityChart } from '../charts.js';
import { h } from '../dom.js';
import type { View } from '../view.js';
import { facts, hint, section } from './common.js';

/** How sure the ranking is: P(A beats B) as a heat map, rank acceptability as stacked bars, and the headline odds. */
export function confidence(v: View): HTMLElement {
  const { f, report, ordered } = v;
  const { lang, currency } = f;
  if (ordered.length < 2) return section('section-confidence', f.t('section.confidence'), hint(f.t('web.confidence.single')));

  const { pairwise, probBest } = report.ranking;
  const lines: string[] = [];
  for (let k = 0; k + 1 < ordered.length && k < 3; k++) {
    const p = pairwise[ordered[k].id]?.[ordered[k + 1].id];
    if (p !== undefined) lines.push(f.t('confidence.beats', { a: ordered[k].name, b: ordered[k + 1].name, probability: f.percent(p) }));
  }
  const best = [...ordered].sort((a, b) => (probBest[b.id] ?? 0) - (probBest[a.id] ?? 0))[0];
  lines.push(f.t('confidence.best', { name: best.name, probability: f.percent(probBest[best.id] ?? null) }));

  return section(
    'section-confidence',
    f.t('section.confidence'),
    facts('confidence-facts', lines),
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
