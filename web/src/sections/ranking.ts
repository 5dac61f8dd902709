import type { ViewRow, ViewTable } from '../../../reports/view/index.js';
import { SUMMARY_RANKING_COLUMNS, pick } from '../../../reports/view/index.js';
import type { Verdict } from '../../../engine/index.js';
import { h, swatch } from '../dom.js';
import type { View } from '../view.js';
import { facts, hint, section, verdictBadge } from './common.js';


function row(v: View, table: ViewTable, r: ViewRow): HTMLTableRowElement {
  const { f } = v;
  const id = r.id;
  const s = v.report.scenarios.find((x) => x.id === id)!;
  const name = r.cells[1].text;
  const numeric = (k: number) => table.columns[k].kind !== 'text';
  const cell = (k: number, ...content: (Node | string)[]) =>
    h('td', { class: `col-${k}${numeric(k) ? ' num' : ''}`, attrs: { 'data-label': table.columns[k].header, 'data-column': table.columns[k].id } }, ...content);
  const open = h(
    'button',
    { class: 'scenario-link', testid: 'ranking-open', attrs: { type: 'button', 'aria-label': f.t('web.ranking.open', { name }), 'aria-haspopup': 'dialog' }, on: { click: () => v.openScenario(id) } },
    swatch(v.colours.get(id) ?? '#888'),
    h('span', { class: 'scenario-link__rank', attrs: { 'aria-hidden': 'true' } }, r.cells[0].text),
    h('span', { class: 'scenario-link__name' }, name),
  );
  const cells = r.cells.map((c, k) => {
    const colId = table.columns[k].id;
    if (colId === 'scenario') return h('th', { class: 'col-1', attrs: { scope: 'row', 'data-label': table.columns[k].header, 'data-column': colId } }, open);
    if (colId === 'verdict') return cell(k, verdictBadge(f, s.verdict as Verdict));
    if (colId === 'npvP50') return cell(k, h('strong', {}, c.text));
    return cell(k, c.text);
  });
  const tr = h('tr', { class: 'ranking__row', testid: 'ranking-row', attrs: { 'data-scenario-id': id, 'data-rank': s.rank } }, cells);
  // The whole row opens the scenario for a mouse; the button is the keyboard's way in.
  tr.addEventListener('click', (event) => {
    if (!(event.target as Element).closest('button')) v.openScenario(id);
  });
  return tr;
}

/** The ranking table, best first, from the view's rows; each row opens the scenario's drill-down. */
export function ranking(v: View): HTMLElement {
  const { f } = v;
  const table = pick(v.rv.ranking, SUMMARY_RANKING_COLUMNS);
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
        h('thead', {}, h('tr', {}, table.columns.map((c, k) => h('th', { class: `col-${k}${c.kind !== 'text' ? ' num' : ''}`, attrs: { scope: 'col' } }, c.header)))),
        h('tbody', {}, table.rows.map((r) => row(v, table, r))),
      ),
    ),
    notes(v),
  );
}

/** Under the table: what the order is, the groups of alternatives, the enablers and the proposal's warnings. */
function notes(v: View): HTMLElement[] {
  const { f, rv } = v;
  const out: HTMLElement[] = [];
  if (rv.notes.basis) out.push(h('p', { class: 'hint', testid: 'ranking-basis' }, rv.notes.basis));
  const blocks: [string, string, readonly string[]][] = [
    ['ranking-alternatives', f.t('view.alternatives'), rv.notes.alternatives],
    ['ranking-enablers', f.t('view.enablers'), rv.notes.enablers],
    ['ranking-warnings', f.t('view.warnings'), rv.notes.warnings],
  ];
  for (const [testid, heading, lines] of blocks) {
    if (lines.length) out.push(h('div', { testid }, h('h3', { class: 'subtitle' }, heading), facts(`${testid}-list`, lines, 'bullets')));
  }
  return out;
}
