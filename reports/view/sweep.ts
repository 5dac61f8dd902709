import type { Verdict } from '../../engine/index.js';
import type { MessageKey } from '../i18n.js';
import type { ViewContext } from './context.js';
import type { ViewTable } from './table.js';

/** The policy sweep in words: one table per axis (the other two at the proposal's own policy) and what a cell means. */
export interface SweepView {
  /** Payback limit, confidence, budget ceiling: rows are scenarios best first, columns the axis' points. */
  tables: ViewTable[];
  /** "* the proposal's own policy. Each cell: verdict and score …". */
  note: string;
}

/** The short verdict words a sweep cell shows. */
const SHORT: Record<Verdict, MessageKey> = { accept: 'sweep.accept', consider: 'sweep.consider', 'mandate-only': 'sweep.mandate-only' };

/**
 * Each scenario's verdict and score as the payback limit, the confidence and
 * the budget ceiling vary one at a time around the proposal's policy, from
 * the Report's policySweep (the same trials; no re-simulation). Null for
 * Reports without a sweep. The proposal's own point is marked with *. The
 * payback limits are bare numbers under a "(months)" title, so that no label
 * reads as the proposal's rule ("≤ 12") when the proposal's rule is another.
 * @example sweepView(ctx)!.tables[0].rows[0].cells[3].text // "accept 86"
 */
export function sweepView(ctx: ViewContext): SweepView | null {
  const { f, names, report } = ctx;
  const sweep = report.policySweep;
  if (!sweep) return null;
  const { axes, current } = sweep;
  const byId = new Map(sweep.scenarios.map((s) => [s.id, s]));
  const order = ctx.ordered.map((s) => s.id).filter((id) => byId.has(id));
  const table = (id: string, title: string, labels: string[], own: number, at: (k: number) => [number, number, number]): ViewTable => ({
    id,
    title,
    columns: [
      { id: 'scenario', header: title, kind: 'text' },
      ...labels.map((label, k) => ({ id: `point${k}`, header: k === own ? f.t('sweep.own', { label }) : label, kind: 'text' as const })),
    ],
    rows: order.map((sid) => {
      const s = byId.get(sid)!;
      return {
        id: sid,
        cells: [
          { value: names.scenario(sid), text: names.scenario(sid) },
          ...labels.map((_, k) => {
            const [i, j, b] = at(k);
            const text = f.t('sweep.cell', { verdict: f.t(SHORT[s.verdicts[i][j][b]]), score: s.scores[i][j][b] });
            return { value: text, text };
          }),
        ],
      };
    }),
  });
  return {
    tables: [
      table('sweep-payback', f.t('sweep.payback'), axes.paybackMonths.map((m) => f.monthCount(m)), current.paybackMonths, (k) => [k, current.confidence, current.budgetMax]),
      table('sweep-confidence', f.t('sweep.confidence'), axes.confidence.map((c) => f.percent(c)), current.confidence, (k) => [current.paybackMonths, k, current.budgetMax]),
      table('sweep-budget', f.t('sweep.budget'), axes.budgetMax.map((x) => f.money(x)), current.budgetMax, (k) => [current.paybackMonths, current.confidence, k]),
    ],
    note: f.t('sweep.note'),
  };
}
