import type { Message, ScenarioReport } from '../../engine/index.js';
import type { ViewContext } from './context.js';
import type { ScenarioView } from './scenario.js';

/** The one recommendation every output shows, in words. */
export interface RecommendationView {
  /** Where it comes from: the roadmap's first phase, the best eligible scenario, or none. */
  source: 'roadmap' | 'ranking' | 'none';
  /** Scenario ids it starts with. */
  scenarios: string[];
  /** The headline sentence (the PDF cover, the page's headline, the terminal's first line). */
  headline: string;
  /** Why, and what it needs first: one sentence each. */
  details: string[];
  /** The scenario whose key figures the summary shows next to the recommendation, or null. */
  focus: ScenarioReport | null;
  /** That scenario's name, verdict, score and key figures in one line; null without a focus. */
  focusLine: string | null;
  /** Headline counts: use cases and accepted ones (excluded scenarios left out, a group of alternatives once). */
  useCases: number;
  accepted: number;
  /** The eligible scenario with the highest median NPV and that median. */
  bestNpv: { scenario: string; p50: number } | null;
  /**
   * True when the Report carries no `recommendation` (Reports from before it
   * existed): the view then starts from the roadmap's first phase, or the
   * best-ranked accepted scenario, and counts every scenario.
   */
  derived: boolean;
}

/**
 * The recommendation of the Report in words: `report.recommendation` when the
 * Report has one, else (older Reports) the roadmap's first phase or the
 * best-ranked accepted scenario; with the key figures of the scenario it
 * starts with, from that scenario's view.
 * @example recommendationView(ctx, scenarios).headline // "Start with phase 1 (months 1–6): …"
 */
export function recommendationView(ctx: ViewContext, scenarios: readonly ScenarioView[]): RecommendationView {
  const view = recommendationOf(ctx);
  const s = view.focus && scenarios.find((x) => x.id === view.focus!.id);
  return { ...view, focusLine: s ? ctx.f.t('view.focus', { name: s.name, status: s.status, figures: s.keyFigures }) : null };
}

/**
 * A reason as a sentence. The Report numbers months from 0 (month 0 is the
 * decision date); people read a phase that starts at month 0 and ends at
 * month 4 as "months 1–4", as the headline, the roadmap table and the Gantt
 * chart do, so the first month of a span is shown one up.
 * @example reasonText(ctx, { code: 'recommend-first-phase', params: { start: months(0), end: months(4), … } }) // "… (months 1–4) …"
 */
function reasonText(ctx: ViewContext, m: Message): string {
  const start = m.params.start;
  if (m.code === 'recommend-first-phase' && start?.type === 'months') return ctx.sentences.of('recommendation', m, { start: ctx.f.monthCount(start.value + 1) });
  return ctx.sentences.of('recommendation', m);
}

/** The sentence when nothing is recommended: the roadmap's safest start, or the advice when there is no roadmap. */
function none(ctx: ViewContext): string {
  return ctx.f.t(ctx.report.roadmap ? 'rec.none' : 'rec.noneNoRoadmap');
}

/** The recommendation's parts from the Report (or, for older Reports, from its roadmap or ranking). */
function recommendationOf(ctx: ViewContext): Omit<RecommendationView, 'focusLine'> {
  const { f, names, report } = ctx;
  const months = f.monthCount(report.policy.paybackMonths);
  const byId = new Map(report.scenarios.map((s) => [s.id, s]));
  const rec = report.recommendation;
  if (rec) {
    const focus = rec.scenarios.map((id) => byId.get(id)).find((s) => s !== undefined) ?? null;
    const probability = f.percent(rec.gates.payback);
    const headline =
      rec.source === 'roadmap' && rec.months
        ? f.t('rec.roadmap', { start: rec.months.start + 1, end: rec.months.end, items: f.list(rec.items.map((k) => names.item(k))), months, probability })
        : rec.source !== 'none' && focus
          ? f.t('rec.ranking', { scenario: names.scenario(focus.id), months, probability })
          : none(ctx);
    return {
      source: rec.source,
      scenarios: rec.scenarios,
      headline,
      details: [...rec.reasons.map((m) => reasonText(ctx, m)), ...rec.prerequisites.map((m) => ctx.sentences.of('recommendation', m))],
      focus,
      useCases: rec.headline.useCases,
      accepted: rec.headline.accepted,
      bestNpv: rec.headline.bestNpv,
      derived: false,
    };
  }
  const best = [...report.scenarios].filter((s) => s.npv.p50 !== null).sort((a, b) => b.npv.p50! - a.npv.p50!)[0];
  const counts = {
    useCases: report.scenarios.length,
    accepted: report.scenarios.filter((s) => s.verdict === 'accept').length,
    bestNpv: best ? { scenario: best.id, p50: best.npv.p50! } : null,
    derived: true,
  };
  const phase = report.roadmap?.phases[0];
  if (phase && phase.items.length) {
    const scenarios = [...new Set(phase.items.map((i) => i.scenarioId))];
    return {
      source: 'roadmap',
      scenarios,
      headline: f.t('rec.roadmapPlain', { start: phase.startMonth + 1, end: phase.endMonth, items: f.list(phase.items.map((i) => names.item(i.key))) }),
      details: [],
      focus: byId.get(scenarios[0]) ?? null,
      ...counts,
    };
  }
  const accepted = ctx.ordered.find((s) => s.verdict === 'accept');
  if (!accepted) return { source: 'none', scenarios: [], headline: none(ctx), details: [], focus: ctx.ordered[0] ?? null, ...counts };
  return {
    source: 'ranking',
    scenarios: [accepted.id],
    headline: f.t('rec.ranking', { scenario: names.scenario(accepted.id), months, probability: f.percent(accepted.gates.payback.probability) }),
    details: [],
    focus: accepted,
    ...counts,
  };
}
