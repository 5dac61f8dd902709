import type { ScenarioReport, Summary } from '../../engine/index.js';
import type { MessageKey } from '../i18n.js';
import type { ViewContext } from './context.js';
import { type CellKind, type ViewTable, cell } from './table.js';

const SUMMARY_FIELDS = ['mean', 'sd', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'min', 'max'] as const satisfies readonly (keyof Summary)[];

/** The per-scenario summaries of the statistics table and how their figures read (IRR and ROI as percentages). */
const STATISTICS = [
  ['npv', 'money'],
  ['irr', 'percent'],
  ['roi', 'percent'],
  ['roi1y', 'percent'],
  ['investment', 'money'],
  ['implementationMonths', 'months'],
  ['paybackMonths', 'months'],
] as const satisfies readonly (readonly [keyof ScenarioReport, CellKind])[];

/** Statistic labels in the catalogue (`stat.*`), by summary. */
const LABELS: Record<(typeof STATISTICS)[number][0], MessageKey> = {
  npv: 'stat.npv',
  irr: 'stat.irr',
  roi: 'stat.roi',
  roi1y: 'stat.roi1y',
  investment: 'stat.investment',
  implementationMonths: 'field.implementationMonths',
  paybackMonths: 'stat.paybackMonths',
};

/**
 * Every summary of every scenario: mean, SD, percentiles, min, max, each cell
 * read as its statistic is (money, percentage, months), and why a figure is
 * missing when one is.
 * @example statisticsTable(ctx).rows[1].cells[2].kind // 'percent' (IRR mean)
 */
export function statisticsTable(ctx: ViewContext): ViewTable {
  const { f } = ctx;
  return {
    id: 'statistics',
    title: f.t('sheet.statistics'),
    columns: [
      { id: 'scenario', header: f.t('col.scenario'), kind: 'text' },
      { id: 'statistic', header: f.t('col.statistic'), kind: 'text' },
      ...SUMMARY_FIELDS.map((k) => ({ id: k, header: f.t(`col.${k}` as MessageKey), kind: 'number' as const })),
      { id: 'reason', header: f.t('col.note'), kind: 'text' },
    ],
    rows: ctx.ordered.flatMap((s) =>
      STATISTICS.map(([stat, kind]) => {
        const summary: Summary = s[stat];
        return {
          id: `${s.id}:${stat}`,
          cells: [
            cell(f, 'text', ctx.names.scenario(s.id)),
            cell(f, 'text', f.t(LABELS[stat])),
            ...SUMMARY_FIELDS.map((k) => ({ ...cell(f, kind, summary[k]), kind })),
            cell(f, 'text', summary.reason ? ctx.sentences.of('reason', summary.reason) : null),
          ],
        };
      }),
    ),
  };
}

/**
 * The cumulative cash-flow fan by month (P10 / P50 / P90), every scenario.
 * @example cashflowTable(ctx).rows[0].cells[1].value // 0 (month 0)
 */
export function cashflowTable(ctx: ViewContext): ViewTable {
  const { f } = ctx;
  return {
    id: 'cashflow',
    title: f.t('sheet.cashflow'),
    columns: [
      { id: 'scenario', header: f.t('col.scenario'), kind: 'text' },
      { id: 'month', header: f.t('col.month'), kind: 'month' },
      { id: 'p10', header: f.t('col.p10'), kind: 'money' },
      { id: 'p50', header: f.t('col.p50'), kind: 'money' },
      { id: 'p90', header: f.t('col.p90'), kind: 'money' },
    ],
    rows: ctx.ordered.flatMap((s) => {
      const name = ctx.names.scenario(s.id);
      const { months, cumulative } = s.cashflow;
      return months.map((m, i) => ({
        id: `${s.id}:${m}`,
        cells: [cell(f, 'text', name), cell(f, 'month', m), cell(f, 'money', cumulative.p10[i]), cell(f, 'money', cumulative.p50[i]), cell(f, 'money', cumulative.p90[i])],
      }));
    }),
  };
}
