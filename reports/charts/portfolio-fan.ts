import type { ChartOptions } from './common.js';
import { fanChart } from './cumulative-fan.js';

/** The programme's cash-flow fan as the Report holds it (`roadmap.portfolio.cashflow`). */
export interface PortfolioCashflow {
  months: readonly number[];
  cumulative: { p10: readonly number[]; p50: readonly number[]; p90: readonly number[] };
}

/**
 * The whole programme's cumulative cash flow: the same fan as a scenario's,
 * under the programme title.
 * @example portfolioFanChart(report.roadmap.portfolio.cashflow, { document: serverDocument(), lang: 'en', currency: 'CNY' })
 */
export function portfolioFanChart(cashflow: PortfolioCashflow, options: ChartOptions): string {
  return fanChart({ months: cashflow.months, ...cashflow.cumulative }, options, 'chart.portfolio.title');
}
