import type { Proposal } from '../engine/index.js';
import ExcelJS from 'exceljs';
import { INPUT_COLUMNS, STRUCTURE_COLUMNS, proposalSheets } from '../scenarios/proposal-sheets.js';
import type { Lang } from './i18n.js';

/**
 * The proposal's editable sheets of the workbook: Inputs (one row per input,
 * its distribution in plain columns) and Structure (every other field as path
 * and value). `closedloop validate|analyze|plan FILE.xlsx` reads them back
 * (scenarios/load-workbook.ts); the column names in row 1 are what it reads,
 * so they stay in English in both languages, with a note row above the data
 * explaining them in the workbook's language.
 */

/** Sheet names the reader looks for. */
export const INPUTS_SHEET = 'Proposal inputs';
export const STRUCTURE_SHEET = 'Proposal structure';

const NOTES: Record<Lang, { inputs: string; structure: string }> = {
  en: {
    inputs: 'Edit the numbers of any row, then run closedloop analyze on this file. kind: fixed (value), pert or triangular (min, mode, max), lognormal (p5, p95), normal (p5, p95 or mean, sd), uniform (min, max), beta (alpha, beta or mean, sd), discrete (values, weights), shared (shared assumption). Text such as 50万 or 8% is read as a number.',
    structure: 'The rest of the proposal: each row is one field (path) and its value. [] is an empty list.',
  },
  'zh-CN': {
    inputs: '修改任一行的数字后，对本文件运行 closedloop analyze。kind：fixed（value）、pert 或 triangular（min、mode、max）、lognormal（p5、p95）、normal（p5、p95 或 mean、sd）、uniform（min、max）、beta（alpha、beta 或 mean、sd）、discrete（values、weights）、shared（共享假设）。“50万”“8%”等文字按数字读取。',
    structure: '提案的其余部分：每行是一个字段（path）及其取值。[] 表示空列表。',
  },
};

/** Row 1 holds the machine column names, row 2 the note; data starts on row 3. */
export const FIRST_DATA_ROW = 3;

function addTable(workbook: ExcelJS.Workbook, name: string, columns: readonly string[], note: string, rows: Record<string, unknown>[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
  sheet.addRow([...columns]).font = { bold: true };
  sheet.addRow([note]).font = { italic: true, color: { argb: 'FF666666' } };
  for (const r of rows) sheet.addRow(columns.map((c) => (r[c] === undefined ? null : r[c])));
  columns.forEach((c, i) => {
    const widest = Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length));
    sheet.getColumn(i + 1).width = Math.min(48, Math.max(8, widest + 2));
  });
}

/**
 * Adds the Inputs and Structure sheets of a proposal to a workbook.
 * @example addProposalSheets(workbook, proposal, 'en') // two sheets a finance team can edit
 */
export function addProposalSheets(workbook: ExcelJS.Workbook, proposal: Proposal, lang: Lang): void {
  const { inputs, structure } = proposalSheets(proposal);
  addTable(workbook, INPUTS_SHEET, INPUT_COLUMNS, NOTES[lang].inputs, inputs);
  addTable(workbook, STRUCTURE_SHEET, STRUCTURE_COLUMNS, NOTES[lang].structure, structure as unknown as Record<string, unknown>[]);
}

/**
 * A workbook of the proposal's sheets alone (`closedloop init --xlsx`): fill it in, then analyze it.
 * @example await proposalWorkbook(proposal, 'zh-CN') // .xlsx bytes
 */
export async function proposalWorkbook(proposal: Proposal, lang: Lang): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'closedloop';
  addProposalSheets(workbook, proposal, lang);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
