import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import type { Report } from '../../engine/report.js';
import { type Lang, t } from '../../reports/i18n.js';
import { formatMoneyFor } from '../../reports/money.js';
import { renderPdf } from '../../reports/pdf.js';
import { loadProposal } from '../../scenarios/load.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { type PageText, readPdf } from './pdf-text.js';

/** Pages of the demo proposal document at 4,096 trials, seed 1: a golden figure, updated deliberately. */
const DEMO_PAGES = { en: 17, 'zh-CN': 17 } as const;

const demo = analyze(loadProposal('fixtures/demo.json'), { trials: 4096, seed: 1, createdAt: '2026-11-29T00:00:00.000Z' });
const rendered = new Map<Lang, { bytes: Buffer; pages: PageText[] }>();
beforeAll(async () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    const bytes = await renderPdf(demo, { lang });
    rendered.set(lang, { bytes, pages: await readPdf(bytes) });
  }
});

/** Text without the spaces and line breaks the layout adds. */
const squash = (s: string) => s.replace(/\s+/g, '');

describe('the proposal PDF', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`shows every scenario's name, verdict, NPV P50 and payback P50 as the Report has them (${lang})`, () => {
      const all = squash(rendered.get(lang)!.pages.map((p) => p.text).join(''));
      for (const s of demo.scenarios) {
        expect(all).toContain(squash(s.name));
        expect(all).toContain(squash(t(lang, `verdict.${s.verdict}`)));
        expect(all).toContain(squash(formatMoneyFor(s.npv.p50, demo.proposal.currency, lang)));
        const payback = s.paybackMonths.p50 === null ? t(lang, 'unit.never') : t(lang, 'unit.months', { value: s.paybackMonths.p50.toFixed(1) });
        expect(all).toContain(squash(payback));
      }
    });

    it(`has a stable page count for the demo (${lang})`, () => {
      expect(rendered.get(lang)!.pages.length).toBe(DEMO_PAGES[lang]);
    });
  }

  it('embeds the CJK font as a subset and uses no other font', () => {
    for (const { bytes } of rendered.values()) {
      const latin1 = bytes.toString('latin1');
      const fonts = [...latin1.matchAll(/\/BaseFont\s*\/([A-Z]{6}\+)?([\w-]+)/g)].map((m) => ({ subset: Boolean(m[1]), name: m[2] }));
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) {
        expect(f.name).toMatch(/^NotoSansSC-(Regular|Bold)$/);
        expect(f.subset).toBe(true);
      }
      expect(latin1).toMatch(/\/FontFile2/); // the TrueType program is embedded
    }
  });

  it('writes Chinese text that reads back as Chinese (no fallback glyphs)', () => {
    const all = rendered.get('zh-CN')!.pages.map((p) => p.text).join('');
    expect(all).toContain(t('zh-CN', 'section.ranking'));
    expect(all).toContain(t('zh-CN', 'doc.title'));
  });
});

describe('pages render as images', () => {
  const dir = mkdtempSync(join(tmpdir(), 'closedloop-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hasPdftoppm = spawnSync('pdftoppm', ['-v']).error === undefined;
  if (!hasPdftoppm && !process.env.CI) console.warn('SKIPPED: pdftoppm (poppler-utils) is not installed, so the PDF pages are not rendered to PNG.');
  it.runIf(hasPdftoppm || process.env.CI)('pdftoppm renders every page of the demo PDF without errors, none blank', () => {
    const file = join(dir, 'demo.pdf');
    writeFileSync(file, rendered.get('zh-CN')!.bytes);
    const r = spawnSync('pdftoppm', ['-png', '-r', '40', file, join(dir, 'page')], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBe(DEMO_PAGES['zh-CN']);
    for (const png of pngs) expect(statSync(join(dir, png)).size).toBeGreaterThan(3000);
  });
});

/** Every text item lies inside the page's margins' outer edge. */
function expectInsidePages(pages: PageText[]): void {
  for (const page of pages) {
    for (const item of page.items) {
      expect(item.x).toBeGreaterThanOrEqual(0);
      expect(item.x + item.width).toBeLessThanOrEqual(page.width + 0.5);
      expect(item.y).toBeGreaterThanOrEqual(0);
      expect(item.y).toBeLessThanOrEqual(page.height);
    }
  }
}

describe('edge cases render without overflow', () => {
  const scenario = (id: string, name: string, value: number) => ({
    id,
    name,
    implementationMonths: 3,
    benefits: [{ kind: 'custom', quantityPerMonth: { min: 50, mode: 100, max: 200 }, unitValue: value }],
    costs: [{ kind: 'oneOff', amount: { min: 400000, mode: 600000, max: 900000 } }],
  });
  const run = (scenarios: object[]): Report =>
    analyze(normalizeProposal({ customer: { name: 'Edge case customer with a rather long name for the footer' }, scenarios }), { trials: 2048, seed: 2 });

  it('one scenario', async () => {
    const pages = await readPdf(await renderPdf(run([scenario('one', 'Only one', 800)]), { lang: 'en' }));
    expectInsidePages(pages);
  });

  it('twenty scenarios, one that never pays back, and names of 80 characters (both languages)', async () => {
    const long = 'A very long scenario name that goes on and on to test wrapping and truncation ok';
    expect(long.length).toBe(80);
    const list: object[] = Array.from({ length: 20 }, (_, k) => scenario(`s${k}`, k === 3 ? long : k === 4 ? `${'长名称场景'.repeat(16)}` : `Scenario ${k + 1}`, 300 + k * 100));
    list.push({ ...scenario('never', 'Never pays back', 0), benefits: [{ kind: 'custom', quantityPerMonth: 1, unitValue: 1 }] });
    const report = run(list);
    expect(report.scenarios.find((s) => s.id === 'never')!.paybackMonths.p50).toBeNull();
    for (const lang of ['en', 'zh-CN'] as const) {
      const pages = await readPdf(await renderPdf(report, { lang }));
      expectInsidePages(pages);
      expect(squash(pages.map((p) => p.text).join(''))).toContain(squash(t(lang, 'unit.never')));
    }
  });
});
