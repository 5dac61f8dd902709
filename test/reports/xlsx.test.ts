import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Report, analyze } from '../../engine/index.js';
import { LANGS, type Lang, t } from '../../reports/i18n.js';
import { renderPdfWithLayout } from '../../reports/pdf.js';
import { type ReportView, buildView } from '../../reports/view/index.js';
import { renderXlsx } from '../../reports/xlsx.js';
import { loadProposal } from '../../scenarios/load.js';
import { FormulaEvaluator } from './formula.js';

const report: Report = analyze(loadProposal('fixtures/demo.json'), { trials: 4096, seed: 1 });
const MONEY = '"¥"#,##0';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function headers(sheet: ExcelJS.Worksheet): unknown[] {
  const values: unknown[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell) => values.push(cell.value));
  return values;
}

/** Sum of a monthly series over months a … b (inclusive), written separately from the workbook. */
const sumOver = (xs: readonly number[], a: number, b: number, w: (m: number) => number = () => 1) => {
  let s = 0;
  for (let m = a; m <= b; m++) s += xs[m] * w(m);
  return s;
};

const relativeGap = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe.each(LANGS)('renderXlsx (%s)', (lang: Lang) => {
  let workbook: ExcelJS.Workbook;
  let view: ReportView;
  let evaluator: FormulaEvaluator;

  beforeAll(async () => {
    workbook = await load(await renderXlsx(report, lang));
    view = buildView(report, lang);
    evaluator = new FormulaEvaluator(workbook);
  });

  it('has the summary, the view’s tables, the yearly and monthly flows, the roadmap’s phases and items', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(
      [
        t(lang, 'sheet.summary'),
        view.ranking.title,
        view.statistics.title,
        t(lang, 'sheet.yearly'),
        t(lang, 'sheet.monthly'),
        view.inputs.title,
        view.cashflow.title,
        view.roadmap!.phases.title,
        view.roadmap!.items.title,
        view.roadmap!.candidates!.title,
      ],
    );
  });

  it('summary: the one recommendation and the key numbers, numbers as numbers', () => {
    const sheet = workbook.getWorksheet(t(lang, 'sheet.summary'))!;
    const cells: unknown[] = [];
    sheet.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    expect(cells).toContain(view.recommendation.headline);
    for (const k of view.keyNumbers) {
      const row = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === k.label)!;
      expect(row.getCell(2).value).toBe(k.value);
      if (k.kind === 'probability') expect(row.getCell(2).numFmt).toBe('0%');
      if (k.kind === 'money') expect(row.getCell(2).numFmt).toBe(MONEY);
    }
  });

  it('ranking: the view’s rows, cell for cell, with money and percent formats', () => {
    const sheet = workbook.getWorksheet(view.ranking.title)!;
    expect(headers(sheet)).toEqual(view.ranking.columns.map((c) => c.header));
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.actualRowCount).toBe(view.ranking.rows.length + 1);
    view.ranking.rows.forEach((r, i) => {
      const row = sheet.getRow(i + 2);
      r.cells.forEach((c, k) => {
        const cell = row.getCell(k + 1);
        expect(cell.value ?? null).toBe(c.value);
        const kind = view.ranking.columns[k].kind;
        if (typeof c.value === 'number') expect(cell.numFmt).toBe({ money: MONEY, probability: '0%', percent: '0%', months: '0.0', month: '0', integer: '0', number: '#,##0.####', text: undefined }[kind]);
      });
    });
    // Rows follow the Report's order and use the policy's payback months in the header.
    expect(view.ranking.rows.map((r) => r.id)).toEqual(report.ranking.order);
    expect(headers(sheet)).toContain(t(lang, 'col.paybackWithin', { months: report.policy.paybackMonths }));
  });

  it('every IRR, ROI and probability cell has a percent format', () => {
    const stats = workbook.getWorksheet(view.statistics.title)!;
    const percentLabels = new Set([t(lang, 'stat.irr'), t(lang, 'stat.roi'), t(lang, 'stat.roi1y')]);
    let checked = 0;
    stats.eachRow((row, n) => {
      if (n === 1 || !percentLabels.has(String(row.getCell(2).value))) return;
      row.eachCell((cell, c) => {
        if (c > 2 && typeof cell.value === 'number') {
          expect(cell.numFmt).toBe('0%');
          checked++;
        }
      });
    });
    expect(checked).toBeGreaterThan(report.scenarios.length * 3 * 5);
    for (const [sheet, table] of [
      [workbook.getWorksheet(view.ranking.title)!, view.ranking],
      [workbook.getWorksheet(view.roadmap!.phases.title)!, view.roadmap!.phases],
    ] as const) {
      table.columns.forEach((c, k) => {
        if (c.kind !== 'probability') return;
        for (let r = 2; r <= table.rows.length + 1; r++) {
          const cell = sheet.getRow(r).getCell(k + 1);
          if (typeof cell.value === 'number') expect(cell.numFmt).toBe('0%');
        }
      });
    }
  });

  it('roadmap: phase rows apart from item rows, months numbered as in the PDF, and the phases’ spend adds up to the programme’s', async () => {
    const phases = workbook.getWorksheet(view.roadmap!.phases.title)!;
    const r = report.roadmap!;
    const col = (id: string) => view.roadmap!.phases.columns.findIndex((c) => c.id === id) + 1;
    expect(phases.actualRowCount).toBe(r.phases.length + 2);
    r.phases.forEach((p, i) => {
      const row = phases.getRow(i + 2);
      expect(row.getCell(col('phase')).value).toBe(p.index);
      expect(row.getCell(col('start')).value).toBe(p.startMonth + 1);
      expect(row.getCell(col('end')).value).toBe(p.endMonth);
      expect(row.getCell(col('spendMean')).value).toBe(p.spend.mean);
      // Every cell is the view's (the same rows the PDF, the CSV and the terminal show).
      view.roadmap!.phases.rows[i].cells.forEach((c, k) => expect(row.getCell(k + 1).value ?? null).toBe(c.value));
    });
    // The months the PDF's phase table shows, read from where the PDF drew them.
    const { layout } = await renderPdfWithLayout(report, { lang });
    const startHeader = layout.boxes.find((b) => b.kind === 'header' && b.text === t(lang, 'col.start'))!;
    const endHeader = layout.boxes.find((b) => b.kind === 'header' && b.text === t(lang, 'col.end') && b.page === startHeader.page)!;
    const column = (h: typeof startHeader) =>
      layout.boxes.filter((b) => b.kind === 'cell' && b.page === h.page && b.x === h.x && b.y > h.y).slice(0, r.phases.length).map((b) => Number(b.text));
    expect(column(startHeader)).toEqual(r.phases.map((_, i) => phases.getRow(i + 2).getCell(col('start')).value));
    expect(column(endHeader)).toEqual(r.phases.map((_, i) => phases.getRow(i + 2).getCell(col('end')).value));
    // The total row is a live SUM of the phase rows: evaluated, it is the programme's mean one-off spend.
    const total = phases.getRow(r.phases.length + 2).getCell(col('spendMean'));
    expect(total.formula).toMatch(/^SUM\(/);
    const evaluated = evaluator.cell(phases, total.address);
    const phaseSum = r.phases.reduce((a, p) => a + p.spend.mean!, 0);
    expect(relativeGap(evaluated, phaseSum)).toBeLessThan(1e-12);
    expect(relativeGap(evaluated, r.portfolio.investment.mean!)).toBeLessThan(1e-9);
    // Items are rows of their own.
    const items = workbook.getWorksheet(view.roadmap!.items.title)!;
    expect(items.actualRowCount).toBe(r.phases.reduce((a, p) => a + p.items.length, 0) + 1);
  });

  it('yearly tables: every figure a live formula over the monthly flows that, evaluated, equals the Report', () => {
    const sheet = workbook.getWorksheet(t(lang, 'sheet.yearly'))!;
    const H = report.proposal.horizonMonths;
    const factor = (m: number) => Math.pow(1 + report.proposal.discountRate, -m / 12);
    const titles = new Map<string, number>();
    sheet.eachRow((row, n) => {
      if (typeof row.getCell(1).value === 'string') titles.set(String(row.getCell(1).value), n);
    });
    const tables = [
      ...report.scenarios.map((s) => ({ name: view.names.scenario(s.id), monthly: s.monthly!, npv: s.npv.mean! })),
      { name: t(lang, 'yearly.programme'), monthly: report.roadmap!.portfolio.monthly!, npv: report.roadmap!.portfolio.npv.mean! },
    ];
    expect(tables.length).toBe(view.yearly.tables.length);
    const years = Math.ceil(H / 12);
    for (const table of tables) {
      const top = titles.get(t(lang, 'yearly.title', { name: table.name }));
      expect(top, table.name).toBeDefined();
      const header = sheet.getRow(top! + 1);
      expect(header.getCell(2).value).toBe(t(lang, 'yearly.initial'));
      expect(header.getCell(2 + years).value).toBe(t(lang, 'yearly.year', { n: years }));
      const row = (k: number) => sheet.getRow(top! + 2 + k);
      const [benefits, costs, net, cumulative, pv, npv] = [0, 1, 2, 3, 4, 5].map(row);
      expect(npv.getCell(1).value).toBe(t(lang, 'yearly.npv'));
      const spans = [[0, 0], ...Array.from({ length: years }, (_, y) => [12 * y + 1, Math.min(12 * (y + 1), H)])];
      let running = 0;
      spans.forEach(([a, b], k) => {
        const c = 2 + k;
        for (const r of [benefits, costs, net, cumulative, pv]) expect(r.getCell(c).formula, `${table.name} column ${c}`).toBeTruthy();
        const wantB = sumOver(table.monthly.benefits, a, b);
        const wantC = sumOver(table.monthly.costs, a, b);
        running += wantB - wantC;
        expect(relativeGap(evaluator.cell(sheet, benefits.getCell(c).address), wantB)).toBeLessThan(1e-9);
        expect(relativeGap(evaluator.cell(sheet, costs.getCell(c).address), wantC)).toBeLessThan(1e-9);
        expect(relativeGap(evaluator.cell(sheet, net.getCell(c).address), wantB - wantC)).toBeLessThan(1e-9);
        expect(relativeGap(evaluator.cell(sheet, cumulative.getCell(c).address), running)).toBeLessThan(1e-9);
        const wantPv = sumOver(table.monthly.benefits, a, b, factor) - sumOver(table.monthly.costs, a, b, factor);
        expect(relativeGap(evaluator.cell(sheet, pv.getCell(c).address), wantPv)).toBeLessThan(1e-9);
      });
      const total = 2 + spans.length;
      expect(relativeGap(evaluator.cell(sheet, pv.getCell(total).address), table.npv)).toBeLessThan(1e-6);
      expect(relativeGap(evaluator.cell(sheet, npv.getCell(2).address), table.npv)).toBeLessThan(1e-6);
      expect(npv.getCell(2).numFmt).toBe(MONEY);
    }
  });

  it('cash flow and statistics: the view’s rows with their figures as numbers', () => {
    for (const table of [view.cashflow, view.statistics, view.inputs]) {
      const sheet = workbook.getWorksheet(table.title)!;
      expect(sheet.actualRowCount).toBe(table.rows.length + 1);
      table.rows.forEach((r, i) => r.cells.forEach((c, k) => expect(sheet.getRow(i + 2).getCell(k + 1).value ?? null).toBe(c.value)));
    }
  });
});

describe('renderXlsx output', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is byte-identical for the same Report, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-05-05T10:11:12Z'));
    const a = await renderXlsx(report, 'zh-CN');
    vi.setSystemTime(new Date('2033-07-08T20:21:22Z'));
    const b = await renderXlsx(report, 'zh-CN');
    vi.useRealTimers();
    expect(a.equals(b)).toBe(true);
  });

  it('dates the document from run.createdAt, and writes other currencies by ISO code', async () => {
    const usd: Report = structuredClone(report);
    usd.run.createdAt = '2026-11-29T00:00:00.000Z';
    usd.proposal.currency = 'USD';
    const workbook = await load(await renderXlsx(usd, 'en'));
    expect(workbook.created.toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(workbook.getWorksheet(t('en', 'sheet.ranking'))!.getRow(2).getCell(6).numFmt).toBe('"$"#,##0');
  });

  it('leaves the roadmap sheets and the programme’s yearly table out when the Report has none', async () => {
    const plain: Report = structuredClone(report);
    delete plain.roadmap;
    const workbook = await load(await renderXlsx(plain, 'en'));
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).not.toContain(t('en', 'sheet.roadmap'));
    expect(names).not.toContain(t('en', 'sheet.roadmapItems'));
    expect(names).not.toContain(t('en', 'sheet.roadmapCandidates'));
    const yearly = workbook.getWorksheet(t('en', 'sheet.yearly'))!;
    const labels: unknown[] = [];
    yearly.eachRow((row) => labels.push(row.getCell(1).value));
    expect(labels).not.toContain(t('en', 'yearly.title', { name: t('en', 'yearly.programme') }));
  });
});
