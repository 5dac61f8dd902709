import type { ScenarioReport } from '../../../engine/report.js';
import type { MessageKey } from '../../../reports/i18n.js';
import { h, swatch } from '../dom.js';
import type { View } from '../view.js';
import { hint, section, verdictBadge } from './common.js';

const COLUMNS: { key: MessageKey; numeric?: boolean }[] = [
  { key: 'col.rank', numeric: true },
  { key: 'col.scenario' },
  { key: 'col.verdict' },
  { key: 'col.score', numeric: true },
  { key: 'col.npvP10', numeric: true },
  { key: 'col.npvP50', numeric: true },
  { key: 'col.npvP90', numeric: true },
  { key: 'col.paybackP50', numeric: true },
  { key: 'col.paybackWithin12', numeric: true },
];

function row(v: View, s: ScenarioReport): HTMLTableRowElement {
  const { f } = v;
  const cell = (k: number, ...content: (Node | string)[]) =>
    h('td', { class: `col-${k}${COLUMNS[k].numeric ? ' num' : ''}`, attrs: { 'data-label': f.t(COLUMNS[k].key) } }, ...content);
  const open = h(
    'button',
    { class: 'scenario-link', testid: 'ranking-open', attrs: { type: 'button', 'aria-label': f.t('web.ranking.open', { name: s.name }), 'aria-haspopup': 'dialog' }, on: { click: () => v.openScenario(s.id) } },
    swatch(v.colours.get(s.id) ?? '#888'),
    h('span', { class: 'scenario-link__rank', attrs: { 'aria-hidden': 'true' } }, `${s.rank}`),
    h('span', { class: 'scenario-link__name' }, s.name),
  );
  const tr = h(
    'tr',
    { class: 'ranking__row', testid: 'ranking-row', attrs: { 'data-scenario-id': s.id, 'data-rank': s.rank } },
    cell(0, String(s.rank)),
    h('th', { class: 'col-1', attrs: { scope: 'row', 'data-label': f.t('col.scenario') } }, open),
    cell(2, verdictBadge(f, s.verdict)),
    cell(3, String(s.score)),
    cell(4, f.money(s.npv.p10)),
    cell(5, h('strong', {}, f.money(s.npv.p50))),
    cell(6, f.money(s.npv.p90)),
    cell(7, f.months(s.paybackMonths.p50)),
    cell(8, f.percent(s.paybackMonths.probWithin['12'] ?? null)),
  );
  // The whole row opens the scenario for a mouse; the button is the keyboard's way in.
  tr.addEventListener('click', (event) => {
    if (!(event.target as Element).closest('button')) v.openScenario(s.id);
  });
  return tr;
}

/** The ranking table, best first; each row opens the scenario's drill-down. */
export function ranking(v: View): HTMLElement {
  const { f } = v;
  return section(
    'section-ranking',
    f.t('section.ranking'),
    hint(f.t('web.ranking.hint')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'ranking', testid: 'ranking-table' },
        h('thead', {}, h('tr', {}, COLUMNS.map((c, k) => h('th', { class: `col-${k}${c.numeric ? ' num' : ''}`, attrs: { scope: 'col' } }, f.t(c.key))))),
        h('tbody', {}, v.ordered.map((s) => row(v, s))),
      ),
    ),
  );
}
