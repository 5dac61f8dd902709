import type { MessageKey } from '../i18n.js';
import type { ViewContext } from './context.js';
import type { Formatter } from './format.js';

/**
 * A table of the view: the one place its rows are built. Each cell carries its
 * value (for the workbook and the CSV, which keep numbers as numbers) and its
 * text in the language (for the PDF, the page and the terminal). Outputs choose
 * which columns they lay out, by id; none builds a row of its own.
 */

/**
 * How a column's values read: money in the currency, a probability or a ratio
 * (IRR, ROI) as a percentage, a duration in months, a month number, a whole
 * count, any other number, text.
 */
export type CellKind = 'text' | 'money' | 'probability' | 'percent' | 'months' | 'month' | 'integer' | 'number';

export interface ViewCell {
  /** The figure or the text; null when the Report has no figure (shown as "—", an empty CSV field). */
  value: number | string | null;
  /** The value as the reader sees it. */
  text: string;
  /** Overrides the column's kind (the statistics table mixes money and months in one column). */
  kind?: CellKind;
}

export interface ViewColumn {
  /** Stable id (outputs pick columns by it). */
  id: string;
  /** The header in the language. */
  header: string;
  kind: CellKind;
}

export interface ViewRow {
  /** What the row is about: a scenario id, a phase index, an input path. */
  id: string;
  cells: ViewCell[];
  /** A tone for the row's status cell (the verdict): accept, consider, mandate-only. */
  tone?: string;
}

export interface ViewTable {
  /** Stable, language-independent id (CSV file name). */
  id: string;
  /** The table's title in the language (a sheet name). */
  title: string;
  columns: ViewColumn[];
  rows: ViewRow[];
}

/**
 * A cell of a kind: its value and its text in the language.
 * @example cell(f, 'money', 1860000) // { value: 1860000, text: '¥186万' }
 */
export function cell(f: Formatter, kind: CellKind, value: number | string | null | undefined): ViewCell {
  const v = value === undefined ? null : value;
  if (v === null) return { value: null, text: kind === 'months' ? f.months(null) : '—' };
  if (typeof v === 'string') return { value: v, text: v };
  switch (kind) {
    case 'money':
      return { value: v, text: f.money(v) };
    case 'probability':
    case 'percent':
      return { value: v, text: f.percent(v) };
    case 'months':
      return { value: v, text: f.months(v) };
    case 'month':
    case 'integer':
      return { value: v, text: f.count(v) };
    case 'number':
      return { value: v, text: f.number(v) };
    case 'text':
      return { value: String(v), text: String(v) };
  }
}

/**
 * The column of a table by id, with its index; throws when the table has none (a layout asking for a column that does not exist).
 * @example columnIndex(view.ranking, 'npvP50') // 5
 */
export function columnIndex(table: ViewTable, id: string): number {
  const k = table.columns.findIndex((c) => c.id === id);
  if (k < 0) throw new Error(`table ${table.id} has no column ${id}`);
  return k;
}

/**
 * The table with only the given columns, in that order (what an output lays out).
 * @example pick(view.ranking, ['rank', 'scenario', 'npvP50'])
 */
export function pick(table: ViewTable, ids: readonly string[]): ViewTable {
  const idx = ids.map((id) => columnIndex(table, id));
  return { ...table, columns: idx.map((k) => table.columns[k]), rows: table.rows.map((r) => ({ ...r, cells: idx.map((k) => r.cells[k]) })) };
}

/**
 * A column of a view table, its header from the catalogue in the view's language.
 * @example column(ctx, 'score', 'col.score', 'integer').header // "Score"
 */
export function column(ctx: ViewContext, id: string, key: MessageKey, kind: CellKind, params: Record<string, string | number> = {}): ViewColumn {
  return { id, header: ctx.f.t(key, params), kind };
}
