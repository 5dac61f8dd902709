import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'closedloop-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report files from the command line', () => {
  it('analyze --pdf --xlsx --csv --lang en writes a PDF, a workbook and CSV files', async () => {
    const pdf = join(dir, 'r.pdf');
    const xlsx = join(dir, 'r.xlsx');
    const csv = join(dir, 'csv');
    const r = await run('analyze', 'fixtures/reference-model.json', '--trials', '2000', '--pdf', pdf, '--xlsx', xlsx, '--csv', csv, '--lang', 'en', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toContain('Ranking');
    expect(readdirSync(csv)).toEqual(expect.arrayContaining(['ranking.csv', 'statistics.csv', 'inputs.csv', 'cashflow.csv']));
  });

  it('picks Chinese for a CNY proposal unless --lang says otherwise', async () => {
    const xlsx = join(dir, 'zh.xlsx');
    const r = await run('analyze', 'fixtures/reference-model.json', '--trials', '1000', '--xlsx', xlsx, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['摘要', '排序', '年度现金流']));
  });

  it('rejects an unknown language with exit 2', async () => {
    const r = await run('analyze', 'fixtures/reference-model.json', '--pdf', join(dir, 'x.pdf'), '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('demo writes the JSON, the PDF and the workbook and prints their paths', async () => {
    const out = join(dir, 'demo');
    const r = await run('demo', '--out-dir', out, '--trials', '2000');
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['report.json', 'proposal.pdf', 'proposal.xlsx']) {
      expect(existsSync(join(out, f))).toBe(true);
      expect(r.stdout).toContain(join(out, f));
    }
  });
});
