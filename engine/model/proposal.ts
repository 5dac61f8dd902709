import type { Message } from '../messages.js';

/**
 * The normalised proposal: what scenarios/ hands the engine after validation,
 * with every default applied and every distribution in one canonical form.
 * The engine trusts it (DESIGN §8: validate once at the edge, then freeze).
 */

import type { DistributionSpec } from '../distributions/registry.js';

/** A distribution in canonical parameters, one member per registered family (engine/distributions/registry.ts). */
export type { DistributionSpec };

// Names in both languages and inputs as written (issue 11).

/** A name or label in the languages it was written in: present only when the proposal wrote the two-language object. */
export interface LocalizedNames {
  'zh-CN'?: string;
  en?: string;
}

/**
 * An uncertain input's form and numbers as written: form 'pert' | 'triangular' |
 * 'lognormal-interval' (a lognormal by its 90% interval, p5/p95) | 'normal-interval' | 'normal' |
 * 'lognormal' | 'uniform' | 'beta' | 'beta-moments' | 'discrete', params the
 * numbers by their written names ({ p5: 500000, p95: 5000000 }).
 */
export interface WrittenForm {
  form: string;
  params: Record<string, number>;
}


/** An uncertain input drawn once per trial. `name` keys it in correlations and sensitivity (an identifier, never shown). */
export interface UncertainQuantity {
  dist: DistributionSpec;
  name?: string;
  /** Draws are clamped into [lo, hi] after sampling. */
  clamp?: [number, number];
  /** The form and numbers as the proposal wrote them (p5/p95 rather than mu/sigma), for the view; presentation only, left out of the input hash. */
  written?: WrittenForm;
  /** What a reader calls it (a shared assumption's label): the primary text, and both languages when written so. */
  label?: string;
  labels?: LocalizedNames;
}

/** A reference to a proposal-level shared assumption: one draw per trial shared by every use. */
export interface RefQuantity {
  ref: string;
}

/** A fixed number, an uncertain input, or a shared assumption. */
export type Quantity = number | UncertainQuantity | RefQuantity;

export interface Expansion {
  /** Months after the scenario's start (month s + month in absolute time). */
  month: number;
  /** From that month on, the line's benefit is multiplied by this factor. */
  factor: Quantity;
  /** One-off cost paid in that month. */
  cost: Quantity;
}

interface BenefitBase {
  /** The line's label as written, or its kind when none was written. */
  label: string;
  labels?: LocalizedNames;
  /** Yearly growth g of the line's value: × (1+g)^((k−1)/12), k = months since go-live. */
  growthPerYear: Quantity;
  expansions: Expansion[];
}

export type Benefit = BenefitBase &
  (
    | {
        kind: 'timeSavings';
        volumePerMonth: Quantity;
        /** Either minutesSaved, or minutesBefore and minutesAfter (saved = before − after). */
        minutesSaved: Quantity | null;
        minutesBefore: Quantity | null;
        minutesAfter: Quantity | null;
        costPerHour: Quantity;
        realization: Quantity;
      }
    | { kind: 'headcount'; fte: Quantity; annualCostPerFte: Quantity }
    | {
        kind: 'errorReduction';
        volumePerMonth: Quantity;
        errorRate: Quantity;
        reduction: Quantity;
        costPerError: Quantity;
      }
    | {
        kind: 'revenue';
        volumePerMonth: Quantity;
        upliftRate: Quantity;
        valuePerUnit: Quantity;
        margin: Quantity;
      }
    | { kind: 'riskAvoidance'; eventsPerYear: Quantity; reduction: Quantity; impact: Quantity }
    | { kind: 'custom'; quantityPerMonth: Quantity; unitValue: Quantity }
  );

export type BenefitKind = Benefit['kind'];

export type Deployment = 'public' | 'private' | 'hybrid';

export type Cost = { labels?: LocalizedNames } & (
  | { kind: 'oneOff'; label: string; amount: Quantity; timing: 'upfront' | 'spread' }
  | {
      kind: 'recurring';
      label: string;
      monthly: Quantity;
      from: 'golive' | 'start';
      /** Yearly escalation e: × (1+e)^(j/12), j = months since the cost began. */
      escalationPerYear: Quantity;
    }
  | {
      kind: 'compute';
      label: string;
      deployment: Deployment;
      /** Public API usage (deployment public or hybrid). */
      volumePerMonth: Quantity;
      tokensPerTask: Quantity;
      pricePer1kTokens: Quantity;
      /** Yearly decline d of token prices: × (1−d)^((k−1)/12). */
      priceDeclinePerYear: Quantity;
      /** Private capacity (deployment private or hybrid): GPUs bought up front, monthly power and operations. */
      gpus: Quantity;
      pricePerGpu: Quantity;
      monthlyOperations: Quantity;
      /** Hybrid: the share of the public usage and (1 − share) of the private capacity. 1 for public, 0 for private. */
      publicShare: Quantity;
    }
  | { kind: 'maintenance'; label: string; rateOfOneOffPerYear: Quantity }
);

export type CostKind = Cost['kind'];

export type Adoption =
  | { curve: 'linear'; rampMonths: Quantity; start: Quantity; ceiling: Quantity }
  | { curve: 'logistic'; steepness: Quantity; midpoint: Quantity; ceiling: Quantity }
  | { curve: 'none'; ceiling: Quantity };

/** A phase-sized step of a scenario (DESIGN §4.6 `stages`). */
export interface Stage {
  id: string;
  name?: string;
  names?: LocalizedNames;
  implementationMonths: Quantity;
  /** Replaces the scenario's one-off lines for this stage. */
  cost: Quantity;
  /** Share of the scenario's benefits and running costs this stage adds. */
  benefitShare: number;
}

export interface Scenario {
  id: string;
  name: string;
  names?: LocalizedNames;
  template?: string;
  description?: string;
  requires: string[];
  /** Rounded to whole months per trial. */
  implementationMonths: Quantity;
  adoption: Adoption;
  benefits: Benefit[];
  costs: Cost[];
  /** Optional phase-sized steps for the planner, in order. */
  stages?: Stage[];
  /**
   * How the scenario is sold: "subscription" when the customer pays monthly
   * (a small set-up fee and a recurring line), so packaging advice never
   * suggests a subscription again. Absent means a project (the default).
   */
  pricing?: Pricing;
  /** Paths of the quantities that neither the proposal nor its template wrote (schema defaults): left out of the input list. */
  defaulted?: string[];
}

/** How a scenario is sold: a project with one-off costs (default) or a monthly subscription. */
export type Pricing = 'project' | 'subscription';

/** 'verdict' (the default): accept, consider, mandate-only, then by expected (mean) NPV. */
export type RankMetric = 'verdict' | 'score' | 'npvP50' | 'npvMean' | 'paybackProbability' | 'roiP50';

/** Budget and phase floors: packaging advice (default), or part of the gate (the strict band). */
export type FloorRule = 'advise' | 'gate';

export interface Policy {
  paybackMonths: number;
  considerMonths: number;
  confidence: number;
  budget: { min: number; max: number };
  phaseMonths: { min: number; max: number };
  /** Ranking key; ties broken by median NPV ('verdict': by mean NPV). */
  rankBy: RankMetric;
  /** "advise": the budget and phase gates pass on the ceiling, a floor is advice; "gate": the whole band is the gate. */
  floors: FloorRule;
}

/** Target Spearman rank correlation between two named uncertain inputs (Iman–Conover). */
export interface Correlation {
  between: [string, string];
  rho: number;
}

export interface SharedComponent {
  id: string;
  name: string;
  names?: LocalizedNames;
  /** What its cost is called in the input list, when it should not be the component's name. */
  label?: string;
  labels?: LocalizedNames;
  cost: Quantity;
  usedBy: string[];
}

/** The roadmap block with the policy's bands filled in. */
export interface RoadmapRules {
  phaseMonths: { min: number; max: number };
  phaseBudget: { min: number; max: number };
  programmeBudget?: number;
  capacity: number;
  sharedComponents: SharedComponent[];
  exclude: string[];
}

export interface Proposal {
  customer: { name: string; names?: LocalizedNames; industry?: string };
  currency: string;
  horizonMonths: number;
  /** Annual rate; the engine uses (1+r)^(1/12) − 1 per month. */
  discountRate: number;
  policy: Policy;
  assumptions: Record<string, Quantity>;
  correlations: Correlation[];
  scenarios: Scenario[];
  /** Present when the proposal asks for a phased roadmap. */
  roadmap?: RoadmapRules;
  /** Groups of mutually exclusive variants of one use case (at most one is planned; compared on common random numbers). */
  alternatives?: Alternative[];
  /** SHA-256 of the canonical JSON of everything above. */
  inputHash: string;
  /** What validation noticed without rejecting the proposal (not part of the hash). */
  warnings?: ProposalWarning[];
}

/** A group of mutually exclusive options (scenario ids) for one use case. */
export interface Alternative {
  id: string;
  name: string;
  options: string[];
}

/** A validation warning: a code, its typed parameters and the JSON path it is about. */
export interface ProposalWarning extends Message {
  path: string;
}

/**
 * True when the quantity refers to a shared assumption.
 * @example isRef({ ref: 'tasksPerMonth' }) // true
 */
export function isRef(q: Quantity): q is RefQuantity {
  return typeof q === 'object' && 'ref' in q;
}

/**
 * True when the quantity is drawn from a distribution of its own.
 * @example isUncertain({ dist: { family: 'uniform', min: 0, max: 1 } }) // true
 */
export function isUncertain(q: Quantity): q is UncertainQuantity {
  return typeof q === 'object' && 'dist' in q;
}
