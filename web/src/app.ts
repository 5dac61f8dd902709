import type { Lang } from '../../reports/i18n.js';
import { buildView, rankOrder } from '../../reports/view/index.js';
import { releaseCharts } from './chart-slot.js';
import { scenarioColours } from './charts.js';
import type { RunData } from './data.js';
import { h } from './dom.js';
import { Drilldown, scenarioFromHash } from './drilldown.js';
import { applyLang, initialLang } from './lang.js';
import { confidence } from './sections/confidence.js';
import { distributions } from './sections/distributions.js';
import { header } from './sections/header.js';
import { ranking } from './sections/ranking.js';
import { roadmap } from './sections/roadmap.js';
import { summary } from './sections/summary.js';
import { sweep } from './sections/sweep.js';
import { tracking } from './sections/tracking.js';
import type { View } from './view.js';

function footer(v: View): HTMLElement {
  const { f, data } = v;
  return h(
    'footer',
    { class: 'page-footer', testid: 'section-footer' },
    h('p', {}, f.t('web.footer', { id: data.run.id })),
    h('p', { class: 'muted' }, f.t('web.runMeta', { trials: f.count(data.run.trials), seed: data.run.seed, id: data.run.id })),
  );
}

/**
 * The page for one run. A language switch rebuilds every section in the new
 * language in place (charts redraw at their current size at once, so the page
 * keeps its scroll position) and keeps the open drill-down open.
 */
export function mountApp(main: HTMLElement, data: RunData, token: string): void {
  const report = data.report;
  const ordered = rankOrder(report);
  const colours = scenarioColours(ordered);
  const drilldown = new Drilldown();
  document.body.appendChild(drilldown.element);
  let lang: Lang = initialLang(report.proposal.currency);

  const view = (): View => {
    const rv = buildView(report, lang);
    return {
    data,
    report,
    token,
    rv,
    f: rv.f,
    // The charts read each scenario's name: give them the name in the page's language.
    ordered: ordered.map((s) => ({ ...s, name: rv.names.scenario(s.id) })),
    colours,
    openScenario: (id) => drilldown.open(view(), id),
    setLang: (next) => {
      if (next === lang) return;
      lang = next;
      render(`lang-${next}`);
    },
    };
  };

  function render(focusTestId?: string): void {
    const v = view();
    applyLang(lang, v.f.t('web.title', { customer: v.rv.customer }));
    releaseCharts(main);
    const parts = [header(v), summary(v), tracking(v), ranking(v), confidence(v), distributions(v), roadmap(v), sweep(v), footer(v)].filter((p): p is HTMLElement => p !== null);
    main.replaceChildren(...parts);
    main.setAttribute('aria-busy', 'false');
    main.dataset.lang = lang;
    drilldown.refresh(v);
    if (focusTestId) main.querySelector<HTMLElement>(`[data-testid="${focusTestId}"]`)?.focus({ preventScroll: true });
  }

  render();
  const fromHash = scenarioFromHash();
  if (fromHash && report.scenarios.some((s) => s.id === fromHash)) drilldown.open(view(), fromHash);
  main.dataset.ready = 'true';
}
