import { GRID_COARSE_KNOTS, GRID_FINE_KNOTS, GRID_LOG_LIKELIHOOD_DROP } from './constants.js';

/** Log-likelihood of a batch of points on the prior's probability scale: out[i] = ℓ(u[i]) for i < n. */
export type BatchLogLikelihood = (u: Float64Array, n: number, out: Float64Array) => void;

/** A one-dimensional posterior on the prior's probability scale u ∈ (0, 1). */
export interface GridPosterior {
  /** G⁻¹(p): the posterior's quantile on the u scale (its CDF is G). */
  inverse(p: number): number;
  /** Knots of the final grid (for diagnostics and tests). */
  knots: number;
}

/** Golden-section iterations: shrink a bracket by 0.618^80 ≈ 2e-17, below double precision on (0, 1). */
const GOLDEN_ITERATIONS = 80;
/** Bisection steps locating where the likelihood has dropped by GRID_LOG_LIKELIHOOD_DROP (to ≈ 1e-15 of the distance). */
const EDGE_BISECTIONS = 50;
/** The tails of u: knots at 2^−j and 1 − 2^−j reach the prior's outer 1e-15 where a uniform grid has none. */
const TAIL_POWERS = { from: 13, to: 50 };

/**
 * The posterior of one input on a grid, exact up to the grid: on the prior's
 * probability scale u = F(x) the prior is uniform, so the posterior density is
 * the likelihood ℓ(u) itself, normalised. A uniform scan of (0, 1) with tail
 * knots finds the peak; a golden-section search between the best knot's
 * neighbours (the peak may lie between two knots) pins it; the region where ℓ
 * is within GRID_LOG_LIKELIHOOD_DROP of the peak gets GRID_FINE_KNOTS more
 * knots, so even a very precise reading is resolved by thousands of knots. The
 * CDF is the trapezoid rule over all knots; its inverse interpolates linearly.
 * A likelihood with several separated peaks is resolved at its highest one and
 * seen at the scan's resolution elsewhere.
 * @example gridPosterior((u, n, out) => { for (let i = 0; i < n; i++) out[i] = -0.5 * ((u[i] - 0.3) / 0.01) ** 2; }).inverse(0.5) // ≈ 0.3
 */
export function gridPosterior(logLik: BatchLogLikelihood): GridPosterior {
  const us: number[] = [];
  const ls: number[] = [];
  const one = new Float64Array(1);
  const oneOut = new Float64Array(1);
  const at = (u: number): number => {
    one[0] = u;
    logLik(one, 1, oneOut);
    const l = Number.isFinite(oneOut[0]) ? oneOut[0] : -Infinity;
    us.push(u);
    ls.push(l);
    return l;
  };
  const batch = (points: number[]) => {
    const u = Float64Array.from(points);
    const out = new Float64Array(points.length);
    logLik(u, points.length, out);
    for (let i = 0; i < points.length; i++) {
      us.push(points[i]);
      ls.push(Number.isFinite(out[i]) ? out[i] : -Infinity);
    }
  };

  // 1. Scan: uniform knots and tail knots.
  const scan: number[] = [];
  for (let k = 0; k < GRID_COARSE_KNOTS; k++) scan.push((k + 0.5) / GRID_COARSE_KNOTS);
  for (let j = TAIL_POWERS.from; j <= TAIL_POWERS.to; j++) scan.push(2 ** -j, 1 - 2 ** -j);
  scan.sort((a, b) => a - b);
  batch(scan);
  let best = 0;
  for (let k = 1; k < scan.length; k++) if (ls[k] > ls[best]) best = k;
  if (ls[best] === -Infinity) throw new RangeError('the likelihood is zero everywhere on the prior');

  // 2. Golden section between the best knot's neighbours.
  let a = best > 0 ? scan[best - 1] : 0;
  let b = best < scan.length - 1 ? scan[best + 1] : 1;
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let lc = at(c);
  let ld = at(d);
  for (let it = 0; it < GOLDEN_ITERATIONS && b - a > 0; it++) {
    if (lc >= ld) {
      b = d;
      d = c;
      ld = lc;
      c = b - phi * (b - a);
      lc = at(c);
    } else {
      a = c;
      c = d;
      lc = ld;
      d = a + phi * (b - a);
      ld = at(d);
    }
  }
  const peakU = lc >= ld ? c : d;
  const peak = Math.max(lc, ld, ls[best]);
  const top = lc >= ld ? lc : ld;

  // 3. Where ℓ has dropped by GRID_LOG_LIKELIHOOD_DROP on each side of the peak.
  const edge = (direction: -1 | 1): number => {
    const limit = direction < 0 ? 0 : 1;
    let inside = 0;
    let distance = 2 ** -60;
    for (;;) {
      const u = peakU + direction * distance;
      if ((direction < 0 && u <= 0) || (direction > 0 && u >= 1)) return limit;
      if (at(u) < top - GRID_LOG_LIKELIHOOD_DROP) break;
      inside = distance;
      distance *= 2;
    }
    let outside = distance;
    for (let it = 0; it < EDGE_BISECTIONS; it++) {
      const mid = (inside + outside) / 2;
      if (at(peakU + direction * mid) < top - GRID_LOG_LIKELIHOOD_DROP) outside = mid;
      else inside = mid;
    }
    return peakU + direction * outside;
  };
  const lo = edge(-1);
  const hi = edge(1);

  // 4. Fine knots over the region that holds the posterior.
  const fine: number[] = [];
  for (let k = 0; k <= GRID_FINE_KNOTS; k++) {
    const u = lo + ((hi - lo) * k) / GRID_FINE_KNOTS;
    if (u > 0 && u < 1) fine.push(u);
  }
  batch(fine);

  // 5. CDF by the trapezoid rule over every knot (the ends of (0, 1) take their neighbour's density).
  const order = us.map((_, k) => k).sort((x, y) => us[x] - us[y]);
  const knotsU: number[] = [0];
  const density: number[] = [];
  let maxL = peak;
  for (const l of ls) if (l > maxL) maxL = l;
  for (const k of order) {
    if (us[k] <= knotsU[knotsU.length - 1]) continue;
    knotsU.push(us[k]);
    density.push(Math.exp(ls[k] - maxL));
  }
  knotsU.push(1);
  density.unshift(density[0]);
  density.push(density[density.length - 1]);
  const cdf = new Float64Array(knotsU.length);
  for (let k = 1; k < knotsU.length; k++) cdf[k] = cdf[k - 1] + 0.5 * (density[k - 1] + density[k]) * (knotsU[k] - knotsU[k - 1]);
  const total = cdf[cdf.length - 1];
  if (!(total > 0)) throw new RangeError('the posterior has no mass on the grid');
  for (let k = 0; k < cdf.length; k++) cdf[k] /= total;
  const u = Float64Array.from(knotsU);
  return {
    knots: u.length,
    inverse(p: number): number {
      let lo = 0;
      let hi = cdf.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] <= p) lo = mid;
        else hi = mid;
      }
      const span = cdf[hi] - cdf[lo];
      const x = span > 0 ? u[lo] + ((p - cdf[lo]) / span) * (u[hi] - u[lo]) : u[lo];
      return x <= 0 ? Number.MIN_VALUE : x >= 1 ? 1 - Number.EPSILON / 2 : x;
    },
  };
}
