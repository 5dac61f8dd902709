/**
 * The terminal lays out the view: the same recommendation, the same ranking
 * and roadmap rows as the PDF, the workbook and the page, in the language asked for.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../engine/index.js';
import { TERMINAL_PHASE_COLUMNS, terminalCell } from '../../cli/format.js';
import { type Lang, t } from '../../reports/i18n.js';
import { SUMMARY_RANKING_COLUMNS, type ViewTable, buildView, pick } from '../../reports/view/index.js';
import { run } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'closedloop-cli-view-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A table's rows as the terminal shows their cells (long names shortened to fit a terminal). */
const terminalRows = (table: ViewTable) => table.rows.map((row) => row.cells.map((c, k) => terminalCell(c, table.columns[k].kind)));

/** The terminal's line for a row: its cells in order, separated by column padding. */
function rowPattern(cells: readonly string[]): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*${cells.map(escape).join('\\s+')}\\s*$`, 'm');
}

async function analyzeDemo(lang: Lang): Promise<{ stdout: string; report: Report }> {
  const file = join(dir, `demo-${lang}.json`);
  const r = await run('analyze', 'fixtures/demo.json', '--trials', '4096', '--seed', '1', '--json', file, '--lang', lang);
  expect(r.code, r.stderr).toBe(0);
  return { stdout: r.stdout, report: JSON.parse(readFileSync(file, 'utf8')) as Report };
}

describe('the terminal shows the view', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`analyze prints the recommendation, then the ranking and roadmap rows the view builds (${lang})`, async () => {
      const { stdout, report } = await analyzeDemo(lang);
      const view = buildView(report, lang);
      expect(stdout).toContain(t(lang, 'cli.recommendation', { text: view.recommendation.headline }));
      const ranking = pick(view.ranking, SUMMARY_RANKING_COLUMNS);
      expect(stdout).toMatch(rowPattern(ranking.columns.map((c) => c.header)));
      for (const row of terminalRows(ranking)) expect(stdout).toMatch(rowPattern(row));
      // Names up to the terminal's budget are shown whole.
      for (const row of ranking.rows) expect(stdout).toContain(row.cells[1].text);
      for (const row of terminalRows(pick(view.roadmap!.phases, TERMINAL_PHASE_COLUMNS))) expect(stdout).toMatch(rowPattern(row));
      for (const row of terminalRows(view.roadmap!.items)) expect(stdout).toMatch(rowPattern(row));
      for (const line of [...view.roadmap!.rationale, ...view.confidence, view.measureFirst, view.appendix.provenance]) expect(stdout).toContain(line);
      // The rows come in the Report's order.
      const at = terminalRows(ranking).map((row) => stdout.search(rowPattern(row)));
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    });
  }

  it('the terminal is English unless --lang says otherwise; Chinese words in the Chinese terminal', async () => {
    const r = await run('analyze', 'fixtures/demo.json', '--trials', '1024', '--quiet');
    expect(r.stdout).toBe('');
    const en = await run('analyze', 'fixtures/demo.json', '--trials', '1024');
    expect(en.stdout).toMatch(/^Recommendation: /m);
    expect(en.stdout).not.toMatch(/[\u4e00-\u9fff]/);
    const zh = await run('analyze', 'fixtures/demo.json', '--trials', '1024', '--lang', 'zh-CN');
    expect(zh.stdout).toMatch(/^建议：/m);
    expect(zh.stdout).toContain('理赔风险识别');
  });

  it('with paybackMonths 18 the terminal never says “≤ 12”', async () => {
    const raw = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
    raw.policy.paybackMonths = 18;
    const file = join(dir, 'payback18.json');
    writeFileSync(file, JSON.stringify(raw));
    for (const lang of ['en', 'zh-CN']) {
      const r = await run('analyze', file, '--trials', '2048', '--lang', lang);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/≤ 18 mo|18 个月/);
      expect(r.stdout).not.toMatch(/≤ ?12|12 ?个月|12 mo|12 months/);
    }
  });
});
