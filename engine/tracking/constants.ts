/** Named constants of tracking (actuals → posterior → re-forecast), each with the reason for its value. */

/**
 * Prior draws the forecast and the update work on (the run's first block): the
 * forecast percentile of an actual then carries a sampling error of about 0.3
 * percentage points at P10, and importance weights and the grid read the same draws.
 */
export const TRACKING_PARTICLES = 8_192;

/**
 * Trials whose lines' money the explanation of a deviation averages (prior and
 * posterior, on common random numbers, so their difference is precise): the
 * posterior of the inputs the SMC moves is known to that accuracy anyway.
 */
export const EXPLAIN_TRIALS = 1_024;

/**
 * Plain importance reweighting of the prior draws is kept when its effective
 * sample size is at least this share of the draws (the usual resampling
 * threshold of sequential Monte Carlo, Doucet & Johansen 2009, §3.5), or at
 * least the effective count the SMC fallback itself delivers (SMC_PARTICLES/2):
 * below both, most draws carry no weight and a grid (one input) or SMC does better.
 */
export const REWEIGHT_MIN_ESS_SHARE = 0.5;

/**
 * Particles of the sequential Monte Carlo fallback (the first of the prior
 * draws): each MCMC sweep re-evaluates the readings through the model for every
 * particle, so this sets its cost; the re-forecast gives each trial one of
 * these posterior particles, so the posterior of the inputs it moves is known
 * to about sd/√(SMC_PARTICLES/2) (the half for the moves' autocorrelation).
 */
export const SMC_PARTICLES = 2_048;

/**
 * Each SMC tempering step is chosen so that the incremental weights keep this
 * share of the particles as ESS: bolder than the usual ½, since the
 * independence moves that follow redraw most particles afresh (fewer stages,
 * each a likelihood pass per sweep).
 */
export const SMC_STEP_ESS_SHARE = 0.3;
/** Accepted MCMC moves per particle (on average) that each intermediate SMC stage aims for before tempering further: enough to spread duplicated particles apart. */
export const SMC_ACCEPTED_MOVES_PER_STAGE = 1;
/** Accepted moves per particle of the last stage (the full likelihood): more, since its particles are the posterior the re-forecast uses. */
export const SMC_FINAL_ACCEPTED_MOVES = 3;
/** Cap on the MCMC sweeps of one SMC stage, so that a nearly stuck chain cannot run on. */
export const SMC_MAX_SWEEPS_PER_STAGE = 30;
/** Cap on SMC stages: each halves the ESS at most, so 200 stages cover any likelihood a pilot can produce (≈ 140 nats). */
export const SMC_MAX_STAGES = 200;
/** Initial pCN step β (z' = √(1−β²)·z + β·ξ); adapted per stage toward SMC_TARGET_ACCEPTANCE. */
export const SMC_INITIAL_STEP = 0.5;
/** Independence proposals are drawn from the particles' fitted Gaussian with its sd widened by this factor: a little wider than the target keeps the sampler's weights bounded (Tierney 1994). */
export const SMC_INDEPENDENT_SCALE = 1.1;
/** Below this acceptance rate the fitted Gaussian is a poor proposal (a skewed or multimodal posterior) and a stage moves by pCN instead. */
export const SMC_MIN_INDEPENDENT_ACCEPTANCE = 0.15;
/** The acceptance rate the pCN step is tuned toward: near the 0.234 optimum of random-walk samplers (Roberts, Gelman & Gilks 1997), a little higher for few dimensions. */
export const SMC_TARGET_ACCEPTANCE = 0.3;

/** Uniformly spaced knots of the 1-D grid's first scan over the prior's probability scale u ∈ (0, 1). */
export const GRID_COARSE_KNOTS = 4_096;
/** Uniformly spaced knots over the region that holds the posterior (after the scan found its peak). */
export const GRID_FINE_KNOTS = 8_192;
/** The posterior region ends where the log-likelihood is this far below its peak: e^−50 ≈ 2e−22 of the peak density, negligible mass beyond. */
export const GRID_LOG_LIKELIHOOD_DROP = 50;

/**
 * sd of an `adoption` reading given without n or sd: a share read off usage
 * logs is taken to be good to about ±5 percentage points (one sd), a month's
 * noise around the smooth adoption curve.
 */
export const ADOPTION_DEFAULT_SD = 0.05;

/**
 * Relative sd of a `cash:*` reading given without sd: booked money is exact,
 * but the model's month is not the ledger's (invoices slip across month ends,
 * accruals), so a month's figure is taken to be good to about ±10%.
 */
export const CASH_DEFAULT_RELATIVE_SD = 0.1;

/** An actual below the forecast's P10 (in the favourable direction) is "behind", above its P90 "ahead": the fan the Report draws. */
export const STATUS_BAND = 0.1;

/**
 * An input whose Spearman correlation with NPV lies within this many standard
 * errors (1/√n over the n analytics trials) of 0 has no favourable direction:
 * its sign would be noise, so its status is "on track" whatever its reading.
 */
export const NEUTRAL_SPEARMAN_STANDARD_ERRORS = 4;

/**
 * Tracking reuses the prior run's draws for its own passes (the update's prior
 * draws, the re-forecast) when they take at most this many numbers (64 MB);
 * larger runs draw them again from their substreams, which gives the same values.
 */
export const KEEP_DRAWS_MAX_VALUES = 8_000_000;

/**
 * The re-forecast simulates at most this many posterior trials, the run's
 * first whole blocks (3 × 8,192, the same draws as the prior run): a
 * probability is then known to ±0.3 percentage points (1 sd), a median to
 * about 1% of the spread, while the posterior of the inputs the SMC moves is
 * only known to its 2,048 particles anyway; more trials would slow tracking
 * without making the re-forecast surer.
 */
export const REFORECAST_MAX_TRIALS = 24_576;
