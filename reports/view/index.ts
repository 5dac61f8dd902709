// The view (reports/view/): a Report in one language as the sentences and rows every output lays out.
export { type ReportView, buildView } from './view.js';
export { type Formatter, formatter, writtenNumber } from './format.js';
export { Names } from './names.js';
export { type MessageKind, MissingSentenceError, Sentences } from './sentences.js';
export { type CellKind, type ViewCell, type ViewColumn, type ViewRow, type ViewTable, cell, columnIndex, pick } from './table.js';
export { type ViewContext, rankOrder, viewContext } from './context.js';
export { SUMMARY_RANKING_COLUMNS } from './ranking.js';
export type { GateLine, ScenarioView } from './scenario.js';
export type { RecommendationView } from './recommendation.js';
export type { RoadmapView } from './roadmap.js';
export type { InputGroup } from './inputs.js';
export type { KeyNumber } from './summary.js';
export { type YearSpan, type YearlyFlows, type YearlyView, yearSpans } from './yearly.js';
export type { AppendixView } from './appendix.js';
export { type RenderedMessages, renderedMessages } from './messages.js';
export { proposalWarningText } from './warnings.js';
export type { ScenarioTrackingView, TrackingRecommendationView, TrackingView } from './tracking.js';
export { trackingSentence } from './tracking-sentences.js';
