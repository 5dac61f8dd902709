import type { Report } from '../engine/index.js';
import type { Lang } from './i18n.js';
import { type ViewCell, type ViewTable, buildView } from './view/index.js';

/**
 * The Report as CSV: one file per table of the view (ranking, statistics,
 * inputs, cash flow, and the roadmap's phases and items), RFC 4180 (CRLF line
 * ends, fields with a comma, quote or line break quoted, quotes doubled),
 * UTF-8 with a byte-order mark so that Excel reads Chinese correctly. Numbers
 * are written as JavaScript prints them (full precision, unformatted); a
 * missing figure is an empty field.
 */

const BOM = '\uFEFF';
const EOL = '\r\n';

/**
 * One RFC 4180 field.
 * @example csvField('a, b') // '"a, b"'
 */
export function csvField(value: ViewCell['value']): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The tables a CSV export writes, in order.
 * @example csvTables(buildView(report, 'en')).map((t) => t.id) // ['ranking', 'statistics', 'inputs', 'cashflow', 'roadmap', 'roadmap-items', 'roadmap-candidates']
 */
export function csvTables(view: ReturnType<typeof buildView>): ViewTable[] {
  const tables = [view.ranking, view.statistics, view.inputs, view.cashflow];
  if (view.roadmap) tables.push(view.roadmap.phases, view.roadmap.items, ...(view.roadmap.candidates ? [view.roadmap.candidates] : []));
  return tables;
}

/**
 * The Report's tables as CSV files ("ranking.csv", "statistics.csv", "inputs.csv", "cashflow.csv", "roadmap.csv", "roadmap-items.csv", "roadmap-candidates.csv").
 * @example renderCsv(report, 'en')[0].file // "ranking.csv"
 */
export function renderCsv(report: Report, lang: Lang): { file: string; content: string }[] {
  return csvTables(buildView(report, lang)).map((table) => {
    const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((row) => row.cells.map((c) => csvField(c.value)))];
    return { file: `${table.id}.csv`, content: BOM + lines.map((fields) => fields.join(',')).join(EOL) + EOL };
  });
}
