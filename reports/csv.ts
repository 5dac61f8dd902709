import type { Report } from '../engine/report.js';
import type { Lang } from './i18n.js';
import { reportTables, type Cell } from './tables.js';

/**
 * The Report as CSV: one file per table of `reportTables`, RFC 4180 (CRLF line
 * ends, fields with a comma, quote or line break quoted, quotes doubled),
 * UTF-8 with a byte-order mark so that Excel reads Chinese correctly. Numbers
 * are written as JavaScript prints them (full precision, unformatted); null is
 * an empty field.
 */

const BOM = '\uFEFF';
const EOL = '\r\n';

/** One RFC 4180 field. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The Report's tables as CSV files ("ranking.csv", "statistics.csv", "inputs.csv", "cashflow.csv", "roadmap.csv"). */
export function renderCsv(report: Report, lang: Lang): { file: string; content: string }[] {
  return reportTables(report, lang).map((table) => {
    const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((row) => row.map(csvField))];
    return { file: `${table.id}.csv`, content: BOM + lines.map((fields) => fields.join(',')).join(EOL) + EOL };
  });
}
