import { firstYearPv, paybacks } from './flows.js';
import { benefitFormula } from './lines.js';
import type { Adoption, Proposal, Quantity, Scenario } from './proposal.js';
import type { VariableSet } from '../sampling/variables.js';
import { type MonthlySums, monthlySums } from '../metrics/monthly.js';

/**
 * Per-trial results of one scenario, as columns of length `trials`
 * (structure of arrays: no per-trial objects).
 */
export interface ScenarioTrials {
  trials: number;
  npv: Float64Array;
  /** (PV benefits − PV costs) / PV costs; NaN when PV costs is 0. */
  roi: Float64Array;
  roi1y: Float64Array;
  /** Months, interpolated; NaN when never within the horizon. */
  payback: Float64Array;
  discountedPayback: Float64Array;
  /** Undiscounted sum of one-off costs within the horizon. */
  investment: Float64Array;
  /**
   * One-off cost committed at the start month: upfront lines, private GPUs
   * and spread one-offs in full (even months past the horizon), expansions
   * left out (they are paid when they happen). The same whatever the start
   * month: a roadmap phase's spend on the item.
   */
  commitment: Float64Array;
  implementationMonths: Float64Array;
  /** Sum over trials of each benefit line's PV (for its mean). */
  benefitPvSums: Float64Array;
  /** Sum over trials of each month's net cash flow (for the mean flows the planner shifts), or null. */
  flowSums: Float64Array | null;
  /** Sums over trials of each month's benefits and costs (for the Report's mean monthly flows), or null. */
  monthly: MonthlySums | null;
  /** Cumulative cash flow by month (rows of H+1) for every `fanStride`-th trial. */
  fan: Float64Array;
  fanStride: number;
  fanRows: number;
}

/**
 * Zeroed result columns for `trials` trials of one scenario, and a fan of every `fanStride`-th trial.
 * @example allocateTrials(10000, 60, 2, 1).npv.length // 10000
 */
export function allocateTrials(
  trials: number,
  horizon: number,
  benefitLines: number,
  fanStride: number,
  withFlowSums = false,
  withMonthly = false,
  column: (length: number) => Float64Array = (length) => new Float64Array(length),
): ScenarioTrials {
  const col = () => column(trials);
  const fanRows = Math.ceil(trials / fanStride);
  return {
    trials,
    npv: col(),
    roi: col(),
    roi1y: col(),
    payback: col(),
    discountedPayback: col(),
    investment: col(),
    commitment: col(),
    implementationMonths: col(),
    benefitPvSums: new Float64Array(benefitLines),
    flowSums: withFlowSums ? new Float64Array(horizon + 1) : null,
    monthly: withMonthly ? monthlySums(horizon) : null,
    fan: column(fanRows * (horizon + 1)),
    fanStride,
    fanRows,
  };
}

/** Where a quantity's per-trial values come from in a block: a variable column, or a constant with its filled column. */
type Source = { variable: number; value?: undefined; column?: undefined } | { value: number; column: Float64Array; variable?: undefined };

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

/**
 * A cost line reduced to the per-trial scalars the hot loop needs. Lines whose
 * monthly amount changes over time (escalation, price decline) are `special`
 * and add into a per-month scratch array instead.
 */
type CompiledCost =
  | { kind: 'oneOff'; amount: Source; upfront: boolean }
  | { kind: 'recurring'; amount: Source; fromStart: boolean; escalation: Source }
  | { kind: 'computePublic'; volume: Source; tokens: Source; price: Source; share: Source; decline: Source }
  | { kind: 'computePrivate'; gpus: Source; price: Source; operations: Source; share: Source }
  | { kind: 'maintenance'; rate: Source };

const isZero = (s: Source) => s.value === 0;

/** How a scenario is placed and scaled: the planner shifts scenarios and models stages as shares. */
export interface ModelOptions {
  /** Month s at which the scenario starts (0 = the decision date). */
  startMonth?: number;
  /** Multiplies every benefit and every running cost (recurring, compute, not one-off lines). */
  share?: number;
  /**
   * Compute only what a portfolio needs — the monthly flows (into a sink), NPV,
   * investment and implementation months — and skip payback, ROI and the fan.
   */
  flowsOnly?: boolean;
}

/**
 * Replaces some months' money of one trial before its metrics are taken
 * (tracking fixes observed months to the actuals): called with the trial's
 * index in the block and its monthly benefit and cost, it may change them in
 * place and writes what that changed to `delta`: [PV of benefits, PV of costs,
 * investment] (D[m] discounts month m).
 */
export type FlowOverride = (i: number, benefit: Float64Array, cost: Float64Array, D: Float64Array, delta: Float64Array) => void;

/** Per-trial monthly benefits and costs added into row-major blocks of n × (H+1): the portfolio sums its scenarios here. */
export interface FlowSink {
  benefit: Float64Array;
  cost: Float64Array;
}

/** Per-block columns of the scalars each trial's month loop reads. */
interface BlockColumns {
  /** Benefit lines without growth or expansions, summed: monthly value at full adoption. */
  flatBenefit: Float64Array;
  /** One-off costs paid at the start month (upfront lines, private GPUs). */
  upfront: Float64Array;
  /** One-off costs spread over the implementation months. */
  spread: Float64Array;
  /** Recurring costs from go-live / from the start month that stay flat. */
  recurringGoLive: Float64Array;
  recurringStart: Float64Array;
  /** Public-API compute that follows adoption and has no price decline. */
  adoptedCost: Float64Array;
  /** Maintenance rate per year of the one-off total. */
  maintenanceRate: Float64Array;
  /** Σ a(k)·D(m) over each trial's live months: the PV of 1 a month at full adoption. */
  adoptionPv: Float64Array;
}

/**
 * A scenario compiled for block evaluation: every quantity resolved to a
 * variable column or a constant; flat lines folded column-wise into a few
 * per-trial scalars, so the month loop reads a handful of numbers per trial;
 * lines that change month by month (growth, expansions, escalation, price
 * decline) go through per-month scratch arrays.
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
  /** True when some line needs the per-month scratch arrays. */
  private readonly hasSpecial: boolean;
  private readonly lineValue: Float64Array[];
  private readonly lineGrowth: Float64Array[];
  private readonly block: BlockColumns;
  private readonly specialBenefit: Float64Array;
  private readonly specialCost: Float64Array;
  private readonly monthBenefit: Float64Array;
  private readonly monthCost: Float64Array;
  /** discountSum[m] = Σ_{j ≤ m} D(j): present value of 1 a month over a range in O(1). */
  private readonly discountSum: Float64Array;
  /** e^(−steepness·k) for a logistic adoption with fixed steepness. */
  private readonly steepPowers: Float64Array;
  private readonly adopt: Float64Array;
  private readonly constants = new Map<number, Float64Array>();
  /** Scale of benefits and running costs (a stage's benefitShare; 1 for a whole scenario). */
  private readonly share: number;
  private readonly scratch = new Float64Array(2);
  private readonly overrideDelta = new Float64Array(3);
  /** Σ of trial i's expansion costs whose month (from the start) is within the horizon: part of the maintenance base. */
  private expansionBase = 0;
  private readonly flowsOnly: boolean;

  constructor(proposal: Proposal, scenario: Scenario, set: VariableSet, blockSize: number, options: ModelOptions = {}) {
    this.scenario = scenario;
    this.horizon = proposal.horizonMonths;
    this.startMonth = options.startMonth ?? 0;
    this.share = options.share ?? 1;
    this.flowsOnly = options.flowsOnly ?? false;
    const monthly = Math.pow(1 + proposal.discountRate, 1 / 12) - 1;
    this.discount = new Float64Array(this.horizon + 1);
    for (let m = 0; m <= this.horizon; m++) this.discount[m] = Math.pow(1 + monthly, -m);
    this.discountSum = new Float64Array(this.horizon + 1);
    for (let m = 0, acc = 0; m <= this.horizon; m++) this.discountSum[m] = acc += this.discount[m];

    // Constants get one filled column per distinct value, made once here.
    const src = (q: Quantity | null): Source => {
      const r = q === null ? { value: 0 } : set.resolve(q);
      if ('variable' in r) return { variable: r.variable };
      let column = this.constants.get(r.value);
      if (!column) {
        column = new Float64Array(blockSize).fill(r.value);
        this.constants.set(r.value, column);
      }
      return { value: r.value, column };
    };
    this.implementation = src(scenario.implementationMonths);
    const ad = scenario.adoption;
    this.adoption =
      ad.curve === 'linear'
        ? { curve: 'linear', a: src(ad.rampMonths), b: src(ad.start), ceiling: src(ad.ceiling) }
        : ad.curve === 'logistic'
          ? { curve: 'logistic', a: src(ad.steepness), b: src(ad.midpoint), ceiling: src(ad.ceiling) }
          : { curve: 'none', a: src(null), b: src(null), ceiling: src(ad.ceiling) };

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
        flat: line.expansions.length === 0 && isZero(growth),
      };
    });

    this.costs = scenario.costs.flatMap((c): CompiledCost[] => {
      switch (c.kind) {
        case 'oneOff':
          return [{ kind: 'oneOff', amount: src(c.amount), upfront: c.timing === 'upfront' }];
        case 'recurring':
          return [{ kind: 'recurring', amount: src(c.monthly), fromStart: c.from === 'start', escalation: src(c.escalationPerYear) }];
        case 'compute': {
          const share = src(c.publicShare);
          const parts: CompiledCost[] = [];
          if (c.deployment !== 'private') {
            parts.push({ kind: 'computePublic', volume: src(c.volumePerMonth), tokens: src(c.tokensPerTask), price: src(c.pricePer1kTokens), share, decline: src(c.priceDeclinePerYear) });
          }
          if (c.deployment !== 'public') {
            parts.push({ kind: 'computePrivate', gpus: src(c.gpus), price: src(c.pricePerGpu), operations: src(c.monthlyOperations), share });
          }
          return parts;
        }
        case 'maintenance':
          return [{ kind: 'maintenance', rate: src(c.rateOfOneOffPerYear) }];
      }
    });
    this.hasSpecial =
      this.benefits.some((b) => !b.flat) ||
      this.costs.some((c) => (c.kind === 'recurring' && !isZero(c.escalation)) || (c.kind === 'computePublic' && !isZero(c.decline)));

    const col = () => new Float64Array(blockSize);
    this.lineValue = this.benefits.map(col);
    this.lineGrowth = this.benefits.map(col);
    this.block = {
      flatBenefit: col(),
      upfront: col(),
      spread: col(),
      recurringGoLive: col(),
      recurringStart: col(),
      adoptedCost: col(),
      maintenanceRate: col(),
      adoptionPv: col(),
    };
    this.specialBenefit = new Float64Array(this.horizon + 1);
    this.specialCost = new Float64Array(this.horizon + 1);
    this.monthBenefit = new Float64Array(this.horizon + 1);
    this.monthCost = new Float64Array(this.horizon + 1);
    this.adopt = new Float64Array(this.horizon + 2);
    this.steepPowers = new Float64Array(this.horizon + 2);
    const steep = this.adoption.a;
    if (this.adoption.curve === 'logistic' && steep.value !== undefined) {
      for (let k = 0; k <= this.horizon + 1; k++) this.steepPowers[k] = Math.exp(-steep.value * k);
    }
  }

  /** The column for a source in this block: the variable's, or a constant-filled one. */
  private column(s: Source, cols: Float64Array[]): Float64Array {
    return s.variable !== undefined ? cols[s.variable] : s.column!;
  }

  /** Column-wise: each benefit line's monthly value at full adoption, its growth multiplier, and the flat sum. */
  private prepareBenefits(cols: Float64Array[], n: number): void {
    const flat = this.block.flatBenefit;
    flat.fill(0, 0, n);
    this.benefits.forEach((b, l) => {
      const v = this.lineValue[l];
      v.fill(b.scale * this.share, 0, n);
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
        for (let i = 0; i < n; i++) flat[i] += v[i];
      } else {
        const g = this.column(b.growth, cols);
        const gm = this.lineGrowth[l];
        for (let i = 0; i < n; i++) gm[i] = Math.pow(1 + g[i], 1 / 12);
      }
    });
  }

  /** Column-wise: the per-trial cost scalars of the flat cost lines. */
  private prepareCosts(cols: Float64Array[], n: number): void {
    const k = this.block;
    for (const c of [k.upfront, k.spread, k.recurringGoLive, k.recurringStart, k.adoptedCost, k.maintenanceRate]) c.fill(0, 0, n);
    const add = (target: Float64Array, scale: number, ...factors: Float64Array[]) => {
      for (let i = 0; i < n; i++) {
        let x = scale;
        for (const f of factors) x *= f[i];
        target[i] += x;
      }
    };
    const share = this.share;
    for (const c of this.costs) {
      switch (c.kind) {
        case 'oneOff':
          add(c.upfront ? k.upfront : k.spread, 1, this.column(c.amount, cols));
          break;
        case 'recurring':
          if (isZero(c.escalation)) add(c.fromStart ? k.recurringStart : k.recurringGoLive, share, this.column(c.amount, cols));
          break;
        case 'computePublic':
          if (isZero(c.decline)) {
            const v = this.column(c.volume, cols);
            const t = this.column(c.tokens, cols);
            const p = this.column(c.price, cols);
            const s = this.column(c.share, cols);
            for (let i = 0; i < n; i++) k.adoptedCost[i] += (share * v[i] * t[i] * p[i] * s[i]) / 1000;
          }
          break;
        case 'computePrivate': {
          const g = this.column(c.gpus, cols);
          const p = this.column(c.price, cols);
          const o = this.column(c.operations, cols);
          const s = this.column(c.share, cols);
          for (let i = 0; i < n; i++) {
            k.upfront[i] += share * g[i] * p[i] * (1 - s[i]);
            k.recurringGoLive[i] += share * o[i] * (1 - s[i]);
          }
          break;
        }
        case 'maintenance':
          add(k.maintenanceRate, 1, this.column(c.rate, cols));
          break;
      }
    }
  }

  /**
   * Adds the month-varying lines of trial i into the scratch arrays (zeroed
   * first); returns the one-off cost they add (expansions within the horizon),
   * and leaves in expansionBase the expansion costs counted from the start
   * month (whether or not a late start pushes them past the horizon).
   */
  private specialLines(i: number, goLive: number, kMax: number, cols: Float64Array[], pvSums: Float64Array): number {
    const s = this.startMonth;
    const H = this.horizon;
    const D = this.discount;
    const adopt = this.adopt;
    const ben = this.specialBenefit;
    const cost = this.specialCost;
    ben.fill(0);
    cost.fill(0);
    let oneOff = 0;
    let base = 0;
    for (let l = 0; l < this.benefits.length; l++) {
      const b = this.benefits[l];
      if (b.flat) continue;
      const v = this.lineValue[l][i];
      const gm = this.lineGrowth[l][i];
      const exps = b.expansions;
      // Expansion e multiplies the line from month s + e.month on.
      let growth = 1;
      let pv = 0;
      for (let k = 1; k <= kMax; k++) {
        const m = goLive + k;
        let factor = growth;
        for (let e = 0; e < exps.length; e++) if (m >= s + exps[e].month) factor *= this.column(exps[e].factor, cols)[i];
        const x = v * adopt[k] * factor;
        ben[m] += x;
        pv += x * D[m];
        growth *= gm;
      }
      pvSums[l] += pv;
      for (let e = 0; e < exps.length; e++) {
        if (exps[e].month > H) continue;
        const c = this.column(exps[e].cost, cols)[i];
        base += c;
        const m = s + exps[e].month;
        if (m <= H) {
          cost[m] += c;
          oneOff += c;
        }
      }
    }
    for (let c = 0; c < this.costs.length; c++) {
      const line = this.costs[c];
      if (line.kind === 'recurring' && !isZero(line.escalation)) {
        const amount = this.share * this.column(line.amount, cols)[i];
        const step = Math.pow(1 + this.column(line.escalation, cols)[i], 1 / 12);
        let f = 1;
        for (let m = line.fromStart ? s + 1 : goLive + 1; m <= H; m++) {
          cost[m] += amount * f;
          f *= step;
        }
      } else if (line.kind === 'computePublic' && !isZero(line.decline)) {
        // Token spend follows usage: volume × adoption × tokens/1000 × price × (1−d)^((k−1)/12).
        const monthly = (this.share * this.column(line.volume, cols)[i] * this.column(line.tokens, cols)[i] * this.column(line.price, cols)[i] * this.column(line.share, cols)[i]) / 1000;
        const step = Math.pow(1 - this.column(line.decline, cols)[i], 1 / 12);
        let f = 1;
        for (let k = 1; k <= kMax; k++) {
          cost[goLive + k] += monthly * adopt[k] * f;
          f *= step;
        }
      }
    }
    this.expansionBase = base;
    return oneOff;
  }

  /** Evaluates trials offset … offset+n−1 from the block's variable columns into `out`; `override` may replace each trial's monthly money first. */
  evaluateBlock(cols: Float64Array[], n: number, offset: number, out: ScenarioTrials, sink?: FlowSink, override?: FlowOverride): void {
    this.prepareBenefits(cols, n);
    this.prepareCosts(cols, n);
    const H = this.horizon;
    const s = Math.min(this.startMonth, H);
    const D = this.discount;
    const adopt = this.adopt;
    const impl = this.column(this.implementation, cols);
    const adA = this.column(this.adoption.a, cols);
    const adB = this.column(this.adoption.b, cols);
    const adC = this.column(this.adoption.ceiling, cols);
    const curve = this.adoption.curve;
    const { flatBenefit, upfront, spread, recurringGoLive, recurringStart, adoptedCost, maintenanceRate } = this.block;
    const hasSpecial = this.hasSpecial;
    const sb = this.specialBenefit;
    const sc = this.specialCost;
    const pvSums = out.benefitPvSums;
    const adoptionPv = this.block.adoptionPv;
    const scratch = this.scratch;
    const flowsOnly = this.flowsOnly;
    const flowSums = out.flowSums;
    const monthly = out.monthly;
    const discountSum = this.discountSum;
    const steepness = this.adoption.a;
    const fixedSteepness = curve === 'logistic' && steepness.value !== undefined;
    const steepPowers = this.steepPowers;
    const fanStride = out.fanStride;

    for (let i = 0; i < n; i++) {
      const trial = offset + i;
      let T = Math.round(impl[i]);
      if (T < 0) T = 0;
      const goLive = Math.min(s + T, H);
      const kMax = H - goLive;

      // Adoption a(k), k = 1 … H − goLive.
      const ceiling = adC[i];
      // Logistic adoption with fixed steepness is computed inside the month loop below
      // (ceiling / (1 + e^(steep·mid) · e^(−steep·k)), powers from a table); other curves fill a(k) here.
      const atMid = curve === 'logistic' ? Math.exp(adA[i] * adB[i]) : 0;
      const inline = fixedSteepness && !hasSpecial;
      if (inline) {
        // nothing to precompute
      } else if (curve === 'logistic') {
        if (fixedSteepness) {
          for (let k = 1; k <= kMax; k++) adopt[k] = ceiling / (1 + atMid * steepPowers[k]);
        } else {
          const r = Math.exp(-adA[i]);
          let e = atMid;
          for (let k = 1; k <= kMax; k++) {
            e *= r;
            adopt[k] = ceiling / (1 + e);
          }
        }
      } else if (curve === 'linear') {
        const ramp = adA[i];
        const start = adB[i];
        for (let k = 1; k <= kMax; k++) adopt[k] = start + (ceiling - start) * (ramp > 0 ? Math.min(k / ramp, 1) : 1);
      } else {
        for (let k = 1; k <= kMax; k++) adopt[k] = ceiling;
      }

      const commitment = upfront[i] + spread[i];
      let investment = commitment;
      if (s + T > H && T > 0) investment -= (spread[i] / T) * (s + T - H); // spread months past the horizon are outside it
      this.expansionBase = 0;
      if (hasSpecial) investment += this.specialLines(i, goLive, kMax, cols, pvSums);
      // Maintenance is on the one-off total as the scenario states it, counted from its own start, so
      // that a later start shifts it unchanged (at start 0 this is the investment whenever there is a live month).
      const maintenanceBase = commitment + this.expansionBase;
      const fb = flatBenefit[i];
      const upfrontNow = upfront[i] + (T === 0 ? spread[i] : 0);
      const spreadPerMonth = T > 0 ? spread[i] / T : 0;
      const implEnd = s + T;
      const fromStart = recurringStart[i];
      const lateCost = fromStart + recurringGoLive[i] + (maintenanceRate[i] * maintenanceBase) / 12;
      const adoptedC = adoptedCost[i];

      // Benefit and cost of each month, range by range, with their present values.
      const bm = this.monthBenefit;
      const cm = this.monthCost;
      let pvC = 0;
      for (let m = 0; m <= goLive; m++) {
        const c = m > s ? fromStart + (m <= implEnd ? spreadPerMonth : 0) : 0;
        bm[m] = 0;
        cm[m] = c;
        pvC += c * D[m];
      }
      cm[s] += upfrontNow;
      pvC += upfrontNow * D[s];
      let adoptPv = 0;
      for (let m = goLive + 1; m <= H; m++) {
        const a = inline ? ceiling / (1 + atMid * steepPowers[m - goLive]) : adopt[m - goLive];
        bm[m] = a * fb;
        cm[m] = lateCost + a * adoptedC;
        adoptPv += a * D[m];
      }
      pvC += lateCost * (discountSum[H] - discountSum[goLive]) + adoptedC * adoptPv;
      let pvB = fb * adoptPv;
      if (hasSpecial) {
        for (let m = 0; m <= H; m++) {
          bm[m] += sb[m];
          cm[m] += sc[m];
          pvB += sb[m] * D[m];
          pvC += sc[m] * D[m];
        }
      }
      if (override) {
        const delta = this.overrideDelta.fill(0);
        override(i, bm, cm, D, delta);
        pvB += delta[0];
        pvC += delta[1];
        investment += delta[2];
      }
      if (flowSums) for (let m = 0; m <= H; m++) flowSums[m] += bm[m] - cm[m];
      if (monthly) {
        const mb = monthly.benefit;
        const mc = monthly.cost;
        for (let m = 0; m <= H; m++) {
          mb[m] += bm[m];
          mc[m] += cm[m];
        }
      }
      if (sink) {
        const base = i * (H + 1);
        for (let m = 0; m <= H; m++) {
          sink.benefit[base + m] += bm[m];
          sink.cost[base + m] += cm[m];
        }
      }
      adoptionPv[i] = adoptPv;
      out.npv[trial] = pvB - pvC;
      out.investment[trial] = investment;
      out.commitment[trial] = commitment;
      out.implementationMonths[trial] = T;
      if (flowsOnly) continue;
      firstYearPv(bm, cm, 0, H, D, scratch);
      const pvB1 = scratch[0];
      const pvC1 = scratch[1];
      paybacks(bm, cm, 0, H, D, scratch);
      out.payback[trial] = scratch[0];
      out.discountedPayback[trial] = scratch[1];
      out.roi[trial] = pvC > 0 ? (pvB - pvC) / pvC : NaN;
      out.roi1y[trial] = pvC1 > 0 ? (pvB1 - pvC1) / pvC1 : NaN;
      if (trial % fanStride === 0) {
        const base = (trial / fanStride) * (H + 1);
        let running = 0;
        for (let m = 0; m <= H; m++) {
          running += bm[m] - cm[m];
          out.fan[base + m] = running;
        }
      }
    }
    // A flat line's PV is its value times Σ a(k)·D(m), summed column-wise.
    for (let l = 0; l < this.benefits.length; l++) {
      if (!this.benefits[l].flat) continue;
      const v = this.lineValue[l];
      let sum = 0;
      for (let i = 0; i < n; i++) sum += v[i] * adoptionPv[i];
      pvSums[l] += sum;
    }
  }
}
