import type { Proposal } from '../model/proposal.js';
import { type BlockTransform, blockSizeFor, forEachBlock, forEachKeptBlock } from '../model/simulate.js';
import { correlationGroups } from '../sampling/correlation.js';
import { hashKey, substream } from '../sampling/rng.js';
import { type Sampler, cholesky, spearmanToNormalScoreCorrelation } from '../sampling/samplers.js';
import type { VariableSet } from '../sampling/variables.js';
import { fastNormalQuantile } from '../distributions/normal-quantile.js';
import type { Actuals, Observation } from './actuals.js';
import { EXPLAIN_TRIALS, REWEIGHT_MIN_ESS_SHARE, SMC_PARTICLES, TRACKING_PARTICLES } from './constants.js';
import { type GridPosterior, gridPosterior } from './grid.js';
import { normalScoresByRank, scoreToProbability, valueAtProbability, valuesFromProbabilities, valuesFromScores } from './latent.js';
import { logLikelihood, standardError } from './likelihood.js';
import { Predictor } from './predict.js';
import { effectiveSampleSize, systematicResample, temperedSmc } from './smc.js';

/** How one group of inputs was updated. */
export type UpdateMethod = 'reweighting' | 'grid' | 'smc';

/** An observation as the update uses it. */
export interface Reading {
  observation: Observation;
  /** Variables its prediction draws on. */
  variables: number[];
  /** Its standard error (likelihood.ts), or null when it says nothing. */
  standardError: number | null;
  /** Why it does not enter the likelihood: a month's total whose lines are given too, or no information. */
  skipped: null | 'lines-given' | 'uninformative';
}

/** Inputs updated together: linked by a reading that draws on several of them, or by the copula. */
export interface Component {
  /** Its members' keys joined: names its random substreams. */
  key: string;
  variables: number[];
  /** The members some reading draws on (the others move only through their correlation). */
  likelihoodVariables: number[];
  readings: Reading[];
  /** Prior correlation of the members' normal scores (row-major), and its Cholesky factor. */
  correlation: Float64Array;
  cholesky: Float64Array;
}

/** The outcome of one component's update. */
export interface ComponentUpdate {
  component: Component;
  method: UpdateMethod;
  /** ESS of plain importance reweighting of the prior draws: (Σw)²/Σw², w = likelihood. */
  effectiveSampleSize: number;
  /** Prior draws the update worked on. */
  particles: number;
  /** SMC: stages, sweeps and the last stage's acceptance; grid: its knots. */
  diagnostics: { stages?: number; sweeps?: number; acceptance?: number; complete?: boolean; knots?: number };
}

interface Settings {
  trials: number;
  seed: number;
  sampler: Sampler;
  /** The run's draws, when kept (Simulation.columns): passes read them instead of drawing again. */
  kept?: Float64Array[];
}

/** The posterior of one component in the form the trial passes apply. */
type Mapping =
  | { kind: 'grid'; grid: GridPosterior; member: number; partnerShift: Float64Array }
  | { kind: 'particles'; values: Float64Array[]; salt: number };

/** Union–find over variable indices. */
function groupsOf(links: number[][], count: number): number[][] {
  const parent = Array.from({ length: count }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const l of links) for (let k = 1; k < l.length; k++) parent[find(l[k])] = find(l[0]);
  const out = new Map<number, number[]>();
  for (const l of links) for (const v of l) out.set(find(v), [...new Set([...(out.get(find(v)) ?? []), v])]);
  return [...out.values()].map((g) => g.sort((a, b) => a - b));
}

/**
 * The Bayesian update of a proposal's inputs from its actuals (docs/tracking.md).
 *
 * Each reading is a normal likelihood on what it observes (an input, the
 * adoption or money of a month, through the scenario's model). Readings that
 * draw on common inputs, and inputs the proposal correlates, form components
 * updated jointly; the prior is the proposal's own: its marginals and its
 * Iman–Conover rank correlation, taken as a Gaussian copula on the normal
 * scores of the ranks. The update starts from the run's first TRACKING_PARTICLES
 * prior draws:
 * - importance reweighting by the likelihood, when its effective sample size is
 *   at least REWEIGHT_MIN_ESS_SHARE of the draws (for readings of several
 *   inputs together: or at least the SMC_PARTICLES/2 draws SMC would give);
 * - else a fine grid when the readings draw on one input alone (exact: on the
 *   probability scale u = F(x) the posterior is the likelihood), correlated
 *   inputs following through the copula's conditional (z_U + R_UX·Δz_X);
 * - else tempered sequential Monte Carlo with pCN moves (smc.ts).
 * `transformBlock` then turns any block of prior draws of the same run into
 * posterior draws: the grid maps each trial's u through the posterior quantile
 * (keeping the Latin hypercube strata), the particle methods give each trial a
 * posterior particle (by a hash of the trial); inputs outside every component
 * keep their prior draws (the readings say nothing about them).
 * @example new Posterior(proposal, set, actuals, { trials: 100000, seed: 7, sampler: 'lhs' }).updates[0].method // 'grid'
 */
export class Posterior {
  readonly readings: Reading[];
  readonly updates: ComponentUpdate[];
  readonly predictor: Predictor;
  /** Prior draws the forecast and the update read: their count, and what each observation predicts for them. */
  readonly particles: number;
  readonly priorPredictions: Float64Array[];
  /** Trials (the first ones) over which the lines' prior and posterior money is averaged to explain a deviation. */
  readonly explainTrials: number;
  /** The variables whose draws the update changes, sorted. */
  readonly movedVariables: number[];
  /**
   * Per scenario with money actuals, over the prior draws: each line's money
   * summed (months 0 … as-of, for its prior mean) and each draw's cumulative
   * net cash flow by month (month → one value per draw).
   */
  readonly priorMonthly = new Map<string, { lineSums: Map<string, Float64Array>; cumulative: Float64Array[] }>();
  private readonly mappings: { component: Component; mapping: Mapping }[] = [];
  private readonly blockSize: number;

  constructor(
    proposal: Proposal,
    readonly set: VariableSet,
    readonly actuals: Actuals,
    settings: Settings,
  ) {
    const { trials, seed, sampler } = settings;
    const V = set.variables.length;
    const M = Math.min(trials, TRACKING_PARTICLES);
    this.particles = M;
    this.explainTrials = Math.min(M, EXPLAIN_TRIALS);
    this.blockSize = blockSizeFor(trials);
    const predictor = new Predictor(proposal, set, actuals.asOfMonth, M);
    this.predictor = predictor;
    const observations = actuals.observations;

    // A month's total is the same money as its lines: the lines are used, the total only when no line of its side is given.
    const lineGiven = new Set(observations.flatMap((o) => (o.target.kind === 'cash-line' ? [`${o.scenario}|${o.month}|${o.target.side}`] : [])));
    const readings: Reading[] = observations.map((o) => ({
      observation: o,
      variables: predictor.variablesOf(o),
      standardError: null,
      skipped: o.target.kind === 'cash' && lineGiven.has(`${o.scenario}|${o.month}|${o.target.side}`) ? 'lines-given' : null,
    }));
    this.readings = readings;

    // The copula: normal-score correlations of each correlation group.
    const { groups } = correlationGroups(proposal, set);
    const scoreCorrelation = new Map<string, number>();
    for (const g of groups) {
      const k = g.variables.length;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) scoreCorrelation.set(`${g.variables[i]},${g.variables[j]}`, spearmanToNormalScoreCorrelation(g.target[i * k + j]));
    }
    const groupLinks = groups.map((g) => g.variables);

    // Prior draws: the run's first M trials, with the inputs any reading may move at the values of their rank scores.
    const columns = set.variables.map(() => new Float64Array(M));
    const scores = new Map<number, Float64Array>();
    const candidates = groupsOf([...readings.filter((r) => r.skipped === null).map((r) => r.variables), ...groupLinks], V)
      .filter((g) => readings.some((r) => r.skipped === null && r.variables.some((v) => g.includes(v))))
      .flat();
    candidates.forEach((v) => scores.set(v, new Float64Array(M)));
    const scratchU = new Float64Array(this.blockSize);
    const visitPrior = (cols: Float64Array[], n: number, offset: number) => {
      cols.forEach((c, v) => columns[v].set(c.subarray(0, n), offset));
      for (const [v, z] of scores) {
        const zb = z.subarray(offset, offset + n);
        normalScoresByRank(cols[v], n, zb, scratchU);
        valuesFromProbabilities(set.variables[v], scratchU, n, columns[v].subarray(offset, offset + n));
      }
    };
    if (settings.kept) forEachKeptBlock(settings.kept.map((c) => c.subarray(0, M)), M, {}, visitPrior);
    else forEachBlock(proposal, set, { trials: M, seed, sampler }, visitPrior);

    // Each line's money (over the first explainTrials draws, for its prior mean) and each month's totals over the prior draws, per scenario with money actuals.
    const months = actuals.asOfMonth + 1;
    const totals = new Map<string, { benefit: Float64Array; cost: Float64Array }>();
    for (const id of new Set(observations.filter((o) => o.target.kind === 'cash' || o.target.kind === 'cash-line').map((o) => o.scenario))) {
      const scenario = proposal.scenarios.find((s) => s.id === id)!;
      const lineSums = new Map<string, Float64Array>();
      const benefit = new Float64Array(M * months);
      const cost = new Float64Array(M * months);
      for (let start = 0; start < M; start += predictor.blockSize) {
        const n = Math.min(predictor.blockSize, M - start);
        const block = predictor.monthly(scenario, columns.map((c) => c.subarray(start, start + n)), n, false);
        benefit.set(block.benefit, start * months);
        cost.set(block.cost, start * months);
        const explained = Math.max(0, Math.min(n, this.explainTrials - start));
        if (explained === 0) continue;
        for (const [key, money] of predictor.lines(scenario, columns.map((c) => c.subarray(start, start + explained)), explained)) {
          let sums = lineSums.get(key);
          if (!sums) lineSums.set(key, (sums = new Float64Array(months)));
          for (let i = 0; i < explained; i++) for (let m = 0; m < months; m++) sums[m] += money[i * months + m];
        }
      }
      const cumulative = Array.from({ length: months }, () => new Float64Array(M));
      for (let i = 0; i < M; i++) {
        let running = 0;
        for (let m = 0; m < months; m++) {
          running += benefit[i * months + m] - cost[i * months + m];
          cumulative[m][i] = running;
        }
      }
      totals.set(id, { benefit, cost });
      this.priorMonthly.set(id, { lineSums, cumulative });
    }

    // What the forecast says each observation will read (a month's total read off the totals above), and each reading's standard error.
    const priorPredictions = observations.map(() => new Float64Array(M));
    predictor.predict(observations, columns, M, priorPredictions, totals);
    this.priorPredictions = priorPredictions;
    readings.forEach((r, k) => {
      const p = priorPredictions[k];
      let mean = 0;
      for (let i = 0; i < M; i++) mean += p[i];
      mean /= M;
      let ss = 0;
      for (let i = 0; i < M; i++) ss += (p[i] - mean) ** 2;
      const sd = Math.sqrt(ss / Math.max(1, M - 1));
      r.standardError = standardError(r.observation, { mean, sd });
      if (r.skipped === null && r.standardError === null) r.skipped = 'uninformative';
    });

    // Components: readings that share inputs, closed under the copula's groups.
    const used = readings.filter((r) => r.skipped === null);
    const components: Component[] = groupsOf([...used.map((r) => r.variables), ...groupLinks], V)
      .map((variables) => {
        const rs = used.filter((r) => r.variables.some((v) => variables.includes(v)));
        const d = variables.length;
        const correlation = new Float64Array(d * d);
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) correlation[i * d + j] = i === j ? 1 : (scoreCorrelation.get(`${variables[i]},${variables[j]}`) ?? 0);
        const factor = cholesky(correlation, d);
        if (!('factor' in factor)) throw new RangeError('the correlations of the measured inputs are not positive definite');
        return {
          key: variables.map((v) => set.variables[v].key).join('|'),
          variables,
          likelihoodVariables: [...new Set(rs.flatMap((r) => r.variables))].sort((a, b) => a - b),
          readings: rs,
          correlation,
          cholesky: factor.factor,
        };
      })
      .filter((c) => c.readings.length > 0);

    // Each component's update.
    this.updates = components.map((c) => this.updateComponent(c, columns, scores, seed));
    this.movedVariables = [...new Set(components.flatMap((c) => c.variables))].sort((a, b) => a - b);
  }

  /** Log-likelihood of each row of `columns` under a component's readings. */
  private logLik(c: Component, columns: Float64Array[], rows: number, out: Float64Array): void {
    const obs = c.readings.map((r) => r.observation);
    const pred = obs.map(() => new Float64Array(rows));
    this.predictor.predict(obs, columns, rows, pred);
    this.sumLogLik(c, pred, rows, out);
  }

  /** Log-likelihood of each row given what a component's readings predict for it (pred[k] for c.readings[k]). */
  private sumLogLik(c: Component, pred: Float64Array[], rows: number, out: Float64Array): void {
    out.fill(0, 0, rows);
    c.readings.forEach((r, k) => {
      const y = r.observation.value;
      const se = r.standardError!;
      const p = pred[k];
      for (let i = 0; i < rows; i++) out[i] += logLikelihood(y, p[i], se);
    });
    for (let i = 0; i < rows; i++) if (!(out[i] > -Infinity)) out[i] = -Infinity;
  }

  private updateComponent(c: Component, columns: Float64Array[], scores: Map<number, Float64Array>, seed: number): ComponentUpdate {
    const M = this.particles;
    const set = this.set;
    const ll = new Float64Array(M);
    // The prior draws' predictions are at hand: the forecast computed them for every observation.
    this.sumLogLik(c, c.readings.map((r) => this.priorPredictions[this.readings.indexOf(r)]), M, ll);
    const ess = effectiveSampleSize(ll);
    const rng = substream(seed, `tracking:${c.key}`);
    const d = c.variables.length;
    const z = c.variables.map((v) => scores.get(v)!);
    const base: Omit<ComponentUpdate, 'method' | 'diagnostics'> = { component: c, effectiveSampleSize: ess, particles: M };

    // Reweighting when it keeps enough draws: half of them, or (inputs read together) as many as SMC would give.
    const enough = c.likelihoodVariables.length === 1 ? REWEIGHT_MIN_ESS_SHARE * M : Math.min(REWEIGHT_MIN_ESS_SHARE * M, SMC_PARTICLES / 2);
    if (ess >= enough) {
      const picks = systematicResample(ll, M, rng);
      const values = c.variables.map((v) => {
        const out = new Float64Array(M);
        for (let i = 0; i < M; i++) out[i] = columns[v][picks[i]];
        return out;
      });
      this.mappings.push({ component: c, mapping: { kind: 'particles', values, salt: hashKey(`${seed}:tracking:assignment:${c.key}`) } });
      return { ...base, method: 'reweighting', diagnostics: {} };
    }

    if (c.likelihoodVariables.length === 1) {
      const x = c.likelihoodVariables[0];
      const member = c.variables.indexOf(x);
      const variable = set.variables[x];
      const medians = set.variables.map((v) => valueAtProbability(v, 0.5));
      const grid = gridPosterior((u, n, out) => {
        const cols = medians.map((m) => new Float64Array(n).fill(m));
        variable.distribution.quantiles(u, cols[x], n);
        if (variable.clamp) for (let i = 0; i < n; i++) cols[x][i] = Math.min(Math.max(cols[x][i], variable.clamp[0]), variable.clamp[1]);
        this.logLik(c, cols, n, out);
      });
      const partnerShift = Float64Array.from(c.variables, (_, j) => c.correlation[j * d + member]);
      this.mappings.push({ component: c, mapping: { kind: 'grid', grid, member, partnerShift } });
      return { ...base, method: 'grid', diagnostics: { knots: grid.knots } };
    }

    // SMC in the normal scores of the component's members, on the first SMC_PARTICLES draws; every other input keeps its prior draw.
    const P = Math.min(M, SMC_PARTICLES);
    const work = columns.map((col) => col.subarray(0, P));
    const memberColumns = c.variables.map(() => new Float64Array(P));
    c.variables.forEach((v, j) => (work[v] = memberColumns[j]));
    const u = new Float64Array(P);
    const result = temperedSmc(
      {
        d,
        choleskyFactor: c.cholesky,
        logLik: (scoresNow, out) => {
          c.variables.forEach((v, j) => valuesFromScores(set.variables[v], scoresNow[j], P, u, memberColumns[j]));
          this.logLik(c, work, P, out);
        },
      },
      z.map((col) => col.subarray(0, P)),
      ll.subarray(0, P),
      rng,
    );
    const values = c.variables.map((v, j) => {
      const out = new Float64Array(P);
      valuesFromScores(set.variables[v], result.z[j], P, u, out);
      return out;
    });
    this.mappings.push({ component: c, mapping: { kind: 'particles', values, salt: hashKey(`${seed}:tracking:assignment:${c.key}`) } });
    return {
      ...base,
      method: 'smc',
      particles: P,
      diagnostics: { stages: result.stages, sweeps: result.sweeps, acceptance: result.acceptance, complete: result.complete },
    };
  }

  /**
   * Which posterior particle trial t takes: a counter-based hash of (seed,
   * component, t), so that any pass over any trials of the run sees the same
   * posterior draws without a stored table; every particle is equally likely
   * (to within count/2³² from the modulo).
   */
  private static particleOf(t: number, salt: number, count: number): number {
    let z = Math.imul((t ^ salt) + 0x9e3779b9, 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) % count;
  }

  /**
   * Turns a block of the run's prior draws into posterior draws, in place (a BlockTransform for forEachBlock).
   * @example forEachBlock(proposal, set, { ...settings, transformBlock: posterior.transformBlock }, visit)
   */
  readonly transformBlock: BlockTransform = (columns, n, offset) => {
    const set = this.set;
    for (const { component: c, mapping } of this.mappings) {
      if (mapping.kind === 'particles') {
        const count = mapping.values[0].length;
        const picks = new Int32Array(n);
        for (let i = 0; i < n; i++) picks[i] = Posterior.particleOf(offset + i, mapping.salt, count);
        c.variables.forEach((v, j) => {
          const src = mapping.values[j];
          const dest = columns[v];
          for (let i = 0; i < n; i++) dest[i] = src[picks[i]];
        });
        continue;
      }
      const { grid, member, partnerShift } = mapping;
      const zs = c.variables.map((v) => {
        const z = new Float64Array(n);
        normalScoresByRank(columns[v], n, z);
        return z;
      });
      const shift = new Float64Array(n);
      const x = c.variables[member];
      const u = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        u[i] = grid.inverse(scoreToProbability(zs[member][i]));
        shift[i] = fastNormalQuantile(u[i]) - zs[member][i];
      }
      set.variables[x].distribution.quantiles(u, columns[x], n);
      const clamp = set.variables[x].clamp;
      if (clamp) for (let i = 0; i < n; i++) columns[x][i] = Math.min(Math.max(columns[x][i], clamp[0]), clamp[1]);
      c.variables.forEach((v, j) => {
        if (j === member) return;
        const z = zs[j];
        for (let i = 0; i < n; i++) z[i] += partnerShift[j] * shift[i];
        valuesFromScores(set.variables[v], z, n, u, columns[v]);
      });
    }
  };
}
