import { h } from '../dom.js';
import { langSwitch } from '../lang.js';
import type { View } from '../view.js';
import { downloads } from './downloads.js';

/** Customer, run date, the language switch and the downloads. */
export function header(v: View): HTMLElement {
  const { f, data, rv } = v;
  return h(
    'header',
    { class: 'page-header', testid: 'section-header' },
    h(
      'div',
      { class: 'page-header__text' },
      h('p', { class: 'page-header__kicker' }, f.t('doc.title')),
      h('h1', { class: 'page-header__customer', testid: 'customer' }, rv.customer),
      h(
        'p',
        { class: 'page-header__meta' },
        h('span', { testid: 'run-date' }, f.t('doc.date', { date: f.date(data.run.createdAt ?? rv.report.run.createdAt) })),
        h('span', { class: 'sep', attrs: { 'aria-hidden': 'true' } }, ' · '),
        h('span', {}, f.t('doc.currency', { currency: rv.currency })),
      ),
    ),
    h('div', { class: 'page-header__actions' }, langSwitch(f.lang, v.setLang), downloads(v)),
  );
}
