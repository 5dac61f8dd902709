/** Named constants of the engine, each with the reason for its value (DESIGN §8). */

/** Engine name and version written into every Report (bump the version when results change). */
export const ENGINE_NAME = 'closedloop';
export const ENGINE_VERSION = '0.1.0';

/** Trials when none are asked for: the mean NPV's standard error is then ~1% of its sd. */
export const DEFAULT_TRIALS = 10_000;
/** Upper bound on trials per run: keeps one run's memory (≈ 80 bytes × trials × scenarios) bounded. */
export const MAX_TRIALS = 1_000_000;
/** Seed used when none is given, so that two runs without --seed agree. */
export const DEFAULT_SEED = 12345;
/** Trials per block: columns of this length stay in L2 cache; LHS strata and Iman–Conover work per block. */
export const BLOCK_SIZE = 8192;

/** Beta-PERT shape: λ = 4 gives the classic PERT mean (min + 4·mode + max)/6. */
export const PERT_LAMBDA = 4;
/** Default horizon: 60 months, long enough to judge "three to five years". */
export const DEFAULT_HORIZON_MONTHS = 60;
/** The longest horizon a proposal may ask for (10 years). */
export const MAX_HORIZON_MONTHS = 120;
/** Default annual discount rate: a typical corporate hurdle rate in the field's TEI studies. */
export const DEFAULT_DISCOUNT_RATE = 0.08;
/** Default linear adoption ramp when a scenario gives none: half a year to full use. */
export const DEFAULT_RAMP_MONTHS = 6;

/** Acceptance policy defaults from the field notes (DESIGN §4.5). */
export const DEFAULT_POLICY = Object.freeze({
  /** "Customers accept a one-year return easily." */
  paybackMonths: 12,
  /** "Three to five years: they will consider it." */
  considerMonths: 60,
  /** Probability a gate must reach. */
  confidence: 0.8,
  /** Budgets buyers accept: ¥500k – ¥2M. */
  budget: Object.freeze({ min: 500_000, max: 2_000_000 }),
  /** Implementation phases of 3 – 6 months. */
  phaseMonths: Object.freeze({ min: 3, max: 6 }),
  /** A ranking that reads as a recommendation: accept, consider, mandate-only, then expected NPV. */
  rankBy: 'verdict' as const,
  /** The field's floors are what customers accept, not a limit: smaller deals are sold monthly, so a floor is advice. */
  floors: 'advise' as const,
});

/** Payback horizons reported as probWithin (months). */
export const PAYBACK_PROBABILITY_MONTHS = [12, 24, 36] as const;

/**
 * At most this many trials (evenly strided) keep their monthly cash flows for the
 * cumulative fan and IRR: 61 months × 20k × 8 B ≈ 10 MB per scenario; the P10/P90
 * of a month then carry a sampling error of about 0.2 % of the spread.
 */
export const FAN_MAX_TRIALS = 20_000;

/**
 * IRR needs a root search over each trial's whole flow series (~1–2 µs), so its
 * summary uses at most this many of the fan's trials, evenly strided: the
 * median IRR then carries a sampling error of about 1.8 % of the IRR's spread.
 */
export const IRR_MAX_TRIALS = 5_000;

/**
 * Sensitivity and value of information read the inputs of at most this many
 * trials (evenly strided): the Spearman correlations' sampling error is then
 * below 0.007, and ranking every input of a 7-scenario proposal (≈ 120 inputs)
 * costs a fraction of the simulation.
 */
export const ANALYTICS_MAX_TRIALS = 25_000;

// Decision (gates, advice, recommendation)

/**
 * Above this annual IRR (1000% a year) a figure says more about a tiny
 * investment than about the use case: the Report adds a caveat.
 */
export const IRR_CAVEAT_ABOVE = 10;
/** Above this ROI (10×, i.e. benefits worth eleven times the costs) the Report adds a caveat. */
export const ROI_CAVEAT_ABOVE = 10;
/**
 * The payback break-even goal seek re-evaluates the scenario on at most this
 * many of the analytics trials (one block): P(payback ≤ limit) then carries a
 * sampling error of at most 0.0055, well inside the 0.02 the advice promises.
 */
export const GOAL_SEEK_MAX_TRIALS = 8_192;
/**
 * The goal seek stops when its bracket is 2^-14 (< 0.01%) of the input's range,
 * finer than any reading of the advice (and after at most twice as many model runs).
 */
export const GOAL_SEEK_STEPS = 14;
/**
 * …or as soon as P(payback ≤ limit) at the value found is within this above
 * the confidence: with the goal seek's own sampling error (3 sd ≤ 0.0133 on
 * 8,192 trials) it stays inside the 0.02 the advice promises.
 */
export const GOAL_SEEK_TOLERANCE = 0.005;
/** An unbounded input (normal, lognormal) is searched between these quantiles: "within its range". */
export const GOAL_SEEK_RANGE_QUANTILES = [0.001, 0.999] as const;
/**
 * The recommendation's gates for a roadmap phase (its items' summed cash flows
 * and spend, trial by trial) are computed on the run's first trials, at most
 * three whole blocks: a probability then carries a sampling error below 0.0026
 * for a fraction of a full pass over a large run.
 */
export const RECOMMENDATION_MAX_TRIALS = 3 * BLOCK_SIZE;
/**
 * Most inputs one connected group of correlations may hold. Iman–Conover
 * reorders a group's columns through a k×k factorisation and costs about
 * 1.5·k² operations per trial (k = 32: ~12 M per 8,192-trial block, ~0.01 s),
 * so the cap keeps a run's correlation work bounded whatever the proposal
 * lists; real proposals correlate a handful of drivers (the demo: 2).
 */
export const MAX_CORRELATION_GROUP_SIZE = 32;
