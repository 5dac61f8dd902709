import { z } from 'zod';
import { messageSchema } from './messages.js';
import { policySweepSchema } from './report-policy-sweep.js';
import { trackingSchemaOf } from './tracking/tracking-schema.js';

/**
 * The Report (DESIGN §7, schemaVersion "1"): the engine's output contract, as a
 * zod schema so that its TypeScript type and its shipped JSON Schema come from
 * one definition. Plain data: numbers are finite or null (with a reason).
 */

export const REPORT_SCHEMA_VERSION = '1';

const num = z.number();
const nullableNum = z.number().nullable();

/** A name or label in the languages the proposal wrote it in (present only for the two-language form; the view picks names[lang] ?? name). */
export const localizedNamesSchema = z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() });

export const summarySchema = z
  .object({
    mean: nullableNum,
    sd: nullableNum,
    p5: nullableNum,
    p10: nullableNum,
    p25: nullableNum,
    p50: nullableNum,
    p75: nullableNum,
    p90: nullableNum,
    p95: nullableNum,
    min: nullableNum,
    max: nullableNum,
    /**
     * Monte Carlo standard error of `mean`: from the spread of the block means
     * (each block of trials is an independent Latin hypercube) with at least 8
     * blocks, else sd/√n.
     */
    meanSe: nullableNum,
    /** Why some figures are null (no cost: ROI undefined; payback never reached), as a code for the view. */
    reason: messageSchema.optional(),
  })
  .describe('Summary statistic over trials: mean, sd, percentiles (R-7), min, max');
export type Summary = z.infer<typeof summarySchema>;

const gateSchema = z.object({ probability: num, pass: z.boolean() });

/** The gates a scenario is judged on; `joint` is all three at once. */
export const gateNameSchema = z.enum(['payback', 'budget', 'phase', 'joint']);
export type GateName = z.infer<typeof gateNameSchema>;

/**
 * Advice on a scenario: a code (the view's translation key) and typed
 * parameters (engine/messages.ts); `gate` names the failed gate it answers
 * (absent for packaging advice and notes), so a scenario meets the rules
 * exactly when no advice carries a gate.
 */
export const adviceSchema = messageSchema.extend({ gate: gateNameSchema.optional() });
export type Advice = z.infer<typeof adviceSchema>;

export const verdictSchema = z.enum(['accept', 'consider', 'mandate-only']);
export type Verdict = z.infer<typeof verdictSchema>;

/** Mean monthly benefits and costs over the trials, months 0 … H. */
export const monthlyFlowsSchema = z.object({ benefits: z.array(num), costs: z.array(num) });
export type MonthlyFlows = z.infer<typeof monthlyFlowsSchema>;

export const scenarioReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  names: localizedNamesSchema.optional(),
  /** The scenario's stages by id, with their names (roadmap items "SCENARIO/STAGE" are named from them). */
  stages: z.array(z.object({ id: z.string(), name: z.string().optional(), names: localizedNamesSchema.optional() })).optional(),
  template: z.string().optional(),
  rank: z.number().int(),
  score: z.number().int().min(0).max(100),
  verdict: verdictSchema,
  /** The payback horizon the verdict was judged on and its probability. */
  verdictBasis: z.object({
    acceptMonths: num,
    acceptProbability: num,
    considerMonths: num,
    considerProbability: num,
    /** True when the horizon is shorter than considerMonths and the verdict used the horizon. */
    horizonLimited: z.boolean(),
  }),
  advice: z.array(adviceSchema),
  /** True when every gate passes, all at once (joint ≥ confidence): the only case in which a view may say "meets the rules". */
  meetsRules: z.boolean().optional(),
  /**
   * Present when other scenarios `require` this one: what it enables (every
   * scenario that needs it, directly or through another) and its marginal
   * programme value (the best plan's E[NPV] with it and its dependants minus
   * without; null without a roadmap).
   */
  enables: z.object({ scenarios: z.array(z.string()), marginalValue: nullableNum }).optional(),
  /** Why a figure should be read with care (an IRR above 1000% a year, ROI above 10×: a small investment against large benefits), as codes. */
  caveats: z.array(messageSchema).optional(),
  gates: z.object({
    payback: gateSchema.extend({ thresholdMonths: num }),
    /** Passes on the ceiling (investment ≤ max), or on the band [min, max] when policy.floors is "gate"; per stage when `perStage`. */
    budget: gateSchema.extend({ min: num, max: num, perStage: z.boolean().optional() }),
    /** Passes on the ceiling (months ≤ maxMonths), or on the band when policy.floors is "gate"; per stage when `perStage`. */
    phase: gateSchema.extend({ minMonths: num, maxMonths: num, perStage: z.boolean().optional() }),
    joint: gateSchema,
  }),
  investment: summarySchema,
  implementationMonths: summarySchema,
  npv: summarySchema,
  irr: summarySchema.extend({
    /** Annualised; share of trials with no IRR (no sign change or no root). */
    noneProbability: num,
    /** Trials the IRR summary was computed on (a strided subsample for large runs). */
    trials: z.number().int(),
  }),
  roi: summarySchema.extend({ undefinedProbability: num }),
  roi1y: summarySchema.extend({ undefinedProbability: num }),
  paybackMonths: summarySchema.extend({
    /** P(payback ≤ m months) for m = 12, 24, 36; null beyond the horizon. */
    probWithin: z.record(z.string(), nullableNum),
    /** Monte Carlo standard error of each probWithin entry. */
    probWithinSe: z.record(z.string(), nullableNum),
    /** Share of trials that never pay back within the horizon. */
    neverProbability: num,
  }),
  discountedPaybackMonths: summarySchema.extend({ neverProbability: num }),
  cashflow: z.object({
    months: z.array(z.number().int()),
    cumulative: z.object({ p10: z.array(num), p50: z.array(num), p90: z.array(num) }),
    /** Trials the fan was computed from (evenly strided for large runs). */
    trials: z.number().int(),
  }),
  /** NPV with every uncertain input at its median: the centre of the tornado. */
  tornadoBase: num,
  /**
   * Per uncertain input (shared assumptions once, by name), sorted by swing:
   * Spearman correlation with NPV, its normalised square (share of NPV
   * variance), and the NPV with the input at its P10 (`low`) and P90 (`high`)
   * while every other input sits at its median.
   */
  sensitivity: z.array(
    z.object({
      /** The input's key (as in `inputs[].key`): an assumption's name, an input's `name`, or "SCENARIO_ID.path"; the view names it. */
      input: z.string(),
      spearman: nullableNum,
      varianceShare: nullableNum,
      low: num,
      high: num,
      swing: num,
      lowValue: num,
      highValue: num,
    }),
  ),
  benefits: z.array(z.object({ label: z.string(), labels: localizedNamesSchema.optional(), kind: z.string(), pvMean: num })),
  /** Mean cash flows by month 0 … H (benefits and costs, both ≥ 0 in money): what the workbook's yearly table sums; Σ (benefits − costs)·discount = npv.mean. */
  monthly: monthlyFlowsSchema.optional(),
});
export type ScenarioReport = z.infer<typeof scenarioReportSchema>;

const evppiSchema = z.object({
  /** Expected value of perfect information, in money. */
  evpi: num,
  /** Per input: expected value of partial perfect information, bias-corrected; 0 below the noise floor. */
  evppi: z.record(z.string(), num),
  /** EVPPI estimates below this (4 sd of the estimator on a shuffled input) are reported as 0. */
  noiseFloor: num,
});

export const valueOfInformationSchema = z.object({
  /** How EVPPI was estimated, as a code with its parameters (bins, replicates, noise floor in sd). */
  method: messageSchema,
  trials: z.number().int(),
  bins: z.number().int(),
  /** Go / no-go of each scenario on its own (no-go = 0). */
  goNoGo: z.record(z.string(), evppiSchema),
  /** Choosing the best of the scenarios, or none of them. */
  chooseBest: evppiSchema,
  /**
   * Per group of alternatives: the choice that remains, among its options only
   * (no "do nothing"): EVPI and each input's EVPPI of picking the better variant.
   */
  alternatives: z.record(z.string(), evppiSchema.extend({ options: z.array(z.string()) })).optional(),
  /** The input a pilot should measure first, or null when none clears the noise floor. */
  measureFirst: z
    .object({ input: z.string(), scenario: z.string().nullable(), worth: num })
    .nullable(),
});
export type ValueOfInformation = z.infer<typeof valueOfInformationSchema>;

const roadmapItemSchema = z.object({
  /** "SCENARIO_ID" or "SCENARIO_ID/STAGE_ID". */
  key: z.string(),
  scenarioId: z.string(),
  stage: z.string().nullable(),
  name: z.string(),
  /** E[NPV] of the item started at its phase's start. */
  expectedNpv: num,
  /** Implementation months the phase allows for it (its `confidence` quantile). */
  durationMonths: num,
  /**
   * Its marginal programme value: the best plan's objective minus the best
   * plan's objective without it and without everything that requires it
   * (a second search). Null for an item of a phase already delivered (a
   * re-plan keeps it); absent in Reports from before it was measured.
   */
  marginalValue: nullableNum.optional(),
});

/** What the search was told of one candidate item: enough to recompute and audit the plan. */
const roadmapCandidateSchema = z.object({
  key: z.string(),
  scenarioId: z.string(),
  stage: z.string().nullable(),
  name: z.string(),
  /** Item keys that must sit in an earlier phase. */
  requires: z.array(z.string()),
  /** Shared component ids it needs. */
  components: z.array(z.string()),
  /** E[NPV] of the item started at month t, for t = 0 … H−1 (the index is the start month). */
  expectedNpvByStart: z.array(num),
  /** Its phase spend (one-off commitment at its start) over the planning trials. */
  spend: z.object({ mean: num, p50: num, p80: num }),
  /** Implementation months a phase must allow it: the policy's `confidence` quantile. */
  durationMonths: z.number().int(),
  /** Payback month of its mean cash flows started at month 0; null when they never pay back. */
  expectedPaybackMonths: nullableNum,
});

export const roadmapSchema = z.object({
  rules: z.object({
    phaseMonths: z.object({ min: num, max: num }),
    phaseBudget: z.object({ min: num, max: num }),
    programmeBudget: nullableNum,
    capacity: z.number().int(),
    confidence: num,
  }),
  /**
   * How the plan was found and what is proven: the method ("dynamic-programme"
   * or "milp"; "heuristic" in Reports from before the MILP), whether the plan
   * is proven optimal (gap 0), the upper bound on the optimum and the gap
   * (upperBound − objective) / |upperBound|.
   */
  search: z.object({
    method: z.enum(['dynamic-programme', 'milp', 'heuristic']),
    proven: z.boolean(),
    items: z.number().int(),
    /** Expected portfolio NPV the search maximised (from mean flows). */
    objective: num,
    upperBound: num,
    gap: num,
    /** Trials the chance constraints were checked on. */
    planTrials: z.number().int(),
  }),
  /** Every candidate item's planning data (absent in Reports from before it was reported). */
  candidates: z.array(roadmapCandidateSchema).optional(),
  phases: z.array(
    z.object({
      index: z.number().int(),
      startMonth: z.number().int(),
      /** Last month of the phase (start + length − 1 … the phase covers months start+1 … end). */
      endMonth: z.number().int(),
      items: z.array(roadmapItemSchema),
      /** One-off spend of the phase (its items' and the shared components it pays first). */
      spend: summarySchema,
      components: z.array(z.object({ id: z.string(), name: z.string(), expectedCost: num })),
      gates: z.object({
        budget: z.object({ min: num, max: num, probability: num, pass: z.boolean() }),
        length: z.object({ months: num, min: num, max: num, pass: z.boolean() }),
        capacity: z.object({ items: z.number().int(), max: z.number().int(), pass: z.boolean() }),
      }),
      /** Why the phase holds what it holds: reasons as codes with typed parameters (the view's `rationale.<code>`). */
      rationaleParts: z.array(messageSchema),
    }),
  ),
  /** Items left out, and why (a code with typed parameters: the view's `unscheduled.<code>`). */
  unscheduled: z.array(z.object({ key: z.string(), scenarioId: z.string(), stage: z.string().nullable(), name: z.string(), reason: messageSchema })),
  /** The whole programme: every scheduled item shifted to its start, summed trial by trial. */
  portfolio: z.object({
    npv: summarySchema,
    roi: summarySchema.extend({ undefinedProbability: num }),
    investment: summarySchema,
    paybackMonths: summarySchema.extend({ probWithin: z.record(z.string(), nullableNum), neverProbability: num }),
    /** P(programme payback ≤ the policy's paybackMonths). */
    paybackWithinPolicy: z.object({ months: num, probability: num }),
    /** The programme's mean monthly benefits and costs, months 0 … H (components included): Σ (benefits − costs)·discount = npv.mean. */
    monthly: monthlyFlowsSchema.optional(),
    cashflow: z.object({
      months: z.array(z.number().int()),
      cumulative: z.object({ p10: z.array(num), p50: z.array(num), p90: z.array(num) }),
      trials: z.number().int(),
    }),
  }),
});
export type Roadmap = z.infer<typeof roadmapSchema>;

/**
 * The one recommendation every output shows (DESIGN §4.5): the roadmap's first
 * phase when there is a roadmap, else the best-ranked scenario whose `requires`
 * are met and that is not excluded; `none` when no scenario qualifies.
 */
export const recommendationSchema = z.object({
  source: z.enum(['roadmap', 'ranking', 'none']),
  /** Scenario ids it starts with: the first phase's scenarios, or the one scenario. */
  scenarios: z.array(z.string()),
  /** Roadmap item keys of the first phase ("SCENARIO" or "SCENARIO/STAGE"); empty without a roadmap. */
  items: z.array(z.string()),
  /** First and last month of the first phase (the phase covers months start+1 … end); null without a roadmap. */
  months: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
  /** Gate probabilities of what is recommended, taken together (the phase's items, or the scenario). */
  gates: z.object({ payback: num, budget: num, phase: num, joint: num }),
  /** Why this is the start, as coded reasons. */
  reasons: z.array(messageSchema),
  /** What it needs first (shared components to build, scenarios it requires), as coded messages. */
  prerequisites: z.array(messageSchema),
  /** Headline counts: excluded scenarios left out, a group of alternatives counted once. */
  headline: z.object({
    useCases: z.number().int(),
    accepted: z.number().int(),
    /** The eligible scenario with the highest median NPV. */
    bestNpv: z.object({ scenario: z.string(), p50: num }).nullable(),
  }),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

/** A group of alternatives in the ranking: shown once, with its best option and how sure the choice is. */
export const rankingGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Option ids in rank order. */
  options: z.array(z.string()),
  /** The best-ranked option (the one the ranking shows for the group). */
  best: z.string().nullable(),
  /** beats[a][b] = P(NPV_a > NPV_b) over the same trials, drawn with common random numbers. */
  beats: z.record(z.string(), z.record(z.string(), num)),
  /** ties[a][b] = P(NPV_a = NPV_b): 1 for options with identical inputs. */
  ties: z.record(z.string(), z.record(z.string(), num)),
});
export type RankingGroup = z.infer<typeof rankingGroupSchema>;

/** A validation warning: the proposal is accepted, but something in it is probably not what was meant. */
export const warningSchema = messageSchema.extend({
  /** JSON path of what the warning is about. */
  path: z.string(),
});

/**
 * Every input the proposal (or its template) wrote, as data: where it sits and
 * the form and numbers as written. The view puts it into words ("90% interval
 * 500,000–5,000,000 (lognormal)", "PERT 2 / 5 / 12", "shared: …").
 */
export const inputSchema = z.object({
  /** A shared assumption, a scenario's own input (its lines, stages, adoption…), or a shared component's cost. */
  section: z.enum(['assumption', 'scenario', 'component']),
  /** Scenario id, or null for a shared assumption or a shared component. */
  scenarioId: z.string().nullable(),
  /** Path within the scenario ("benefits[0].minutesSaved"), the assumption's key, or "roadmap.sharedComponents[0].cost". */
  path: z.string(),
  /** The field's code ("minutesSaved", "adoption.rampMonths", "cost"), or the assumption's key: the view translates field codes. */
  field: z.string(),
  /** The key sensitivity and value of information use (`sensitivity[].input`); a use of a shared assumption carries the assumption's key; null for a fixed number. */
  key: z.string().nullable(),
  /** The benefit or cost line the input belongs to. */
  line: z
    .object({ list: z.enum(['benefits', 'costs']), index: z.number().int(), kind: z.string(), label: z.string(), labels: localizedNamesSchema.optional() })
    .optional(),
  /** The stage it belongs to. */
  stage: z.object({ id: z.string(), name: z.string().optional(), names: localizedNamesSchema.optional() }).optional(),
  /** The line's expansion it belongs to (index). */
  expansion: z.number().int().optional(),
  /** The shared component whose cost it is. */
  component: z
    .object({ id: z.string(), name: z.string(), names: localizedNamesSchema.optional(), label: z.string().optional(), labels: localizedNamesSchema.optional() })
    .optional(),
  /** The input's own label (a shared assumption's), when written. */
  label: z.string().optional(),
  labels: localizedNamesSchema.optional(),
  /** The distribution's family, "fixed", or "ref" for a use of a shared assumption. */
  kind: z.string(),
  /** For a use of a shared assumption: its key. */
  ref: z.string().optional(),
  /** For a fixed number: the number. */
  value: num.optional(),
  /** The canonical distribution (family and parameters). */
  dist: z.record(z.string(), z.union([z.string(), num, z.array(num)])).optional(),
  /** The form and numbers as written (p5/p95, not mu/sigma). */
  written: z.object({ form: z.string(), params: z.record(z.string(), num) }).optional(),
  clamp: z.array(num).length(2).optional(),
  mean: nullableNum,
});
export type ReportInput = z.infer<typeof inputSchema>;

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  engine: z.object({ name: z.string(), version: z.string() }),
  run: z.object({
    seed: z.number().int(),
    trials: z.number().int(),
    sampler: z.enum(['lhs', 'mc']),
    inputHash: z.string(),
    createdAt: z.string().nullable(),
    /** Present when the trial count was chosen by --auto-trials. */
    autoTrials: z
      .object({
        targetRelativeSe: num,
        /** The largest standard error of mean NPV relative to |mean NPV| over the scenarios. */
        achievedRelativeSe: nullableNum,
        stoppedBy: z.enum(['precision', 'cap']),
        maxTrials: z.number().int(),
        rounds: z.number().int(),
      })
      .optional(),
  }),
  proposal: z.object({
    customer: z.object({ name: z.string(), names: localizedNamesSchema.optional(), industry: z.string().optional() }),
    currency: z.string(),
    horizonMonths: z.number().int(),
    discountRate: num,
  }),
  policy: z.object({
    paybackMonths: num,
    considerMonths: num,
    confidence: num,
    budget: z.object({ min: num, max: num }),
    phaseMonths: z.object({ min: num, max: num }),
    rankBy: z.string(),
    /** "advise": budget and phase gates pass on the ceiling; "gate": on the whole band. */
    floors: z.enum(['advise', 'gate']).optional(),
  }),
  scenarios: z.array(scenarioReportSchema),
  ranking: z.object({
    by: z.string(),
    /** Scenario ids, best first. */
    order: z.array(z.string()),
    /** pairwise[a][b] = P(NPV_a > NPV_b) over the same trials (common random numbers). */
    pairwise: z.record(z.string(), z.record(z.string(), num)),
    /** Probability that each scenario has the highest NPV. */
    probBest: z.record(z.string(), num),
    /** rankAcceptability[id][k] = share of trials in which the scenario takes rank k+1 by NPV. */
    rankAcceptability: z.record(z.string(), z.array(num)),
    /** What the order is, as a code (`ranking-by-<rankBy>`) for the view's sentence. */
    basis: messageSchema.optional(),
    /** Groups of alternatives: each shown once with its best option. */
    groups: z.array(rankingGroupSchema).optional(),
  }),
  valueOfInformation: valueOfInformationSchema,
  /** Present when the proposal has a `roadmap` block. */
  roadmap: roadmapSchema.optional(),
  /** The one recommendation (always set by analyze(); optional so that Reports stored before it still parse). */
  recommendation: recommendationSchema.optional(),
  /** Validation warnings on the proposal, as codes with the JSON path they are about. */
  warnings: z.array(warningSchema).optional(),
  inputs: z.array(inputSchema),
  /** Each scenario's verdict and score as the policy varies, from the same trials (optional: older Reports lack it). */
  policySweep: z.lazy(() => policySweepSchema).optional(),
  /** Present when the run tracked actuals (`closedloop track`): forecast vs actual, posterior, re-forecast, recommendation. */
  tracking: trackingSchemaOf(summarySchema, verdictSchema, roadmapSchema).optional(),
});
export type Report = z.infer<typeof reportSchema>;
