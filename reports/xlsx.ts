import ExcelJS from 'exceljs';
import type { Report } from '../engine/report.js';
import type { Lang } from './i18n.js';
import type { Proposal } from '../engine/model/proposal.js';
import { addProposalSheets } from './workbook-inputs.js';
import { cellKind, reportTables, type Cell, type ColumnKind, type Table } from './tables.js';

/**
 * The Report as an Excel workbook: one worksheet per table of `reportTables`,
 * a bold frozen header row, number formats by column kind, numbers written as
 * numbers. Byte-identical for the same Report: the document dates come from
 * `run.createdAt` (or a fixed epoch) and the zip entries' timestamps are
 * pinned to the same instant.
 */

/** Used when the Report has no `run.createdAt`: the zip format's epoch. */
const FIXED_EPOCH = new Date('1980-01-01T00:00:00.000Z');

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** Excel number format of a money column: '"¥"#,##0' for CNY, '"USD "#,##0' for other currencies. */
export function moneyFormat(currency: string): string {
  const sign = currency === 'CNY' ? '¥' : `${currency} `;
  return `"${sign.replace(/"/g, '')}"#,##0`;
}

function numberFormat(kind: ColumnKind, currency: string): string | undefined {
  switch (kind) {
    case 'money':
      return moneyFormat(currency);
    case 'probability':
      return '0%';
    case 'months':
      return '0.0';
    case 'number':
      return '0.00';
    case 'integer':
      return '0';
    case 'text':
      return undefined;
  }
}

/** Roughly how a cell reads once formatted, for column widths. */
function displayText(value: Cell, kind: ColumnKind, currency: string): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'money':
      return `${currency === 'CNY' ? '¥' : `${currency} `}${Math.round(value).toLocaleString('en-US')}`;
    case 'probability':
      return `${Math.round(value * 100)}%`;
    case 'months':
      return value.toFixed(1);
    case 'number':
      return value.toFixed(2);
    default:
      return String(Math.round(value));
  }
}

/** Display width in character cells: East Asian wide characters count twice. */
function textWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) {
    let w = 0;
    for (const ch of line) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
    widest = Math.max(widest, w);
  }
  return widest;
}

function addSheet(workbook: ExcelJS.Workbook, table: Table, currency: string): void {
  const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  const widths = table.columns.map((c) => textWidth(c.header));
  table.rows.forEach((cells, r) => {
    const row = sheet.getRow(r + 2);
    cells.forEach((value, c) => {
      const kind = cellKind(table, r, c);
      widths[c] = Math.max(widths[c], textWidth(displayText(value, kind, currency)));
      if (value === null) return;
      const cell = row.getCell(c + 1);
      cell.value = value;
      const fmt = typeof value === 'number' ? numberFormat(kind, currency) : undefined;
      if (fmt) cell.numFmt = fmt;
    });
  });
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[i] + 2));
    if (c.kind === 'text' && widths[i] + 2 > MAX_WIDTH) column.alignment = { wrapText: true, vertical: 'top' };
  });
}

/** DOS date and time words (UTC) of an instant, clamped to the zip format's range. */
function dosDateTime(date: Date): { date: number; time: number } {
  const d = date.getTime() < FIXED_EPOCH.getTime() ? FIXED_EPOCH : date;
  const year = Math.min(2107, d.getUTCFullYear());
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

/**
 * Sets every entry's modification time in a zip archive (local headers and
 * central directory) to one instant. JSZip, under exceljs, stamps entries with
 * the wall-clock time they were added; nothing else in the bytes depends on it.
 */
function pinZipTimestamps(zip: Buffer, date: Date): Buffer {
  const { date: dosDate, time: dosTime } = dosDateTime(date);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('xlsx: no zip end-of-central-directory record');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('xlsx: malformed zip central directory');
    zip.writeUInt16LE(dosTime, p + 12);
    zip.writeUInt16LE(dosDate, p + 14);
    const local = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('xlsx: malformed zip local header');
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return zip;
}

function documentDate(report: Report): Date {
  const created = report.run.createdAt === null ? null : new Date(report.run.createdAt);
  return created !== null && Number.isFinite(created.getTime()) ? created : FIXED_EPOCH;
}

/** The Report as an .xlsx workbook (one sheet per table), in the given language; with the proposal, also its editable Inputs and Structure sheets. */
export async function renderXlsx(report: Report, lang: Lang, options: { proposal?: Proposal } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const date = documentDate(report);
  workbook.creator = report.engine.name;
  workbook.lastModifiedBy = report.engine.name;
  workbook.created = date;
  workbook.modified = date;
  const currency = report.proposal.currency;
  for (const table of reportTables(report, lang)) addSheet(workbook, table, currency);
  if (options.proposal) addProposalSheets(workbook, options.proposal, lang);
  const bytes = await workbook.xlsx.writeBuffer();
  return pinZipTimestamps(Buffer.from(bytes as ArrayBuffer), date);
}
