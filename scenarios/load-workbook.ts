import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { ClosedloopError } from '../engine/errors.js';
import { type ReadOptions, type ReadResult, readProposal } from './normalize.js';
import { INPUT_COLUMNS, type InputRow, STRUCTURE_COLUMNS, type SheetCell, type StructureRow, rawFromSheets } from './proposal-sheets.js';
import { displayPath, parsePath } from './problem-path.js';

/**
 * Reads a workbook closedloop wrote (reports/workbook-inputs.ts) back into a
 * proposal: its Inputs and Structure sheets, edited or not. Unchanged, it has
 * the source proposal's input hash; a problem names the sheet, row and column.
 */

const INPUTS_SHEET = 'Proposal inputs';
const STRUCTURE_SHEET = 'Proposal structure';
/** Row 1 names the columns, row 2 is the note (reports/workbook-inputs.ts). */
const FIRST_DATA_ROW = 3;

/** A cell's value as the sheets mean it: formulas by their result, rich text as its text. */
function cellValue(v: ExcelJS.CellValue): SheetCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'result' in v) return cellValue(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return null;
}

/** The rows of a sheet as objects keyed by the column names of its first row, with their row numbers. */
function sheetRows(sheet: ExcelJS.Worksheet, expected: readonly string[]): (Record<string, SheetCell> & { rowNumber: number })[] {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => (typeof cellValue(v) === 'string' ? String(cellValue(v)).trim() : ''));
  const missing = expected.filter((c) => c === 'path' && !header.includes(c));
  if (missing.length) throw new ClosedloopError('INVALID_PROPOSAL', [{ path: `${sheet.name} row 1`, message: `the header row has no "path" column; the columns are ${expected.join(', ')}` }]);
  const rows: (Record<string, SheetCell> & { rowNumber: number })[] = [];
  sheet.eachRow((row, n) => {
    if (n < FIRST_DATA_ROW) return; // the header and the note
    const r: Record<string, SheetCell> & { rowNumber: number } = { rowNumber: n };
    header.forEach((name, i) => {
      if (name) r[name] = cellValue(row.getCell(i).value);
    });
    // The note row and blank rows have no path.
    if (typeof r.path === 'string' && r.path.trim() !== '') rows.push(r);
  });
  return rows;
}

/**
 * Reads the proposal of a closedloop workbook (.xlsx); problems name the sheet and row.
 * @example (await readWorkbookProposal('out/proposal.xlsx')).proposal.inputHash
 */
export async function readWorkbookProposal(file: string, options: Omit<ReadOptions, 'locate'> = {}): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ClosedloopError('FILE_NOT_FOUND', [{ path: '', message: `cannot read ${file}: ${reason}` }]);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new ClosedloopError('PROPOSAL_SYNTAX', [{ path: '', message: `${file} is not a readable .xlsx workbook: ${(e as Error).message}` }]);
  }
  const inputsSheet = workbook.getWorksheet(INPUTS_SHEET);
  const structureSheet = workbook.getWorksheet(STRUCTURE_SHEET);
  if (!inputsSheet || !structureSheet) {
    throw new ClosedloopError('INVALID_PROPOSAL', [
      { path: '', message: `${file} has no ${!inputsSheet ? INPUTS_SHEET : STRUCTURE_SHEET} sheet: only workbooks written by closedloop (analyze --xlsx, init --xlsx) hold a proposal` },
    ]);
  }
  const inputs = sheetRows(inputsSheet, INPUT_COLUMNS) as unknown as (InputRow & { rowNumber: number })[];
  const structure = sheetRows(structureSheet, STRUCTURE_COLUMNS) as unknown as (StructureRow & { rowNumber: number })[];
  const { raw, problems } = rawFromSheets({ inputs, structure });
  if (problems.length) throw new ClosedloopError('INVALID_PROPOSAL', problems.map((p) => ({ path: `${p.sheet} row ${p.row}`, message: p.message })));
  // Problems of the proposal name the sheet and row that holds the value.
  const rowOf = new Map<string, string>();
  const shown = (path: unknown) => displayPath(parsePath(String(path).trim()) ?? [], raw);
  for (const r of structure) rowOf.set(shown(r.path), `${STRUCTURE_SHEET} row ${r.rowNumber}`);
  for (const r of inputs) rowOf.set(shown(r.path), `${INPUTS_SHEET} row ${r.rowNumber}`);
  try {
    return readProposal(raw, options);
  } catch (e) {
    if (!(e instanceof ClosedloopError)) throw e;
    throw new ClosedloopError(
      e.code,
      e.problems.map((p) => {
        const where = rowOf.get(p.path) ?? [...rowOf.entries()].find(([k]) => k.startsWith(p.path))?.[1];
        return where ? { ...p, message: `${p.message} (${where})` } : p;
      }),
    );
  }
}

