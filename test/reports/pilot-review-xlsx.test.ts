/**
 * The workbook's "Pilot review" sheet, read back with exceljs: per tracked
 * scenario the blocks of forecast versus actual, prior → posterior and the
 * re-forecast, whose values equal the Report's tracking block, with percent
 * formats for probabilities and months numbered as the Report numbers them.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Report, analyze } from '../../engine/index.js';
import { LANGS, type Lang, t } from '../../reports/i18n.js';
import { buildView } from '../../reports/view/index.js';
import { renderXlsx } from '../../reports/xlsx.js';
import { loadProposal } from '../../scenarios/load.js';
import { trackedDemo, trackedReference } from './tracked-reports.js';

const MONEY = '"¥"#,##0';
const demo = trackedDemo(2048);
const reference = trackedReference(2048);

async function load(report: Report, lang: Lang): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderXlsx(report, lang)) as unknown as ArrayBuffer);
  return workbook;
}

/** The rows of column A from 1 to the sheet's end, with their row numbers. */
function columnA(sheet: ExcelJS.Worksheet): { n: number; text: unknown }[] {
  const out: { n: number; text: unknown }[] = [];
  for (let n = 1; n <= sheet.rowCount; n++) out.push({ n, text: sheet.getRow(n).getCell(1).value });
  return out;
}

/**
 * The block under a title row: the header's values and a cell reader by
 * (data row index, header text). `after` finds the title after that row (one
 * block per scenario shares the title).
 */
function block(sheet: ExcelJS.Worksheet, title: string, after: number) {
  const at = columnA(sheet).find((r) => r.n > after && r.text === title)!;
  expect(at, `block "${title}" after row ${after}`).toBeDefined();
  const header: unknown[] = [];
  sheet.getRow(at.n + 1).eachCell({ includeEmpty: true }, (c) => header.push(c.value));
  const cell = (i: number, column: string) => {
    const k = header.indexOf(column);
    expect(k, column).toBeGreaterThanOrEqual(0);
    return sheet.getRow(at.n + 2 + i).getCell(k + 1);
  };
  return { row: at.n, header, cell };
}

describe.each(LANGS)('the "Pilot review" sheet (%s)', (lang) => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = await load(demo, lang);
  });

  it('follows the summary; a Report without tracking has none', async () => {
    expect(workbook.worksheets.map((s) => s.name).slice(0, 2)).toEqual([t(lang, 'sheet.summary'), t(lang, 'tracking.sheet')]);
    const plain = await load(analyze(loadProposal('fixtures/reference-model.json'), { trials: 512, seed: 1 }), lang);
    expect(plain.worksheets.map((s) => s.name)).not.toContain(t(lang, 'tracking.sheet'));
  });

  it('holds every tracked scenario’s status, recommendation and reasons as the view words them', () => {
    const sheet = workbook.getWorksheet(t(lang, 'tracking.sheet'))!;
    const texts = columnA(sheet).map((r) => r.text);
    const view = buildView(demo, lang).tracking!;
    expect(texts[0]).toBe(view.title);
    for (const s of view.scenarios) {
      for (const line of [s.statusLine, s.statusText, s.recommendation.headline, ...s.recommendation.reasons, s.varianceResolved]) expect(texts).toContain(line);
    }
  });

  it('forecast versus actual, prior → posterior and the re-forecast equal the Report’s tracking block, numbers with formats', () => {
    const sheet = workbook.getWorksheet(t(lang, 'tracking.sheet'))!;
    const view = buildView(demo, lang).tracking!;
    let after = 0;
    for (const s of demo.tracking!.scenarios) {
      const v = view.scenarios.find((x) => x.id === s.id)!;
      after = columnA(sheet).find((r) => r.text === v.statusLine)!.n;
      const h = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) => t(lang, key, params);
      if (s.rows.length) {
        const rows = block(sheet, v.rows.title, after);
        s.rows.forEach((row, i) => {
          expect(rows.cell(i, h('tracking.col.month')).value).toBe(row.month);
          expect(rows.cell(i, h('tracking.col.month')).numFmt).toBe('0');
          const money = row.kind === 'cash' || row.kind === 'cash-line' || row.kind === 'cumulative-cash';
          for (const [column, value] of [
            ['tracking.col.actual', row.actual],
            ['tracking.col.forecastP10', row.forecast.p10],
            ['tracking.col.forecastP50', row.forecast.p50],
            ['tracking.col.forecastP90', row.forecast.p90],
          ] as const) {
            const c = rows.cell(i, h(column));
            expect(c.value, `${s.id} row ${i} ${column}`).toBe(value);
            expect(c.numFmt).toBe(money ? MONEY : row.kind === 'adoption' ? '0%' : '#,##0.####');
          }
          expect(rows.cell(i, h('tracking.col.percentile')).value).toBe(row.percentile);
          expect(rows.cell(i, h('tracking.col.percentile')).numFmt).toBe('0%');
          expect(rows.cell(i, h('tracking.col.status')).value).toBe(h(`tracking.statusWord.${row.status}`));
        });
        after = rows.row;
      }
      const inputs = block(sheet, v.inputs.title, after);
      expect(inputs.header).not.toContain(h('tracking.col.prior'));
      s.inputs.forEach((input, i) => {
        for (const [column, value] of [
          ['tracking.col.priorMean', input.prior.mean],
          ['tracking.col.priorP10', input.prior.p10],
          ['tracking.col.priorP50', input.prior.p50],
          ['tracking.col.priorP90', input.prior.p90],
          ['tracking.col.posteriorMean', input.posterior.mean],
          ['tracking.col.posteriorP10', input.posterior.p10],
          ['tracking.col.posteriorP50', input.posterior.p50],
          ['tracking.col.posteriorP90', input.posterior.p90],
        ] as const) expect(inputs.cell(i, h(column)).value, `${s.id} ${input.input} ${column}`).toBe(value);
        expect(inputs.cell(i, h('tracking.col.ess')).value).toBe(Math.round(input.effectiveSampleSize));
      });
      const re = block(sheet, v.reforecast.title, inputs.row);
      const row = (id: string) => v.reforecast.rows.findIndex((r) => r.id === id);
      const figure = (id: string, column: 'tracking.col.priorForecast' | 'tracking.col.reforecast') => re.cell(row(id), h(column));
      expect(figure('npvP50', 'tracking.col.priorForecast').value).toBe(s.prior.npv.p50);
      expect(figure('npvP50', 'tracking.col.reforecast').value).toBe(s.reforecast.npv.p50);
      expect(figure('npvP50', 'tracking.col.reforecast').numFmt).toBe(MONEY);
      expect(figure('npvPositive', 'tracking.col.priorForecast').value).toBe(s.prior.npvPositiveProbability);
      expect(figure('npvPositive', 'tracking.col.reforecast').value).toBe(s.reforecast.npvPositiveProbability);
      expect(figure('paybackWithin', 'tracking.col.priorForecast').value).toBe(s.prior.paybackWithinPolicy);
      expect(figure('paybackWithin', 'tracking.col.reforecast').value).toBe(s.reforecast.gates.payback.probability);
      for (const id of ['npvPositive', 'paybackWithin']) expect(figure(id, 'tracking.col.reforecast').numFmt).toBe('0%');
      expect(figure('score', 'tracking.col.priorForecast').value).toBe(s.prior.score);
      expect(figure('score', 'tracking.col.reforecast').value).toBe(s.reforecast.score);
      expect(figure('verdict', 'tracking.col.reforecast').value).toBe(h(`verdict.${s.reforecast.verdict}`));
    }
  });
});

describe('the "Pilot review" sheet of the reference actuals', () => {
  it('numbers months 0 … 3 as the actuals file and the PDF do, and is byte-identical for the same Report', async () => {
    const [a, b] = [await renderXlsx(reference, 'en'), await renderXlsx(reference, 'en')];
    expect(a.equals(b)).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(a as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(t('en', 'tracking.sheet'))!;
    const rows = block(sheet, t('en', 'tracking.section.rows'), 0);
    const months = reference.tracking!.scenarios[0].rows.map((_, i) => rows.cell(i, t('en', 'tracking.col.month')).value);
    expect(new Set(months)).toEqual(new Set([0, 1, 2, 3]));
  });
});
