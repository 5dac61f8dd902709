/** `closedloop track --pdf --xlsx`: the document with its pilot review and the workbook with its "Pilot review" sheet, in the language asked for. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../reports/i18n.js';
import { run } from '../cli/run-cli.js';
import { readPdf } from './pdf-text.js';

const dir = mkdtempSync(join(tmpdir(), 'closedloop-pilot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('closedloop track writes the pilot review', () => {
  it('--pdf and --xlsx with --lang zh-CN: the review after the summary, the sheet after the summary sheet', async () => {
    const [pdf, xlsx] = [join(dir, 'review.pdf'), join(dir, 'review.xlsx')];
    const r = await run('track', 'fixtures/demo.json', '--actuals', 'fixtures/demo-actuals.csv', '--trials', '1024', '--seed', '4', '--pdf', pdf, '--xlsx', xlsx, '--lang', 'zh-CN', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const pages = await readPdf(readFileSync(pdf));
    const at = pages.findIndex((p) => p.text.includes(t('zh-CN', 'tracking.section.pilotReview')) && p.text.includes(t('zh-CN', 'tracking.section.recommendation')));
    expect(at).toBe(2); // cover, summary, then the review
    expect(pages[at].text).toContain('截至第 3 个月的实际值与预测对比');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(workbook.worksheets[1].name).toBe(t('zh-CN', 'tracking.sheet'));
  });
});
