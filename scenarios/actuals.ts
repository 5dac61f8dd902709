import { readFileSync } from 'node:fs';
import { ClosedloopError, type Problem } from '../engine/errors.js';
import type { Proposal } from '../engine/model/proposal.js';
import { VariableSet } from '../engine/sampling/variables.js';
import type { Actuals, MeasureTarget, Observation } from '../engine/tracking/actuals.js';
import { ADOPTION_MEASURE, type ScenarioMeasures, scenarioMeasures } from '../engine/tracking/measures.js';
import { closest } from './did-you-mean.js';

/** The columns of an actuals file, in the documented order (docs/tracking.md). */
export const ACTUALS_COLUMNS = ['scenario', 'month', 'measure', 'value', 'n', 'sd'] as const;
type Column = (typeof ACTUALS_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['scenario', 'month', 'measure', 'value'];

/** One row before checking: each cell as written (CSV text, or a JSON value), with where it came from. */
interface RawRow {
  /** 1-based data row. */
  row: number;
  /** 1-based line of the CSV file, or null for JSON. */
  line: number | null;
  cells: Partial<Record<Column, unknown>>;
}

/**
 * Splits CSV text into records of fields (RFC 4180: commas, double quotes with
 * "" for a quote, CRLF or LF), each with the line it starts on. Blank lines are
 * skipped; unquoted fields are trimmed.
 * @example csvRecords('a,b\n"x, y",2\n') // [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['x, y', '2'] }]
 */
export function csvRecords(text: string, source: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the header
  const endField = () => {
    fields.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field.trim() === '' && !wasQuoted;
    endField();
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (quoted) throw new ClosedloopError('INVALID_ACTUALS', [{ path: `${source} line ${recordLine}`, message: 'a quoted field is never closed: add the closing "' }]);
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

/** Rows of a CSV actuals file, its header checked. */
function csvRows(text: string, source: string): RawRow[] {
  const records = csvRecords(text, source);
  if (records.length === 0) throw new ClosedloopError('INVALID_ACTUALS', [{ path: source, message: `the file is empty: start with the header ${ACTUALS_COLUMNS.join(',')}` }]);
  const header = records[0].fields.map((h) => h.toLowerCase());
  const problems: Problem[] = [];
  const at = (c: number) => `${source} line ${records[0].line}, column ${c + 1}`;
  header.forEach((h, c) => {
    if (!(ACTUALS_COLUMNS as readonly string[]).includes(h)) {
      const guess = closest(h, ACTUALS_COLUMNS);
      problems.push({ path: at(c), message: `unknown column ${JSON.stringify(h)}${guess ? `; did you mean "${guess}"?` : ''} (the columns are ${ACTUALS_COLUMNS.join(',')})` });
    } else if (header.indexOf(h) !== c) problems.push({ path: at(c), message: `the column "${h}" appears twice` });
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!header.includes(required)) problems.push({ path: `${source} line ${records[0].line}`, message: `the header has no "${required}" column (the header is ${ACTUALS_COLUMNS.join(',')}; n and sd may be left out)` });
  }
  if (problems.length) throw new ClosedloopError('INVALID_ACTUALS', problems);
  return records.slice(1).map((r, k) => {
    const cells: RawRow['cells'] = {};
    header.forEach((h, c) => (cells[h as Column] = r.fields[c] ?? ''));
    if (r.fields.length > header.length) cells['extra' as Column] = r.fields.slice(header.length);
    return { row: k + 1, line: r.line, cells };
  });
}

/** Rows of a JSON actuals file: an array of row objects, or `{ "actuals": [...] }`. */
function jsonRows(text: string, source: string): RawRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ClosedloopError('INVALID_ACTUALS', [{ path: source, message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const rows = Array.isArray(data) ? data : data !== null && typeof data === 'object' && Array.isArray((data as { actuals?: unknown }).actuals) ? (data as { actuals: unknown[] }).actuals : null;
  if (rows === null) throw new ClosedloopError('INVALID_ACTUALS', [{ path: source, message: 'expected an array of rows ({ "scenario", "month", "measure", "value", "n", "sd" }) or { "actuals": [ … ] }' }]);
  const problems: Problem[] = [];
  const out = rows.map((r, k): RawRow => {
    const where = `${source} row ${k + 1}`;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      problems.push({ path: where, message: 'a row must be an object with scenario, month, measure and value' });
      return { row: k + 1, line: null, cells: {} };
    }
    for (const key of Object.keys(r)) {
      if (!(ACTUALS_COLUMNS as readonly string[]).includes(key)) {
        const guess = closest(key, ACTUALS_COLUMNS);
        problems.push({ path: `${where}, column ${key}`, message: `unknown field ${JSON.stringify(key)}${guess ? `; did you mean "${guess}"?` : ''}` });
      }
    }
    return { row: k + 1, line: null, cells: r as RawRow['cells'] };
  });
  if (problems.length) throw new ClosedloopError('INVALID_ACTUALS', problems);
  return out;
}

/** A number cell: a JSON number, or CSV text that reads as one; `undefined` when the cell is empty and may be. */
function numberCell(raw: unknown): number | undefined | 'not-a-number' {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 'not-a-number';
  if (typeof raw !== 'string') return 'not-a-number';
  const text = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return 'not-a-number';
  return Number(text);
}

const quote = (raw: unknown) => (typeof raw === 'string' ? JSON.stringify(raw) : String(raw));

/** What a measure name means in a scenario, or the problem with it. */
function resolveMeasure(name: string, measures: ScenarioMeasures, scenarioId: string): MeasureTarget | string {
  const target = measures.usable.get(name);
  if (target) return target;
  const unusable = measures.unusable.get(name);
  if (unusable) {
    if (unusable.reason === 'ambiguous-label') return `${JSON.stringify(name)} names several lines of scenario "${scenarioId}": write ${unusable.detail}`;
    return `${name} is fixed at ${unusable.detail} in the proposal, so there is nothing to update: give it a distribution (e.g. a 3-point estimate) to track it`;
  }
  const guess = closest(name, [...measures.usable.keys()]);
  return (
    `unknown measure ${JSON.stringify(name)} for scenario "${scenarioId}"${guess ? `; did you mean "${guess}"?` : ''} ` +
    `(an uncertain input's path such as benefits[0].minutesSaved, a shared assumption's key, ${ADOPTION_MEASURE}, cash:benefits, cash:costs or cash:<line label>)`
  );
}

/** Identity of what a row observes, for finding duplicates (cash:operations and cash:costs[2] are the same line). */
function targetKey(scenario: string, month: number, t: MeasureTarget): string {
  const what = t.kind === 'input' ? t.variableKey : t.kind === 'adoption' ? 'adoption' : t.kind === 'cash' ? `cash:${t.side}` : `cash:${t.side}[${t.index}]`;
  return `${t.kind === 'input' && t.variableKey.startsWith('assumption:') ? '' : scenario}|${month}|${what}`;
}

export interface ActualsOptions {
  /** The last month the actuals speak for; a row after it is an error. Default: the latest month of a row. */
  asOfMonth?: number;
  /** How messages name the file ("actuals.csv"). */
  source?: string;
}

/**
 * Checks rows of actuals against a proposal, collecting every problem in one
 * pass (each named by row and column) before throwing INVALID_ACTUALS: an
 * unknown scenario or measure (with the closest valid name), a month that is
 * not a whole month of the horizon or lies after the as-of month, a value, n or
 * sd that is not a number, n ≤ 0 or not whole, sd ≤ 0, an adoption outside
 * [0, 1], the same measure twice in one month.
 * @example checkActuals(rows, proposal, { asOfMonth: 3 }).observations.length
 */
function checkActuals(rows: RawRow[], proposal: Proposal, options: ActualsOptions): Actuals {
  const source = options.source ?? 'actuals';
  const set = new VariableSet(proposal);
  const measuresOf = new Map(proposal.scenarios.map((s) => [s.id, scenarioMeasures(set, s)]));
  const problems: Problem[] = [];
  const observations: Observation[] = [];
  const seen = new Map<string, number>();
  const H = proposal.horizonMonths;
  if (options.asOfMonth !== undefined && !(Number.isInteger(options.asOfMonth) && options.asOfMonth >= 0 && options.asOfMonth <= H)) {
    problems.push({ path: '--as-of', message: `the as-of month must be a whole month from 0 to the horizon (${H}), found ${options.asOfMonth}` });
  }
  if (rows.length === 0) problems.push({ path: source, message: 'the actuals have no rows: add one row per measurement under the header' });
  for (const r of rows) {
    const where = (column: string) => `${source} row ${r.row}${r.line !== null ? ` (line ${r.line})` : ''}, column ${column}`;
    const bad = (column: string, message: string) => problems.push({ path: where(column), message });
    const before = problems.length;
    const extra = (r.cells as Record<string, unknown>).extra;
    if (extra) bad(String(ACTUALS_COLUMNS.length + 1), `the row has more fields than the header (${(extra as string[]).map(quote).join(', ')}): quote a value that contains a comma`);
    const scenarioId = typeof r.cells.scenario === 'string' ? r.cells.scenario.trim() : r.cells.scenario;
    const measures = typeof scenarioId === 'string' ? measuresOf.get(scenarioId) : undefined;
    if (scenarioId === undefined || scenarioId === null || scenarioId === '') bad('scenario', 'the scenario id is missing');
    else if (typeof scenarioId !== 'string') bad('scenario', `the scenario must be a scenario id (text), found ${quote(scenarioId)}`);
    else if (!measures) {
      const guess = closest(scenarioId, [...measuresOf.keys()]);
      bad('scenario', `no scenario has the id ${JSON.stringify(scenarioId)}${guess ? `; did you mean "${guess}"?` : ''} (the scenarios are ${[...measuresOf.keys()].join(', ')})`);
    }
    const month = numberCell(r.cells.month);
    if (month === undefined) bad('month', 'the month is missing: months since the decision date, 0 for the decision month');
    else if (month === 'not-a-number') bad('month', `the month must be a whole number, found ${quote(r.cells.month)}`);
    else if (!Number.isInteger(month) || month < 0 || month > H) bad('month', `the month must be a whole month from 0 to the horizon (${H}), found ${month}`);
    else if (options.asOfMonth !== undefined && month > options.asOfMonth) bad('month', `month ${month} is after the as-of month ${options.asOfMonth}: actuals cannot come from the future (drop the row or move --as-of)`);
    const measureName = typeof r.cells.measure === 'string' ? r.cells.measure.trim() : r.cells.measure;
    let target: MeasureTarget | undefined;
    if (measureName === undefined || measureName === null || measureName === '') bad('measure', 'the measure is missing');
    else if (typeof measureName !== 'string') bad('measure', `the measure must be text, found ${quote(measureName)}`);
    else if (measures) {
      const resolved = resolveMeasure(measureName, measures, scenarioId as string);
      if (typeof resolved === 'string') bad('measure', resolved);
      else target = resolved;
    }
    const value = numberCell(r.cells.value);
    if (value === undefined) bad('value', 'the value is missing');
    else if (value === 'not-a-number') bad('value', `the value must be a number, found ${quote(r.cells.value)}`);
    else if (target?.kind === 'adoption' && !(value >= 0 && value <= 1)) bad('value', `adoption is a share of full adoption from 0 to 1 (0.35 for 35%), found ${value}`);
    const n = numberCell(r.cells.n);
    if (n === 'not-a-number') bad('n', `n must be a whole number, found ${quote(r.cells.n)}`);
    else if (n !== undefined && (!Number.isInteger(n) || n <= 0)) bad('n', `n is the sample size of a measured mean and must be a whole number ≥ 1, found ${n}`);
    const sd = numberCell(r.cells.sd);
    if (sd === 'not-a-number') bad('sd', `sd must be a number, found ${quote(r.cells.sd)}`);
    else if (sd !== undefined && !(sd > 0)) bad('sd', `sd is a sample standard deviation and must be > 0, found ${sd} (leave it empty when unknown)`);
    if (problems.length > before || !target || typeof month !== 'number' || typeof value !== 'number' || n === 'not-a-number' || sd === 'not-a-number') continue;
    const key = targetKey(scenarioId as string, month, target);
    const first = seen.get(key);
    if (first !== undefined) {
      bad('measure', `row ${first} already gives ${measureName} for ${target.kind === 'input' && target.variableKey.startsWith('assumption:') ? 'the shared assumption' : `scenario "${scenarioId}"`} in month ${month}: keep one row per measure and month (combine repeated readings into n and sd)`);
      continue;
    }
    seen.set(key, r.row);
    observations.push({ row: r.row, scenario: scenarioId as string, month, measure: measureName as string, target, value, n: n ?? null, sd: sd ?? null });
  }
  if (problems.length) throw new ClosedloopError('INVALID_ACTUALS', problems);
  const asOfMonth = options.asOfMonth ?? Math.max(...observations.map((o) => o.month));
  return { asOfMonth, observations };
}

/**
 * Parses actuals text, CSV (header `scenario,month,measure,value,n,sd`) or
 * JSON (the same fields per row), and checks it against the proposal.
 * JSON when the source ends in .json or the text starts with [ or {.
 * @example parseActuals('scenario,month,measure,value\nreference,3,adoption,0.4\n', proposal).observations[0].value // 0.4
 */
export function parseActuals(text: string, proposal: Proposal, options: ActualsOptions = {}): Actuals {
  const source = options.source ?? 'actuals';
  const trimmed = text.trimStart();
  const asJson = source.endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{');
  const rows = asJson ? jsonRows(text, source) : csvRows(text, source);
  return checkActuals(rows, proposal, { ...options, source });
}

/**
 * Reads and checks an actuals file (.csv or .json).
 * @example loadActuals('fixtures/reference-actuals.csv', proposal).asOfMonth // 3
 */
export function loadActuals(file: string, proposal: Proposal, options: Omit<ActualsOptions, 'source'> = {}): Actuals {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ClosedloopError('FILE_NOT_FOUND', [{ path: '--actuals', message: `cannot read ${file}: ${reason}` }]);
  }
  return parseActuals(text, proposal, { ...options, source: file });
}
