import { fastNormalQuantile } from '../distributions/normal-quantile.js';
import type { Rng } from '../sampling/rng.js';
import { cholesky } from '../sampling/samplers.js';
import {
  SMC_ACCEPTED_MOVES_PER_STAGE,
  SMC_FINAL_ACCEPTED_MOVES,
  SMC_INDEPENDENT_SCALE,
  SMC_INITIAL_STEP,
  SMC_MIN_INDEPENDENT_ACCEPTANCE,
  SMC_MAX_STAGES,
  SMC_MAX_SWEEPS_PER_STAGE,
  SMC_STEP_ESS_SHARE,
  SMC_TARGET_ACCEPTANCE,
} from './constants.js';

/** A posterior over d normal scores with prior N(0, R) and a log-likelihood evaluated for every particle at once. */
export interface SmcProblem {
  /** Dimensions: the normal scores of the inputs updated together. */
  d: number;
  /** Lower Cholesky factor of R (row-major d × d): the prior correlation of the scores. */
  choleskyFactor: Float64Array;
  /** out[i] = log-likelihood of particle i, whose scores are z[0][i] … z[d−1][i], for every particle. */
  logLik(z: Float64Array[], out: Float64Array): void;
}

/** Equal-weight posterior particles and how the sampler got there. */
export interface SmcResult {
  /** z[j][i]: score j of particle i. */
  z: Float64Array[];
  /** Tempering stages (each a reweighting, a resampling and MCMC sweeps). */
  stages: number;
  /** MCMC sweeps over all particles. */
  sweeps: number;
  /** Acceptance rate of the last stage's sweeps. */
  acceptance: number;
  /** False when the stage cap stopped the tempering before the full likelihood (then a last plain reweighting ends it). */
  complete: boolean;
}

/**
 * Effective sample size (Σw)²/Σw² of weights given by their logarithms.
 * @example effectiveSampleSize(Float64Array.of(0, 0, 0, 0)) // 4
 */
export function effectiveSampleSize(logW: Float64Array, scale = 1): number {
  let max = -Infinity;
  for (let i = 0; i < logW.length; i++) if (scale * logW[i] > max) max = scale * logW[i];
  if (max === -Infinity) return 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < logW.length; i++) {
    const w = Math.exp(scale * logW[i] - max);
    s += w;
    s2 += w * w;
  }
  return (s * s) / s2;
}

/**
 * Systematic resampling (Kitagawa 1996): M indices drawn in proportion to
 * exp(logW), with one uniform, so a particle of weight w is kept ⌊Mw⌋ or ⌈Mw⌉ times.
 * @example systematicResample(Float64Array.of(0, -Infinity), 4, rng) // [0, 0, 0, 0]
 */
export function systematicResample(logW: Float64Array, count: number, rng: Rng): Int32Array {
  const n = logW.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (logW[i] > max) max = logW[i];
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += Math.exp(logW[i] - max);
  const out = new Int32Array(count);
  const step = total / count;
  let u = rng.uniform() * step;
  let j = 0;
  for (let k = 0; k < count; k++, u += step) {
    while (j < n - 1 && cumulative[j] < u) j++;
    out[k] = j;
  }
  return out;
}

/** A Gaussian fitted to the particles: its mean and the lower Cholesky factor K of its (scaled) covariance. */
interface FittedGaussian {
  mean: Float64Array;
  factor: Float64Array;
}

/**
 * The particles' mean and covariance (scaled by scale²), for independence
 * proposals; null when the covariance is singular (too few distinct particles).
 */
function fitGaussian(z: Float64Array[], M: number, scale: number): FittedGaussian | null {
  const d = z.length;
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const zj = z[j];
    let s = 0;
    for (let i = 0; i < M; i++) s += zj[i];
    mean[j] = s / M;
  }
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    const za = z[a];
    const ma = mean[a];
    for (let b = 0; b <= a; b++) {
      const zb = z[b];
      const mb = mean[b];
      let s = 0;
      for (let i = 0; i < M; i++) s += (za[i] - ma) * (zb[i] - mb);
      cov[a * d + b] = cov[b * d + a] = (scale * scale * s) / (M - 1);
    }
  }
  const c = cholesky(cov, d);
  return 'factor' in c ? { mean, factor: c.factor } : null;
}

/** −½|y|² with L·y = x: the log-density of N(0, LLᵀ) at x, up to its constant. */
function logPrior(x: Float64Array, L: Float64Array, d: number, y: Float64Array): number {
  let q = 0;
  for (let j = 0; j < d; j++) {
    let s = x[j];
    for (let k = 0; k < j; k++) s -= L[j * d + k] * y[k];
    y[j] = s / L[j * d + j];
    q += y[j] * y[j];
  }
  return -0.5 * q;
}

/** The log-density of the fitted Gaussian at x, up to its constant (the same one its proposals' −½|ξ|² drop). */
function logProposal(x: Float64Array, g: FittedGaussian, d: number, y: Float64Array): number {
  let q = 0;
  for (let j = 0; j < d; j++) {
    let s = x[j] - g.mean[j];
    for (let k = 0; k < j; k++) s -= g.factor[j * d + k] * y[k];
    y[j] = s / g.factor[j * d + j];
    q += y[j] * y[j];
  }
  return -0.5 * q;
}

/**
 * Posterior particles by tempered sequential Monte Carlo with resample–move
 * (Chopin 2002; Del Moral, Doucet & Jasra 2006). The prior draws are reweighted
 * by the likelihood raised to a temperature φ, raised from 0 to 1 in steps
 * chosen so that each step's weights keep SMC_STEP_ESS_SHARE of the particles
 * (Jasra et al. 2011); after each step the particles are resampled and moved
 * by preconditioned Crank–Nicolson MCMC (Cotter, Roberts, Stuart & White 2013):
 * z' = √(1−β²)·z + β·Lξ with ξ ~ N(0, I), which leaves the prior N(0, R)
 * invariant, so the acceptance ratio is the tempered likelihood ratio alone and
 * the inputs correlated with a measured one move with it through the copula.
 * β is tuned toward SMC_TARGET_ACCEPTANCE. Each stage first moves by
 * independence Metropolis–Hastings from a Gaussian fitted to the particles
 * (Chopin 2002; its covariance widened by SMC_INDEPENDENT_SCALE): when the
 * posterior is near-normal in the scores, as is usual, one accepted move is a
 * fresh draw; when fewer than SMC_MIN_INDEPENDENT_ACCEPTANCE of its proposals
 * are accepted, the stage continues with pCN. Each stage sweeps until the
 * particles have made SMC_ACCEPTED_MOVES_PER_STAGE accepted moves on average
 * (SMC_FINAL_ACCEPTED_MOVES at the last, full-likelihood stage).
 * @example temperedSmc(problem, priorScores, priorLogLik, rng).z[0] // posterior scores of the first input
 */
export function temperedSmc(problem: SmcProblem, initial: Float64Array[], initialLogLik: Float64Array, rng: Rng): SmcResult {
  const { d, choleskyFactor: L } = problem;
  const M = initialLogLik.length;
  let z: Float64Array[] = initial.map((c) => c.slice());
  let ll: Float64Array = initialLogLik.slice();
  const moves: Moves = {
    proposal: Array.from({ length: d }, () => new Float64Array(M)),
    proposalLl: new Float64Array(M),
    proposalQ: new Float64Array(M),
    xi: new Float64Array(d),
    zi: new Float64Array(d),
    pi: new Float64Array(d),
    work: new Float64Array(d),
  };
  // log N(0, R) of each particle, and log q of each under the stage's fitted Gaussian: a particle's own terms of the
  // independence ratio, kept from sweep to sweep and recomputed only for the particles that move (null: not known).
  let logPriorOf: Float64Array | null = null;
  const logProposalOf = new Float64Array(M);
  let phi = 0;
  let beta = SMC_INITIAL_STEP;
  let stages = 0;
  let sweeps = 0;
  let acceptance = 0;
  let complete = true;
  while (phi < 1) {
    let step = nextTemperatureStep(ll, 1 - phi, SMC_STEP_ESS_SHARE * M);
    if (stages + 1 >= SMC_MAX_STAGES) {
      step = 1 - phi;
      complete = false;
    }
    const logW = new Float64Array(M);
    for (let i = 0; i < M; i++) logW[i] = step * ll[i];
    phi = phi + step >= 1 - 1e-12 ? 1 : phi + step;
    const picks = systematicResample(logW, M, rng);
    z = z.map((c) => pick(c, picks));
    ll = pick(ll, picks);
    if (logPriorOf) logPriorOf = pick(logPriorOf, picks);
    stages++;
    if (!complete) break;
    // Move: independence sweeps from a Gaussian fitted to the particles while they are accepted often enough, else pCN sweeps.
    let accepted = 0;
    let stageSweeps = 0;
    const wanted = (phi === 1 ? SMC_FINAL_ACCEPTED_MOVES : SMC_ACCEPTED_MOVES_PER_STAGE) * M;
    let fitted = fitGaussian(z, M, SMC_INDEPENDENT_SCALE);
    if (fitted) {
      logPriorOf ??= particleLogDensities(z, d, M, moves, (x, y) => logPrior(x, L, d, y));
      const g = fitted;
      particleLogDensities(z, d, M, moves, (x, y) => logProposal(x, g, d, y), logProposalOf);
    }
    while (accepted < wanted && stageSweeps < SMC_MAX_SWEEPS_PER_STAGE) {
      if (fitted) proposeIndependent(fitted, d, M, rng, moves);
      else proposePcn(z, L, beta, d, M, rng, moves);
      problem.logLik(moves.proposal, moves.proposalLl);
      const sweepAccepted = fitted
        ? acceptIndependent(z, ll, phi, L, fitted, d, M, rng, moves, logPriorOf!, logProposalOf)
        : acceptPcn(z, ll, phi, d, M, rng, moves);
      if (!fitted && sweepAccepted > 0) logPriorOf = null;
      accepted += sweepAccepted;
      stageSweeps++;
      sweeps++;
      const rate = sweepAccepted / M;
      if (fitted) {
        if (rate < SMC_MIN_INDEPENDENT_ACCEPTANCE) fitted = null;
      } else beta = Math.min(1, Math.max(1e-6, beta * Math.exp(2 * (rate - SMC_TARGET_ACCEPTANCE))));
    }
    acceptance = stageSweeps > 0 ? accepted / (stageSweeps * M) : 0;
  }
  return { z, stages, sweeps, acceptance, complete };
}

/** Scratch of the MCMC sweeps: the proposals, their log-likelihoods and proposal densities, per-particle vectors. */
interface Moves {
  proposal: Float64Array[];
  proposalLl: Float64Array;
  proposalQ: Float64Array;
  xi: Float64Array;
  zi: Float64Array;
  pi: Float64Array;
  work: Float64Array;
}

/** values[picks[i]] for every i. */
function pick(values: Float64Array, picks: Int32Array): Float64Array<ArrayBuffer> {
  const out = new Float64Array(picks.length);
  for (let i = 0; i < picks.length; i++) out[i] = values[picks[i]];
  return out;
}

/** The largest tempering step (at most `max`) whose weights exp(step·ℓ) keep an ESS of `target`, by bisection. */
function nextTemperatureStep(ll: Float64Array, max: number, target: number): number {
  if (effectiveSampleSize(ll, max) >= target) return max;
  let lo = 0;
  let hi = max;
  for (let it = 0; it < 30; it++) {
    const mid = (lo + hi) / 2;
    if (effectiveSampleSize(ll, mid) >= target) lo = mid;
    else hi = mid;
  }
  return Math.max(lo, 1e-12);
}

/** Independence proposals z' = μ + Kξ, with log q(z') = −½|ξ|² (up to the constant that cancels). */
function proposeIndependent(g: FittedGaussian, d: number, M: number, rng: Rng, m: Moves): void {
  const { proposal, proposalQ, xi } = m;
  const { mean, factor } = g;
  for (let i = 0; i < M; i++) {
    let q = 0;
    for (let j = 0; j < d; j++) {
      xi[j] = fastNormalQuantile(rng.uniform());
      q += xi[j] * xi[j];
    }
    for (let j = 0; j < d; j++) {
      let s = mean[j];
      for (let k = 0; k <= j; k++) s += factor[j * d + k] * xi[k];
      proposal[j][i] = s;
    }
    proposalQ[i] = -0.5 * q;
  }
}

/** pCN proposals z' = √(1−β²)·z + β·Lξ. */
function proposePcn(z: Float64Array[], L: Float64Array, beta: number, d: number, M: number, rng: Rng, m: Moves): void {
  const { proposal, xi } = m;
  const keep = Math.sqrt(1 - beta * beta);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < d; j++) xi[j] = fastNormalQuantile(rng.uniform());
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += L[j * d + k] * xi[k];
      proposal[j][i] = keep * z[j][i] + beta * s;
    }
  }
}

/** Metropolis–Hastings for pCN proposals: the prior cancels, the tempered likelihood ratio decides. Returns the moves accepted. */
function acceptPcn(z: Float64Array[], ll: Float64Array, phi: number, d: number, M: number, rng: Rng, m: Moves): number {
  const { proposal, proposalLl } = m;
  let accepted = 0;
  for (let i = 0; i < M; i++) {
    const logRatio = phi * (proposalLl[i] - ll[i]);
    if (logRatio >= 0 || Math.log(rng.uniform()) < logRatio) {
      for (let j = 0; j < d; j++) z[j][i] = proposal[j][i];
      ll[i] = proposalLl[i];
      accepted++;
    }
  }
  return accepted;
}

/** out[i] = density(particle i) for every particle (a new array unless `out` is given). */
function particleLogDensities(
  z: Float64Array[],
  d: number,
  M: number,
  m: Moves,
  density: (x: Float64Array, work: Float64Array) => number,
  out = new Float64Array(M),
): Float64Array {
  const { zi, work } = m;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < d; j++) zi[j] = z[j][i];
    out[i] = density(zi, work);
  }
  return out;
}

/**
 * Independence Metropolis–Hastings: the tempered likelihood, the prior and the
 * proposal densities enter the ratio; a particle's own prior and proposal
 * densities come from logPriorOf / logProposalOf, updated when it moves.
 * Returns the moves accepted.
 */
function acceptIndependent(
  z: Float64Array[],
  ll: Float64Array,
  phi: number,
  L: Float64Array,
  g: FittedGaussian,
  d: number,
  M: number,
  rng: Rng,
  m: Moves,
  logPriorOf: Float64Array,
  logProposalOf: Float64Array,
): number {
  const { proposal, proposalLl, proposalQ, pi, work } = m;
  let accepted = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < d; j++) pi[j] = proposal[j][i];
    const proposedPrior = logPrior(pi, L, d, work);
    const logRatio = phi * (proposalLl[i] - ll[i]) + proposedPrior - logPriorOf[i] + logProposalOf[i] - proposalQ[i];
    if (logRatio >= 0 || Math.log(rng.uniform()) < logRatio) {
      for (let j = 0; j < d; j++) z[j][i] = pi[j];
      ll[i] = proposalLl[i];
      logPriorOf[i] = proposedPrior;
      logProposalOf[i] = logProposal(pi, g, d, work);
      accepted++;
    }
  }
  return accepted;
}
