/**
 * The one recommendation, told the same way by every output (issue 10): on a
 * proposal whose top scenario is excluded from the roadmap and needs another
 * first, the CLI headline and page 1 of the PDF (both languages) name the
 * roadmap's phase 1 and never the excluded option; the ranking shows a group
 * of alternatives once, says what its order is and what each enabler makes
 * possible; with `paybackMonths: 18` the workbook never says "≤ 12".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Report, analyze } from '../../engine/index.js';
import { LANGS, type Lang, t } from '../../reports/i18n.js';
import { renderPdf } from '../../reports/pdf.js';
import { buildView } from '../../reports/view/index.js';
import { renderXlsx } from '../../reports/xlsx.js';
import { loadProposal } from '../../scenarios/load.js';
import { run } from '../cli/run-cli.js';
import { issueProposal } from '../engine/recommendation-fixture.js';
import { readPdf } from './pdf-text.js';

/** Scenario names in both languages, so that "never names the excluded option" can be checked by name. */
const NAMES: Record<string, { en: string; 'zh-CN': string }> = {
  platform: { en: 'Knowledge platform', 'zh-CN': '知识平台' },
  'om-public': { en: 'Design review (public API)', 'zh-CN': '设计审查（公有接口）' },
  'om-private': { en: 'Design review (private GPUs)', 'zh-CN': '设计审查（私有算力）' },
  bot: { en: 'Service bot', 'zh-CN': '客服机器人' },
  claims: { en: 'Claims screening', 'zh-CN': '理赔筛查' },
  quality: { en: 'Quality inspection', 'zh-CN': '质量检测' },
};

function namedProposal() {
  const p = issueProposal();
  return { ...p, scenarios: p.scenarios.map((s) => ({ ...s, name: NAMES[s.id] })) };
}

const dir = mkdtempSync(join(tmpdir(), 'closedloop-one-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'proposal.json');
writeFileSync(file, JSON.stringify(namedProposal()));

let report: Report;
const cli = new Map<Lang, string>();
beforeAll(async () => {
  for (const lang of LANGS) {
    const json = join(dir, `report-${lang}.json`);
    const r = await run('analyze', file, '--trials', '4096', '--seed', '11', '--json', json, '--lang', lang);
    expect(r.code, r.stderr).toBe(0);
    cli.set(lang, r.stdout);
    report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  }
});

/** Names of the scenarios phase 1 holds, and of the excluded top scenario, in a language. */
function expected(lang: Lang) {
  const phase1 = [...new Set(report.roadmap!.phases[0].items.map((i) => i.scenarioId))];
  return { phase1: phase1.map((id) => NAMES[id][lang]), excluded: NAMES['om-public'][lang] };
}

describe('an excluded, dependent top scenario is never where to start', () => {
  it('the Report ranks it first and recommends the roadmap’s phase 1 without it', () => {
    expect(report.ranking.order[0]).toBe('om-public');
    expect(report.recommendation!.source).toBe('roadmap');
    expect(report.recommendation!.scenarios).not.toContain('om-public');
  });

  for (const lang of LANGS) {
    it(`the CLI headline names phase 1, never the excluded option (${lang})`, () => {
      const headline = cli.get(lang)!.split('\n').find((l) => l.startsWith(t(lang, 'cli.recommendation', { text: '' })))!;
      const { phase1, excluded } = expected(lang);
      expect(headline).toBe(t(lang, 'cli.recommendation', { text: buildView(report, lang).recommendation.headline }));
      for (const name of phase1) expect(headline).toContain(name);
      expect(headline).not.toContain(excluded);
    });

    it(`page 1 of the PDF names phase 1, never the excluded option (${lang})`, async () => {
      const pages = await readPdf(await renderPdf(report, { lang }));
      const page1 = pages[0].text.replace(/\s+/g, '');
      const { phase1, excluded } = expected(lang);
      for (const name of phase1) expect(page1).toContain(name.replace(/\s+/g, ''));
      expect(page1).not.toContain(excluded.replace(/\s+/g, ''));
    });
  }

  it('the recommendation’s reasons number months from 1, as the headline does', () => {
    const view = buildView(report, 'en');
    const phase = report.roadmap!.phases[0];
    const span = `months ${phase.startMonth + 1}–${phase.endMonth}`;
    expect(view.recommendation.headline).toContain(span);
    expect(view.recommendation.details.join(' ')).toContain(span);
    expect(view.recommendation.details.join(' ')).not.toContain(`months ${phase.startMonth}–`);
  });
});

describe('the ranking in every output', () => {
  for (const lang of LANGS) {
    it(`shows the group of alternatives once, its basis and what the enabler makes possible (${lang})`, async () => {
      const view = buildView(report, lang);
      const group = report.ranking.groups![0];
      const rowIds = view.ranking.rows.map((r) => r.id);
      // The group once, on its best option's row.
      expect(rowIds.filter((id) => group.options.includes(id))).toEqual([group.best]);
      expect(view.ranking.rows.find((r) => r.id === group.best)!.cells[1].text).toBe(t(lang, 'view.groupOption', { group: group.name, option: NAMES[group.best!][lang] }));
      expect(view.notes.alternatives).toHaveLength(group.options.length - 1);
      expect(view.notes.alternatives[0]).toContain(NAMES[group.options[1]][lang]);
      expect(view.notes.basis).toBe(t(lang, 'ranking.ranking-by-verdict', { acceptMonths: '12', considerMonths: '60', confidence: '80%' }));
      // The platform's marginal programme value, measured by the planner, is in its line.
      const value = report.scenarios.find((s) => s.id === 'platform')!.enables!.marginalValue!;
      expect(value).toBeGreaterThan(0);
      expect(view.notes.enablers).toEqual([
        t(lang, 'view.enablesValue', { scenario: NAMES.platform[lang], scenarios: view.f.list(['om-public', 'om-private'].map((id) => NAMES[id][lang])), value: view.f.money(value) }),
      ]);
      // Headline counts: the group once, the excluded option left out.
      expect(view.recommendation.useCases).toBe(5);

      const stdout = cli.get(lang)!;
      const pdf = (await readPdf(await renderPdf(report, { lang }))).map((p) => p.text).join('').replace(/\s+/g, '');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await renderXlsx(report, lang)) as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
      for (const line of [view.notes.basis!, ...view.notes.alternatives, ...view.notes.enablers]) {
        expect(stdout, line).toContain(line);
        expect(pdf, line).toContain(line.replace(/\s+/g, ''));
        expect(cells, line).toContain(line);
      }
    });
  }
});

describe('labels follow the policy in the workbook', () => {
  it('with paybackMonths 18 no cell says “≤ 12”, and the labels say 18', async () => {
    const raw = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
    raw.policy = { ...raw.policy, paybackMonths: 18 };
    writeFileSync(join(dir, 'demo-18.json'), JSON.stringify(raw));
    const r = analyze(loadProposal(join(dir, 'demo-18.json')), { trials: 2048, seed: 5 });
    for (const lang of LANGS) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await renderXlsx(r, lang)) as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(typeof c.value === 'object' && c.value !== null ? JSON.stringify(c.value) : String(c.value)))));
      const text = cells.join('\n');
      expect(text).toMatch(/≤ 18|18 个月/);
      expect(text).not.toMatch(/≤ ?12\b|12 ?个月内|within 12 months/);
    }
  });
});
