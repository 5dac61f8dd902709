import type { ScenarioTracking } from '../../engine/index.js';
import type { ViewContext } from './context.js';
import type { ViewTable } from './table.js';
import { forecastActualTable, posteriorTable, reforecastTable } from './tracking-tables.js';
import { trackingSentence } from './tracking-sentences.js';

/** The go / adjust / stop recommendation of a tracked scenario, in words. */
export interface TrackingRecommendationView {
  decision: ScenarioTracking['recommendation']['decision'];
  /** "Go", "Adjust", "Stop" in the language (a badge). */
  word: string;
  /** The recommendation's sentence ("Go: start phase 2 with … as planned."). */
  headline: string;
  /** Why: one sentence per reason, in the order the rule reads them. */
  reasons: string[];
}

/** One tracked scenario in words and rows. */
export interface ScenarioTrackingView {
  id: string;
  name: string;
  status: ScenarioTracking['status'];
  /** "Reference model — status: on track". */
  statusLine: string;
  /** The status's sentence: which reading decided it, in which month, at which percentile. */
  statusText: string;
  rows: ViewTable;
  inputs: ViewTable;
  reforecast: ViewTable;
  /** The share of the NPV variance the actuals resolved, against the share predicted for the measured inputs. */
  varianceResolved: string;
  /** Caveats of the update (a reading outside every prior draw, an SMC that stopped early). */
  caveats: string[];
  recommendation: TrackingRecommendationView;
  /** The realised cumulative net cash flow by observed month (the actual line over the fan); empty without cash readings. */
  actualLine: { month: number; value: number }[];
}

/** The Report's tracking block in one language: what every output (terminal, PDF, workbook, page) lays out. */
export interface TrackingView {
  /** "Reference customer — actuals to month 3 against the forecast". */
  title: string;
  asOfMonth: number;
  scenarios: ScenarioTrackingView[];
  /** Whether the phases not yet started were re-planned, in a sentence; null when the Report has no roadmap. */
  replan: string | null;
}

/** The recommendation in words. */
function recommendationOf(ctx: ViewContext, s: ScenarioTracking): TrackingRecommendationView {
  const r = s.recommendation;
  return {
    decision: r.decision,
    word: ctx.f.t(`tracking.decision.${r.decision}`),
    headline: trackingSentence(ctx, r.message),
    reasons: r.reasons.map((m) => trackingSentence(ctx, m)),
  };
}

/** The variance-resolved sentence. */
function varianceResolvedOf(ctx: ViewContext, s: ScenarioTracking): string {
  const v = s.varianceResolved;
  return v.predictedShare === null
    ? ctx.f.t('tracking.varianceResolvedNoPrediction', { share: ctx.f.percent(v.share) })
    : ctx.f.t('tracking.varianceResolved', { share: ctx.f.percent(v.share), predicted: ctx.f.percent(v.predictedShare) });
}

/**
 * One tracked scenario's view.
 * @example scenarioTrackingView(ctx, report.tracking.scenarios[0]).recommendation.word // "Go"
 */
export function scenarioTrackingView(ctx: ViewContext, s: ScenarioTracking): ScenarioTrackingView {
  const name = ctx.names.scenario(s.id);
  return {
    id: s.id,
    name,
    status: s.status,
    statusLine: ctx.f.t('tracking.scenarioStatus', { scenario: name, status: ctx.f.t(`tracking.statusWord.${s.status}`) }),
    statusText: trackingSentence(ctx, s.statusMessage),
    rows: forecastActualTable(ctx, s),
    inputs: posteriorTable(ctx, s),
    reforecast: reforecastTable(ctx, ctx.report, s),
    varianceResolved: varianceResolvedOf(ctx, s),
    caveats: s.inputs.flatMap((i) => i.caveats.map((m) => trackingSentence(ctx, m))),
    recommendation: recommendationOf(ctx, s),
    actualLine: s.rows.filter((r) => r.kind === 'cumulative-cash').map((r) => ({ month: r.month, value: r.actual })),
  };
}

/**
 * The tracking view of a Report, or null when it has no `tracking` block.
 * @example trackingView(ctx)?.scenarios[0].rows.rows.length // 15
 */
export function trackingView(ctx: ViewContext): TrackingView | null {
  const tracking = ctx.report.tracking;
  if (!tracking) return null;
  const replan = tracking.replan ?? null;
  const { f, names } = ctx;
  // The re-planned phases, started ones first as they were: "Phase 1 (months 1–4): A, B; Phase 2 …".
  const replanLines = replan
    ? replan.phases.map((ph) => f.t('summary.phaseLine', { index: ph.index, start: ph.startMonth + 1, end: ph.endMonth, items: f.list(ph.items.map((i) => names.item(i.key))) }))
    : [];
  return {
    title: ctx.f.t('tracking.title', { customer: ctx.names.customer(), month: tracking.asOfMonth }),
    asOfMonth: tracking.asOfMonth,
    scenarios: tracking.scenarios.map((s) => scenarioTrackingView(ctx, s)),
    replan: ctx.report.roadmap ? (replan ? `${f.t('tracking.replanDone')} ${replanLines.join(f.t('rationale.separator'))}` : f.t('tracking.replanPending')) : null,
  };
}
