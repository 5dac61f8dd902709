import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import type { Report } from '../../engine/report.js';
import { LANGS, t, type Lang, type MessageKey } from '../../reports/i18n.js';
import { renderXlsx } from '../../reports/xlsx.js';
import { loadProposal } from '../../scenarios/load.js';
import { rationaleText } from '../../reports/phrases.js';

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

/** A numeric cell: a number (not text) with the expected format. */
function expectNumber(cell: ExcelJS.Cell, value: number | null, numFmt: string): void {
  if (value === null) {
    expect(cell.value ?? null).toBeNull();
    return;
  }
  expect(typeof cell.value).toBe('number');
  expect(cell.value).toBe(value);
  expect(cell.numFmt).toBe(numFmt);
}

describe.each(LANGS)('renderXlsx (%s)', (lang: Lang) => {
  let workbook: ExcelJS.Workbook;
  const tr = (key: MessageKey) => t(lang, key);

  beforeAll(async () => {
    workbook = await load(await renderXlsx(report, lang));
  });

  it('has one translated sheet per table, roadmap included', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(
      (['sheet.ranking', 'sheet.statistics', 'sheet.inputs', 'sheet.cashflow', 'sheet.roadmap'] as const).map(tr),
    );
  });

  it('ranking: translated bold frozen headers and every number from the Report', () => {
    const sheet = workbook.getWorksheet(tr('sheet.ranking'))!;
    expect(headers(sheet)).toEqual(
      (
        [
          'col.rank', 'col.scenario', 'col.verdict', 'col.score', 'col.npvP10', 'col.npvP50', 'col.npvP90',
          'col.paybackP50', 'col.paybackWithin12', 'col.budgetFit', 'col.phaseFit', 'col.advice',
        ] as const
      ).map(tr),
    );
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const byRank = [...report.scenarios].sort((a, b) => a.rank - b.rank);
    expect(sheet.actualRowCount).toBe(byRank.length + 1);
    byRank.forEach((s, i) => {
      const row = sheet.getRow(i + 2);
      expectNumber(row.getCell(1), s.rank, '0');
      expect(row.getCell(2).value).toBe(s.name);
      expect(row.getCell(3).value).toBe(t(lang, `verdict.${s.verdict}`));
      expectNumber(row.getCell(4), s.score, '0');
      expectNumber(row.getCell(5), s.npv.p10, MONEY);
      expectNumber(row.getCell(6), s.npv.p50, MONEY);
      expectNumber(row.getCell(7), s.npv.p90, MONEY);
      expectNumber(row.getCell(8), s.paybackMonths.p50, '0.0');
      expectNumber(row.getCell(9), s.paybackMonths.probWithin['12'], '0%');
      expectNumber(row.getCell(10), s.gates.budget.probability, '0%');
      expectNumber(row.getCell(11), s.gates.phase.probability, '0%');
      const advice = row.getCell(12).value;
      if (s.advice.length === 0) expect(advice ?? null).toBeNull();
      else expect(String(advice).split('\n')).toHaveLength(s.advice.length);
    });
  });

  it('ranking: advice is translated, with money and months formatted', () => {
    const sheet = workbook.getWorksheet(tr('sheet.ranking'))!;
    const k = report.scenarios.findIndex((s) => s.advice.some((a) => a.code === 'payback-break-even-one-off'));
    expect(k).toBeGreaterThanOrEqual(0);
    const text = String(sheet.getRow(report.scenarios[k].rank + 1).getCell(12).value);
    if (lang === 'zh-CN') expect(text).toMatch(/投资中位数 ¥\d+(\.\d+)?万，而非 ¥\d+(\.\d+)?万/);
    else expect(text).toMatch(/a median investment of ¥[\d,]+ instead of ¥[\d,]+/);
    expect(text).toMatch(lang === 'zh-CN' ? /于 12 个月内回本/ : /within 12 months/);
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('cash flow: every P10 / P50 / P90 equals the Report', () => {
    const sheet = workbook.getWorksheet(tr('sheet.cashflow'))!;
    expect(headers(sheet)).toEqual((['col.scenario', 'col.month', 'col.p10', 'col.p50', 'col.p90'] as const).map(tr));
    let r = 2;
    for (const s of report.scenarios) {
      s.cashflow.months.forEach((m, i) => {
        const row = sheet.getRow(r++);
        expect(row.getCell(1).value).toBe(s.name);
        expectNumber(row.getCell(2), m, '0');
        expectNumber(row.getCell(3), s.cashflow.cumulative.p10[i], MONEY);
        expectNumber(row.getCell(4), s.cashflow.cumulative.p50[i], MONEY);
        expectNumber(row.getCell(5), s.cashflow.cumulative.p90[i], MONEY);
      });
    }
    expect(sheet.actualRowCount).toBe(r - 1);
  });

  it('statistics: one row per scenario and statistic, formatted by the statistic', () => {
    const sheet = workbook.getWorksheet(tr('sheet.statistics'))!;
    expect(sheet.actualRowCount).toBe(report.scenarios.length * 6 + 1);
    const s = report.scenarios[0];
    const npv = sheet.getRow(2);
    expect(npv.getCell(1).value).toBe(s.name);
    expectNumber(npv.getCell(3), s.npv.mean, MONEY);
    expectNumber(npv.getCell(4), s.npv.sd, MONEY);
    expectNumber(npv.getCell(13), s.npv.max, MONEY);
    const payback = sheet.getRow(7);
    expectNumber(payback.getCell(8), s.paybackMonths.p50, '0.0');
    expectNumber(sheet.getRow(3).getCell(8), s.irr.p50, '0.00');
  });

  it('roadmap: one row per phase item', () => {
    const sheet = workbook.getWorksheet(tr('sheet.roadmap'))!;
    let r = 2;
    for (const p of report.roadmap!.phases) {
      for (const item of p.items) {
        const row = sheet.getRow(r++);
        expectNumber(row.getCell(1), p.index, '0');
        expectNumber(row.getCell(2), p.startMonth, '0');
        expectNumber(row.getCell(3), p.endMonth, '0');
        expect(row.getCell(4).value).toBe(item.name);
        expectNumber(row.getCell(5), p.spend.p50, MONEY);
        expectNumber(row.getCell(6), p.gates.budget.probability, '0%');
        expect(row.getCell(7).value).toBe(rationaleText(p, report.proposal.currency, lang));
      }
    }
    expect(sheet.actualRowCount).toBe(r - 1);
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
    expect(workbook.getWorksheet(t('en', 'sheet.ranking'))!.getRow(2).getCell(6).numFmt).toBe('"USD "#,##0');
  });

  it('leaves the roadmap sheet out when the Report has none', async () => {
    const plain: Report = structuredClone(report);
    delete plain.roadmap;
    const workbook = await load(await renderXlsx(plain, 'en'));
    expect(workbook.worksheets.map((s) => s.name)).not.toContain(t('en', 'sheet.roadmap'));
    expect(workbook.worksheets).toHaveLength(4);
  });
});
