import type { Report } from '../../engine/index.js';
import type { Lang } from '../i18n.js';
import { type AppendixView, appendixView } from './appendix.js';
import { type ViewContext, viewContext } from './context.js';
import { type DecisionNotes, decisionNotes } from './decision-notes.js';
import type { Formatter } from './format.js';
import { type InputGroup, inputGroups, inputsTable } from './inputs.js';
import type { Names } from './names.js';
import { fitTable, rankingTable } from './ranking.js';
import { type RecommendationView, recommendationView } from './recommendation.js';
import { type RoadmapView, roadmapView } from './roadmap.js';
import { type ScenarioView, scenarioView } from './scenario.js';
import { type SweepView, sweepView } from './sweep.js';
import { cashflowTable, statisticsTable } from './statistics.js';
import { type KeyNumber, confidenceLines, keyNumbers, measureFirstLine } from './summary.js';
import type { ViewTable } from './table.js';
import { type TrackingView, trackingView } from './tracking.js';
import { type YearlyView, yearlyView } from './yearly.js';

/**
 * A Report in one language: every sentence and every table row any output
 * shows, built once. The PDF, the workbook, the CSV, the web page and the
 * terminal lay this out; none of them writes a sentence or builds a row.
 */
export interface ReportView {
  readonly lang: Lang;
  readonly currency: string;
  /** Numbers as text, and the catalogue for the layout's own labels (headings, column titles). */
  readonly f: Formatter;
  readonly names: Names;
  readonly report: Report;
  /** The customer's name in the language. */
  readonly customer: string;
  readonly recommendation: RecommendationView;
  readonly keyNumbers: KeyNumber[];
  /** The ranking table (one builder, every output). */
  readonly ranking: ViewTable;
  /** Beside the ranking: its basis, the groups of alternatives, the enablers, the proposal's warnings. */
  readonly notes: DecisionNotes;
  /** Budget and phase fit, investment, IRR and ROI by scenario. */
  readonly fit: ViewTable;
  /** Caveats by scenario name, after the fit table ("Claims: IRR above …"). */
  readonly caveats: string[];
  readonly confidence: string[];
  readonly measureFirst: string;
  readonly scenarios: ScenarioView[];
  readonly roadmap: RoadmapView | null;
  readonly inputGroups: InputGroup[];
  readonly inputs: ViewTable;
  readonly statistics: ViewTable;
  readonly cashflow: ViewTable;
  readonly yearly: YearlyView;
  readonly appendix: AppendixView;
  /** The policy sweep's tables (verdict and score as each rule varies), or null for Reports without one. */
  readonly sweep: SweepView | null;
  /** Advice lines by scenario ("Claims risk identification: …"), every scenario with advice. */
  readonly advice: string[];
  /** The pilot review (forecast against actuals, prior → posterior, re-forecast, go / adjust / stop); null without `tracking`. */
  readonly tracking: TrackingView | null;
}

/**
 * The view of a Report in a language.
 * @example buildView(report, 'zh-CN').recommendation.headline // "建议从第 1 阶段…"
 */
export function buildView(report: Report, lang: Lang): ReportView {
  const ctx: ViewContext = viewContext(report, lang);
  const scenarios = ctx.ordered.map((s) => scenarioView(ctx, s));
  const recommendation = recommendationView(ctx, scenarios);
  return {
    lang,
    currency: report.proposal.currency,
    f: ctx.f,
    names: ctx.names,
    report,
    customer: ctx.names.customer(),
    recommendation,
    keyNumbers: keyNumbers(ctx, recommendation),
    ranking: rankingTable(ctx),
    notes: decisionNotes(ctx),
    fit: fitTable(ctx),
    caveats: scenarios.flatMap((s) => s.caveats.map((c) => ctx.f.t('view.prefixed', { name: s.name, text: c }))),
    confidence: confidenceLines(ctx),
    measureFirst: measureFirstLine(ctx),
    scenarios,
    roadmap: roadmapView(ctx),
    inputGroups: inputGroups(ctx),
    inputs: inputsTable(ctx),
    statistics: statisticsTable(ctx),
    cashflow: cashflowTable(ctx),
    yearly: yearlyView(ctx),
    appendix: appendixView(ctx),
    sweep: sweepView(ctx),
    advice: ctx.ordered.flatMap((s) => {
      const view = scenarios.find((v) => v.id === s.id)!;
      return s.advice.some((a) => a.code !== 'horizon-limited') ? view.advice.map((a) => ctx.f.t('view.prefixed', { name: view.name, text: a })) : [];
    }),
    tracking: trackingView(ctx),
  };
}
