import type { Proposal, Report } from '../engine/index.js';
import ExcelJS from 'exceljs';
import type { Lang } from './i18n.js';
import { addProposalSheets } from './workbook-inputs.js';
import { currencySign } from './money.js';
import { type CellKind, type ReportView, type ViewTable, buildView, pick } from './view/index.js';

/**
 * The Report as an Excel workbook a finance team can check: a summary with the
 * recommendation, the pilot review of a tracked Report, the view's tables (ranking, statistics, inputs, cash-flow
 * fan, the roadmap's phases and items with programme totals), and yearly
 * tables per scenario and for the programme whose totals and NPV are live
 * formulas over the mean monthly flows on their own sheet. Numbers are numbers
 * with formats: money, percentages (every probability, IRR and ROI), months.
 * Byte-identical for the same Report: the document dates come from
 * `run.createdAt` (or a fixed epoch) and the zip entries' timestamps are pinned
 * to the same instant.
 */

/** Used when the Report has no `run.createdAt`: the zip format's epoch. */
const FIXED_EPOCH = new Date('1980-01-01T00:00:00.000Z');

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Width of the label column of the summary and yearly sheets. */
const LABEL_WIDTH = 36;

/**
 * Excel number format of a money column: '"¥"#,##0' for CNY, '"USD "#,##0' for a currency without a short sign.
 * @example moneyFormat('CNY') // '"¥"#,##0'
 */
export function moneyFormat(currency: string): string {
  return `"${currencySign(currency).replace(/"/g, '')}"#,##0`;
}

/**
 * The Excel number format of a kind of cell: money, '0%' for probabilities and ratios, '0.0' months.
 * @example numberFormat('percent', 'CNY') // '0%'
 */
export function numberFormat(kind: CellKind, currency: string): string | undefined {
  switch (kind) {
    case 'money':
      return moneyFormat(currency);
    case 'probability':
    case 'percent':
      return '0%';
    case 'months':
      return '0.0';
    case 'month':
    case 'integer':
      return '0';
    case 'number':
      return '#,##0.####';
    case 'text':
      return undefined;
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

/** A sheet name as a formula reference: always quoted, quotes doubled. */
const ref = (sheet: ExcelJS.Worksheet) => `'${sheet.name.replace(/'/g, "''")}'!`;

/** Column letters of a 1-based column number: 1 → A, 27 → AA. */
function letters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * Writes a view table's header (bold) and rows from `firstRow` on, numbers as
 * numbers with their kind's format; returns each column's display width and
 * the row after the table.
 */
function writeTable(sheet: ExcelJS.Worksheet, table: ViewTable, currency: string, firstRow: number): { widths: number[]; next: number } {
  const header = sheet.getRow(firstRow);
  table.columns.forEach((c, k) => (header.getCell(k + 1).value = c.header));
  header.font = { bold: true };
  const widths = table.columns.map((c) => textWidth(c.header));
  table.rows.forEach((r, i) => {
    const row = sheet.getRow(firstRow + 1 + i);
    r.cells.forEach((c, k) => {
      widths[k] = Math.max(widths[k], textWidth(c.text));
      if (c.value === null) return;
      const cell = row.getCell(k + 1);
      cell.value = c.value;
      const fmt = typeof c.value === 'number' ? numberFormat(c.kind ?? table.columns[k].kind, currency) : undefined;
      if (fmt) cell.numFmt = fmt;
    });
  });
  return { widths, next: firstRow + 1 + table.rows.length };
}

/** Column widths from the widest text of each column (within MIN_WIDTH … MAX_WIDTH); wide text columns wrap. */
function setWidths(sheet: ExcelJS.Worksheet, widths: readonly number[], wrap: readonly boolean[] = []): void {
  widths.forEach((w, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
    if (wrap[i] && w + 2 > MAX_WIDTH) column.alignment = { wrapText: true, vertical: 'top' };
  });
}

function addTableSheet(workbook: ExcelJS.Workbook, table: ViewTable, currency: string, total?: (string | { formula: string; result: number } | null)[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(table.title, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const { widths } = writeTable(sheet, table, currency, 1);
  if (total) {
    const row = sheet.getRow(table.rows.length + 2);
    row.font = { bold: true };
    total.forEach((v, k) => {
      if (v === null) return;
      const cell = row.getCell(k + 1);
      cell.value = v;
      const fmt = typeof v === 'object' ? numberFormat(table.columns[k].kind, currency) : undefined;
      if (fmt) cell.numFmt = fmt;
    });
  }
  setWidths(sheet, widths, table.columns.map((c) => c.kind === 'text'));
  return sheet;
}

/** The prior → posterior columns the workbook keeps: the figures as numbers (the "mean (P10–P90)" texts are for narrow layouts). */
const PILOT_INPUT_COLUMNS = ['input', 'moved', 'priorMean', 'priorP10', 'priorP50', 'priorP90', 'posteriorMean', 'posteriorP10', 'posteriorP50', 'posteriorP90', 'method', 'ess'];

/**
 * The "Pilot review" sheet of a tracked Report: the actuals' as-of month, and
 * per tracked scenario its status and why, the recommendation with its
 * reasons, forecast versus actual (months numbered as the Report and the PDF
 * number them, percentiles as percentages), prior → posterior of each input
 * the actuals moved, and the re-forecast beside the prior forecast, one block
 * under the other, from the view.
 */
function addPilotReviewSheet(workbook: ExcelJS.Workbook, view: ReportView): void {
  const tracking = view.tracking;
  if (!tracking) return;
  const { f, currency } = view;
  const sheet = workbook.addWorksheet(f.t('tracking.sheet'));
  const widths: number[] = [];
  const widen = (ws: readonly number[]) => ws.forEach((w, k) => (widths[k] = Math.max(widths[k] ?? 0, w)));
  let r = 1;
  const line = (text: string, bold = false) => {
    const row = sheet.getRow(r++);
    row.getCell(1).value = text;
    if (bold) row.font = { bold: true };
  };
  line(tracking.title, true);
  for (const s of tracking.scenarios) {
    r++;
    line(s.statusLine, true);
    line(s.statusText);
    line(s.recommendation.headline, true);
    for (const reason of s.recommendation.reasons) line(reason);
    for (const table of [s.rows, pick(s.inputs, PILOT_INPUT_COLUMNS), s.reforecast]) {
      if (!table.rows.length) continue;
      r++;
      line(table.title, true);
      const written = writeTable(sheet, table, currency, r);
      widen(written.widths);
      r = written.next;
    }
    line(s.varianceResolved);
    for (const c of s.caveats) line(c);
  }
  if (tracking.replan) {
    r++;
    line(tracking.replan);
  }
  // Sentences stand in column A and run over the empty cells to their right: they do not set its width.
  setWidths(sheet, widths);
}

/** The recommendation and the key numbers. */
function addSummarySheet(workbook: ExcelJS.Workbook, view: ReportView): void {
  const sheet = workbook.addWorksheet(view.f.t('sheet.summary'));
  sheet.getColumn(1).width = LABEL_WIDTH;
  sheet.getColumn(2).width = 90;
  const title = sheet.addRow([view.f.t('doc.preparedFor', { customer: view.customer })]);
  title.font = { bold: true };
  const rec = sheet.addRow([view.f.t('summary.recommendation'), view.recommendation.headline]);
  rec.font = { bold: true };
  rec.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  for (const d of view.recommendation.details) sheet.addRow(['', d]).getCell(2).alignment = { wrapText: true };
  sheet.addRow([]);
  sheet.addRow([view.f.t('summary.keyNumbers')]).font = { bold: true };
  for (const k of view.keyNumbers) {
    const row = sheet.addRow([k.label, k.value]);
    const fmt = typeof k.value === 'number' ? numberFormat(k.kind, view.currency) : undefined;
    if (fmt) row.getCell(2).numFmt = fmt;
    row.getCell(2).alignment = { horizontal: 'right' };
  }
  sheet.addRow([]);
  sheet.addRow([view.f.t('summary.measureFirst'), view.measureFirst]).getCell(2).alignment = { wrapText: true };
  addRankingNotes(sheet, view);
}

/** The ranking's basis, the groups of alternatives, the enablers and the proposal's warnings, under the summary. */
function addRankingNotes(sheet: ExcelJS.Worksheet, view: ReportView): void {
  const { f, notes } = view;
  const blocks: [string, string[]][] = [
    [f.t('view.rankingBasis'), notes.basis ? [notes.basis] : []],
    [f.t('view.alternatives'), notes.alternatives],
    [f.t('view.enablers'), notes.enablers],
    [f.t('view.warnings'), notes.warnings],
  ];
  for (const [heading, lines] of blocks) {
    lines.forEach((line, k) => {
      if (k === 0) sheet.addRow([]);
      const row = sheet.addRow([k === 0 ? heading : '', line]);
      row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    });
  }
}

/**
 * The mean monthly flows, one block of columns per yearly table (benefits,
 * costs, net = benefits − costs as a formula), with each month's discount
 * factor (1 + rate)^(−m/12) as a formula on the yearly sheet's rate cell.
 * Returns where each table's columns are.
 */
function addMonthlySheet(workbook: ExcelJS.Workbook, view: ReportView, rateCell: string): { sheet: ExcelJS.Worksheet; columns: Map<string, { benefits: string; costs: string; net: string }>; factor: string; firstRow: number } {
  const { f, yearly } = view;
  const sheet = workbook.addWorksheet(f.t('sheet.monthly'), { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  const money = moneyFormat(view.currency);
  const H = view.report.proposal.horizonMonths;
  const titles = sheet.getRow(1);
  const header = sheet.getRow(2);
  header.getCell(1).value = f.t('col.month');
  header.getCell(2).value = f.t('col.discountFactor');
  const columns = new Map<string, { benefits: string; costs: string; net: string }>();
  yearly.tables.forEach((table, k) => {
    const c = 3 + 3 * k;
    titles.getCell(c).value = table.title;
    header.getCell(c).value = f.t('col.benefits');
    header.getCell(c + 1).value = f.t('col.costs');
    header.getCell(c + 2).value = f.t('col.net');
    columns.set(table.id, { benefits: letters(c), costs: letters(c + 1), net: letters(c + 2) });
    for (const j of [0, 1, 2]) sheet.getColumn(c + j).width = 16;
  });
  titles.font = { bold: true };
  header.font = { bold: true };
  const firstRow = 3;
  const monthlyRate = Math.pow(1 + yearly.discountRate, 1 / 12);
  for (let m = 0; m <= H; m++) {
    const r = firstRow + m;
    const row = sheet.getRow(r);
    row.getCell(1).value = m;
    row.getCell(2).value = { formula: `(1+${rateCell})^(-A${r}/12)`, result: Math.pow(monthlyRate, -m) };
    row.getCell(2).numFmt = '0.000000';
    yearly.tables.forEach((table) => {
      const col = columns.get(table.id)!;
      const b = table.benefits[m] ?? 0;
      const cost = table.costs[m] ?? 0;
      const cells: [string, ExcelJS.CellValue][] = [
        [col.benefits, b],
        [col.costs, cost],
        [col.net, { formula: `${col.benefits}${r}-${col.costs}${r}`, result: b - cost }],
      ];
      for (const [letter, value] of cells) {
        const cell = sheet.getCell(`${letter}${r}`);
        cell.value = value;
        cell.numFmt = money;
      }
    });
  }
  sheet.getColumn(1).width = 8;
  sheet.getColumn(2).width = 16;
  return { sheet, columns, factor: 'B', firstRow };
}

/** Sum of a table's monthly series over a span (the formula's cached result). */
function spanSum(series: readonly number[], from: number, to: number, weight?: (m: number) => number): number {
  let s = 0;
  for (let m = from; m <= to; m++) s += (series[m] ?? 0) * (weight ? weight(m) : 1);
  return s;
}

/**
 * The yearly tables, as a TEI study shows them: for each scenario and the
 * programme, benefits, costs, net cash flow, cumulative and present value by
 * year (month 0 first), a total column and the NPV — every figure a formula
 * over the monthly sheet, so that a reader can trace it.
 */
function addYearlySheets(workbook: ExcelJS.Workbook, view: ReportView): void {
  const { yearly, f } = view;
  if (yearly.tables.length === 0) return;
  const sheet = workbook.addWorksheet(f.t('sheet.yearly'));
  const money = moneyFormat(view.currency);
  const rateRow = sheet.addRow([yearly.rate, yearly.discountRate]);
  rateRow.getCell(2).numFmt = '0.00%';
  rateRow.font = { bold: true };
  const rateCell = `${ref(sheet)}$B$1`;
  const monthly = addMonthlySheet(workbook, view, rateCell);
  const M = ref(monthly.sheet);
  const monthlyRate = Math.pow(1 + yearly.discountRate, 1 / 12);
  const discount = (m: number) => Math.pow(monthlyRate, -m);
  const rowOf = (m: number) => monthly.firstRow + m;
  const spans = yearly.years;
  sheet.getColumn(1).width = LABEL_WIDTH;
  for (let k = 0; k <= spans.length; k++) sheet.getColumn(2 + k).width = 16;
  const money2 = (cell: ExcelJS.Cell, formula: string, result: number) => {
    cell.value = { formula, result };
    cell.numFmt = money;
  };
  for (const table of yearly.tables) {
    sheet.addRow([]);
    sheet.addRow([table.title]).font = { bold: true };
    const header = sheet.addRow(['', ...spans.map((s) => s.label), yearly.total]);
    header.font = { bold: true };
    const col = monthly.columns.get(table.id)!;
    const net = table.benefits.map((b, m) => b - (table.costs[m] ?? 0));
    const rows = {
      benefits: sheet.addRow([yearly.rows.benefits]),
      costs: sheet.addRow([yearly.rows.costs]),
      net: sheet.addRow([yearly.rows.net]),
      cumulative: sheet.addRow([yearly.rows.cumulative]),
      presentValue: sheet.addRow([yearly.rows.presentValue]),
    };
    let cumulative = 0;
    spans.forEach((span, k) => {
      const c = letters(2 + k);
      const range = (letter: string) => `${M}${letter}${rowOf(span.from)}:${letter}${rowOf(span.to)}`;
      money2(rows.benefits.getCell(2 + k), `SUM(${range(col.benefits)})`, spanSum(table.benefits, span.from, span.to));
      money2(rows.costs.getCell(2 + k), `SUM(${range(col.costs)})`, spanSum(table.costs, span.from, span.to));
      const yearNet = spanSum(net, span.from, span.to);
      money2(rows.net.getCell(2 + k), `${c}${rows.benefits.number}-${c}${rows.costs.number}`, yearNet);
      cumulative += yearNet;
      money2(rows.cumulative.getCell(2 + k), k === 0 ? `${c}${rows.net.number}` : `${letters(1 + k)}${rows.cumulative.number}+${c}${rows.net.number}`, cumulative);
      money2(rows.presentValue.getCell(2 + k), `SUMPRODUCT(${range(col.net)},${range(monthly.factor)})`, spanSum(net, span.from, span.to, discount));
    });
    const last = letters(1 + spans.length);
    for (const key of ['benefits', 'costs', 'net', 'presentValue'] as const) {
      const series = key === 'benefits' ? table.benefits : key === 'costs' ? table.costs : net;
      money2(rows[key].getCell(2 + spans.length), `SUM(B${rows[key].number}:${last}${rows[key].number})`, spanSum(series, 0, series.length - 1, key === 'presentValue' ? discount : undefined));
    }
    const H = table.benefits.length - 1;
    const npv = sheet.addRow([yearly.npv]);
    npv.font = { bold: true };
    money2(npv.getCell(2), `SUMPRODUCT(${M}${col.net}${rowOf(0)}:${col.net}${rowOf(H)},${M}${monthly.factor}${rowOf(0)}:${monthly.factor}${rowOf(H)})`, spanSum(net, 0, H, discount));
  }
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

/**
 * The Report as an .xlsx workbook in the given language; with the proposal,
 * also its editable "Proposal inputs" and "Proposal structure" sheets.
 * @example await renderXlsx(report, 'en', { proposal }) // a Buffer starting with "PK"
 */
export async function renderXlsx(report: Report, lang: Lang, options: { proposal?: Proposal } = {}): Promise<Buffer> {
  const view = buildView(report, lang);
  const workbook = new ExcelJS.Workbook();
  const date = documentDate(report);
  workbook.creator = report.engine.name;
  workbook.lastModifiedBy = report.engine.name;
  workbook.created = date;
  workbook.modified = date;
  const currency = view.currency;
  addSummarySheet(workbook, view);
  addPilotReviewSheet(workbook, view);
  addTableSheet(workbook, view.ranking, currency);
  addTableSheet(workbook, view.statistics, currency);
  addYearlySheets(workbook, view);
  addTableSheet(workbook, view.inputs, currency);
  addTableSheet(workbook, view.cashflow, currency);
  if (view.roadmap) {
    const phases = view.roadmap.phases;
    const spend = phases.columns.findIndex((c) => c.id === 'spendMean');
    const sum = { formula: `SUM(${letters(spend + 1)}2:${letters(spend + 1)}${phases.rows.length + 1})`, result: phases.rows.reduce((a, r) => a + Number(r.cells[spend].value ?? 0), 0) };
    addTableSheet(workbook, phases, currency, phases.columns.map((c, k) => (k === 0 ? view.roadmap!.totals.label : k === spend ? sum : null)));
    addTableSheet(workbook, view.roadmap.items, currency);
    // What the planner was given for every candidate: E[NPV] by start month, spend, duration (to audit the plan).
    if (view.roadmap.candidates) addTableSheet(workbook, view.roadmap.candidates, currency);
  }
  if (options.proposal) addProposalSheets(workbook, options.proposal, lang);
  const bytes = await workbook.xlsx.writeBuffer();
  return pinZipTimestamps(Buffer.from(bytes as ArrayBuffer), date);
}
