import type { ViewTable } from '../../../reports/view/index.js';
import { h } from '../dom.js';
import type { View } from '../view.js';
import { hint, section } from './common.js';

/**
 * One rule of the policy sweep as a slider: moving it shows each scenario's
 * verdict and score at that point (the other rules as the proposal sets
 * them), read from the view's sweep table; nothing is recomputed.
 */
function slider(table: ViewTable): HTMLElement {
  const points = table.columns.slice(1);
  const own = Math.max(0, points.findIndex((c) => c.header.endsWith('*')));
  const label = h('output', { class: 'sweep__point', testid: `${table.id}-point` }, points[own].header);
  const list = h('ul', { class: 'bullets', testid: `${table.id}-list` });
  const show = (k: number) => {
    label.textContent = points[k].header;
    list.replaceChildren(...table.rows.map((r) => h('li', { attrs: { 'data-scenario-id': r.id } }, `${r.cells[0].text}: ${r.cells[k + 1].text}`)));
  };
  const input = h('input', {
    testid: `${table.id}-slider`,
    attrs: { type: 'range', min: 0, max: points.length - 1, step: 1, value: own, 'aria-label': table.title },
    on: { input: (e) => show(Number((e.target as HTMLInputElement).value)) },
  });
  show(own);
  return h('div', { class: 'panel sweep', testid: table.id }, h('h3', { class: 'subtitle' }, table.title), h('div', {}, input, ' ', label), list);
}

/** What if the rules change: a slider per rule over the Report's policy sweep; null for Reports without one. */
export function sweep(v: View): HTMLElement | null {
  const s = v.rv.sweep;
  if (!s) return null;
  return section('section-sweep', v.f.t('sweep.title'), s.tables.map(slider), hint(s.note));
}
