import type { ViewContext } from './context.js';

/** A column of the yearly table: month 0 (the decision date), then each year's months. */
export interface YearSpan {
  label: string;
  /** First and last month it sums (inclusive). */
  from: number;
  to: number;
}

/** One yearly table: a scenario's or the programme's mean monthly flows, with its title. */
export interface YearlyFlows {
  id: string;
  title: string;
  /** Mean benefits and costs by month 0 … H (the Report's `monthly`). */
  benefits: number[];
  costs: number[];
}

/** The yearly tables of the workbook, as a TEI study shows them: labels, the year spans, and the flows they sum. */
export interface YearlyView {
  /** Annual discount rate: month m is discounted by (1 + rate)^(−m/12). */
  discountRate: number;
  years: YearSpan[];
  rows: { benefits: string; costs: string; net: string; cumulative: string; presentValue: string };
  total: string;
  npv: string;
  rate: string;
  tables: YearlyFlows[];
}

/**
 * Month 0 as "Initial", then year n = months 12(n−1)+1 … 12n, the last year cut at the horizon.
 * @example yearSpans(30, (n) => `Year ${n}`, 'Initial').map((y) => [y.from, y.to]) // [[0,0],[1,12],[13,24],[25,30]]
 */
export function yearSpans(horizon: number, year: (n: number) => string, initial: string): YearSpan[] {
  const spans: YearSpan[] = [{ label: initial, from: 0, to: 0 }];
  for (let n = 1; 12 * (n - 1) + 1 <= horizon; n++) spans.push({ label: year(n), from: 12 * (n - 1) + 1, to: Math.min(12 * n, horizon) });
  return spans;
}

/**
 * The yearly tables: each scenario (best first), then the programme when the
 * Report has a roadmap; only scenarios whose Report carries mean monthly flows.
 * @example yearlyView(ctx).tables.map((t) => t.title)
 */
export function yearlyView(ctx: ViewContext): YearlyView {
  const { f, report } = ctx;
  const tables: YearlyFlows[] = [];
  for (const s of ctx.ordered) {
    if (s.monthly) tables.push({ id: s.id, title: f.t('yearly.title', { name: ctx.names.scenario(s.id) }), ...s.monthly });
  }
  const programme = report.roadmap?.portfolio.monthly;
  if (programme) tables.push({ id: 'programme', title: f.t('yearly.title', { name: f.t('yearly.programme') }), ...programme });
  return {
    discountRate: report.proposal.discountRate,
    years: yearSpans(report.proposal.horizonMonths, (n) => f.t('yearly.year', { n }), f.t('yearly.initial')),
    rows: {
      benefits: f.t('yearly.benefits'),
      costs: f.t('yearly.costs'),
      net: f.t('yearly.net'),
      cumulative: f.t('yearly.cumulative'),
      presentValue: f.t('yearly.presentValue'),
    },
    total: f.t('yearly.total'),
    npv: f.t('yearly.npv'),
    rate: f.t('yearly.rate'),
    tables,
  };
}
