import type { MonthlyFlows } from '../report.js';

/** Sums over trials of each month's benefits and costs (money), months 0 … H. */
export interface MonthlySums {
  benefit: Float64Array;
  cost: Float64Array;
}

/**
 * Zeroed monthly sums for a horizon of H months.
 * @example monthlySums(60).benefit.length // 61
 */
export function monthlySums(horizon: number): MonthlySums {
  return { benefit: new Float64Array(horizon + 1), cost: new Float64Array(horizon + 1) };
}

/**
 * The mean monthly benefits and costs over `trials` trials, months 0 … H: what
 * the workbook's yearly table sums. By linearity of the mean,
 * Σ_m (benefits_m − costs_m)·(1+r)^(−m/12) is the mean NPV.
 * @example meanMonthlyFlows(sums, 10000).benefits[13] // mean benefit in month 13
 */
export function meanMonthlyFlows(sums: MonthlySums, trials: number): MonthlyFlows {
  return { benefits: Array.from(sums.benefit, (x) => x / trials), costs: Array.from(sums.cost, (x) => x / trials) };
}
