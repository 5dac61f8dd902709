import { cumulativeFanChart, tornadoChart } from '../../reports/charts/index.js';
import type { ScenarioView } from '../../reports/view/index.js';
import { chartSlot, releaseCharts } from './chart-slot.js';
import { h, phrase } from './dom.js';
import { tile, verdictBadge } from './sections/common.js';
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

/** Gates: each rule (labels that follow the policy), its probability and pass / fail. */
function gates(v: View, s: ScenarioView): HTMLElement {
  return h(
    'div',
    { class: 'drill__block', testid: 'drilldown-gates' },
    h('h3', { class: 'subtitle' }, v.f.t('scenario.gates')),
    h(
      'ul',
      { class: 'gates' },
      s.gates.map((gate) =>
        h(
          'li',
          { class: `gate gate--${gate.pass ? 'pass' : 'fail'}`, attrs: { 'data-pass': String(gate.pass), 'data-gate': gate.id } },
          h('span', { class: 'gate__label' }, phrase(gate.label)),
          h('span', { class: 'gate__probability' }, gate.probabilityText),
          h('span', { class: `badge badge--${gate.pass ? 'pass' : 'fail'}` }, gate.passText),
        ),
      ),
    ),
  );
}

/** A titled list of the view's sentences (or nothing when there are none). */
function block(testid: string, title: string, lines: readonly string[], className = 'bullets'): HTMLElement | null {
  if (lines.length === 0) return null;
  return h('div', { class: 'drill__block', testid }, h('h3', { class: 'subtitle' }, title), h('ul', { class: className }, lines.map((line) => h('li', {}, phrase(line)))));
}

function body(v: View, s: ScenarioView): HTMLElement[] {
  const { f } = v;
  const { lang, currency } = f;
  const data = v.report.scenarios.find((x) => x.id === s.id)!;
  const fanHeight = (width: number) => Math.round(Math.max(200, Math.min(280, width * 0.5)));
  return [
    h('div', { class: 'tiles tiles--4', testid: 'drilldown-figures' }, s.figures.map((x) => tile(x.label, x.text, x.note))),
    h(
      'div',
      { class: 'grid-2' },
      h('div', { class: 'panel' }, chartSlot('chart-fan', f.t('chart.fan.title'), lang, currency, (o) => cumulativeFanChart({ months: data.cashflow.months, ...data.cashflow.cumulative }, { ...o, height: fanHeight(o.width) }))),
      h('div', { class: 'panel' }, chartSlot('chart-tornado', f.t('chart.tornado.title'), lang, currency, (o) => tornadoChart(s.tornado, data.tornadoBase, { ...o, height: Math.max(200, 34 + 32 + 22 * Math.min(8, s.tornado.length)) }))),
    ),
    h(
      'div',
      { class: 'grid-2' },
      gates(v, s),
      h(
        'div',
        {},
        block('drilldown-drivers', f.t('web.drivers.title'), s.drivers, 'drivers__list'),
        block('drilldown-caveats', f.t('scenario.caveats'), s.caveats),
        block('drilldown-advice', f.t('scenario.advice'), s.advice),
        block('drilldown-measure', f.t('scenario.measure'), s.measure),
      ),
    ),
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
    const s = v.rv.scenarios.find((x) => x.id === id);
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
    const s = this.current ? v.rv.scenarios.find((x) => x.id === this.current) : undefined;
    if (s && this.element.open) this.fill(v, s);
  }

  private fill(v: View, s: ScenarioView): void {
    const { f } = v;
    const score = v.report.scenarios.find((x) => x.id === s.id)!.score;
    this.element.dataset.scenarioId = s.id;
    this.element.lang = f.lang;
    this.title.textContent = s.title;
    this.badges.replaceChildren(verdictBadge(f, s.verdict), h('span', { class: 'score', testid: 'drilldown-score' }, `${f.t('col.score')} ${score}`));
    this.close.textContent = f.t('web.drilldown.close');
    releaseCharts(this.content);
    this.content.replaceChildren(...body(v, s));
  }
}
