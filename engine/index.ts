// The public API of the engine (DESIGN §6): names other programs and tests rely on.
export { npv, irr, xnpv, xirr, mirr, paybackPeriod, discountedPaybackPeriod, annualToMonthlyRate, monthlyToAnnualRate } from './metrics/finance.js';
export { triangular, pert, lognormal, normal, uniform, beta, discrete, fixed, InvalidDistributionError, type Distribution } from './distributions/index.js';
export { quantile, spearman } from './metrics/statistics.js';
export { createRng, substream, type Rng } from './sampling/rng.js';
export { analyze, type AnalyzeOptions } from './analyze.js';
export { simulate, type SimulateOptions, type Simulation } from './model/simulate.js';
export { reportSchema, REPORT_SCHEMA_VERSION, type Report, type ScenarioReport, type Summary } from './report.js';
// The Report's parts the other layers render (reports/, cli/, web/ import the engine through this file).
export type { Advice, MonthlyFlows, RankingGroup, Recommendation, ReportInput, Roadmap, ValueOfInformation, Verdict } from './report.js';
export type { Message, Param, ParamType } from './messages.js';
export type { Proposal, Scenario, Quantity, Policy } from './model/proposal.js';
export { ERRORS, ClosedloopError, formatProblem, type ErrorCode, type Problem } from './errors.js';
export { DEFAULT_TRIALS, MAX_TRIALS, DEFAULT_SEED, ENGINE_VERSION } from './constants.js';
export { SAMPLERS, type Sampler } from './sampling/samplers.js';
// Comparing versions (closedloop diff) and building a distribution from its spec (the workbook's inputs).
export { diffProposals, type ProposalDiff } from './analytics/proposal-diff.js';
export { diffReports, type ReportDiff } from './analytics/report-diff.js';
export { attributeNpvChanges, type ScenarioAttribution } from './analytics/npv-attribution.js';
export { compareVersions, type VersionComparison } from './analytics/version-comparison.js';
export { makeDistribution } from './distributions/registry.js';
// The closed loop: actuals in, posterior, re-forecast, re-decision (closedloop track).
export { track, type TrackOptions } from './tracking/track.js';
export type { Tracking, ScenarioTracking, TrackingRow, TrackedInput } from './tracking/tracking-schema.js';
export type { Actuals } from './tracking/actuals.js';
