/**
 * Reading uploaded actuals on a worker thread, with the parser the CLI uses
 * (scenarios/actuals.ts): the same checks, codes and row/column messages as
 * `closedloop track --actuals`, and a bound on the rows before any check.
 */
import { ClosedloopError } from '../../engine/errors.js';
import type { Proposal } from '../../engine/model/proposal.js';
import type { Actuals } from '../../engine/tracking/actuals.js';
import { csvRecords, parseActuals } from '../../scenarios/actuals.js';

/** How an upload is stored and read: CSV as uploaded, JSON as its canonical text. */
export type ActualsFormat = 'csv' | 'json';

/** What the API keeps about checked actuals. */
export interface ActualsFacts {
  /** Data rows of the file. */
  rows: number;
  /** The as-of month the rows were checked against (the one given, else the latest month of a row). */
  asOfMonth: number;
}

/** How messages name an upload ("actuals.csv row 2 (line 3), column measure: …"); the .json name also makes the parser read JSON. */
export function actualsSource(format: ActualsFormat): string {
  return format === 'json' ? 'actuals.json' : 'actuals.csv';
}

/** Data rows of an upload, counted before they are checked (null when the text is not even CSV or JSON rows: the parser says why). */
function countRows(text: string, format: ActualsFormat): number | null {
  if (format === 'csv') {
    try {
      return Math.max(0, csvRecords(text, actualsSource(format)).length - 1);
    } catch {
      return null;
    }
  }
  try {
    const data = JSON.parse(text) as unknown;
    const rows = Array.isArray(data) ? data : (data as { actuals?: unknown } | null)?.actuals;
    return Array.isArray(rows) ? rows.length : null;
  } catch {
    return null;
  }
}

/**
 * Checks actuals text against a normalised proposal: INVALID_ACTUALS with every
 * problem (row and column) as the CLI reports them, or beyond `maxRows` rows.
 * @example readActuals(text, 'csv', proposal, { maxRows: 5000 }).actuals.asOfMonth
 */
export function readActuals(text: string, format: ActualsFormat, proposal: Proposal, options: { asOfMonth?: number; maxRows: number }): { actuals: Actuals; facts: ActualsFacts } {
  const source = actualsSource(format);
  const rows = countRows(text, format);
  if (rows !== null && rows > options.maxRows) {
    throw new ClosedloopError('INVALID_ACTUALS', [
      { path: source, message: `the actuals have ${rows} rows; at most ${options.maxRows} are accepted: keep one row per measure and month, combining repeated readings into n and sd` },
    ]);
  }
  const actuals = parseActuals(text, proposal, { asOfMonth: options.asOfMonth, source });
  return { actuals, facts: { rows: rows ?? actuals.observations.length, asOfMonth: actuals.asOfMonth } };
}
