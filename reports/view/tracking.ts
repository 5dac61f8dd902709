import type { ScenarioTracking, TrackedInput } from '../../engine/index.js';
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
  /** The status as a badge: "ahead", "on track", "behind". */
  statusWord: string;
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
  /** The pilot review's cash-flow chart: the prior fan, the actual line, the re-forecast's P50, through the months worth showing. */
  fan: TrackingFan;
  /** Prior and posterior of each tracked input, named, for the prior-vs-posterior chart (same order as `inputs`). */
  posteriorChart: { label: string; prior: TrackedInput['prior']; posterior: TrackedInput['posterior'] }[];
}

/** What the tracking fan chart draws (reports/charts trackingFanChart). */
export interface TrackingFan {
  prior: { months: readonly number[]; p10: readonly number[]; p50: readonly number[]; p90: readonly number[] };
  actual: { month: number; value: number }[];
  reforecast: { months: readonly number[]; p50: readonly number[] };
  throughMonth: number;
}

/** The fewest months the pilot review's fan shows: two years, so that a pilot of a few months sits in its context. */
const FAN_MIN_MONTHS = 24;

/**
 * The months the fan shows: at least two years and four times the observed
 * months, and six months past the re-forecast's median payback, within the horizon.
 */
function fanThrough(horizon: number, asOf: number, paybackP50: number | null): number {
  return Math.min(horizon, Math.max(FAN_MIN_MONTHS, 4 * asOf, paybackP50 === null ? 0 : Math.ceil(paybackP50) + 6));
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
  const actualLine = s.rows.filter((r) => r.kind === 'cumulative-cash').map((r) => ({ month: r.month, value: r.actual }));
  const cashflow = ctx.report.scenarios.find((x) => x.id === s.id)!.cashflow;
  const asOf = ctx.report.tracking!.asOfMonth;
  return {
    id: s.id,
    name,
    status: s.status,
    statusWord: ctx.f.t(`tracking.statusWord.${s.status}`),
    statusLine: ctx.f.t('tracking.scenarioStatus', { scenario: name, status: ctx.f.t(`tracking.statusWord.${s.status}`) }),
    statusText: trackingSentence(ctx, s.statusMessage),
    rows: forecastActualTable(ctx, s),
    inputs: posteriorTable(ctx, s),
    reforecast: reforecastTable(ctx, ctx.report, s),
    varianceResolved: varianceResolvedOf(ctx, s),
    caveats: s.inputs.flatMap((i) => i.caveats.map((m) => trackingSentence(ctx, m))),
    recommendation: recommendationOf(ctx, s),
    actualLine,
    fan: {
      prior: { months: cashflow.months, ...cashflow.cumulative },
      actual: actualLine,
      reforecast: { months: s.reforecast.cashflow.months, p50: s.reforecast.cashflow.cumulative.p50 },
      throughMonth: fanThrough(ctx.report.proposal.horizonMonths, asOf, s.reforecast.paybackMonths.p50),
    },
    posteriorChart: s.inputs.map((i) => ({ label: ctx.names.input(i.input), prior: i.prior, posterior: i.posterior })),
  };
}

/**
 * The order every output lays the tracked scenarios out in: those with actuals
 * of their own first (the pilot), then those moved only through a shared
 * assumption, each group in the ranking's order.
 */
function pilotOrder(ctx: ViewContext, scenarios: readonly ScenarioTracking[]): ScenarioTracking[] {
  const rank = (id: string) => {
    const k = ctx.ordered.findIndex((s) => s.id === id);
    return k < 0 ? ctx.ordered.length : k;
  };
  const own = (s: ScenarioTracking) => (s.rows.length > 0 ? 0 : 1);
  return [...scenarios].sort((a, b) => own(a) - own(b) || rank(a.id) - rank(b.id));
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
    scenarios: pilotOrder(ctx, tracking.scenarios).map((s) => scenarioTrackingView(ctx, s)),
    replan: ctx.report.roadmap ? (replan ? `${f.t('tracking.replanDone')} ${replanLines.join(f.t('rationale.separator'))}` : f.t('tracking.replanPending')) : null,
  };
}
