/**
 * Metrics of one trial's monthly flows, shared by a scenario's model and the
 * programme's portfolio. Flows are read from `benefit` and `cost` at
 * base + 0 … base + H (month m at base + m); D[m] = (1 + r_m)^−m.
 */

/** Months up to which the first-year ROI looks: months 0–12. */
const FIRST_YEAR_MONTHS = 12;

/**
 * Payback and discounted payback (DESIGN §4.4): the first month the (discounted)
 * cumulative flow turns ≥ 0 after having been negative, interpolated as
 * (m−1) + −cum_{m−1}/CF_m; 0 when it is never negative; NaN when it never
 * recovers within the horizon. Writes them to out[0] and out[1].
 * @example paybacks(Float64Array.of(0, 60, 60), Float64Array.of(100, 0, 0), 0, 2, D, out) // out[0] = 1 + 40/60
 */
export function paybacks(benefit: Float64Array, cost: Float64Array, base: number, H: number, D: Float64Array, out: Float64Array): void {
  let cum = 0;
  let dcum = 0;
  let payback = NaN;
  let dpayback = NaN;
  let negative = false;
  let dnegative = false;
  for (let m = 0; m <= H; m++) {
    const cf = benefit[base + m] - cost[base + m];
    const dcf = cf * D[m];
    const prev = cum;
    cum += cf;
    if (cum < 0) negative = true;
    else if (negative && payback !== payback) payback = m - 1 + -prev / cf;
    const dprev = dcum;
    dcum += dcf;
    if (dcum < 0) dnegative = true;
    else if (dnegative && dpayback !== dpayback) dpayback = m - 1 + -dprev / dcf;
    if (dpayback === dpayback && payback === payback) break;
  }
  out[0] = negative ? payback : 0;
  out[1] = dnegative ? dpayback : 0;
}

/**
 * Present values of benefits and costs over the first year (months 0–12, or the
 * whole horizon when shorter), to out[0] and out[1].
 * @example firstYearPv(benefit, cost, 0, 36, D, out) // out[0] = PV of benefits in months 0–12
 */
export function firstYearPv(benefit: Float64Array, cost: Float64Array, base: number, H: number, D: Float64Array, out: Float64Array): void {
  let b = 0;
  let c = 0;
  for (let m = 0, end = Math.min(FIRST_YEAR_MONTHS, H); m <= end; m++) {
    b += benefit[base + m] * D[m];
    c += cost[base + m] * D[m];
  }
  out[0] = b;
  out[1] = c;
}
