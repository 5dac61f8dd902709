import type { ScenarioReport } from '../../engine/index.js';
import type { ViewContext } from './context.js';
import { foldedOptions, rankingName } from './decision-notes.js';
import { scenarioAdvice } from './scenario.js';
import { type CellKind, type ViewTable, cell, column } from './table.js';

/**
 * The ranking columns a summary shows (the PDF's table, the terminal, the page):
 * the ranking table's figures without the fit and the advice, which the
 * workbook and the CSV show too.
 */
export const SUMMARY_RANKING_COLUMNS = ['rank', 'scenario', 'verdict', 'score', 'npvP10', 'npvP50', 'npvP90', 'paybackP50', 'paybackWithin'] as const;

/** The verdict in words. */
export function verdictWord(ctx: ViewContext, s: ScenarioReport): string {
  return ctx.f.t(`verdict.${s.verdict}`);
}

/**
 * The ranking table, best first: rank, name, verdict, score, NPV P10/P50/P90,
 * payback P50, P(payback ≤ the policy's months), budget and phase fit, advice.
 * A group of alternatives shows once, on its best option's row ("group:
 * option"); the other options are left out (the view's `notes.alternatives`
 * say how sure the choice is). The one builder the terminal, the PDF, the
 * workbook, the CSV and the page read.
 * @example rankingTable(ctx).rows[0].cells[1].text // the top scenario's name
 */
export function rankingTable(ctx: ViewContext): ViewTable {
  const { f } = ctx;
  const months = ctx.report.policy.paybackMonths;
  const folded = foldedOptions(ctx);
  return {
    id: 'ranking',
    title: f.t('sheet.ranking'),
    columns: [
      column(ctx, 'rank', 'col.rank', 'integer'),
      column(ctx, 'scenario', 'col.scenario', 'text'),
      column(ctx, 'verdict', 'col.verdict', 'text'),
      column(ctx, 'score', 'col.score', 'integer'),
      column(ctx, 'npvP10', 'col.npvP10', 'money'),
      column(ctx, 'npvP50', 'col.npvP50', 'money'),
      column(ctx, 'npvP90', 'col.npvP90', 'money'),
      column(ctx, 'paybackP50', 'col.paybackP50', 'months'),
      column(ctx, 'paybackWithin', 'col.paybackWithin', 'probability', { months: f.monthCount(months) }),
      column(ctx, 'budgetFit', 'col.budgetFit', 'probability'),
      column(ctx, 'phaseFit', 'col.phaseFit', 'probability'),
      column(ctx, 'advice', 'col.advice', 'text'),
    ],
    rows: ctx.ordered.filter((s) => !folded.has(s.id)).map((s) => {
      const advice = scenarioAdvice(ctx, s);
      return {
        id: s.id,
        tone: s.verdict,
        cells: [
          cell(f, 'integer', s.rank),
          cell(f, 'text', rankingName(ctx, s.id)),
          cell(f, 'text', verdictWord(ctx, s)),
          cell(f, 'integer', s.score),
          cell(f, 'money', s.npv.p10),
          cell(f, 'money', s.npv.p50),
          cell(f, 'money', s.npv.p90),
          cell(f, 'months', s.paybackMonths.p50),
          cell(f, 'probability', s.gates.payback.probability),
          cell(f, 'probability', s.gates.budget.probability),
          cell(f, 'probability', s.gates.phase.probability),
          cell(f, 'text', advice.length ? advice.join('\n') : null),
        ],
      };
    }),
  };
}

/**
 * How each scenario fits the rules and what it returns: budget and phase fit,
 * investment P50, IRR P50 and ROI P50 (percentages; a figure a caveat
 * qualifies carries a mark, the caveat's sentence follows the table).
 * @example fitTable(ctx).columns.map((c) => c.id) // ['scenario', 'budgetFit', …]
 */
export function fitTable(ctx: ViewContext): ViewTable {
  const { f } = ctx;
  const marked = (s: ScenarioReport, metric: string, kind: CellKind, value: number | null) => {
    const c = cell(f, kind, value);
    return qualifiedMetrics(s).has(metric) && value !== null ? { ...c, text: f.t('scenario.caveatMark', { value: c.text }) } : c;
  };
  return {
    id: 'fit',
    title: f.t('sheet.ranking'),
    columns: [
      column(ctx, 'scenario', 'col.scenario', 'text'),
      column(ctx, 'budgetFit', 'col.budgetFit', 'probability'),
      column(ctx, 'phaseFit', 'col.phaseFit', 'probability'),
      column(ctx, 'investmentP50', 'col.investmentP50', 'money'),
      column(ctx, 'irrP50', 'col.irrP50', 'percent'),
      column(ctx, 'roiP50', 'col.roiP50', 'percent'),
    ],
    rows: ctx.ordered.map((s) => ({
      id: s.id,
      cells: [
        cell(f, 'text', ctx.names.scenario(s.id)),
        cell(f, 'probability', s.gates.budget.probability),
        cell(f, 'probability', s.gates.phase.probability),
        cell(f, 'money', s.investment.p50),
        marked(s, 'irr', 'percent', s.irr.p50),
        marked(s, 'roi', 'percent', s.roi.p50),
      ],
    })),
  };
}

/** The metrics a scenario's caveats qualify (their `metric` code parameter). */
export function qualifiedMetrics(s: ScenarioReport): Set<string> {
  const out = new Set<string>();
  for (const c of s.caveats ?? []) {
    const m = c.params.metric;
    if (m && m.type === 'code') out.add(m.value);
  }
  return out;
}
