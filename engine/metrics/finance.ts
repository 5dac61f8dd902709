/**
 * Discounted-cash-flow measures: NPV, IRR (periodic and dated), MIRR, payback and
 * discounted payback, and annual/monthly rate conversion. Pure functions, no I/O.
 *
 * Conventions shared by every function here:
 * - A rate is a decimal fraction per period (0.1 = 10 % per period); the period is
 *   whatever spacing the cash flows have (a month for monthly flows, a year for
 *   annual flows). The dated functions (`xnpv`, `xirr`) use annual rates on a
 *   365-day year, as Excel does.
 * - `cashflows[t]` happens at the END of period t, so `cashflows[0]` happens at
 *   t = 0 (today) and is not discounted. This is the textbook convention, NOT the
 *   convention of Excel's NPV worksheet function (see `npv`).
 * - Outflows are negative, inflows positive.
 * - Programmer errors (empty arrays, mismatched lengths, malformed dates) throw a
 *   `RangeError`; expected numeric failures (no sign change, no root, a rate at or
 *   below −100 %) return `NaN`.
 */

/** A date for `xnpv`/`xirr`: a JS `Date` or an ISO calendar date string 'YYYY-MM-DD'. */
export type DateLike = Date | string;

/** Lowest rate the IRR root search considers: −99.99 % per period. */
const MIN_RATE = -0.9999;
/** Highest rate the IRR root search considers: +100,000,000 % per period. */
const MAX_RATE = 1e6;
/** The search runs on x = 1/(1+r); these are the matching bounds of x. */
const X_MAX = 1 / (1 + MIN_RATE);
const X_MIN = 1 / (1 + MAX_RATE);
/** Newton iterations before falling back to bracketing. */
const NEWTON_MAX_ITER = 100;
/** Newton stops when a step changes x by at most this fraction of x. */
const NEWTON_X_TOL = 1e-14;
/** A Newton result is accepted only if |f| ≤ this × Σ|cf|·|discount factor|. */
const RESIDUAL_TOL = 1e-9;
/** Growth factor of the outward bracket scan in x (≈ 100 evaluations over the whole range). */
const SCAN_FACTOR = 1.25;
/** Bisection stops when the bracket is narrower than this fraction of x. */
const BISECT_X_TOL = 4e-16;
const BISECT_MAX_ITER = 200;
const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 365;

function requireNonEmpty(name: string, values: ArrayLike<number>): void {
  if (values.length === 0) throw new RangeError(`${name} must not be empty`);
}

function requireValidGuess(guess: number): void {
  if (!Number.isFinite(guess) || guess <= -1) {
    throw new RangeError(`guess must be a finite rate above -1 (got ${guess})`);
  }
}

/**
 * Net present value: the sum of the cash flows, each discounted to t = 0.
 *
 * Units: `rate` per period (decimal); result in the currency of the cash flows.
 * Formula: NPV = Σ_{t=0}^{n−1} cf[t] / (1+rate)^t (e.g. Brealey, Myers & Allen,
 * Principles of Corporate Finance, ch. 2), evaluated by Horner's rule.
 *
 * `cashflows[0]` is at t = 0 and is NOT discounted. Excel's `NPV(rate, v1, …, vn)`
 * instead discounts v1 by one full period; to reproduce Excel, call
 * `npv(rate, [0, v1, …, vn])`, or put the initial investment in `cashflows[0]`
 * where Excel's documentation adds it outside the NPV call.
 *
 * Returns NaN if `rate` ≤ −1 or is not finite. Throws RangeError if `cashflows` is empty.
 * @example npv(0.1, [-1000, 500, 500, 500]) // 243.426… (−1000 + 500·(1/1.1 + 1/1.1² + 1/1.1³))
 */
export function npv(rate: number, cashflows: ArrayLike<number>): number {
  requireNonEmpty('cashflows', cashflows);
  if (!Number.isFinite(rate) || rate <= -1) return NaN;
  const v = 1 / (1 + rate);
  let acc = 0;
  for (let t = cashflows.length - 1; t >= 0; t--) acc = acc * v + cashflows[t];
  return acc;
}

/**
 * Σ flows[t]·x^t (times = null) or Σ flows[i]·x^times[i], scaled by a positive factor
 * so that nothing overflows: for x > 1 the sum is divided by x^(largest exponent).
 * The sign (all the root search needs) is unchanged. With `magnitude` true, sums
 * |flows| instead (the same scaling), which is the scale for residual checks.
 */
function scaledValue(
  flows: ArrayLike<number>,
  n: number,
  times: Float64Array | null,
  maxTime: number,
  x: number,
  magnitude: boolean,
): number {
  if (times === null) {
    if (x <= 1) {
      // Horner in x: Σ c_t x^t, every |x^t| ≤ 1.
      let acc = 0;
      for (let t = n - 1; t >= 0; t--) {
        const c = flows[t];
        acc = acc * x + (magnitude ? Math.abs(c) : c);
      }
      return acc;
    }
    // Horner in y = 1/x on the reversed coefficients: Σ c_t y^(n−1−t) = x^−(n−1)·Σ c_t x^t.
    const y = 1 / x;
    let acc = 0;
    for (let t = 0; t < n; t++) {
      const c = flows[t];
      acc = acc * y + (magnitude ? Math.abs(c) : c);
    }
    return acc;
  }
  const shift = x <= 1 ? 0 : maxTime;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const c = flows[i];
    acc += (magnitude ? Math.abs(c) : c) * Math.pow(x, times[i] - shift);
  }
  return acc;
}

/** Bisection on x in [a, b] where the scaled values fa, fb have opposite signs; returns the rate. */
function bisect(
  flows: ArrayLike<number>,
  n: number,
  times: Float64Array | null,
  maxTime: number,
  a: number,
  fa: number,
  b: number,
): number {
  // Callers pass a < b.
  let lo = a;
  let hi = b;
  let flo = fa;
  for (let iter = 0; iter < BISECT_MAX_ITER; iter++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi || hi - lo <= BISECT_X_TOL * mid) break;
    const fmid = scaledValue(flows, n, times, maxTime, mid, false);
    if (fmid === 0) return 1 / mid - 1;
    if ((fmid < 0) === (flo < 0)) {
      lo = mid;
      flo = fmid;
    } else {
      hi = mid;
    }
  }
  return 1 / (0.5 * (lo + hi)) - 1;
}

/**
 * Fallback root search on x = 1/(1+r): scans outward from the starting point
 * geometrically (alternating towards lower and higher rates, so the bracket nearest
 * the guess wins) over r ∈ [MIN_RATE, MAX_RATE], then bisects the first bracket with
 * a sign change. NaN when no bracket is found.
 */
function bracketAndBisect(
  flows: ArrayLike<number>,
  n: number,
  times: Float64Array | null,
  maxTime: number,
  xStart: number,
): number {
  const x0 = Math.min(Math.max(xStart, X_MIN), X_MAX);
  const f0 = scaledValue(flows, n, times, maxTime, x0, false);
  if (f0 === 0) return 1 / x0 - 1;
  if (!Number.isFinite(f0)) return NaN;
  let hi = x0;
  let fhi = f0;
  let lo = x0;
  let flo = f0;
  while (hi < X_MAX || lo > X_MIN) {
    if (hi < X_MAX) {
      const next = Math.min(hi * SCAN_FACTOR, X_MAX);
      const fnext = scaledValue(flows, n, times, maxTime, next, false);
      if (fnext === 0) return 1 / next - 1;
      if ((fnext < 0) !== (fhi < 0)) return bisect(flows, n, times, maxTime, hi, fhi, next);
      hi = next;
      fhi = fnext;
    }
    if (lo > X_MIN) {
      const next = Math.max(lo / SCAN_FACTOR, X_MIN);
      const fnext = scaledValue(flows, n, times, maxTime, next, false);
      if (fnext === 0) return 1 / next - 1;
      if ((fnext < 0) !== (flo < 0)) return bisect(flows, n, times, maxTime, next, fnext, lo);
      lo = next;
      flo = fnext;
    }
  }
  return NaN;
}

/**
 * True when x = 1/(1+r) maps to a finite rate r ≥ MIN_RATE. Roots closer to −1 are
 * not usable: 1+r would keep only a few significant digits once r is rounded to a
 * double (r = −1 + 1e−17 even rounds to exactly −1, where NPV is undefined). Newton
 * results there are rejected and the bracketed search, which stays in
 * [MIN_RATE, MAX_RATE], decides.
 */
function isUsableRoot(x: number): boolean {
  const r = 1 / x - 1;
  return r >= MIN_RATE && Number.isFinite(r);
}

/** True when |f(x)| is negligible next to the size of the discounted flows. */
function residualIsSmall(
  flows: ArrayLike<number>,
  n: number,
  times: Float64Array | null,
  maxTime: number,
  x: number,
): boolean {
  const value = scaledValue(flows, n, times, maxTime, x, false);
  const scale = scaledValue(flows, n, times, maxTime, x, true);
  return Math.abs(value) <= RESIDUAL_TOL * scale;
}

/**
 * Internal rate of return of periodic flows held in a typed array; the allocation-free
 * kernel behind `irr`, meant for hot loops (one call per Monte Carlo trial).
 *
 * Units: rate per period (decimal), the period being the spacing of the flows.
 * Method: with x = 1/(1+r), NPV is the polynomial f(x) = Σ_{t<n} flows[t]·x^t
 * (Brealey, Myers & Allen, Principles of Corporate Finance, ch. 5: IRR is the rate
 * with NPV = 0). Newton's method on x from x0 = 1/(1+guess), with f and f′ evaluated
 * together by Horner's rule (Press et al., Numerical Recipes, 3rd ed., §5.1 and
 * §9.4); if Newton fails (non-finite values, zero derivative, no convergence in 100
 * steps, a residual that is not negligible, or a root below −0.9999) it scans outward
 * from x0 for a sign change over r ∈ [−0.9999, 1e6] and bisects it (§9.1). Newton
 * results are accepted anywhere in r ≥ −0.9999.
 *
 * Only `flows[0 .. n−1]` are read. Returns NaN when the flows do not contain both a
 * positive and a negative value, contain a non-finite value, or no root is found
 * (including roots that exist only below −0.9999, and, rarely, a pair of close roots
 * that the bracket scan steps over when Newton also missed them).
 * Throws RangeError if n is not an integer in [1, flows.length] or guess ≤ −1.
 * @example irrFromFlows(new Float64Array([-100, 60, 60]), 3, 0.1) // 0.130662… (13.07 % per period)
 */
export function irrFromFlows(flows: Float64Array, n: number, guess: number): number {
  if (!Number.isInteger(n) || n < 1 || n > flows.length) {
    throw new RangeError(`n must be an integer in [1, flows.length = ${flows.length}] (got ${n})`);
  }
  requireValidGuess(guess);
  let hasPositive = false;
  let hasNegative = false;
  for (let t = 0; t < n; t++) {
    const c = flows[t];
    if (!Number.isFinite(c)) return NaN;
    if (c > 0) hasPositive = true;
    else if (c < 0) hasNegative = true;
  }
  if (!hasPositive || !hasNegative) return NaN;

  const x0 = 1 / (1 + guess);
  let x = x0;
  for (let iter = 0; iter < NEWTON_MAX_ITER; iter++) {
    // Horner for f(x) = Σ c_t x^t and f'(x) = Σ t c_t x^(t−1) together.
    let f = flows[n - 1];
    let df = 0;
    for (let t = n - 2; t >= 0; t--) {
      df = df * x + f;
      f = f * x + flows[t];
    }
    if (f === 0) {
      if (isUsableRoot(x)) return 1 / x - 1;
      break;
    }
    if (!Number.isFinite(f) || !Number.isFinite(df) || df === 0) break;
    let next = x - f / df;
    if (!(next > 0)) next = 0.5 * x; // stay in x > 0, i.e. r > −1
    if (!Number.isFinite(next)) break;
    if (Math.abs(next - x) <= NEWTON_X_TOL * next) {
      if (isUsableRoot(next) && residualIsSmall(flows, n, null, 0, next)) return 1 / next - 1;
      break;
    }
    x = next;
  }
  return bracketAndBisect(flows, n, null, 0, x0);
}

/**
 * Internal rate of return: the rate per period at which `npv(rate, cashflows)` is 0.
 *
 * Units: rate per period (decimal), the period being the spacing of the flows
 * (monthly flows give a monthly IRR; see `monthlyToAnnualRate`).
 * Formula: solve Σ_t cf[t]/(1+r)^t = 0 (Brealey, Myers & Allen, Principles of
 * Corporate Finance, ch. 5; same definition as Excel's IRR). Newton from `guess`,
 * falling back to a bracket scan over r ∈ [−0.9999, 1e6] and bisection; see
 * `irrFromFlows`. With several roots, the one Newton reaches from `guess` (else the
 * bracket nearest `guess`) is returned.
 *
 * Returns NaN when the flows have no sign change or no root is found.
 * Throws RangeError if `cashflows` is empty or `guess` ≤ −1.
 * @example irr([-70000, 12000, 15000, 18000, 21000, 26000]) // 0.0866309… (8.66 % per period)
 */
export function irr(cashflows: ArrayLike<number>, guess = 0.1): number {
  requireNonEmpty('cashflows', cashflows);
  const flows = Float64Array.from(cashflows);
  return irrFromFlows(flows, flows.length, guess);
}

/** Whole UTC days since 1970-01-01 of a Date or a strict 'YYYY-MM-DD' string. */
function utcDayNumber(value: DateLike, index: number): number {
  let ms: number;
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m === null) {
      throw new RangeError(`dates[${index}] = "${value}" is not an ISO calendar date 'YYYY-MM-DD'`);
    }
    const year = Number(m[1]);
    const month = Number(m[2]) - 1;
    const day = Number(m[3]);
    const d = new Date(0);
    d.setUTCFullYear(year, month, day);
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month || d.getUTCDate() !== day) {
      throw new RangeError(`dates[${index}] = "${value}" is not a valid calendar date`);
    }
    ms = d.getTime();
  } else if (value instanceof Date) {
    ms = value.getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`dates[${index}] is an invalid Date`);
  } else {
    throw new RangeError(`dates[${index}] must be a Date or a 'YYYY-MM-DD' string`);
  }
  return Math.floor(ms / MS_PER_DAY);
}

/** Years (365-day) from dates[0] to each date; validates like Excel's XNPV/XIRR. */
function yearFractions(cashflows: ArrayLike<number>, dates: ArrayLike<DateLike>): Float64Array {
  requireNonEmpty('cashflows', cashflows);
  if (dates.length !== cashflows.length) {
    throw new RangeError(
      `cashflows and dates must have the same length (got ${cashflows.length} and ${dates.length})`,
    );
  }
  const first = utcDayNumber(dates[0], 0);
  const out = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const days = utcDayNumber(dates[i], i) - first;
    if (days < 0) throw new RangeError(`dates[${i}] precedes the start date dates[0]`);
    out[i] = days / DAYS_PER_YEAR;
  }
  return out;
}

/**
 * Net present value of dated cash flows, discounted to the first date (Excel's XNPV).
 *
 * Units: `rate` per year (decimal) on a 365-day year; result in the cash flows' currency.
 * Formula: XNPV = Σ_i cf_i / (1+rate)^((d_i − d_0)/365), day counts in whole UTC days
 * (Microsoft, "XNPV function", support.microsoft.com). `dates[0]` is the start; the
 * other dates may be in any order but not before it. Dates are JS Dates (their UTC
 * calendar day is used) or 'YYYY-MM-DD' strings.
 *
 * Returns NaN if `rate` ≤ −1 or is not finite. Throws RangeError if the arrays are
 * empty or of different lengths, a date is invalid, or a date precedes `dates[0]`.
 * @example xnpv(0.09, [-10000, 2750, 4250, 3250, 2750],
 *   ['2008-01-01', '2008-03-01', '2008-10-30', '2009-02-15', '2009-04-01']) // 2086.6476…
 */
export function xnpv(rate: number, cashflows: ArrayLike<number>, dates: ArrayLike<DateLike>): number {
  const years = yearFractions(cashflows, dates);
  if (!Number.isFinite(rate) || rate <= -1) return NaN;
  const base = 1 + rate;
  let acc = 0;
  for (let i = 0; i < years.length; i++) acc += cashflows[i] / Math.pow(base, years[i]);
  return acc;
}

/**
 * Internal rate of return of dated cash flows: the annual rate at which `xnpv` is 0 (Excel's XIRR).
 *
 * Units: rate per year (decimal), 365-day year, day counts in whole UTC days.
 * Formula: solve Σ_i cf_i / (1+r)^((d_i − d_0)/365) = 0 (Microsoft, "XIRR function",
 * support.microsoft.com). Newton on x = 1/(1+r) from `guess`, falling back to a bracket
 * scan over r ∈ [−0.9999, 1e6] and bisection (Press et al., Numerical Recipes, §9.1, §9.4).
 *
 * Returns NaN when the flows have no sign change or no root is found. Throws RangeError
 * on empty or mismatched arrays, invalid dates, a date before `dates[0]`, or `guess` ≤ −1.
 * @example xirr([-10000, 2750, 4250, 3250, 2750],
 *   ['2008-01-01', '2008-03-01', '2008-10-30', '2009-02-15', '2009-04-01']) // 0.3733625…
 */
export function xirr(cashflows: ArrayLike<number>, dates: ArrayLike<DateLike>, guess = 0.1): number {
  const years = yearFractions(cashflows, dates);
  requireValidGuess(guess);
  const n = years.length;
  let hasPositive = false;
  let hasNegative = false;
  let maxTime = 0;
  for (let i = 0; i < n; i++) {
    const c = cashflows[i];
    if (!Number.isFinite(c)) return NaN;
    if (c > 0) hasPositive = true;
    else if (c < 0) hasNegative = true;
    if (years[i] > maxTime) maxTime = years[i];
  }
  if (!hasPositive || !hasNegative) return NaN;

  const x0 = 1 / (1 + guess);
  let x = x0;
  for (let iter = 0; iter < NEWTON_MAX_ITER; iter++) {
    // g(x) = Σ c_i x^τ_i, g'(x) = Σ τ_i c_i x^(τ_i − 1).
    let g = 0;
    let dg = 0;
    for (let i = 0; i < n; i++) {
      const p = Math.pow(x, years[i]);
      g += cashflows[i] * p;
      dg += years[i] * cashflows[i] * (p / x);
    }
    if (g === 0) {
      if (isUsableRoot(x)) return 1 / x - 1;
      break;
    }
    if (!Number.isFinite(g) || !Number.isFinite(dg) || dg === 0) break;
    let next = x - g / dg;
    if (!(next > 0)) next = 0.5 * x;
    if (!Number.isFinite(next)) break;
    if (Math.abs(next - x) <= NEWTON_X_TOL * next) {
      if (isUsableRoot(next) && residualIsSmall(cashflows, n, years, maxTime, next)) return 1 / next - 1;
      break;
    }
    x = next;
  }
  return bracketAndBisect(cashflows, n, years, maxTime, x0);
}

/**
 * Modified internal rate of return (Excel's MIRR): the rate per period that grows the
 * present value of the outflows into the future value of the reinvested inflows.
 *
 * Units: `financeRate`, `reinvestRate` and the result per period (decimal).
 * Formula (Microsoft, "MIRR function", support.microsoft.com), n = number of flows:
 *   MIRR = ( FV_pos / −PV_neg )^(1/(n−1)) − 1, where
 *   FV_pos = Σ_{cf[t]>0} cf[t]·(1+reinvestRate)^(n−1−t)  (inflows compounded to t = n−1),
 *   PV_neg = Σ_{cf[t]<0} cf[t]/(1+financeRate)^t          (outflows discounted to t = 0).
 *
 * Returns NaN when there are no positive or no negative flows, a flow is not finite,
 * or a rate is ≤ −1 or not finite. Throws RangeError if `cashflows` is empty.
 * @example mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.1, 0.12) // 0.126094… (12.61 %)
 */
export function mirr(cashflows: ArrayLike<number>, financeRate: number, reinvestRate: number): number {
  requireNonEmpty('cashflows', cashflows);
  if (!Number.isFinite(financeRate) || financeRate <= -1) return NaN;
  if (!Number.isFinite(reinvestRate) || reinvestRate <= -1) return NaN;
  const n = cashflows.length;
  let fvPositive = 0;
  let pvNegative = 0;
  let hasPositive = false;
  let hasNegative = false;
  for (let t = 0; t < n; t++) {
    const c = cashflows[t];
    if (!Number.isFinite(c)) return NaN;
    if (c > 0) {
      hasPositive = true;
      fvPositive += c * Math.pow(1 + reinvestRate, n - 1 - t);
    } else if (c < 0) {
      hasNegative = true;
      pvNegative += c / Math.pow(1 + financeRate, t);
    }
  }
  if (!hasPositive || !hasNegative) return NaN;
  return Math.pow(fvPositive / -pvNegative, 1 / (n - 1)) - 1;
}

/** Shared payback rule on flows cf[t]·discount^t (discount = 1 for ordinary payback). */
function paybackOf(cashflows: ArrayLike<number>, discount: number): number {
  let cumulative = 0;
  let wentNegative = false;
  let factor = 1;
  for (let t = 0; t < cashflows.length; t++) {
    const flow = cashflows[t] * factor;
    if (!Number.isFinite(flow)) return NaN;
    const previous = cumulative;
    cumulative += flow;
    if (!wentNegative) {
      if (cumulative < 0) wentNegative = true;
    } else if (cumulative >= 0) {
      return t - 1 + -previous / flow;
    }
    factor = Math.pow(discount, t + 1);
  }
  return wentNegative ? NaN : 0;
}

/**
 * Payback period: when the cumulative cash flow first recovers from being negative,
 * interpolating linearly within the recovering period.
 *
 * Units: periods (the spacing of the flows), fractional.
 * Formula (e.g. Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 9):
 * with cum[t] = Σ_{s≤t} cf[s], return 0 if cum never goes below 0; otherwise take the
 * first m* with cum[m*] < 0 and the first m > m* with cum[m] ≥ 0 and return
 * (m−1) + (−cum[m−1]) / cf[m].
 *
 * Returns NaN when the cumulative flow never recovers (or a flow is not finite).
 * Throws RangeError if `cashflows` is empty.
 * @example paybackPeriod([-10000, 2600, 2600, 2600, 2600]) // 3.846… (3 + 2200/2600)
 */
export function paybackPeriod(cashflows: ArrayLike<number>): number {
  requireNonEmpty('cashflows', cashflows);
  return paybackOf(cashflows, 1);
}

/**
 * Discounted payback period: the payback rule of `paybackPeriod` applied to the
 * discounted flows cf[t]/(1+rate)^t.
 *
 * Units: `rate` per period (decimal); result in periods, fractional.
 * Formula: Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 9
 * ("discounted payback"), with the interpolation described in `paybackPeriod`.
 *
 * Returns NaN when the cumulative discounted flow never recovers, or `rate` ≤ −1 or
 * is not finite. Throws RangeError if `cashflows` is empty.
 * @example discountedPaybackPeriod(0.14, [-5200, 2800, 3700, 5100, 4300]) // 1.9638… years
 */
export function discountedPaybackPeriod(rate: number, cashflows: ArrayLike<number>): number {
  requireNonEmpty('cashflows', cashflows);
  if (!Number.isFinite(rate) || rate <= -1) return NaN;
  return paybackOf(cashflows, 1 / (1 + rate));
}

/**
 * Monthly rate equivalent to an annual rate under monthly compounding.
 *
 * Units: `r` per year (decimal) → result per month (decimal).
 * Formula: m = (1+r)^(1/12) − 1 (equivalent-rate identity, e.g. Brealey, Myers & Allen,
 * ch. 2, "compound interest"), computed as expm1(log1p(r)/12) for accuracy at small r.
 * Returns NaN for r < −1.
 * @example annualToMonthlyRate(0.12) // 0.0094887929… (0.949 % a month)
 */
export function annualToMonthlyRate(r: number): number {
  return Math.expm1(Math.log1p(r) / 12);
}

/**
 * Annual rate equivalent to a monthly rate compounded over 12 months.
 *
 * Units: `m` per month (decimal) → result per year (decimal).
 * Formula: r = (1+m)^12 − 1 (same identity as `annualToMonthlyRate`), computed as
 * expm1(12·log1p(m)). Returns NaN for m < −1.
 * @example monthlyToAnnualRate(0.01) // 0.12682503… (12.68 % a year)
 */
export function monthlyToAnnualRate(m: number): number {
  return Math.expm1(12 * Math.log1p(m));
}
