import type { ReportView, ViewCell, ViewColumn, ViewTable } from '../reports/view/index.js';
import { SUMMARY_RANKING_COLUMNS, pick } from '../reports/view/index.js';
import { renderTable, truncate } from './table.js';

/** The roadmap columns the terminal shows. */
export const TERMINAL_PHASE_COLUMNS = ['phase', 'start', 'end', 'items', 'spendMean', 'spendP50', 'budgetProbability'] as const;
/** Names longer than this many terminal columns are shortened (the PDF and the workbook keep them whole). */
const NAME_COLUMNS = 60;

/**
 * A cell's text as the terminal shows it: a text cell on one line, shortened
 * past NAME_COLUMNS columns (at a word when it can); figures as they are.
 * @example terminalCell({ value: 'A', text: 'A' }, 'text') // "A"
 */
export function terminalCell(cell: ViewCell, kind: ViewColumn['kind']): string {
  return kind === 'text' ? truncate(cell.text.replace(/\n/g, ' '), NAME_COLUMNS) : cell.text;
}

/**
 * A view table as terminal text: its header and rows, figures right-aligned.
 * @example terminalTable(pick(view.ranking, ['rank', 'scenario']))
 */
export function terminalTable(table: ViewTable): string {
  const right = new Set(table.columns.flatMap((c, k) => (c.kind === 'text' ? [] : [k])));
  return renderTable(
    table.columns.map((c) => c.header),
    table.rows.map((r) => r.cells.map((c, k) => terminalCell(c, table.columns[k].kind))),
    right,
  );
}

/** The title line: customer, number of scenarios, horizon. */
export function titleLine(view: ReportView): string {
  const n = view.report.scenarios.length;
  const params = { customer: view.customer, count: n, horizon: view.report.proposal.horizonMonths };
  return view.f.t(n === 1 ? 'cli.title.one' : 'cli.title.many', params);
}

/**
 * The ranked scenario table printed by `analyze` and `demo`, then what the
 * order is, how sure each choice among alternatives is and what each enabler
 * makes possible.
 */
export function rankingText(view: ReportView): string {
  const { notes } = view;
  const lines = [terminalTable(pick(view.ranking, SUMMARY_RANKING_COLUMNS))];
  if (notes.basis) lines.push('', notes.basis);
  for (const [heading, items] of [
    [view.f.t('view.alternatives'), notes.alternatives],
    [view.f.t('view.enablers'), notes.enablers],
  ] as const) {
    if (items.length) lines.push('', view.f.t('cli.heading', { heading }), ...items.map((x) => `  ${x}`));
  }
  return lines.join('\n');
}

/** The roadmap: the phase table, the item table, why each phase, items left out, the programme's figures, how it was found. */
export function roadmapText(view: ReportView): string {
  const r = view.roadmap;
  if (!r) return '';
  const lines = [terminalTable(pick(r.phases, TERMINAL_PHASE_COLUMNS)), '', terminalTable(r.items), '', ...r.rationale.map((x) => `  ${x}`)];
  if (r.unscheduled.length) lines.push('', view.f.t('cli.unscheduled'), ...r.unscheduled.map((u) => `  ${u}`));
  lines.push('', ...r.programme, view.f.paragraph([r.search, r.rules]));
  return lines.join('\n');
}

/** Everything `analyze` and `demo` print, from the view: the recommendation, the ranking, advice, roadmap, confidence, what to measure, notes, provenance. */
export function reportText(view: ReportView): string {
  const { f } = view;
  const blocks = [`${titleLine(view)}\n${f.t('cli.recommendation', { text: view.recommendation.headline })}`, rankingText(view)];
  if (view.advice.length) blocks.push(`${f.t('cli.advice')}\n${view.advice.map((a) => `  ${a}`).join('\n')}`);
  if (view.roadmap) blocks.push(`${f.t('cli.roadmap')}\n${roadmapText(view)}`);
  if (view.confidence.length) blocks.push(`${f.t('cli.confidence')}\n${view.confidence.map((c) => `  ${c}`).join('\n')}`);
  blocks.push(view.measureFirst);
  blocks.push(...view.appendix.notes);
  blocks.push([view.appendix.provenance, ...(view.appendix.autoTrials ? [view.appendix.autoTrials] : [])].join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

/** What `plan` prints: the roadmap and the provenance. */
export function planText(view: ReportView): string {
  return `${view.f.t('cli.planTitle', { customer: view.customer })}\n\n${roadmapText(view)}\n\n${view.appendix.provenance}\n`;
}
