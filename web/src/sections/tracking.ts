import { priorPosteriorChart, trackingFanChart } from '../../../reports/charts/index.js';
import { type ScenarioTrackingView, type ViewTable, pick } from '../../../reports/view/index.js';
import { chartSlot } from '../chart-slot.js';
import { h, phrase } from '../dom.js';
import type { View } from '../view.js';
import { facts, hint, section } from './common.js';

/** The forecast-versus-actual and prior → posterior columns the page lays out (as the PDF does). */
const ROW_COLUMNS = ['month', 'measure', 'actual', 'p10', 'p50', 'p90', 'percentile', 'status', 'explainedBy'];
const INPUT_COLUMNS = ['input', 'moved', 'prior', 'posterior', 'method', 'ess'];

/** A view table as an HTML table; a row's tone colours its status cell. */
function table(testid: string, t: ViewTable): HTMLElement {
  const num = (k: number) => (t.columns[k].kind !== 'text' ? ' num' : '');
  return h(
    'div',
    { class: 'tracking__table-wrap' },
    h(
      'table',
      { class: 'tracking-table', testid },
      h('thead', {}, h('tr', {}, t.columns.map((c, k) => h('th', { class: `col-${c.id}${num(k)}`, attrs: { scope: 'col' } }, c.header)))),
      h(
        'tbody',
        {},
        t.rows.map((r) =>
          h(
            'tr',
            { attrs: { 'data-row': r.id } },
            r.cells.map((c, k) =>
              h('td', { class: `col-${t.columns[k].id}${num(k)}${t.columns[k].id === 'status' && r.tone ? ` tone--${r.tone}` : ''}`, attrs: { 'data-label': t.columns[k].header } }, c.text),
            ),
          ),
        ),
      ),
    ),
  );
}

/** One tracked scenario: status, recommendation with its reasons, the fan with the actual line, the tables and the prior-vs-posterior chart. */
function panel(v: View, s: ScenarioTrackingView, id: string): HTMLElement {
  const { f } = v;
  const { lang, currency } = f;
  const rec = s.recommendation;
  return h(
    'div',
    { class: 'tracking__panel', testid: 'tracking-panel', attrs: { id, role: 'tabpanel', 'data-scenario-id': s.id, tabindex: 0 } },
    h(
      'div',
      { class: `tracking__status tone--${s.status}`, testid: 'tracking-status', attrs: { 'data-status': s.status } },
      h('h3', { class: 'subtitle' }, s.statusLine),
      h('p', {}, phrase(s.statusText)),
    ),
    h(
      'div',
      { class: `headline tracking__recommendation decision--${rec.decision}`, testid: 'tracking-recommendation', attrs: { 'data-decision': rec.decision } },
      h('div', { class: 'headline__label' }, f.t('tracking.section.recommendation'), ' ', h('span', { class: `badge decision-badge--${rec.decision}`, testid: 'tracking-decision' }, rec.word)),
      h('p', { class: 'headline__text' }, phrase(rec.headline)),
      rec.reasons.length ? facts('tracking-reasons', rec.reasons, 'bullets') : null,
    ),
    s.actualLine.length
      ? h('div', { class: 'panel' }, chartSlot('chart-tracking-fan', f.t('chart.tracking.title'), lang, currency, (o) => trackingFanChart(s.fan, { ...o, height: Math.round(Math.max(200, Math.min(260, o.width * 0.38))) })))
      : null,
    s.rows.rows.length ? [h('h3', { class: 'subtitle tracking__subtitle' }, s.rows.title), table('tracking-rows', pick(s.rows, ROW_COLUMNS))] : null,
    s.inputs.rows.length
      ? [
          h('h3', { class: 'subtitle tracking__subtitle' }, s.inputs.title),
          table('tracking-inputs', pick(s.inputs, INPUT_COLUMNS)),
          h('div', { class: 'panel' }, chartSlot('chart-tracking-posterior', f.t('chart.posterior.title'), lang, currency, (o) => priorPosteriorChart(s.posteriorChart, o))),
        ]
      : null,
    s.caveats.length ? facts('tracking-caveats', s.caveats, 'bullets') : null,
    h('h3', { class: 'subtitle tracking__subtitle' }, s.reforecast.title),
    table('tracking-reforecast', s.reforecast),
    hint(s.varianceResolved),
  );
}

/**
 * The pilot review, when the run's Report has `tracking`: one tab per tracked
 * scenario (its status on the tab), the first with actuals of its own open;
 * null otherwise. Everything is read from the view.
 */
export function tracking(v: View): HTMLElement | null {
  const t = v.rv.tracking;
  if (!t || t.scenarios.length === 0) return null;
  const { f } = v;
  const first = Math.max(0, t.scenarios.findIndex((s) => s.rows.rows.length > 0));
  const holder = h('div', { class: 'tracking__holder' });
  const panelId = 'tracking-panel';
  const tabs = t.scenarios.map((s, k) =>
    h(
      'button',
      {
        class: 'tracking__tab',
        testid: 'tracking-tab',
        attrs: { type: 'button', role: 'tab', id: `tracking-tab-${k}`, 'aria-controls': panelId, 'data-scenario-id': s.id, 'data-status': s.status },
        on: { click: () => select(k, false), keydown: (e) => key(e as KeyboardEvent, k) },
      },
      h('span', { class: 'tracking__tab-name' }, s.name),
      h('span', { class: `badge status-badge--${s.status}` }, s.statusWord),
    ),
  );
  function select(k: number, focus: boolean): void {
    tabs.forEach((tab, j) => {
      tab.setAttribute('aria-selected', String(j === k));
      tab.tabIndex = j === k ? 0 : -1;
    });
    const p = panel(v, t!.scenarios[k], panelId);
    p.setAttribute('aria-labelledby', `tracking-tab-${k}`);
    holder.replaceChildren(p);
    if (focus) tabs[k].focus();
  }
  /** Arrow keys move between the tabs (the WAI-ARIA tabs pattern). */
  function key(e: KeyboardEvent, k: number): void {
    const n = tabs.length;
    const to = e.key === 'ArrowRight' ? (k + 1) % n : e.key === 'ArrowLeft' ? (k + n - 1) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    select(to, true);
  }
  select(first, false);
  return section(
    'section-tracking',
    f.t('tracking.tab'),
    hint(t.title),
    h('div', { class: 'tracking__tabs', attrs: { role: 'tablist', 'aria-label': f.t('web.tracking.scenarios') } }, tabs),
    holder,
    t.replan ? hint(t.replan) : null,
  );
}
