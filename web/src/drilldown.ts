import type { ScenarioReport } from '../../engine/report.js';
import { cumulativeFanChart, tornadoChart } from '../../reports/charts/index.js';
import { chartSlot, releaseCharts } from './chart-slot.js';
import { h, phrase } from './dom.js';
import { hint, tile, verdictBadge } from './sections/common.js';
import { adviceText, shownAdvice } from './text.js';
import type { View } from './view.js';

const HASH_PREFIX = '#scenario=';

/** The scenario id in the URL's hash (`#scenario=<id>`), or null. */
export function scenarioFromHash(hash: string = location.hash): string | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  try {
    return decodeURIComponent(hash.slice(HASH_PREFIX.length)) || null;
  } catch {
    return null;
  }
}

function setHash(id: string | null): void {
  const url = new URL(location.href);
  url.hash = id ? `scenario=${encodeURIComponent(id)}` : '';
  history.replaceState(history.state, '', id ? url : url.href.replace(/#$/, ''));
}

/** Gates: each rule, its probability and pass / fail. */
function gates(v: View, s: ScenarioReport): HTMLElement {
  const { f } = v;
  const g = s.gates;
  const items: [string, { probability: number; pass: boolean }][] = [
    [f.t('gate.payback', { months: g.payback.thresholdMonths }), g.payback],
    [f.t('gate.budget', { min: f.money(g.budget.min), max: f.money(g.budget.max) }), g.budget],
    [f.t('gate.phase', { min: g.phase.minMonths, max: g.phase.maxMonths }), g.phase],
    [f.t('gate.joint'), g.joint],
  ];
  return h(
    'div',
    { class: 'drill__block', testid: 'drilldown-gates' },
    h('h3', { class: 'subtitle' }, f.t('scenario.gates')),
    h(
      'ul',
      { class: 'gates' },
      items.map(([label, gate]) =>
        h(
          'li',
          { class: `gate gate--${gate.pass ? 'pass' : 'fail'}`, attrs: { 'data-pass': String(gate.pass) } },
          h('span', { class: 'gate__label' }, phrase(label)),
          h('span', { class: 'gate__probability' }, f.t('gate.probability', { probability: f.percent(gate.probability) })),
          h('span', { class: `badge badge--${gate.pass ? 'pass' : 'fail'}` }, f.t(gate.pass ? 'gate.pass' : 'gate.fail')),
        ),
      ),
    ),
  );
}

function advice(v: View, s: ScenarioReport): HTMLElement {
  const { f } = v;
  const list = shownAdvice(s.advice);
  return h(
    'div',
    { class: 'drill__block', testid: 'drilldown-advice' },
    h('h3', { class: 'subtitle' }, f.t('scenario.advice')),
    list.length ? h('ul', { class: 'bullets' }, list.map((a) => h('li', { attrs: { 'data-code': a.code } }, phrase(adviceText(f, a))))) : hint(f.t('scenario.noAdvice')),
  );
}

/** What the pilot should measure: the inputs with the highest EVPPI for this scenario's go / no-go, labelled from its sensitivity. */
function measure(v: View, s: ScenarioReport): HTMLElement | null {
  const { f } = v;
  const voi = v.report.valueOfInformation.goNoGo[s.id];
  if (!voi) return null;
  const top = Object.entries(voi.evppi)
    .filter(([, value]) => Number.isFinite(value) && value > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  const label = (input: string) => s.sensitivity.find((e) => e.input === input)?.label ?? input;
  return h(
    'div',
    { class: 'drill__block', testid: 'drilldown-measure' },
    h('h3', { class: 'subtitle' }, f.t('scenario.measure')),
    top.length
      ? h('ul', { class: 'bullets' }, top.map(([input, value]) => h('li', { attrs: { 'data-input': input } }, phrase(f.t('scenario.measureItem', { input: label(input), worth: f.money(value) })))))
      : hint(f.t('scenario.noMeasure')),
  );
}

/** The tornado's top inputs in full words (the chart has to shorten its labels). */
function drivers(v: View, s: ScenarioReport): HTMLElement | null {
  const { f } = v;
  const top = s.sensitivity.filter((e) => Number.isFinite(e.low) && Number.isFinite(e.high)).slice(0, 3);
  if (top.length === 0) return null;
  return h(
    'div',
    { class: 'drill__block drivers', testid: 'drilldown-drivers' },
    h('h3', { class: 'subtitle' }, f.t('web.drivers.title')),
    h('ol', { class: 'drivers__list' }, top.map((e) => h('li', { attrs: { 'data-input': e.input } }, phrase(f.t('web.drivers.item', { input: e.label, low: f.money(e.low), high: f.money(e.high) }))))),
  );
}

function body(v: View, s: ScenarioReport): HTMLElement[] {
  const { f } = v;
  const { lang, currency } = f;
  const fanHeight = (width: number) => Math.round(Math.max(200, Math.min(280, width * 0.5)));
  return [
    h(
      'div',
      { class: 'tiles tiles--4', testid: 'drilldown-figures' },
      tile(f.t('col.npvP50'), f.money(s.npv.p50), f.t('web.drilldown.npvRange', { p10: f.money(s.npv.p10), p90: f.money(s.npv.p90) })),
      tile(f.t('col.paybackP50'), f.months(s.paybackMonths.p50)),
      tile(f.t('col.paybackWithin12'), f.percent(s.paybackMonths.probWithin['12'] ?? null)),
      tile(f.t('col.investmentP50'), f.money(s.investment.p50)),
    ),
    h(
      'div',
      { class: 'grid-2' },
      h('div', { class: 'panel' }, chartSlot('chart-fan', f.t('chart.fan.title'), lang, currency, (o) => cumulativeFanChart({ months: s.cashflow.months, ...s.cashflow.cumulative }, { ...o, height: fanHeight(o.width) }))),
      h('div', { class: 'panel' }, chartSlot('chart-tornado', f.t('chart.tornado.title'), lang, currency, (o) => tornadoChart(s.sensitivity, s.tornadoBase, { ...o, height: Math.max(200, 34 + 32 + 22 * Math.min(8, s.sensitivity.length)) }))),
    ),
    h('div', { class: 'grid-2' }, gates(v, s), h('div', {}, drivers(v, s), advice(v, s), measure(v, s))),
  ];
}

/**
 * One scenario in a modal dialog: key figures, cash-flow fan, tornado, gates,
 * advice and what the pilot should measure. Escape, the close button or a
 * click outside closes it; the URL hash remembers the open scenario.
 */
export class Drilldown {
  readonly element: HTMLDialogElement;
  private readonly title: HTMLElement;
  private readonly badges: HTMLElement;
  private readonly content: HTMLElement;
  private readonly close: HTMLButtonElement;
  private current: string | null = null;

  constructor() {
    this.title = h('h2', { class: 'drill__title', testid: 'drilldown-title', attrs: { id: 'drilldown-title' } });
    this.badges = h('div', { class: 'drill__badges' });
    this.close = h('button', { class: 'drill__close', testid: 'drilldown-close', attrs: { type: 'button' }, on: { click: () => this.element.close() } });
    this.content = h('div', { class: 'drill__content' });
    this.element = h(
      'dialog',
      { class: 'drill', testid: 'drilldown', attrs: { 'aria-labelledby': 'drilldown-title' } },
      h('div', { class: 'drill__header' }, h('div', { class: 'drill__heading' }, this.title, this.badges), this.close),
      this.content,
    );
    this.element.addEventListener('close', () => {
      this.current = null;
      this.element.removeAttribute('data-scenario-id');
      releaseCharts(this.content);
      this.content.replaceChildren();
      setHash(null);
    });
    // A click on the backdrop (the dialog box itself, outside its content) closes it.
    this.element.addEventListener('click', (event) => {
      if (event.target === this.element) this.element.close();
    });
  }

  get openId(): string | null {
    return this.current;
  }

  open(v: View, id: string): void {
    const s = v.report.scenarios.find((x) => x.id === id);
    if (!s) return;
    this.current = id;
    this.fill(v, s);
    if (!this.element.open) this.element.showModal();
    this.element.scrollTop = 0;
    this.close.focus();
    setHash(id);
  }

  /** Re-renders the open scenario (after a language switch). */
  refresh(v: View): void {
    const s = this.current ? v.report.scenarios.find((x) => x.id === this.current) : undefined;
    if (s && this.element.open) this.fill(v, s);
  }

  private fill(v: View, s: ScenarioReport): void {
    const { f } = v;
    this.element.dataset.scenarioId = s.id;
    this.element.lang = f.lang;
    this.title.textContent = f.t('section.scenario', { rank: s.rank, name: s.name });
    this.badges.replaceChildren(verdictBadge(f, s.verdict), h('span', { class: 'score', testid: 'drilldown-score' }, `${f.t('col.score')} ${s.score}`));
    this.close.textContent = f.t('web.drilldown.close');
    releaseCharts(this.content);
    this.content.replaceChildren(...body(v, s));
  }
}
