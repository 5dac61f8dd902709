import { benefitFormula } from './lines.js';
import type { Adoption, Proposal, Quantity, Scenario } from './proposal.js';
import type { VariableSet } from './variables.js';

/**
 * Per-trial results of one scenario, as columns of length `trials`
 * (structure of arrays: no per-trial objects).
 */
export interface ScenarioTrials {
  trials: number;
  npv: Float64Array;
  pvBenefits: Float64Array;
  pvCosts: Float64Array;
  /** (PV benefits − PV costs) / PV costs; NaN when PV costs is 0. */
  roi: Float64Array;
  roi1y: Float64Array;
  /** Months, interpolated; NaN when never within the horizon. */
  payback: Float64Array;
  discountedPayback: Float64Array;
  /** Undiscounted sum of one-off costs within the horizon. */
  investment: Float64Array;
  implementationMonths: Float64Array;
  /** Sum over trials of each benefit line's PV (for its mean). */
  benefitPvSums: Float64Array;
  /** Cumulative cash flow by month (rows of H+1) for every `fanStride`-th trial. */
  fan: Float64Array;
  fanStride: number;
  fanRows: number;
}

export function allocateTrials(trials: number, horizon: number, benefitLines: number, fanStride: number): ScenarioTrials {
  const col = () => new Float64Array(trials);
  const fanRows = Math.ceil(trials / fanStride);
  return {
    trials,
    npv: col(),
    pvBenefits: col(),
    pvCosts: col(),
    roi: col(),
    roi1y: col(),
    payback: col(),
    discountedPayback: col(),
    investment: col(),
    implementationMonths: col(),
    benefitPvSums: new Float64Array(benefitLines),
    fan: new Float64Array(fanRows * (horizon + 1)),
    fanStride,
    fanRows,
  };
}

/** Where a quantity's per-trial values come from in a block: a variable column, or a constant. */
type Source = { variable: number } | { value: number };

interface CompiledBenefit {
  factors: Source[];
  scale: number;
  saved: Source | null;
  before: Source | null;
  after: Source | null;
  /** Monthly growth multiplier source: (1+g)^(1/12) per trial. */
  growth: Source;
  expansions: { month: number; factor: Source; cost: Source }[];
  /** True when the line has no growth and no expansions: it can join the flat sum. */
  flat: boolean;
}

interface CompiledCost {
  kind: 'oneOff' | 'recurring' | 'computePublic' | 'computePrivate' | 'maintenance';
  sources: Source[];
  upfront: boolean;
  fromStart: boolean;
  growth: Source | null;
}

const ZERO: Source = { value: 0 };

/**
 * A scenario compiled for block evaluation: every quantity resolved to a
 * variable column or a constant, benefit lines without growth or expansions
 * merged into one flat value per trial (the hot loop then touches each month
 * once per line kind, not once per line).
 *
 * Semantics (DESIGN §4.2–§4.4): start month s, implementation months s+1…s+T,
 * benefits from s+T+1 scaled by adoption a(k), k = months since go-live;
 * cash flows at month ends, discounted monthly at (1+r)^(1/12) − 1.
 */
export class ScenarioModel {
  readonly scenario: Scenario;
  private readonly horizon: number;
  private readonly discount: Float64Array;
  private readonly startMonth: number;
  private readonly benefits: CompiledBenefit[];
  private readonly costs: CompiledCost[];
  private readonly implementation: Source;
  private readonly adoption: { curve: Adoption['curve']; a: Source; b: Source; ceiling: Source };
  // Per-block scratch columns.
  private readonly lineValue: Float64Array[];
  private readonly lineGrowth: Float64Array[];
  private readonly flatBenefit: Float64Array;
  // Per-trial scratch by month.
  private readonly ben: Float64Array;
  private readonly cost: Float64Array;
  private readonly adopt: Float64Array;
  private readonly constants = new Map<number, Float64Array>();
  private readonly blockSize: number;

  constructor(proposal: Proposal, scenario: Scenario, set: VariableSet, blockSize: number, startMonth = 0) {
    this.scenario = scenario;
    this.horizon = proposal.horizonMonths;
    this.startMonth = startMonth;
    this.blockSize = blockSize;
    const monthly = Math.pow(1 + proposal.discountRate, 1 / 12) - 1;
    this.discount = new Float64Array(this.horizon + 1);
    for (let m = 0; m <= this.horizon; m++) this.discount[m] = Math.pow(1 + monthly, -m);

    const src = (q: Quantity | null): Source => (q === null ? ZERO : set.resolve(q));
    this.implementation = src(scenario.implementationMonths);
    const ad = scenario.adoption;
    this.adoption =
      ad.curve === 'linear'
        ? { curve: 'linear', a: src(ad.rampMonths), b: src(ad.start), ceiling: src(ad.ceiling) }
        : ad.curve === 'logistic'
          ? { curve: 'logistic', a: src(ad.steepness), b: src(ad.midpoint), ceiling: src(ad.ceiling) }
          : { curve: 'none', a: ZERO, b: ZERO, ceiling: src(ad.ceiling) };

    this.benefits = scenario.benefits.map((line) => {
      const f = benefitFormula(line);
      const growth = src(line.growthPerYear);
      const m = f.minutes;
      return {
        factors: f.factors.map(src),
        scale: f.scale,
        saved: m && 'saved' in m ? src(m.saved) : null,
        before: m && 'before' in m ? src(m.before) : null,
        after: m && 'after' in m ? src(m.after) : null,
        growth,
        expansions: line.expansions.map((e) => ({ month: e.month, factor: src(e.factor), cost: src(e.cost) })),
        flat: line.expansions.length === 0 && 'value' in growth && growth.value === 0,
      };
    });

    this.costs = scenario.costs.flatMap((c): CompiledCost[] => {
      switch (c.kind) {
        case 'oneOff':
          return [{ kind: 'oneOff', sources: [src(c.amount)], upfront: c.timing === 'upfront', fromStart: false, growth: null }];
        case 'recurring':
          return [{ kind: 'recurring', sources: [src(c.monthly)], upfront: false, fromStart: c.from === 'start', growth: src(c.escalationPerYear) }];
        case 'compute': {
          const share = src(c.publicShare);
          const parts: CompiledCost[] = [];
          if (c.deployment !== 'private') {
            parts.push({
              kind: 'computePublic',
              sources: [src(c.volumePerMonth), src(c.tokensPerTask), src(c.pricePer1kTokens), share],
              upfront: false,
              fromStart: false,
              growth: src(c.priceDeclinePerYear),
            });
          }
          if (c.deployment !== 'public') {
            parts.push({
              kind: 'computePrivate',
              sources: [src(c.gpus), src(c.pricePerGpu), src(c.monthlyOperations), share],
              upfront: true,
              fromStart: false,
              growth: null,
            });
          }
          return parts;
        }
        case 'maintenance':
          return [{ kind: 'maintenance', sources: [src(c.rateOfOneOffPerYear)], upfront: false, fromStart: false, growth: null }];
      }
    });

    this.lineValue = this.benefits.map(() => new Float64Array(blockSize));
    this.lineGrowth = this.benefits.map(() => new Float64Array(blockSize));
    this.flatBenefit = new Float64Array(blockSize);
    this.ben = new Float64Array(this.horizon + 1);
    this.cost = new Float64Array(this.horizon + 1);
    this.adopt = new Float64Array(this.horizon + 2);
  }

  /** The column for a source in this block: the variable's, or a constant-filled one. */
  private column(s: Source, cols: Float64Array[]): Float64Array {
    if ('variable' in s) return cols[s.variable];
    let c = this.constants.get(s.value);
    if (!c) {
      c = new Float64Array(this.blockSize).fill(s.value);
      this.constants.set(s.value, c);
    }
    return c;
  }

  /** Column-wise: each benefit line's monthly value at full adoption, its growth multiplier, and the flat sum. */
  private prepareBenefits(cols: Float64Array[], n: number): void {
    this.flatBenefit.fill(0, 0, n);
    this.benefits.forEach((b, l) => {
      const v = this.lineValue[l];
      v.fill(b.scale, 0, n);
      for (const f of b.factors) {
        const c = this.column(f, cols);
        for (let i = 0; i < n; i++) v[i] *= c[i];
      }
      if (b.saved) {
        const c = this.column(b.saved, cols);
        for (let i = 0; i < n; i++) v[i] *= c[i];
      } else if (b.before && b.after) {
        const c1 = this.column(b.before, cols);
        const c2 = this.column(b.after, cols);
        for (let i = 0; i < n; i++) v[i] *= c1[i] - c2[i];
      }
      if (b.flat) {
        for (let i = 0; i < n; i++) this.flatBenefit[i] += v[i];
      } else {
        const g = this.column(b.growth, cols);
        const gm = this.lineGrowth[l];
        for (let i = 0; i < n; i++) gm[i] = Math.pow(1 + g[i], 1 / 12);
      }
    });
  }

  /** Evaluates trials offset … offset+n−1 from the block's variable columns into `out`. */
  evaluateBlock(cols: Float64Array[], n: number, offset: number, out: ScenarioTrials): void {
    this.prepareBenefits(cols, n);
    const H = this.horizon;
    const s = this.startMonth;
    const D = this.discount;
    const ben = this.ben;
    const cost = this.cost;
    const adopt = this.adopt;
    const impl = this.column(this.implementation, cols);
    const adA = this.column(this.adoption.a, cols);
    const adB = this.column(this.adoption.b, cols);
    const adC = this.column(this.adoption.ceiling, cols);
    const curve = this.adoption.curve;
    const costCols = this.costs.map((c) => c.sources.map((x) => this.column(x, cols)));
    const costGrowth = this.costs.map((c) => (c.growth ? this.column(c.growth, cols) : null));
    const expCols = this.benefits.map((b) => b.expansions.map((e) => ({ month: e.month, factor: this.column(e.factor, cols), cost: this.column(e.cost, cols) })));
    const flat = this.flatBenefit;
    const pvSums = out.benefitPvSums;
    const fanStride = out.fanStride;

    for (let i = 0; i < n; i++) {
      const trial = offset + i;
      let T = Math.round(impl[i]);
      if (T < 0) T = 0;
      const goLive = Math.min(s + T, H);
      ben.fill(0);
      cost.fill(0);

      // Adoption a(k), k = 1 … H − goLive.
      const kMax = H - goLive;
      const ceiling = adC[i];
      if (curve === 'logistic') {
        const steep = adA[i];
        let e = Math.exp(steep * adB[i]);
        const r = Math.exp(-steep);
        for (let k = 1; k <= kMax; k++) {
          e *= r;
          adopt[k] = ceiling / (1 + e);
        }
      } else if (curve === 'linear') {
        const ramp = adA[i];
        const start = adB[i];
        for (let k = 1; k <= kMax; k++) adopt[k] = start + (ceiling - start) * (ramp > 0 ? Math.min(k / ramp, 1) : 1);
      } else {
        for (let k = 1; k <= kMax; k++) adopt[k] = ceiling;
      }

      // Flat benefit lines share one pass; A = Σ a(k)·D(m) gives each flat line's PV.
      const fb = flat[i];
      let adoptPv = 0;
      for (let k = 1; k <= kMax; k++) {
        const m = goLive + k;
        ben[m] = fb * adopt[k];
        adoptPv += adopt[k] * D[m];
      }
      let investment = 0;
      for (let l = 0; l < this.benefits.length; l++) {
        const b = this.benefits[l];
        const v = this.lineValue[l][i];
        if (b.flat) {
          pvSums[l] += v * adoptPv;
          continue;
        }
        const gm = this.lineGrowth[l][i];
        const exps = expCols[l];
        let growth = 1;
        let pv = 0;
        for (let k = 1; k <= kMax; k++) {
          const m = goLive + k;
          let factor = growth;
          for (const e of exps) if (m >= s + e.month) factor *= e.factor[i];
          const x = v * adopt[k] * factor;
          ben[m] += x;
          pv += x * D[m];
          growth *= gm;
        }
        pvSums[l] += pv;
        for (const e of exps) {
          const m = s + e.month;
          if (m <= H) {
            cost[m] += e.cost[i];
            investment += e.cost[i];
          }
        }
      }

      // Costs.
      let maintenanceRate = 0;
      for (let c = 0; c < this.costs.length; c++) {
        const line = this.costs[c];
        const cc = costCols[c];
        switch (line.kind) {
          case 'oneOff': {
            const amount = cc[0][i];
            investment += amount;
            if (line.upfront || T === 0) cost[Math.min(s, H)] += amount;
            else {
              const per = amount / T;
              for (let m = s + 1; m <= Math.min(s + T, H); m++) cost[m] += per;
              // Months past the horizon are outside the analysis; only what falls inside counts.
              if (s + T > H) investment -= per * (s + T - H);
            }
            break;
          }
          case 'recurring': {
            const amount = cc[0][i];
            const from = line.fromStart ? s + 1 : goLive + 1;
            const e = costGrowth[c]![i];
            if (e === 0) for (let m = from; m <= H; m++) cost[m] += amount;
            else {
              const step = Math.pow(1 + e, 1 / 12);
              let f = 1;
              for (let m = from; m <= H; m++) {
                cost[m] += amount * f;
                f *= step;
              }
            }
            break;
          }
          case 'computePublic': {
            // Token spend follows usage: volume × adoption × tokens/1000 × price × (1−d)^((k−1)/12).
            const monthly = (cc[0][i] * cc[1][i] * cc[2][i] * cc[3][i]) / 1000;
            const step = Math.pow(1 - costGrowth[c]![i], 1 / 12);
            let f = 1;
            for (let k = 1; k <= kMax; k++) {
              cost[goLive + k] += monthly * adopt[k] * f;
              f *= step;
            }
            break;
          }
          case 'computePrivate': {
            const privateShare = 1 - cc[3][i];
            const capex = cc[0][i] * cc[1][i] * privateShare;
            cost[Math.min(s, H)] += capex;
            investment += capex;
            const ops = cc[2][i] * privateShare;
            for (let m = goLive + 1; m <= H; m++) cost[m] += ops;
            break;
          }
          case 'maintenance':
            maintenanceRate += cc[0][i];
            break;
        }
      }
      if (maintenanceRate !== 0) {
        const monthly = (maintenanceRate * investment) / 12;
        for (let m = goLive + 1; m <= H; m++) cost[m] += monthly;
      }

      // Metrics over months 0 … H.
      let npv = 0;
      let pvB = 0;
      let pvC = 0;
      let pvB1 = 0;
      let pvC1 = 0;
      let cum = 0;
      let dcum = 0;
      let payback = NaN;
      let dpayback = NaN;
      let negative = false;
      let dnegative = false;
      const keepFan = trial % fanStride === 0;
      const fanBase = (trial / fanStride) * (H + 1);
      for (let m = 0; m <= H; m++) {
        const b = ben[m];
        const c = cost[m];
        const cf = b - c;
        const d = D[m];
        const dcf = cf * d;
        npv += dcf;
        pvB += b * d;
        pvC += c * d;
        if (m === 12) {
          pvB1 = pvB;
          pvC1 = pvC;
        }
        const prev = cum;
        cum += cf;
        if (cum < 0) negative = true;
        else if (negative && payback !== payback) payback = m - 1 + -prev / cf;
        const dprev = dcum;
        dcum += dcf;
        if (dcum < 0) dnegative = true;
        else if (dnegative && dpayback !== dpayback) dpayback = m - 1 + -dprev / dcf;
        if (keepFan) out.fan[fanBase + m] = cum;
      }
      if (H < 12) {
        pvB1 = pvB;
        pvC1 = pvC;
      }
      out.npv[trial] = npv;
      out.pvBenefits[trial] = pvB;
      out.pvCosts[trial] = pvC;
      out.roi[trial] = pvC > 0 ? (pvB - pvC) / pvC : NaN;
      out.roi1y[trial] = pvC1 > 0 ? (pvB1 - pvC1) / pvC1 : NaN;
      out.payback[trial] = negative ? payback : 0;
      out.discountedPayback[trial] = dnegative ? dpayback : 0;
      out.investment[trial] = investment;
      out.implementationMonths[trial] = T;
    }
  }
}
