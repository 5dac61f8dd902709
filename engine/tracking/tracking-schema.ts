import { z } from 'zod';
import { messageSchema } from '../messages.js';
import type { roadmapSchema as RoadmapSchema, summarySchema as SummarySchema, verdictSchema as VerdictSchema } from '../report.js';

/**
 * The Report's `tracking` block (docs/tracking.md): actuals against the
 * forecast, prior against posterior of each input the actuals moved, the
 * re-forecast with its verdict, and the go / adjust / stop recommendation.
 * Built from the Report's own summary, verdict and roadmap schemas (passed in, so that
 * report.ts can include this block without an import cycle).
 * @example trackingSchemaOf(summarySchema, verdictSchema, roadmapSchema).parse(report.tracking)
 */
export function trackingSchemaOf(summary: typeof SummarySchema, verdict: typeof VerdictSchema, roadmap: typeof RoadmapSchema) {
  const num = z.number();
  const nullableNum = z.number().nullable();
  const status = z.enum(['ahead', 'on-track', 'behind']);
  const gate = z.object({ probability: num, pass: z.boolean() });

  const observation = z.object({
    /** 1-based data row of the actuals file. */
    row: z.number().int(),
    scenario: z.string(),
    month: z.number().int(),
    /** As written: an input's path or an assumption's key, "adoption", "cash:benefits", "cash:<line label>". */
    measure: z.string(),
    value: num,
    n: nullableNum,
    sd: nullableNum,
    /** The reading's standard error as the likelihood uses it (docs/tracking.md, "What a reading says"), or null when it carries no information. */
    standardError: nullableNum,
    /** Why the reading is not in the update: a month's total whose lines are given too, or no information. */
    skipped: z.enum(['lines-given', 'uninformative']).nullable(),
  });

  const update = z.object({
    /** The inputs updated together (their keys, as in `inputs[].input`). */
    inputs: z.array(z.string()),
    /** Plain importance reweighting of the prior draws; else a fine grid (one input) or tempered SMC. */
    method: z.enum(['reweighting', 'grid', 'smc']),
    /** Effective sample size of plain importance reweighting of the prior draws, (Σw)²/Σw². */
    effectiveSampleSize: num,
    /** Prior draws the update started from. */
    particles: z.number().int(),
    stages: z.number().int().optional(),
    sweeps: z.number().int().optional(),
    acceptance: num.optional(),
    /** False when SMC hit its stage cap and ended with a plain reweighting. */
    complete: z.boolean().optional(),
    knots: z.number().int().optional(),
  });

  const trackedInput = z.object({
    /** The input's key (as in `sensitivity[].input`): an assumption's name, an input's `name`, or "SCENARIO_ID.path". */
    input: z.string(),
    label: z.string(),
    /** Null for a shared assumption (it moves in every scenario that uses it). */
    scenarioId: z.string().nullable(),
    /** Why it moved: a reading measured it, a reading of adoption or money draws on it, or it is correlated with one that moved. */
    moved: z.enum(['measured', 'actuals', 'correlated']),
    prior: summary,
    posterior: summary,
    method: z.enum(['reweighting', 'grid', 'smc']),
    effectiveSampleSize: num,
    /** What the prior analysis predicted measuring it would be worth: its share of NPV variance and its EVPPI for the scenario's go / no-go. */
    predicted: z.object({ varianceShare: nullableNum, evppi: nullableNum }),
    caveats: z.array(messageSchema),
  });

  const row = z.object({
    month: z.number().int(),
    kind: z.enum(['input', 'adoption', 'cash', 'cash-line', 'cumulative-cash']),
    /** As written in the actuals, or "cumulative-cash" for the realised net cash flow summed from month 0. */
    measure: z.string(),
    /** The line a cash-line row books ("costs[1]"), else null. */
    line: z.string().nullable(),
    /** The input an input row measures (its key, as in `inputs[].input`), else null. */
    input: z.string().nullable(),
    actual: num,
    /** The prior forecast of the same quantity. */
    forecast: z.object({ mean: num, p10: num, p50: num, p90: num }),
    /** Share of the prior forecast below the actual (ties count half). */
    percentile: num,
    /** +1 when more is better, −1 when less is (costs), 0 when the input barely moves NPV. */
    direction: z.union([z.literal(1), z.literal(-1), z.literal(0)]),
    status,
    /** The line whose money moved most in the direction of the deviation (the booked line, else its posterior mean against its prior mean). */
    explainedBy: z.object({ line: z.string(), label: z.string(), deviation: num }).nullable(),
  });

  const reforecast = z.object({
    /** Posterior trials re-simulated: the run's first min(trials, 24,576), the same draws as the prior run. */
    trials: z.number().int(),
    npv: summary,
    /** P(NPV > 0). */
    npvPositiveProbability: num,
    roi: summary.extend({ undefinedProbability: num }),
    paybackMonths: summary.extend({ probWithin: z.record(z.string(), nullableNum), neverProbability: num }),
    investment: summary,
    gates: z.object({
      payback: gate.extend({ thresholdMonths: num }),
      budget: gate.extend({ min: num, max: num }),
      phase: gate.extend({ minMonths: num, maxMonths: num }),
      joint: gate,
    }),
    verdict,
    score: z.number().int().min(0).max(100),
    cashflow: z.object({
      months: z.array(z.number().int()),
      cumulative: z.object({ p10: z.array(num), p50: z.array(num), p90: z.array(num) }),
      trials: z.number().int(),
    }),
  });

  const scenario = z.object({
    id: z.string(),
    name: z.string(),
    /** "benefits[0]" → the line's label, for the `line` parameters of messages. */
    lineLabels: z.record(z.string(), z.string()),
    inputs: z.array(trackedInput),
    rows: z.array(row),
    /** The status of the latest observed month (docs/tracking.md, "Status"). */
    status,
    statusMessage: messageSchema,
    /** The prior forecast's figures the re-forecast is set against. */
    prior: z.object({ npv: summary, npvPositiveProbability: num, paybackWithinPolicy: num, verdict, score: z.number().int() }),
    reforecast,
    /** Share of the prior NPV variance the actuals resolved: 1 − Var(NPV | actuals)/Var(NPV); negative when they contradict the prior. */
    varianceResolved: z.object({ priorSd: num, posteriorSd: num, share: num, predictedShare: nullableNum }),
    /** The value of information: predicted before the pilot, and realised by acting on what it found. */
    valueOfInformation: z.object({
      /** EVPI of the scenario's go / no-go, and the largest EVPPI among its measured inputs (a lower bound for all of them together). */
      predicted: z.object({ evpi: nullableNum, evppi: nullableNum }),
      /** What acting on the re-forecast gains over the prior decision, valued on the posterior: |E[NPV | actuals]| when the go / no-go flips, else 0. */
      realised: num,
    }),
    recommendation: z.object({
      decision: z.enum(['go', 'adjust', 'stop']),
      /** What the decision is about: the roadmap's next phase, or the scenario's next step. */
      appliesTo: z.object({ kind: z.enum(['next-phase', 'next-step']), phase: z.number().int().nullable() }),
      message: messageSchema,
      reasons: z.array(messageSchema),
    }),
  });

  return z.object({
    /** The last month the actuals speak for. */
    asOfMonth: z.number().int(),
    observations: z.array(observation),
    updates: z.array(update),
    /** Scenarios with actuals, or using an input the actuals moved. */
    scenarios: z.array(scenario),
    /**
     * The roadmap re-planned on the posterior (engine/tracking/replan.ts): the
     * phases started by asOfMonth kept as they were, the rest planned again;
     * null without a roadmap.
     */
    replan: roadmap.nullable(),
  });
}

export type Tracking = z.infer<ReturnType<typeof trackingSchemaOf>>;
export type ScenarioTracking = Tracking['scenarios'][number];
export type TrackingRow = ScenarioTracking['rows'][number];
export type TrackedInput = ScenarioTracking['inputs'][number];
