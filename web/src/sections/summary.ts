import { h, phrase } from '../dom.js';
import type { View } from '../view.js';
import { hint, section, tile } from './common.js';

/** The recommendation, the key numbers and what the pilot should measure first. */
export function summary(v: View): HTMLElement {
  const { f, report } = v;
  const accepted = v.ordered.find((s) => s.verdict === 'accept');
  const headline = accepted
    ? f.t('doc.headline.start', { scenario: accepted.name, months: accepted.gates.payback.thresholdMonths, probability: f.percent(accepted.gates.payback.probability) })
    : f.t('doc.headline.none');
  const best = Math.max(...report.scenarios.map((s) => s.npv.p50 ?? -Infinity));
  const tiles: HTMLElement[] = [];
  if (report.roadmap) tiles.push(tile(f.t('summary.programmeNpv'), f.money(report.roadmap.portfolio.npv.p50), undefined, 'kpi-programme-npv'));
  tiles.push(tile(f.t('summary.bestNpv'), f.money(Number.isFinite(best) ? best : null), undefined, 'kpi-best-npv'));
  tiles.push(tile(f.t('summary.acceptCount'), `${report.scenarios.filter((s) => s.verdict === 'accept').length} / ${report.scenarios.length}`, undefined, 'kpi-accept-count'));
  if (report.roadmap) tiles.push(tile(f.t('summary.programmePayback'), f.percent(report.roadmap.portfolio.paybackMonths.probWithin['24'] ?? null), undefined, 'kpi-programme-payback'));

  const voi = report.valueOfInformation;
  const first = voi.measureFirst;
  const scenarioName = (id: string | null) => report.scenarios.find((s) => s.id === id)?.name ?? '—';
  const measure = first
    ? f.t('summary.measureFirstItem', { input: first.label, scenario: scenarioName(first.scenario), worth: f.money(first.worth), evpi: f.money(voi.chooseBest.evpi) })
    : f.t('summary.measureNone', { evpi: f.money(voi.chooseBest.evpi) });

  return section(
    'section-summary',
    f.t('section.summary'),
    h(
      'div',
      { class: 'headline', testid: 'headline', attrs: { 'data-recommended': accepted?.id ?? '' } },
      h('div', { class: 'headline__label' }, f.t('doc.headline')),
      h('p', { class: 'headline__text' }, phrase(headline)),
      accepted
        ? h(
            'button',
            { class: 'button button--ghost', testid: 'headline-open', attrs: { type: 'button', 'aria-label': f.t('web.ranking.open', { name: accepted.name }) }, on: { click: () => v.openScenario(accepted.id) } },
            `${accepted.name} →`,
          )
        : null,
    ),
    h('div', { class: `tiles tiles--${tiles.length}`, testid: 'key-numbers' }, tiles),
    h('div', { class: 'measure-first', testid: 'measure-first' }, h('h3', { class: 'subtitle' }, f.t('summary.measureFirst')), hint(measure)),
  );
}
