/**
 * The executive page in a real browser: Debian's Chromium driven by
 * playwright-core (never a downloaded browser), against the real server with its
 * Content-Security-Policy, opened from a fresh share link.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { type Executor, startExecutor } from '../../api/runs/executor.js';
import { openStore } from '../../api/store/database.js';
import type { Store } from '../../api/store/types.js';
import type { Report } from '../../engine/index.js';
import { type Lang, t } from '../../reports/i18n.js';
import { SUMMARY_RANKING_COLUMNS, buildView, pick } from '../../reports/view/index.js';
import { trackedDemo } from '../reports/tracked-reports.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) console.warn('SKIPPED: Chromium is not installed at /usr/bin/chromium (apt-get install chromium), so the web page is not tested in a browser.');
const ARTIFACTS = 'test-artifacts';

describe.runIf(hasChromium || process.env.CI)('the executive page in Chromium', () => {
  let store: Store;
  let executor: Executor;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let shareUrl = '';
  let policyUrl = '';
  let report: Report;
  let runB = '';
  let key = '';
  let trackedUrl = '';
  let tracked: Report;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, any>) };
  };
  const waitForRun = async (id: string) => {
    for (;;) {
      const r = await api('GET', `/v1/runs/${id}`);
      if (r.body!.status === 'succeeded') return;
      if (r.body!.status === 'failed') throw new Error('run failed');
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  beforeAll(async () => {
    // The page is built by `npm run build` (npm ci runs it); build it here when it is missing.
    if (!existsSync('web/dist/index.html')) execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
    mkdirSync(ARTIFACTS, { recursive: true });
    // Computed before the server starts: a few seconds of blocking work would let idle keep-alive sockets close under the client.
    tracked = trackedDemo(2048);
    store = await openStore({ sqliteFile: ':memory:' });
    const tenant = await store.createTenant('exec');
    key = (await store.createKey(tenant.id, ['write'])).key;
    executor = await startExecutor({ store, instanceId: 'web-test', concurrency: 2, pollMs: 50 });
    app = await buildApp({ store, executor, logger: false, limits: { rateLimit: 100_000 } });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const demo = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
    const proposal = await api('POST', '/v1/proposals', { proposal: demo });
    const run = await api('POST', `/v1/proposals/${proposal.body!.id}/runs`, { trials: 4096, seed: 1 });
    const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8'));
    const other = await api('POST', '/v1/proposals', { proposal: reference });
    const second = await api('POST', `/v1/proposals/${other.body!.id}/runs`, { trials: 2048, seed: 1 });
    // A policy with an 18-month payback rule: no label on the page may say 12.
    const eighteen = await api('POST', '/v1/proposals', { proposal: { ...reference, policy: { ...reference.policy, paybackMonths: 18 } } });
    const third = await api('POST', `/v1/proposals/${eighteen.body!.id}/runs`, { trials: 2048, seed: 1 });
    await waitForRun(run.body!.id);
    await waitForRun(second.body!.id);
    await waitForRun(third.body!.id);
    // A tracked run: runs over the API do not take actuals yet, so the run's stored Report is replaced by the
    // tracked demo's (closedloop track with fixtures/demo-actuals.csv), which the page then reads like any Report.
    const fourth = await api('POST', `/v1/proposals/${other.body!.id}/runs`, { trials: 512, seed: 2 });
    await waitForRun(fourth.body!.id);
    await store.db.updateTable('reports').set({ body: JSON.stringify(tracked) }).where('run_id', '=', fourth.body!.id).execute();
    const trackedShare = await api('POST', `/v1/runs/${fourth.body!.id}/shares`, { expiresInDays: 7 });
    trackedUrl = `${base}${trackedShare.body!.url}`;
    const policyShare = await api('POST', `/v1/runs/${third.body!.id}/shares`, { expiresInDays: 7 });
    policyUrl = `${base}${policyShare.body!.url}`;
    runB = second.body!.id;
    report = (await api('GET', `/v1/runs/${run.body!.id}/report`)).body as unknown as Report;
    const share = await api('POST', `/v1/runs/${run.body!.id}/shares`, { expiresInDays: 7 });
    expect(share.status).toBe(201);
    shareUrl = `${base}${share.body!.url}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await executor?.stop(2000);
    await store?.close();
  });

  /** Opens the share link at a viewport; collects console errors, page errors and requests leaving the server. */
  async function open(width: number, height: number, url = shareUrl) {
    const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    const outside: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    const started = Date.now();
    await page.goto(url);
    await page.getByTestId('ranking-row').first().waitFor({ timeout: 15_000 });
    const interactiveMs = Date.now() - started;
    return { context, page, problems, outside, interactiveMs };
  }

  it('shows the scenarios in the Report’s rank order, switches language, drills down, downloads — without console errors', async () => {
    const { context, page, problems, outside } = await open(1280, 900);
    const order = await page.getByTestId('ranking-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-scenario-id')));
    expect(order).toEqual(report.ranking.order);
    await page.screenshot({ path: join(ARTIFACTS, 'page-desktop-zh.png'), fullPage: true });

    // The demo is in CNY: Chinese by default; switch to English and back.
    const rankingTitle = page.getByTestId('section-ranking').locator('h2');
    await expect(rankingTitle.textContent()).resolves.toBe(t('zh-CN', 'section.ranking'));
    await page.getByTestId('lang-en').click();
    await expect(rankingTitle.textContent()).resolves.toBe(t('en', 'section.ranking'));
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.screenshot({ path: join(ARTIFACTS, 'page-desktop-en.png'), fullPage: true });
    await page.getByTestId('lang-zh-CN').click();
    await expect(rankingTitle.textContent()).resolves.toBe(t('zh-CN', 'section.ranking'));

    // Drill down into the second-ranked scenario.
    const second = report.scenarios.find((s) => s.rank === 2)!;
    await page.getByTestId('ranking-row').nth(1).getByTestId('ranking-open').click();
    const drill = page.getByTestId('drilldown');
    await drill.waitFor({ state: 'visible' });
    await expect(page.getByTestId('drilldown-title').textContent()).resolves.toContain(second.name);
    await page.screenshot({ path: join(ARTIFACTS, 'page-drilldown.png'), fullPage: false });
    await page.getByTestId('drilldown-close').click();

    // The download buttons return a PDF and a workbook of the same run.
    for (const [kind, magic] of [
      ['pdf', '%PDF-'],
      ['xlsx', 'PK'],
    ] as const) {
      const href = await page.getByTestId(`download-${kind}`).getAttribute('href');
      expect(href).toBeTruthy();
      const res = await fetch(new URL(href!, shareUrl));
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
    for (const f of ['page-desktop-zh.png', 'page-desktop-en.png', 'page-drilldown.png']) expect(statSync(join(ARTIFACTS, f)).size).toBeGreaterThan(20_000);
  }, 120_000);

  /** The ranking rows and the headline as the page shows them, in a language. */
  async function shown(page: import('playwright-core').Page) {
    type Cell = { textContent: string | null; querySelector(selector: string): { textContent: string | null } | null };
    const rows = await page
      .getByTestId('ranking-row')
      .evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<Cell> }).children).map((c) => (c.querySelector('.scenario-link__name')?.textContent ?? c.textContent ?? '').trim())));
    const headline = (await page.getByTestId('headline').locator('.headline__text').textContent())?.trim();
    return { rows, headline };
  }

  it('lays out the view: the ranking rows and the recommendation the PDF, the workbook and the terminal show, in both languages', async () => {
    const { context, page, problems } = await open(1280, 900);
    for (const lang of ['zh-CN', 'en'] as Lang[]) {
      await page.getByTestId(`lang-${lang}`).click();
      await page.waitForFunction(`document.documentElement.lang === '${lang}'`);
      const view = buildView(report, lang);
      const table = pick(view.ranking, SUMMARY_RANKING_COLUMNS);
      const { rows, headline } = await shown(page);
      expect(rows).toEqual(table.rows.map((r) => r.cells.map((c) => c.text)));
      expect(headline).toBe(view.recommendation.headline);
      const facts = await page.getByTestId('roadmap-facts').locator('li').allTextContents();
      expect(facts).toEqual(view.roadmap!.programme);
      const phases = await page.getByTestId('roadmap-why').locator('ul').first().locator('li').allTextContents();
      expect(phases).toEqual(view.roadmap!.phaseLines);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('labels follow the policy: with paybackMonths 18 the page never says 12 months', async () => {
    const { context, page, problems } = await open(1280, 900, policyUrl);
    for (const lang of ['zh-CN', 'en'] as Lang[]) {
      await page.getByTestId(`lang-${lang}`).click();
      await page.waitForFunction(`document.documentElement.lang === '${lang}'`);
      await page.getByTestId('ranking-row').first().getByTestId('ranking-open').click();
      await page.getByTestId('drilldown').waitFor({ state: 'visible' });
      const text = (await page.evaluate('document.body.innerText')) as string;
      expect(text).toMatch(/≤ 18 mo|18 个月/);
      expect(text).not.toMatch(/≤ ?12|12 ?个月|12 mo|12 months/);
      await page.getByTestId('drilldown-close').click();
    }
    await page.screenshot({ path: join(ARTIFACTS, 'page-policy-18.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('a slider per rule shows the policy sweep: each point the view’s sweep row, nothing recomputed', async () => {
    const { context, page, problems } = await open(1280, 900);
    const sweep = buildView(report, (await page.locator('main').getAttribute('data-lang')) as Lang).sweep!;
    for (const table of sweep.tables) {
      const slider = page.getByTestId(`${table.id}-slider`);
      for (const k of [0, table.columns.length - 2]) {
        await slider.evaluate((el, value) => {
          (el as unknown as { value: string }).value = String(value);
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }, k);
        expect(await page.getByTestId(`${table.id}-point`).textContent()).toBe(table.columns[k + 1].header);
        expect(await page.getByTestId(`${table.id}-list`).locator('li').allTextContents()).toEqual(table.rows.map((r) => `${r.cells[0].text}: ${r.cells[k + 1].text}`));
      }
    }
    await page.getByTestId('section-sweep').screenshot({ path: join(ARTIFACTS, 'page-sweep.png') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a tracked run has a pilot-review tab per tracked scenario: status and recommendation from the view, in both languages', async () => {
    const { context, page, problems } = await open(1280, 900, trackedUrl);
    const section = page.getByTestId('section-tracking');
    await section.waitFor();
    // After the summary, before the ranking.
    const order = await page.locator('main > section').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order.indexOf('section-tracking')).toBe(order.indexOf('section-summary') + 1);
    const scenarios = tracked.tracking!.scenarios;
    expect(await page.getByTestId('tracking-tab').count()).toBe(scenarios.length);
    for (const lang of ['zh-CN', 'en'] as Lang[]) {
      await page.getByTestId(`lang-${lang}`).click();
      await page.waitForFunction(`document.documentElement.lang === '${lang}'`);
      const view = buildView(tracked, lang).tracking!;
      await expect(section.locator('h2').textContent()).resolves.toBe(t(lang, 'tracking.tab'));
      // The first scenario with actuals of its own is open.
      const first = view.scenarios.find((s) => s.rows.rows.length > 0)!;
      await expect(page.locator('[data-testid="tracking-tab"][aria-selected="true"]').getAttribute('data-scenario-id')).resolves.toBe(first.id);
      for (const s of view.scenarios.filter((x) => x.rows.rows.length > 0)) {
        await page.locator(`[data-testid="tracking-tab"][data-scenario-id="${s.id}"]`).click();
        const panel = page.getByTestId('tracking-panel');
        await expect(panel.getAttribute('data-scenario-id')).resolves.toBe(s.id);
        await expect(page.getByTestId('tracking-status').getAttribute('data-status')).resolves.toBe(s.status);
        await expect(page.getByTestId('tracking-status').locator('h3').textContent()).resolves.toBe(s.statusLine);
        await expect(page.getByTestId('tracking-recommendation').getAttribute('data-decision')).resolves.toBe(s.recommendation.decision);
        await expect(page.getByTestId('tracking-decision').textContent()).resolves.toBe(s.recommendation.word);
        await expect(page.getByTestId('tracking-recommendation').locator('.headline__text').textContent()).resolves.toBe(s.recommendation.headline);
        expect(await page.getByTestId('tracking-reasons').locator('li').allTextContents()).toEqual(s.recommendation.reasons);
        // Forecast versus actual: the view's rows, cell for cell, in the PDF's columns.
        const rows = await page.getByTestId('tracking-rows').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<{ textContent: string | null }> }).children).map((c) => c.textContent)));
        expect(rows).toEqual(pick(s.rows, ['month', 'measure', 'actual', 'p10', 'p50', 'p90', 'percentile', 'status', 'explainedBy']).rows.map((r) => r.cells.map((c) => c.text)));
        await page.getByTestId('chart-tracking-fan').locator('svg').waitFor();
        await page.getByTestId('chart-tracking-posterior').locator('svg').waitFor();
        await section.screenshot({ path: join(ARTIFACTS, `page-tracking-${s.id === 'ecommerce-service-assistant' ? 'behind' : 'on-track'}-${lang}.png`) });
      }
    }
    // The e-commerce pilot is behind: its tab says so, and the recommendation is not "go".
    const behind = scenarios.find((s) => s.id === 'ecommerce-service-assistant')!;
    expect(behind.status).toBe('behind');
    expect(behind.recommendation.decision).not.toBe('go');
    await expect(page.locator('[data-testid="tracking-tab"][data-scenario-id="ecommerce-service-assistant"]').getAttribute('data-status')).resolves.toBe('behind');
    // Arrow keys move between the tabs.
    await page.locator('[data-testid="tracking-tab"][aria-selected="true"]').focus();
    await page.keyboard.press('ArrowRight');
    const tabs = buildView(tracked, 'zh-CN').tracking!.scenarios;
    const next = tabs[(tabs.findIndex((s) => s.id === 'ecommerce-service-assistant') + 1) % tabs.length].id;
    await expect(page.getByTestId('tracking-panel').getAttribute('data-scenario-id')).resolves.toBe(next);
    expect(problems).toEqual([]);
    await context.close();
    for (const lang of ['zh-CN', 'en']) expect(statSync(join(ARTIFACTS, `page-tracking-behind-${lang}.png`)).size).toBeGreaterThan(20_000);
    // On a phone the wide tables scroll inside their box; the page itself never scrolls sideways.
    const phone = await open(390, 844, trackedUrl);
    await phone.page.getByTestId('chart-tracking-fan').locator('svg').waitFor();
    expect((await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number).toBeLessThanOrEqual(1);
    await phone.page.getByTestId('section-tracking').screenshot({ path: join(ARTIFACTS, 'page-tracking-phone.png') });
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  }, 120_000);

  it('a run without tracking has no pilot-review tab', async () => {
    const { context, page } = await open(1280, 900);
    expect(await page.getByTestId('section-tracking').count()).toBe(0);
    await context.close();
  });

  it('reads well on a phone', async () => {
    const { context, page, problems } = await open(390, 844);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(1); // no sideways scrolling of the page itself
    await page.screenshot({ path: join(ARTIFACTS, 'page-phone.png'), fullPage: true });
    expect(statSync(join(ARTIFACTS, 'page-phone.png')).size).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('is served with a strict Content-Security-Policy and answers 404 for made-up, revoked and other links', async () => {
    const page = await fetch(shareUrl);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('cache-control')).toMatch(/no-store/);
    expect(await page.text()).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
    expect((await fetch(`${base}/r/sh_madeup`)).status).toBe(404);
    // A link to run B reads run B, never run A; a revoked link reads nothing.
    const shareB = await api('POST', `/v1/runs/${runB}/shares`, {});
    const dataB = (await fetch(`${base}${shareB.body!.url}/data`).then((r) => r.json())) as { run: { id: string } };
    expect(dataB.run.id).toBe(runB);
    expect(await api('DELETE', `/v1/shares/${shareB.body!.id}`)).toMatchObject({ status: 204 });
    expect((await fetch(`${base}${shareB.body!.url}`)).status).toBe(404);
    expect((await fetch(`${base}${shareB.body!.url}/data`)).status).toBe(404);
  });
});
