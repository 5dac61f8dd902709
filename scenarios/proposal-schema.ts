import { z } from 'zod';
import {
  DEFAULT_DISCOUNT_RATE,
  DEFAULT_HORIZON_MONTHS,
  DEFAULT_POLICY,
  DEFAULT_RAMP_MONTHS,
  MAX_HORIZON_MONTHS,
} from '../engine/constants.js';
import {
  MAX_ALTERNATIVES,
  MAX_ASSUMPTIONS,
  MAX_BENEFITS_PER_SCENARIO,
  MAX_CORRELATIONS,
  MAX_COSTS_PER_SCENARIO,
  MAX_EXPANSIONS_PER_LINE,
  MAX_OPTIONS_PER_ALTERNATIVE,
  MAX_REQUIRES,
  MAX_SCENARIOS,
  MAX_SCENARIO_LIST,
  MAX_SHARED_COMPONENTS,
  MAX_STAGES_PER_SCENARIO,
  tooMany,
} from './limits.js';
import { localizedTextSchema } from './localized-text.js';
import { quantity } from './quantity-schema.js';
import { tolerantNumber } from './readings.js';

/**
 * The proposal file (DESIGN §4), strict: unknown keys are errors. Defaults are
 * applied here; cross-field rules (ids, refs, correlations) live in normalize.ts.
 */

/** Names and labels may be a string or { "zh-CN": …, "en": … } (scenarios/localized-text.ts). */
const label = localizedTextSchema.optional();
const growth = quantity('any').optional().default(0);
const expansion = z.strictObject({
  /** Months after the scenario's start. */
  month: z.number().int().min(1).max(MAX_HORIZON_MONTHS),
  factor: quantity('nonNegative'),
  cost: quantity('nonNegative').optional().default(0),
});
const lineExtras = { label, growthPerYear: growth, expansions: z.array(expansion).max(MAX_EXPANSIONS_PER_LINE, tooMany(MAX_EXPANSIONS_PER_LINE, 'expansions per line')).optional().default([]) };

const timeSavings = z
  .strictObject({
    kind: z.literal('timeSavings'),
    volumePerMonth: quantity('nonNegative'),
    minutesSaved: quantity('any').optional(),
    minutesBefore: quantity('nonNegative').optional(),
    minutesAfter: quantity('nonNegative').optional(),
    costPerHour: quantity('nonNegative'),
    realization: quantity('rate').optional().default(1),
    ...lineExtras,
  })
  .superRefine((v, ctx) => {
    const hasSaved = v.minutesSaved !== undefined;
    const hasPair = v.minutesBefore !== undefined || v.minutesAfter !== undefined;
    if (hasSaved && hasPair) ctx.addIssue({ code: 'custom', message: 'give either minutesSaved or minutesBefore and minutesAfter, not both', path: ['minutesSaved'] });
    else if (!hasSaved && !(v.minutesBefore !== undefined && v.minutesAfter !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'required: minutesSaved, or both minutesBefore and minutesAfter', path: [v.minutesBefore === undefined ? 'minutesBefore' : 'minutesAfter'] });
    }
    if (typeof v.minutesBefore === 'number' && typeof v.minutesAfter === 'number' && v.minutesAfter > v.minutesBefore) {
      ctx.addIssue({ code: 'custom', message: `minutesAfter (${v.minutesAfter}) exceeds minutesBefore (${v.minutesBefore})`, path: ['minutesAfter'] });
    }
  });

const benefit = z.discriminatedUnion('kind', [
  timeSavings,
  z.strictObject({ kind: z.literal('headcount'), fte: quantity('nonNegative'), annualCostPerFte: quantity('nonNegative'), ...lineExtras }),
  z.strictObject({
    kind: z.literal('errorReduction'),
    volumePerMonth: quantity('nonNegative'),
    errorRate: quantity('rate'),
    reduction: quantity('rate'),
    costPerError: quantity('nonNegative'),
    ...lineExtras,
  }),
  z.strictObject({
    kind: z.literal('revenue'),
    volumePerMonth: quantity('nonNegative'),
    upliftRate: quantity('rate'),
    valuePerUnit: quantity('nonNegative'),
    margin: quantity('rate').optional().default(1),
    ...lineExtras,
  }),
  z.strictObject({ kind: z.literal('riskAvoidance'), eventsPerYear: quantity('nonNegative'), reduction: quantity('rate'), impact: quantity('nonNegative'), ...lineExtras }),
  z.strictObject({ kind: z.literal('custom'), quantityPerMonth: quantity('any'), unitValue: quantity('any'), ...lineExtras }),
]);

const deployment = z.enum(['public', 'private', 'hybrid']);

const cost = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('oneOff'), label, amount: quantity('nonNegative'), timing: z.enum(['upfront', 'spread']).optional().default('spread') }),
  z.strictObject({
    kind: z.literal('recurring'),
    label,
    monthly: quantity('nonNegative'),
    from: z.enum(['golive', 'start']).optional().default('golive'),
    escalationPerYear: quantity('any').optional().default(0),
  }),
  z.strictObject({
    kind: z.literal('compute'),
    label,
    deployment: deployment.optional(),
    volumePerMonth: quantity('nonNegative').optional().default(0),
    tokensPerTask: quantity('nonNegative').optional().default(0),
    pricePer1kTokens: quantity('nonNegative').optional().default(0),
    priceDeclinePerYear: quantity('rate').optional().default(0),
    gpus: quantity('nonNegative').optional().default(0),
    pricePerGpu: quantity('nonNegative').optional().default(0),
    monthlyOperations: quantity('nonNegative').optional().default(0),
    publicShare: quantity('rate').optional(),
  }),
  z.strictObject({ kind: z.literal('maintenance'), label, rateOfOneOffPerYear: quantity('nonNegative') }),
]);

const adoption = z.discriminatedUnion('curve', [
  z.strictObject({
    curve: z.literal('linear'),
    rampMonths: quantity('nonNegative').optional().default(DEFAULT_RAMP_MONTHS),
    start: quantity('rate').optional().default(0),
    ceiling: quantity('rate').optional().default(1),
  }),
  z.strictObject({ curve: z.literal('logistic'), steepness: quantity('positive'), midpoint: quantity('any'), ceiling: quantity('rate').optional().default(1) }),
  z.strictObject({ curve: z.literal('none'), ceiling: quantity('rate').optional().default(1) }),
]);

/** A phase-sized step of a scenario (pilot, rollout…): its own duration and one-off cost, a share of the benefit. */
const stage = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1–32 letters, digits, "-" or "_"'),
  name: localizedTextSchema.optional(),
  implementationMonths: quantity('nonNegative'),
  /** One-off cost of the stage; it replaces the scenario's one-off lines for this stage. */
  cost: quantity('nonNegative'),
  /** Share of the scenario's benefits (and running costs) this stage adds once live. */
  benefitShare: tolerantNumber(z.number().gt(0).max(1)),
});

export const SCENARIO_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const scenarioSchema = z.strictObject({
  id: z.string().regex(SCENARIO_ID_PATTERN, 'must be 1–64 letters, digits, "-" or "_", starting with a letter or digit'),
  name: localizedTextSchema,
  template: z.string().optional(),
  description: z.string().max(4000).optional(),
  requires: z.array(z.string()).max(MAX_REQUIRES, tooMany(MAX_REQUIRES, 'required scenarios')).optional().default([]),
  deployment: deployment.optional(),
  implementationMonths: quantity('nonNegative').optional().default(0),
  adoption: adoption.optional().default({ curve: 'linear', rampMonths: DEFAULT_RAMP_MONTHS, start: 0, ceiling: 1 }),
  benefits: z.array(benefit).min(1).max(MAX_BENEFITS_PER_SCENARIO, tooMany(MAX_BENEFITS_PER_SCENARIO, 'benefit lines per scenario', 'merge similar lines')),
  costs: z.array(cost).max(MAX_COSTS_PER_SCENARIO, tooMany(MAX_COSTS_PER_SCENARIO, 'cost lines per scenario', 'merge similar lines')).optional().default([]),
  stages: z.array(stage).min(1).max(MAX_STAGES_PER_SCENARIO, tooMany(MAX_STAGES_PER_SCENARIO, 'stages per scenario')).optional(),
  /** How it is sold: "subscription" (monthly) means packaging advice never suggests a subscription. Default "project". */
  pricing: z.enum(['project', 'subscription']).optional(),
});

const policy = z
  .strictObject({
    paybackMonths: tolerantNumber(z.number().positive()).optional().default(DEFAULT_POLICY.paybackMonths),
    considerMonths: tolerantNumber(z.number().positive()).optional().default(DEFAULT_POLICY.considerMonths),
    confidence: tolerantNumber(z.number().gt(0).max(1)).optional().default(DEFAULT_POLICY.confidence),
    budget: z
      .strictObject({ min: tolerantNumber(z.number().min(0)), max: tolerantNumber(z.number().positive()) })
      .optional()
      .default({ ...DEFAULT_POLICY.budget }),
    phaseMonths: z
      .strictObject({ min: z.number().int().min(0), max: z.number().int().positive() })
      .optional()
      .default({ ...DEFAULT_POLICY.phaseMonths }),
    rankBy: z.enum(['verdict', 'score', 'npvP50', 'npvMean', 'paybackProbability', 'roiP50']).optional().default(DEFAULT_POLICY.rankBy),
    /** "advise" (default): below a floor is packaging advice; "gate": the whole band is the gate. */
    floors: z.enum(['advise', 'gate']).optional().default(DEFAULT_POLICY.floors),
  })
  .superRefine((p, ctx) => {
    if (p.budget.min > p.budget.max) ctx.addIssue({ code: 'custom', message: `max (${p.budget.max}) is below min (${p.budget.min})`, path: ['budget', 'max'] });
    if (p.phaseMonths.min > p.phaseMonths.max) ctx.addIssue({ code: 'custom', message: `max (${p.phaseMonths.max}) is below min (${p.phaseMonths.min})`, path: ['phaseMonths', 'max'] });
    if (p.considerMonths < p.paybackMonths) ctx.addIssue({ code: 'custom', message: `considerMonths (${p.considerMonths}) is below paybackMonths (${p.paybackMonths})`, path: ['considerMonths'] });
  });

const correlation = z.strictObject({
  between: z.tuple([z.string().min(1), z.string().min(1)]),
  rho: tolerantNumber(z.number().gt(-1, 'must be above −1 (perfectly correlated inputs are one shared assumption)').lt(1, 'must be below 1 (perfectly correlated inputs are one shared assumption)')),
});

const sharedComponent = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1–64 letters, digits, "-" or "_"'),
  name: localizedTextSchema,
  /** What the component's cost is called in the input list (default: its name). */
  label: localizedTextSchema.optional(),
  /** One-off cost, paid once, at the start of the first phase that holds a scenario using it. */
  cost: quantity('nonNegative'),
  usedBy: z.array(z.string()).min(1).max(MAX_SCENARIO_LIST, tooMany(MAX_SCENARIO_LIST, 'scenarios per shared component')),
});

/** The phased pilot roadmap's rules; bands default to the policy's. */
const roadmap = z.strictObject({
  phaseMonths: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }).optional(),
  phaseBudget: z.strictObject({ min: tolerantNumber(z.number().min(0)), max: tolerantNumber(z.number().positive()) }).optional(),
  /** Optional cap on the programme's total one-off spend (held with the policy's confidence). */
  programmeBudget: tolerantNumber(z.number().positive()).optional(),
  /** Scenarios (or stages) that may run in one phase: the team's capacity. */
  capacity: z.number().int().min(1, 'must be at least 1: a team runs at least one scenario at a time').max(20).optional().default(2),
  sharedComponents: z.array(sharedComponent).max(MAX_SHARED_COMPONENTS, tooMany(MAX_SHARED_COMPONENTS, 'shared components')).optional().default([]),
  /** Scenarios left out of the roadmap. */
  exclude: z.array(z.string()).max(MAX_SCENARIO_LIST, tooMany(MAX_SCENARIO_LIST, 'excluded scenarios')).optional().default([]),
});

/** Mutually exclusive variants of one use case (cross-checks in alternatives.ts). */
const alternative = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1–64 letters, digits, "-" or "_"'),
  name: z.string().min(1).max(200),
  options: z.array(z.string()).min(2, 'a group of alternatives needs at least two options (scenario ids)').max(MAX_OPTIONS_PER_ALTERNATIVE, tooMany(MAX_OPTIONS_PER_ALTERNATIVE, 'options per group of alternatives')),
});

/** The proposal as written in a file or an API body (before cross-field checks). */
export const proposalSchema = z.strictObject({
  customer: z.strictObject({ name: localizedTextSchema, industry: z.string().max(100).optional() }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY').optional().default('CNY'),
  horizonMonths: z.number().int().min(1).max(MAX_HORIZON_MONTHS).optional().default(DEFAULT_HORIZON_MONTHS),
  discountRate: tolerantNumber(z.number().min(0).max(1)).optional().default(DEFAULT_DISCOUNT_RATE),
  policy: policy.prefault({}),
  assumptions: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'assumption names are letters, digits, "_", "." or "-"'), quantity('any')).refine((a) => Object.keys(a).length <= MAX_ASSUMPTIONS, tooMany(MAX_ASSUMPTIONS, 'shared assumptions')).optional().default({}),
  correlations: z.array(correlation).max(MAX_CORRELATIONS, tooMany(MAX_CORRELATIONS, 'correlations')).optional().default([]),
  scenarios: z.array(scenarioSchema).min(1).max(MAX_SCENARIOS, tooMany(MAX_SCENARIOS, 'scenarios', 'split the proposal')),
  roadmap: roadmap.optional(),
  alternatives: z.array(alternative).max(MAX_ALTERNATIVES, tooMany(MAX_ALTERNATIVES, 'groups of alternatives')).optional(),
});

export type ProposalInput = z.input<typeof proposalSchema>;
export type ParsedProposal = z.output<typeof proposalSchema>;
