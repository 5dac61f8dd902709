import { h, phrase } from '../dom.js';
import type { View } from '../view.js';
import { hint, section, tile } from './common.js';

/** The recommendation, the key numbers and what the pilot should measure first, as the view words them. */
export function summary(v: View): HTMLElement {
  const { f, rv } = v;
  const rec = rv.recommendation;
  const focus = rec.focus;
  const tiles = rv.keyNumbers.map((k) => tile(k.label, k.text, undefined, `kpi-${k.id}`));
  return section(
    'section-summary',
    f.t('section.summary'),
    h(
      'div',
      { class: 'headline', testid: 'headline', attrs: { 'data-recommended': rec.scenarios.join(' '), 'data-source': rec.source } },
      h('div', { class: 'headline__label' }, f.t('doc.headline')),
      h('p', { class: 'headline__text' }, phrase(rec.headline)),
      rec.details.length ? h('ul', { class: 'bullets', testid: 'headline-details' }, rec.details.map((d) => h('li', {}, phrase(d)))) : null,
      focus
        ? h(
            'button',
            {
              class: 'button button--ghost',
              testid: 'headline-open',
              attrs: { type: 'button', 'aria-label': f.t('web.ranking.open', { name: rv.names.scenario(focus.id) }) },
              on: { click: () => v.openScenario(focus.id) },
            },
            `${rv.names.scenario(focus.id)} →`,
          )
        : null,
    ),
    h('div', { class: `tiles tiles--${tiles.length}`, testid: 'key-numbers' }, tiles),
    h('div', { class: 'measure-first', testid: 'measure-first' }, h('h3', { class: 'subtitle' }, f.t('summary.measureFirst')), hint(rv.measureFirst)),
  );
}
