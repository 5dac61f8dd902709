import { z } from 'zod';
import { trackingSchemaOf } from './tracking/tracking-schema.js';

/**
 * The Report (DESIGN §7, schemaVersion "1"): the engine's output contract, as a
 * zod schema so that its TypeScript type and its shipped JSON Schema come from
 * one definition. Plain data: numbers are finite or null (with a reason).
 */

export const REPORT_SCHEMA_VERSION = '1';

const num = z.number();
const nullableNum = z.number().nullable();

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
    /** Why some figures are null (e.g. "no cost: ROI undefined"). */
    reason: z.string().optional(),
  })
  .describe('Summary statistic over trials: mean, sd, percentiles (R-7), min, max');
export type Summary = z.infer<typeof summarySchema>;

const gateSchema = z.object({ probability: num, pass: z.boolean() });

export const adviceSchema = z.object({
  /** Stable code, the key for translations. */
  code: z.string(),
  /** The numbers the message quotes (money in the proposal's currency, probabilities as fractions), for translations. */
  params: z.record(z.string(), num),
  /** English text; reports translate by code. */
  message: z.string(),
});
export type Advice = z.infer<typeof adviceSchema>;

export const verdictSchema = z.enum(['accept', 'consider', 'mandate-only']);
export type Verdict = z.infer<typeof verdictSchema>;

export const scenarioReportSchema = z.object({
  id: z.string(),
  name: z.string(),
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
  gates: z.object({
    payback: gateSchema.extend({ thresholdMonths: num }),
    budget: gateSchema.extend({ min: num, max: num }),
    phase: gateSchema.extend({ minMonths: num, maxMonths: num }),
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
      /** The input's key: an assumption's name, an input's `name`, or "SCENARIO_ID.path". */
      input: z.string(),
      /** Readable: the name, or "line label · field". */
      label: z.string(),
      spearman: nullableNum,
      varianceShare: nullableNum,
      low: num,
      high: num,
      swing: num,
      lowValue: num,
      highValue: num,
    }),
  ),
  benefits: z.array(z.object({ label: z.string(), kind: z.string(), pvMean: num })),
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
  /** How EVPPI was estimated (the binning estimator and its trial count). */
  method: z.string(),
  trials: z.number().int(),
  bins: z.number().int(),
  /** Go / no-go of each scenario on its own (no-go = 0). */
  goNoGo: z.record(z.string(), evppiSchema),
  /** Choosing the best of the scenarios, or none of them. */
  chooseBest: evppiSchema,
  /** The input a pilot should measure first, or null when none clears the noise floor. */
  measureFirst: z
    .object({ input: z.string(), label: z.string(), scenario: z.string().nullable(), worth: num, message: z.string() })
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
});

export const roadmapSchema = z.object({
  rules: z.object({
    phaseMonths: z.object({ min: num, max: num }),
    phaseBudget: z.object({ min: num, max: num }),
    programmeBudget: nullableNum,
    capacity: z.number().int(),
    confidence: num,
  }),
  /** How the plan was found: exact dynamic programme, or heuristic with its optimality gap. */
  search: z.object({
    method: z.enum(['exact', 'heuristic']),
    items: z.number().int(),
    /** Expected portfolio NPV the search maximised (from mean flows). */
    objective: num,
    upperBound: num,
    gap: num,
    /** Trials the chance constraints were checked on. */
    planTrials: z.number().int(),
  }),
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
      rationale: z.string(),
      /** The rationale's reasons, each a code and the values it quotes, for translation. */
      rationaleParts: z.array(z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), num])) })),
    }),
  ),
  /** Items left out, and why. */
  unscheduled: z.array(z.object({ key: z.string(), scenarioId: z.string(), stage: z.string().nullable(), name: z.string(), reason: z.string() })),
  /** The whole programme: every scheduled item shifted to its start, summed trial by trial. */
  portfolio: z.object({
    npv: summarySchema,
    roi: summarySchema.extend({ undefinedProbability: num }),
    investment: summarySchema,
    paybackMonths: summarySchema.extend({ probWithin: z.record(z.string(), nullableNum), neverProbability: num }),
    /** P(programme payback ≤ the policy's paybackMonths). */
    paybackWithinPolicy: z.object({ months: num, probability: num }),
    cashflow: z.object({
      months: z.array(z.number().int()),
      cumulative: z.object({ p10: z.array(num), p50: z.array(num), p90: z.array(num) }),
      trials: z.number().int(),
    }),
  }),
});
export type Roadmap = z.infer<typeof roadmapSchema>;

/** Every input of the proposal as a person would say it, for the appendix and the spreadsheet. */
export const inputSchema = z.object({
  /** Scenario id, or null for a shared assumption or a shared component. */
  scenarioId: z.string().nullable(),
  /** Path within the scenario ("benefits[0].minutesSaved"), the assumption's name, or "roadmap.sharedComponents[0].cost". */
  path: z.string(),
  /** Readable: "review hours · minutesBefore", the assumption's or the input's name. */
  label: z.string(),
  /** The distribution's family, "fixed", or "ref" for a use of a shared assumption. */
  kind: z.string(),
  /** "PERT 2 / 5 / 12", "fixed 1,200", "shared assumption tasksPerMonth". */
  description: z.string(),
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
    customer: z.object({ name: z.string(), industry: z.string().optional() }),
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
  }),
  valueOfInformation: valueOfInformationSchema,
  /** Present when the proposal has a `roadmap` block. */
  roadmap: roadmapSchema.optional(),
  inputs: z.array(inputSchema),
  /** Present when the run tracked actuals (`closedloop track`): forecast vs actual, posterior, re-forecast, recommendation. */
  tracking: trackingSchemaOf(summarySchema, verdictSchema).optional(),
});
export type Report = z.infer<typeof reportSchema>;
