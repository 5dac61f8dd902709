import type { Proposal, Quantity } from '../engine/model/proposal.js';
import { isRef, isUncertain } from '../engine/model/proposal.js';
import { type PathPart, indexPath, parsePath } from './problem-path.js';

/**
 * A normalised proposal as two editable tables and back (the workbook round
 * trip, docs/proposal-format.md "Editing in Excel"): Inputs holds one row per
 * input with its distribution in plain columns; Structure holds every other
 * field as (path, value). Reading both back and normalising gives the same
 * proposal, and so the same input hash: inputs are written in the form the
 * author wrote them (`written`) or their canonical parameters, every default
 * explicitly.
 */

/** The Inputs sheet's columns, in order; the header row holds these names. */
export const INPUT_COLUMNS = [
  'path', 'scenario', 'input', 'kind', 'min', 'mode', 'max', 'p5', 'p95', 'value', 'shared assumption',
  'mean', 'sd', 'mu', 'sigma', 'alpha', 'beta', 'lambda', 'values', 'weights', 'name', 'clamp min', 'clamp max',
  'label', 'label zh-CN', 'label en',
] as const;
export type InputColumn = (typeof INPUT_COLUMNS)[number];

/** The Structure sheet's columns. */
export const STRUCTURE_COLUMNS = ['path', 'scenario', 'value'] as const;

/** A cell as the sheets hold it. */
export type SheetCell = string | number | boolean | null;
export type InputRow = Partial<Record<InputColumn, SheetCell>>;
export interface StructureRow {
  path: string;
  scenario: string;
  value: SheetCell;
}

/** Written in a Structure cell for an empty list or object, which has no leaf of its own. */
const EMPTY_ARRAY = '[]';
const EMPTY_OBJECT = '{}';
/** Columns that hold a list of numbers, written "1, 2, 3". */
const LIST_COLUMNS: readonly InputColumn[] = ['values', 'weights'];
/** Parameters named like a column, and the written forms' parameter names the columns hold. */
const PARAM_COLUMNS: readonly InputColumn[] = ['min', 'mode', 'max', 'p5', 'p95', 'mean', 'sd', 'mu', 'sigma', 'alpha', 'beta', 'lambda', 'values', 'weights'];

/** A quantity as an author would write it: a number, `{ref}`, or its written form (else its canonical parameters). */
function writtenQuantity(q: Quantity): unknown {
  if (typeof q === 'number' || isRef(q)) return q;
  const { family, ...canonical } = q.dist;
  const params = q.written ? { ...q.written.params } : canonical;
  const implicitPert = q.written?.form === 'pert' || (!q.written && family === 'pert');
  const implicitLognormal = q.written?.form === 'lognormal-interval';
  return {
    ...(implicitPert || implicitLognormal ? {} : { dist: family }),
    ...params,
    ...(q.name !== undefined ? { name: q.name } : {}),
    ...(q.clamp ? { clamp: q.clamp } : {}),
  };
}

/** Keys the normaliser derives, which an author never writes: left out of the sheets. */
const DERIVED_KEYS = new Set(['inputHash', 'defaulted', 'warnings']);

/**
 * The normalised proposal back in the form an author writes: a name or label
 * written in both languages is the `{ "zh-CN", "en" }` object again (the
 * normaliser keeps it as `names` / `labels` beside the primary text).
 */
function asWritten(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asWritten);
  if (node === null || typeof node !== 'object' || isQuantityObject(node)) return node;
  const out: Record<string, unknown> = {};
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (DERIVED_KEYS.has(k) || k === 'names' || k === 'labels') continue;
    out[k] = k === 'name' && o.names ? o.names : k === 'label' && o.labels ? o.labels : asWritten(v);
  }
  return out;
}

const isQuantityObject = (v: unknown): v is Quantity => v !== null && typeof v === 'object' && !Array.isArray(v) && (isUncertain(v as Quantity) || isRef(v as Quantity));

/** Where inputs live: inside scenarios (but not their ids and requires), the assumptions and the shared components' costs. */
function isInputPath(path: readonly PathPart[]): boolean {
  if (path[0] === 'assumptions') return path.length === 2;
  if (path[0] === 'scenarios') return path.length > 2 && path[2] !== 'id' && path[2] !== 'requires' && typeof path[path.length - 1] !== 'number';
  return path[0] === 'roadmap' && path[1] === 'sharedComponents' && path[3] === 'cost' && path.length === 4;
}

/**
 * The proposal as Inputs and Structure rows.
 * @example proposalSheets(demo).inputs[0] // { path: 'assumptions.gridWorkOrders', kind: 'pert', min: …, … }
 */
export function proposalSheets(p: Proposal): { inputs: InputRow[]; structure: StructureRow[] } {
  const inputs: InputRow[] = [];
  const structure: StructureRow[] = [];
  const body = asWritten(p);
  const scenarioOf = (path: readonly PathPart[]) => (path[0] === 'scenarios' && typeof path[1] === 'number' ? p.scenarios[path[1]]?.id ?? '' : '');
  const visit = (node: unknown, path: PathPart[]): void => {
    if (node === null || node === undefined) return; // minutesSaved: null is "not written"
    if ((typeof node === 'number' || isQuantityObject(node)) && isInputPath(path)) {
      inputs.push(inputRow(node as Quantity, path, scenarioOf(path)));
      return;
    }
    if (Array.isArray(node)) {
      if (!node.length) structure.push({ path: indexPath(path), scenario: scenarioOf(path), value: EMPTY_ARRAY });
      node.forEach((v, i) => visit(v, [...path, i]));
    } else if (typeof node === 'object') {
      const entries = Object.entries(node as Record<string, unknown>);
      if (!entries.length) structure.push({ path: indexPath(path), scenario: scenarioOf(path), value: EMPTY_OBJECT });
      for (const [k, v] of entries) visit(v, [...path, k]);
    } else structure.push({ path: indexPath(path), scenario: scenarioOf(path), value: node as SheetCell });
  };
  visit(body, []);
  return { inputs, structure };
}

function inputRow(q: Quantity, path: PathPart[], scenario: string): InputRow {
  const row: InputRow = { path: indexPath(path), scenario, input: path.slice(scenario ? 2 : 1).map(String).join('.') };
  if (typeof q === 'number') return { ...row, kind: 'fixed', value: q };
  if (isRef(q)) return { ...row, kind: 'shared', 'shared assumption': q.ref };
  const written = writtenQuantity(q) as Record<string, unknown>;
  row.kind = q.dist.family;
  for (const col of PARAM_COLUMNS) {
    const v = written[col];
    if (Array.isArray(v)) row[col] = v.join(', ');
    else if (typeof v === 'number') row[col] = v;
  }
  if (q.name !== undefined) row.name = q.name;
  if (q.labels) {
    if (q.labels['zh-CN'] !== undefined) row['label zh-CN'] = q.labels['zh-CN'];
    if (q.labels.en !== undefined) row['label en'] = q.labels.en;
  } else if (q.label !== undefined) row.label = q.label;
  if (q.clamp) {
    row['clamp min'] = q.clamp[0];
    row['clamp max'] = q.clamp[1];
  }
  return row;
}

const filled = (v: SheetCell | undefined): v is string | number | boolean => v !== null && v !== undefined && v !== '';

/** A list cell "1, 2, 3" (or a single number) as numbers; text items stay text for the quantity schema to judge. */
function listCell(v: string | number | boolean): unknown[] {
  if (typeof v !== 'string') return [v];
  return v.split(/[;,，]\s*(?=[-\d.¥])/).map((x) => x.trim()).map((x) => (/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(x) ? Number(x) : x));
}

/** One Inputs row back to what a proposal would say for that input. */
function rowQuantity(row: InputRow): unknown {
  const kind = typeof row.kind === 'string' ? row.kind.trim() : '';
  if (filled(row['shared assumption'])) return { ref: String(row['shared assumption']) };
  if (kind === 'fixed' || kind === '' || (filled(row.value) && !PARAM_COLUMNS.some((c) => filled(row[c])))) return row.value ?? undefined;
  const q: Record<string, unknown> = kind === 'pert' ? {} : { dist: kind };
  for (const col of PARAM_COLUMNS) {
    const v = row[col];
    if (filled(v)) q[col] = LIST_COLUMNS.includes(col) ? listCell(v) : v;
  }
  if (kind === 'lognormal' && 'p5' in q) delete q.dist; // the 90% interval form, as written
  if (filled(row.name)) q.name = row.name;
  if (filled(row['label zh-CN']) || filled(row['label en'])) {
    q.label = { ...(filled(row['label zh-CN']) ? { 'zh-CN': String(row['label zh-CN']) } : {}), ...(filled(row['label en']) ? { en: String(row['label en']) } : {}) };
  } else if (filled(row.label)) q.label = String(row.label);
  if (filled(row['clamp min']) || filled(row['clamp max'])) q.clamp = [row['clamp min'], row['clamp max']];
  return q;
}

/** Sets `value` at `path` in `root`, creating objects and arrays on the way. */
function setAt(root: Record<string, unknown>, path: readonly PathPart[], value: unknown): void {
  let node: Record<string | number, unknown> = root;
  path.forEach((part, i) => {
    if (i === path.length - 1) node[part] = value;
    else {
      if (node[part] === undefined || node[part] === null || typeof node[part] !== 'object') node[part] = typeof path[i + 1] === 'number' ? [] : {};
      node = node[part] as Record<string | number, unknown>;
    }
  });
}

/** A row that could not be read back, with the sheet and row number to fix. */
export interface SheetProblem {
  sheet: 'Proposal inputs' | 'Proposal structure';
  row: number;
  message: string;
}

/**
 * Inputs and Structure rows back to a raw proposal for readProposal; rows
 * whose path cannot be read are returned as problems. `rowNumber` gives each row's number in its sheet.
 * @example rawFromSheets(proposalSheets(p)).raw // readProposal(…).proposal.inputHash === p.inputHash
 */
export function rawFromSheets(sheets: { inputs: (InputRow & { rowNumber?: number })[]; structure: (StructureRow & { rowNumber?: number })[] }): { raw: Record<string, unknown>; problems: SheetProblem[] } {
  const raw: Record<string, unknown> = {};
  const problems: SheetProblem[] = [];
  sheets.structure.forEach((r, i) => {
    const path = typeof r.path === 'string' ? parsePath(r.path.trim()) : null;
    if (!path || !path.length) {
      problems.push({ sheet: 'Proposal structure', row: r.rowNumber ?? i + 2, message: `the path ${JSON.stringify(r.path)} is not a proposal path such as scenarios[0].name` });
      return;
    }
    setAt(raw, path, r.value === EMPTY_ARRAY ? [] : r.value === EMPTY_OBJECT ? {} : r.value);
  });
  sheets.inputs.forEach((r, i) => {
    const path = typeof r.path === 'string' ? parsePath(r.path.trim()) : null;
    if (!path || !path.length) {
      problems.push({ sheet: 'Proposal inputs', row: r.rowNumber ?? i + 2, message: `the path ${JSON.stringify(r.path)} is not a proposal path such as scenarios[0].benefits[0].fte` });
      return;
    }
    setAt(raw, path, rowQuantity(r));
  });
  return { raw, problems };
}
