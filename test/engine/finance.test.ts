import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  annualToMonthlyRate,
  discountedPaybackPeriod,
  irr,
  irrFromFlows,
  mirr,
  monthlyToAnnualRate,
  npv,
  paybackPeriod,
  xirr,
  xnpv,
} from '../../engine/metrics/finance.js';

/**
 * Tolerances used below (all stated, all tight):
 * - Published values are checked to half a unit of their last published digit
 *   (e.g. ±0.005 for a currency amount published to the cent, ±0.00005 for a rate
 *   published as 8.66 %). `closeTo(x, published, halfUnit)`.
 * - Where a high-precision reference exists (mpmath, 40 significant digits, same
 *   formula) the result must agree to 1e-12 relative; rates (IRR, XIRR, MIRR) to
 *   1e-6 relative or tighter as asked for IRR.
 */
const REL_TIGHT = 1e-12;
const REL_IRR = 1e-6;

function expectWithin(actual: number, expected: number, absTol: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(absTol);
}

function expectRelative(actual: number, expected: number, relTol: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relTol * Math.abs(expected));
}

describe('npv', () => {
  // Source: Microsoft Support, "NPV function" (Excel), Example 1: rate 10 %, an
  // initial cost of −10,000 ONE YEAR from today, then 3,000, 4,200, 6,800 →
  // =NPV(A2, A3, A4, A5, A6) = $1,188.44. Excel discounts its first value by one
  // period, so the equivalent here puts a 0 at t = 0.
  // mpmath reference: 1188.443412335223003893…
  it('matches the Excel NPV documentation, example 1 ($1,188.44)', () => {
    const value = npv(0.1, [0, -10000, 3000, 4200, 6800]);
    expectWithin(value, 1188.44, 0.005);
    expectRelative(value, 1188.443412335223, REL_TIGHT);
  });

  // Source: Microsoft Support, "NPV function" (Excel), Example 2: rate 8 %, initial
  // investment −40,000 at the START of the period (added outside NPV), returns
  // 8,000, 9,200, 10,000, 12,000, 14,500 → =NPV(A2, A4:A8)+A3 = $1,922.06; with a
  // 9,000 loss in year 6, =NPV(A2, A4:A8, −9000)+A3 = −$3,749.47. That documented
  // "initial investment" form is exactly this module's convention (cf[0] undiscounted).
  // mpmath references: 1922.061554932372200893…, −3749.465087015570825940…
  it('matches the Excel NPV documentation, example 2 ($1,922.06 and −$3,749.47)', () => {
    const returns = [8000, 9200, 10000, 12000, 14500];
    const a = npv(0.08, [-40000, ...returns]);
    expectWithin(a, 1922.06, 0.005);
    expectRelative(a, 1922.0615549323722, REL_TIGHT);
    const b = npv(0.08, [-40000, ...returns, -9000]);
    expectWithin(b, -3749.47, 0.005);
    expectRelative(b, -3749.465087015571, REL_TIGHT);
  });

  it('does not discount cashflows[0] and returns NaN for rate <= -1', () => {
    expect(npv(0.5, [123])).toBe(123);
    expect(npv(-1, [-1, 2])).toBeNaN();
    expect(npv(-2, [-1, 2])).toBeNaN();
  });
});

describe('irr', () => {
  // Source: Microsoft Support, "IRR function" (Excel), example data −70,000 (initial
  // cost), 12,000, 15,000, 18,000, 21,000, 26,000 (net income years 1–5):
  //   =IRR(A2:A6)       after four years  → −2.1 %  (older edition of the page: −2.12 %)
  //   =IRR(A2:A7)       after five years  →  8.7 %  (older edition:  8.66 %)
  //   =IRR(A2:A4, −10%) after two years   → −44.4 % (older edition: −44.35 %)
  // mpmath references (findroot on the same NPV, 40 digits):
  //   −0.021244848273410991…, 0.086630948036531614…, −0.443506941334740539…
  const data = [-70000, 12000, 15000, 18000, 21000, 26000];

  it('matches the Excel IRR documentation, five years (8.66 %)', () => {
    const r = irr(data);
    expectWithin(r, 0.0866, 0.00005);
    expectRelative(r, 0.08663094803653161, REL_IRR * 1e-3);
  });

  it('matches the Excel IRR documentation, four years (−2.12 %)', () => {
    const r = irr(data.slice(0, 5));
    expectWithin(r, -0.0212, 0.00005);
    expectRelative(r, -0.02124484827341099, REL_IRR * 1e-3);
  });

  it('matches the Excel IRR documentation, two years with guess −10 % (−44.35 %)', () => {
    const r = irr(data.slice(0, 3), -0.1);
    expectWithin(r, -0.4435, 0.00005);
    // Hand check: −70000 + 12000x + 15000x² = 0 with x = 1/(1+r) gives
    // x = (−12000 + √(12000² + 4·15000·70000)) / 30000, r = 1/x − 1.
    const x = (-12000 + Math.sqrt(12000 ** 2 + 4 * 15000 * 70000)) / 30000;
    expectRelative(r, 1 / x - 1, REL_TIGHT);
    expectRelative(r, -0.4435069413347405, REL_IRR * 1e-3);
  });

  it('returns the same root from any reasonable guess (Newton or bracketing fallback)', () => {
    for (const guess of [-0.99, -0.9, -0.5, 0, 0.1, 0.5, 1, 10, 1000, 1e5]) {
      expectRelative(irr(data, guess), 0.08663094803653161, REL_IRR * 1e-3);
    }
  });

  // Textbook multiple-IRR project (e.g. Brealey, Myers & Allen, Principles of
  // Corporate Finance, ch. 5, "multiple rates of return"): −100, +230, −132.
  // Hand check: with y = 1+r, −100y² + 230y − 132 = 0 → y = (230 ± √(52900 − 52800))/200
  // = 1.1 or 1.2, so the IRRs are 10 % and 20 %; the guess selects the root.
  it('finds each root of a two-IRR project from a nearby guess', () => {
    expectWithin(irr([-100, 230, -132], 0.1), 0.1, 1e-12);
    expectWithin(irr([-100, 230, -132], 0.25), 0.2, 1e-12);
  });

  // Hand check: −1 + 1e−10/(1+r)^40 = 0 ⇔ (1+r)^40 = 1e−10 ⇔ r = 10^(−1/4) − 1.
  // Newton from 10 % overflows here, so this exercises the bracketing fallback.
  it('falls back to bracketing when Newton fails', () => {
    const flows = [-1, ...new Array<number>(39).fill(0), 1e-10];
    expectRelative(irr(flows), 10 ** -0.25 - 1, 1e-12);
  });

  it('returns NaN without a sign change and throws on programmer errors', () => {
    expect(irr([100, 200, 300])).toBeNaN();
    expect(irr([-100, -200])).toBeNaN();
    expect(irr([0, 0, 0])).toBeNaN();
    expect(() => irr([])).toThrow(RangeError);
    expect(() => irr([-1, 2], -1)).toThrow(RangeError);
  });

  it('irrFromFlows reads only the first n values and agrees with irr', () => {
    const buffer = new Float64Array([...data, 999, -999]);
    expect(irrFromFlows(buffer, 6, 0.1)).toBe(irr(data));
    expect(irrFromFlows(new Float64Array([-100, 60, 60]), 3, 0.1)).toBeCloseTo(0.13066238629180748, 14);
    expect(irrFromFlows(new Float64Array([5, 6]), 2, 0.1)).toBeNaN();
    expect(() => irrFromFlows(buffer, 0, 0.1)).toThrow(RangeError);
    expect(() => irrFromFlows(buffer, 9, 0.1)).toThrow(RangeError);
  });
});

describe('xnpv and xirr', () => {
  // Source: Microsoft Support, "XNPV function" (Excel) and the Excel VBA reference
  // "WorksheetFunction.Xnpv method" (learn.microsoft.com): values −10,000, 2,750,
  // 4,250, 3,250, 2,750 on 1/1/2008, 3/1/2008, 10/30/2008, 2/15/2009, 4/1/2009,
  // =XNPV(.09, A2:A6, B2:B6) = 2086.6476 (2,086.65).
  // mpmath reference: 2086.647602031536621663…
  // Source: Microsoft Support, "XIRR function" (Excel), same values and dates:
  // =XIRR(A3:A7, B3:B7, 0.1) = 0.373362535 (37.34 %). Excel iterates only to
  // 0.000001 %, so its 9th digit differs from the exact root by 1.5e−9;
  // mpmath reference (exact root): 0.373362533518831510…
  const values = [-10000, 2750, 4250, 3250, 2750];
  const isoDates = ['2008-01-01', '2008-03-01', '2008-10-30', '2009-02-15', '2009-04-01'];
  const jsDates = isoDates.map((d) => new Date(`${d}T00:00:00Z`));

  it('matches the Excel XNPV documentation (2,086.65)', () => {
    const v = xnpv(0.09, values, isoDates);
    expectWithin(v, 2086.6476, 0.00005);
    expectRelative(v, 2086.6476020315366, REL_TIGHT);
    expect(xnpv(0.09, values, jsDates)).toBe(v);
  });

  it('matches the Excel XIRR documentation (0.373362535)', () => {
    const r = xirr(values, isoDates);
    expectWithin(r, 0.373362535, 2e-9);
    expectRelative(r, 0.3733625335188315, REL_TIGHT);
    expect(xirr(values, jsDates)).toBe(r);
    expectRelative(xirr(values, isoDates, 2), 0.3733625335188315, REL_TIGHT);
    expect(Math.abs(xnpv(r, values, isoDates))).toBeLessThan(1e-8);
  });

  it('uses whole UTC days: the time of day is ignored', () => {
    const withTimes = jsDates.map((d) => new Date(d.getTime() + 13 * 3600_000));
    expect(xnpv(0.09, values, withTimes)).toBe(xnpv(0.09, values, jsDates));
  });

  it('returns NaN without a sign change; throws on programmer errors', () => {
    expect(xirr([1, 2], ['2020-01-01', '2021-01-01'])).toBeNaN();
    expect(() => xnpv(0.1, [1, 2], ['2020-01-01'])).toThrow(RangeError);
    expect(() => xirr([], [])).toThrow(RangeError);
    expect(() => xnpv(0.1, [-1, 2], ['2020-01-01', '2020-02-30'])).toThrow(RangeError);
    expect(() => xnpv(0.1, [-1, 2], ['2020-01-01', '01/02/2020'])).toThrow(RangeError);
    expect(() => xnpv(0.1, [-1, 2], ['2020-01-01', '2019-12-31'])).toThrow(RangeError);
  });
});

describe('mirr', () => {
  // Source: Microsoft Support, "MIRR function" (Excel): −120,000 (cost), 39,000,
  // 30,000, 21,000, 37,000, 46,000 (returns years 1–5), finance rate 10 %, reinvest
  // rate 12 %:
  //   =MIRR(A2:A7, A8, A9)  five years        → 12.61 % (current page rounds: 13 %)
  //   =MIRR(A2:A5, A8, A9)  three years       → −4.80 % (current page: −5 %)
  //   =MIRR(A2:A7, A8, 14%) five years at 14 % → 13.48 % (current page: 13 %)
  // mpmath references: 0.126094130365905145…, −0.048044655249980820…, 0.134759110828314846…
  const data = [-120000, 39000, 30000, 21000, 37000, 46000];

  it('matches the Excel MIRR documentation (12.61 %, −4.80 %, 13.48 %)', () => {
    const five = mirr(data, 0.1, 0.12);
    expectWithin(five, 0.1261, 0.00005);
    expectRelative(five, 0.12609413036590515, REL_TIGHT);
    const three = mirr(data.slice(0, 4), 0.1, 0.12);
    expectWithin(three, -0.048, 0.00005);
    expectRelative(three, -0.04804465524998082, REL_TIGHT);
    const at14 = mirr(data, 0.1, 0.14);
    expectWithin(at14, 0.1348, 0.00005);
    expectRelative(at14, 0.13475911082831485, REL_TIGHT);
  });

  it('returns NaN without both signs and throws on an empty array', () => {
    expect(mirr([1, 2, 3], 0.1, 0.1)).toBeNaN();
    expect(mirr([-1, -2], 0.1, 0.1)).toBeNaN();
    expect(() => mirr([], 0.1, 0.1)).toThrow(RangeError);
  });
});

describe('paybackPeriod and discountedPaybackPeriod', () => {
  // Source: Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 9
  // (payback rule, Figure 9.2): an investment of $50,000 recovers $30,000 in year 1
  // and exactly the remaining $20,000 in year 2 → payback exactly 2 years. (Later
  // flows do not affect the payback.)
  // Hand check: cum = −50000, −20000, 0 → m = 2, (2−1) + 20000/20000 = 2.
  it('RWJ figure 9.2: payback of exactly two years', () => {
    expect(paybackPeriod([-50000, 30000, 20000, 10000, 5000])).toBe(2);
  });

  // Source: Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 9
  // problem "Calculating Discounted Payback": inflows 2,800, 3,700, 5,100, 4,300,
  // discount rate 14 %; published answers 1.96, 2.03 and 3.65 years for initial costs
  // of 5,200, 5,400 and 10,400.
  // Hand check (PV = cf/1.14^t): 2456.140, 2847.030, 3442.350, 2545.950;
  //   cumulative PV 2456.140, 5303.170, 8745.520, 11291.470.
  //   5,200:  1 + (5200 − 2456.140)/2847.030 = 1.963762…
  //   5,400:  2 + (5400 − 5303.170)/3442.350 = 2.028129…
  //   10,400: 3 + (10400 − 8745.520)/2545.950 = 3.649847…
  // (mpmath: 1.963762162162162, 2.028128941176471, 3.649847084651163)
  it('RWJ discounted payback problem (1.96, 2.03, 3.65 years)', () => {
    const inflows = [2800, 3700, 5100, 4300];
    const cases: Array<[number, number, number]> = [
      [5200, 1.96, 1.963762162162162],
      [5400, 2.03, 2.028128941176471],
      [10400, 3.65, 3.649847084651163],
    ];
    for (const [cost, published, exact] of cases) {
      const p = discountedPaybackPeriod(0.14, [-cost, ...inflows]);
      expectWithin(p, published, 0.005);
      expectRelative(p, exact, REL_TIGHT);
    }
  });

  // Source: Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 9
  // problem: a project costs $10,000 and returns $2,600 a year for six years; find
  // the discounted payback at 0 %, 10 % and 15 %.
  // Hand check:
  //   0 %:  3 + (10000 − 7800)/2600 = 3.846154 years (= the ordinary payback).
  //   10 %: PVs 2363.636, 2148.760, 1953.418, 1775.835, 1614.395, 1467.632;
  //         cumulative after 5 years 9856.045, so 5 + (10000 − 9856.045)/1467.632
  //         = 5.098086 years.
  //   15 %: the PVs of all six years sum to 2600·(1 − 1.15^−6)/0.15 = 9839.66 < 10,000,
  //         so the project never pays back → NaN.
  it('RWJ $10,000 / $2,600 × 6 problem at 0 %, 10 %, 15 %', () => {
    const flows = [-10000, 2600, 2600, 2600, 2600, 2600, 2600];
    expectRelative(discountedPaybackPeriod(0, flows), 3 + 2200 / 2600, REL_TIGHT);
    expectRelative(paybackPeriod(flows), 3 + 2200 / 2600, REL_TIGHT);
    expectRelative(discountedPaybackPeriod(0.1, flows), 5.098086153846154, REL_TIGHT);
    expect(discountedPaybackPeriod(0.15, flows)).toBeNaN();
  });

  // Source: Titman, Keown & Martin, Financial Management: Principles and
  // Applications, 13th ed., ch. 11, "Project Long": −100,000, then 70,000, 30,000,
  // 30,000, 25,000, 10,000, discounted at 17 % (70,000/1.17 = 59,829 as in the book's
  // table); published: payback 2 years (cumulative flow 0 at year 2), discounted
  // payback 2.97 years.
  // Hand check: PVs 59829.06, 21915.42, 18731.13; cumulative −40170.94, −18255.52,
  //   +475.61 → 2 + 18255.52/18731.13 = 2.974608 years.
  it('Titman–Keown–Martin Project Long (payback 2, discounted payback 2.97)', () => {
    const flows = [-100000, 70000, 30000, 30000, 25000, 10000];
    expect(paybackPeriod(flows)).toBe(2);
    const d = discountedPaybackPeriod(0.17, flows);
    expectWithin(d, 2.97, 0.005);
    expectRelative(d, 2.97461, 1e-5);
  });

  it('follows the documented rule at the edges', () => {
    // Cumulative never below 0 → 0.
    expect(paybackPeriod([0, 5, 10])).toBe(0);
    expect(paybackPeriod([100, -50, 20])).toBe(0);
    // Never recovers → NaN.
    expect(paybackPeriod([-100, 20, 30])).toBeNaN();
    // Goes negative later: cum 100, −100, −50, 150 → m* = 1, m = 3: 2 + 50/200.
    expect(paybackPeriod([100, -200, 50, 200])).toBe(2.25);
    // First recovery wins even if the cumulative flow dips again: cum −10, 5, −5, 20 → 0 + 10/15.
    expect(paybackPeriod([-10, 15, -10, 25])).toBeCloseTo(10 / 15, 15);
    expect(discountedPaybackPeriod(-1, [-1, 2])).toBeNaN();
    expect(() => paybackPeriod([])).toThrow(RangeError);
    expect(() => discountedPaybackPeriod(0.1, [])).toThrow(RangeError);
  });
});

describe('rate conversion', () => {
  // Hand check: 1.12^(1/12) − 1 = 0.0094887929…; 1.01^12 − 1 = 0.1268250301…
  it('converts between annual and monthly rates', () => {
    expectRelative(annualToMonthlyRate(0.12), 1.12 ** (1 / 12) - 1, REL_TIGHT);
    expectRelative(monthlyToAnnualRate(0.01), 1.01 ** 12 - 1, REL_TIGHT);
    expectRelative(monthlyToAnnualRate(0.01), 0.12682503013196977, REL_TIGHT);
    expect(annualToMonthlyRate(0)).toBe(0);
  });
});

describe('properties (fast-check)', () => {
  // Money amounts in whole cents up to ±1,000,000 (no subnormal doubles: they carry
  // too few significant bits for any relative tolerance to be meaningful).
  const money = fc.integer({ min: -100_000_000, max: 100_000_000 }).map((cents) => cents / 100);
  const flowsArb = fc.array(money, { minLength: 1, maxLength: 40 });
  const absSum = (xs: number[]): number => xs.reduce((s, x) => s + Math.abs(x), 0);

  // Tolerance: summation-order rounding only, 1e-12 of Σ|cf|.
  it('npv at rate 0 equals the sum of the flows', () => {
    fc.assert(
      fc.property(flowsArb, (flows) => {
        const sum = flows.reduce((s, x) => s + x, 0);
        expect(Math.abs(npv(0, flows) - sum)).toBeLessThanOrEqual(1e-12 * absSum(flows) + 1e-300);
      }),
    );
  });

  // Tolerance: |npv(irr)| ≤ 1e-8 · Σ|cf[t]|/(1+irr)^t (the size of the discounted flows).
  it('npv at irr(cf) is ≈ 0 whenever irr is finite', () => {
    fc.assert(
      fc.property(flowsArb, fc.double({ min: -0.9, max: 2, noNaN: true }), (flows, guess) => {
        const r = irr(flows, guess);
        if (!Number.isFinite(r)) return;
        const scale = npv(r, flows.map(Math.abs));
        expect(Math.abs(npv(r, flows))).toBeLessThanOrEqual(1e-8 * scale);
      }),
      { numRuns: 500 },
    );
  });

  // A conventional project (one outflow, then inflows) has exactly one IRR; irr must
  // find it whenever it lies in the documented search range r ≥ −0.9999, i.e. when
  // npv(−0.9999) > 0 (npv falls monotonically in r; above r = 1e6 it is negative here).
  it('irr finds the root of a conventional project (one outflow, then inflows)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (cost, inflows) => {
          const flows = [-cost, ...inflows];
          fc.pre(npv(-0.9999, flows) > 0);
          const r = irr(flows);
          expect(Number.isFinite(r)).toBe(true);
          expect(Math.abs(npv(r, flows))).toBeLessThanOrEqual(1e-8 * npv(r, flows.map(Math.abs)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('irr is NaN when all flows have one sign', () => {
    const nonNegative = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(nonNegative, fc.boolean(), (flows, negate) => {
        const signed = negate ? flows.map((x) => -x) : flows;
        expect(irr(signed)).toBeNaN();
      }),
    );
  });

  // Direct computation: walk forward with the amount still to recover; when a year's
  // inflow covers it, the payback is (that year − 1) + remaining / inflow.
  // Tolerance: 1e-12 relative (both sides do the same additions in a different form).
  it('payback of one negative first value and positive rest matches a direct computation', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (cost, inflows) => {
          const flows = [-cost, ...inflows];
          let expected = NaN;
          let remaining = cost;
          for (let k = 1; k < flows.length; k++) {
            if (flows[k] >= remaining) {
              expected = k - 1 + remaining / flows[k];
              break;
            }
            remaining -= flows[k];
          }
          const actual = paybackPeriod(flows);
          if (Number.isNaN(expected)) expect(actual).toBeNaN();
          else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * expected);
        },
      ),
    );
  });

  it('discounted payback at rate 0 equals payback; monthly/annual conversions invert', () => {
    fc.assert(
      fc.property(flowsArb, (flows) => {
        expect(discountedPaybackPeriod(0, flows)).toBe(paybackPeriod(flows));
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: -0.99, max: 10, noNaN: true }), (r) => {
        expect(Math.abs(monthlyToAnnualRate(annualToMonthlyRate(r)) - r)).toBeLessThanOrEqual(
          1e-12 * Math.max(1, Math.abs(r)),
        );
      }),
    );
  });
});
