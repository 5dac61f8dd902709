import type { RankingGroup } from '../../engine/index.js';
import type { ViewContext } from './context.js';

/**
 * What the ranking needs said beside its rows, in words: the order it uses,
 * each group of alternatives (shown once, with how sure the choice between
 * its options is), what each enabler makes possible, and the proposal's
 * coded warnings. Every output that shows the ranking shows these lines.
 */
export interface DecisionNotes {
  /** "Ranked by verdict (…), then by expected NPV."; null for Reports from before the basis existed. */
  basis: string | null;
  /** One line per pair of options of a group: the best option against each other one ("tie" when identical). */
  alternatives: string[];
  /** One line per scenario others require: what it enables, and its marginal programme value when known. */
  enablers: string[];
  /** The proposal's validation warnings as sentences. */
  warnings: string[];
}

/** Options whose NPVs are equal in at least this share of trials are reported as a tie (identical inputs give 1). */
const TIE_SHARE = 0.999;

/**
 * Lines for one group: its best option against each other option.
 * @example groupLines(ctx, group) // ["O&M review: public API (shown for the group) beats private GPUs in 54% of futures (NPV)."]
 */
function groupLines(ctx: ViewContext, g: RankingGroup): string[] {
  const { f, names } = ctx;
  const best = g.best;
  if (best === null) return [];
  return g.options
    .filter((o) => o !== best)
    .map((other) => {
      const params = { group: g.name, best: names.scenario(best), other: names.scenario(other) };
      if ((g.ties[best]?.[other] ?? 0) >= TIE_SHARE) return f.t('view.alternativeTie', params);
      return f.t('view.alternativeBeats', { ...params, probability: f.percent(g.beats[best]?.[other] ?? null) });
    });
}

/**
 * The ids of the options a group folds into its best one: the ranking shows a
 * group once, on its best option's row.
 * @example foldedOptions(report) // Set { 'om-private' }
 */
export function foldedOptions(ctx: ViewContext): Set<string> {
  return new Set((ctx.report.ranking.groups ?? []).flatMap((g) => (g.best === null ? [] : g.options.filter((o) => o !== g.best))));
}

/**
 * The name a ranking row shows: a group's best option as "group: option", any other scenario by its name.
 * @example rankingName(ctx, 'om-public') // "O&M design review: O&M review (public API)"
 */
export function rankingName(ctx: ViewContext, id: string): string {
  const group = (ctx.report.ranking.groups ?? []).find((g) => g.best === id && g.options.length > 1);
  const name = ctx.names.scenario(id);
  return group ? ctx.f.t('view.groupOption', { group: group.name, option: name }) : name;
}

/**
 * The notes the ranking carries, from the Report.
 * @example decisionNotes(ctx).basis // "Ranked by verdict (accept: pays back within 12 months in 80% of futures; …), then by expected NPV."
 */
export function decisionNotes(ctx: ViewContext): DecisionNotes {
  const { f, names, report, sentences } = ctx;
  const enablers = ctx.ordered.flatMap((s) => {
    if (!s.enables || s.enables.scenarios.length === 0) return [];
    const params = { scenario: names.scenario(s.id), scenarios: f.list(s.enables.scenarios.map((id) => names.scenario(id))) };
    const value = s.enables.marginalValue;
    return [value === null ? f.t('view.enables', params) : f.t('view.enablesValue', { ...params, value: f.money(value) })];
  });
  return {
    basis: report.ranking.basis ? sentences.of('ranking', report.ranking.basis) : null,
    alternatives: (report.ranking.groups ?? []).flatMap((g) => groupLines(ctx, g)),
    enablers,
    warnings: (report.warnings ?? []).map((w) => sentences.of('warning', w)),
  };
}
