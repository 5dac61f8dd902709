/**
 * Reports with their messages in the reader's language (issue 11): asked for
 * a language (`?lang=`, else Accept-Language), the run report and the
 * synchronous analysis add `rendered` — the sentences the PDF shows, built by
 * the same view — next to the unchanged Report; asked for none, the stored
 * Report goes out byte for byte.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { acceptedLang } from '../../api/routes/report-language.js';
import { type Executor, startExecutor } from '../../api/runs/executor.js';
import type { Store } from '../../api/store/types.js';
import { type Report, reportSchema } from '../../engine/report.js';
import { LANGS, type Lang } from '../../reports/i18n.js';
import { buildView, renderedMessages } from '../../reports/view/index.js';
import { readPdf } from '../reports/pdf-text.js';
import { openTestStore } from './test-store.js';

const demo = JSON.parse(readFileSync('fixtures/demo.json', 'utf8')) as Record<string, unknown>;
const CJK = /[\u4e00-\u9fff]/;

let store: Store;
let cleanup: () => Promise<void>;
let executor: Executor;
let app: FastifyInstance;
let headers: Record<string, string>;
let otherTenant: Record<string, string>;
let runId = '';
let storedJson = '';
let stored: Report;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  const tenant = await store.createTenant('lang');
  headers = { authorization: `Bearer ${(await store.createKey(tenant.id, ['write'])).key}` };
  otherTenant = { authorization: `Bearer ${(await store.createKey((await store.createTenant('other')).id, ['write'])).key}` };
  executor = await startExecutor({ store, instanceId: 'lang-test', concurrency: 1, pollMs: 20 });
  app = await buildApp({ store, executor, limits: { rateLimit: 100_000 } });
  const proposalId = (await app.inject({ method: 'POST', url: '/v1/proposals', headers, payload: { proposal: demo } })).json().id;
  runId = (await app.inject({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, headers, payload: { trials: 1000, seed: 3 } })).json().id;
  for (let i = 0; i < 600 && (await store.getRun(tenant.id, runId))?.status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 50));
  storedJson = (await store.getReportJson(tenant.id, runId))!;
  stored = reportSchema.parse(JSON.parse(storedJson));
}, 120_000);

afterAll(async () => {
  await app?.close();
  await executor?.stop(2000);
  await cleanup?.();
});

const report = (query: string, extra: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/v1/runs/${runId}/report${query}`, headers: { ...headers, ...extra } });

/** Text without white space, so that a sentence broken over lines of the PDF still matches. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('GET /v1/runs/{id}/report with a language', () => {
  it('without lang or Accept-Language answers the stored Report byte for byte', async () => {
    const res = await report('');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(storedJson);
    expect(res.headers['content-language']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Accept-Language/i);
  });

  for (const lang of LANGS) {
    it(`with lang=${lang} adds the PDF view's sentences next to the unchanged Report, and the PDF shows them (${lang})`, async () => {
      const res = await report(`?lang=${lang}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-language']).toBe(lang);
      const { rendered, ...rest } = res.json();
      // The Report part is the stored Report, field for field and in the same order.
      expect(JSON.stringify(rest)).toBe(storedJson);
      expect(rendered).toEqual(renderedMessages(stored, lang));
      const view = buildView(stored, lang);
      const pdf = await report(`?format=pdf&lang=${lang}`);
      const pdfText = squeeze((await readPdf(pdf.rawPayload)).map((p) => p.text).join(''));
      for (const s of view.scenarios) {
        expect(rendered.scenarios[s.id].advice, s.id).toEqual(s.advice);
        expect(rendered.scenarios[s.id].name).toBe(s.name);
      }
      // Each scenario's first advice sentence, as the PDF prints it.
      const first = stored.scenarios.map((s) => rendered.scenarios[s.id].advice[0] as string);
      for (const sentence of first) expect(pdfText, sentence).toContain(squeeze(sentence));
      expect(pdfText).toContain(squeeze(rendered.recommendation.headline));
      if (lang === 'zh-CN') expect(first.every((s) => CJK.test(s))).toBe(true);
      else expect(first.every((s) => /\b[a-z]{4,}\b/.test(s))).toBe(true);
    }, 60_000);
  }

  it('answers the same bytes again (kept per run and language), and another tenant still 404', async () => {
    const first = await report('?lang=en');
    const again = await report('', { 'accept-language': 'en' });
    expect(again.body).toBe(first.body);
    for (const query of ['?lang=en', '?lang=zh-CN', '']) {
      const res = await app.inject({ method: 'GET', url: `/v1/runs/${runId}/report${query}`, headers: otherTenant });
      expect(res.statusCode, query).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });

  it('the two languages differ in every advice sentence and are each in their own language', async () => {
    const en = (await report('?lang=en')).json().rendered;
    const zh = (await report('?lang=zh-CN')).json().rendered;
    for (const s of stored.scenarios) {
      expect(zh.scenarios[s.id].advice.length).toBe(en.scenarios[s.id].advice.length);
      zh.scenarios[s.id].advice.forEach((sentence: string, k: number) => expect(sentence).not.toBe(en.scenarios[s.id].advice[k]));
    }
    expect(CJK.test(en.recommendation.headline.replace(/“[^”]*”|"[^"]*"/g, ''))).toBe(false);
    expect(CJK.test(zh.recommendation.headline)).toBe(true);
  });

  it('takes the language from Accept-Language when lang is absent, and lang wins over it', async () => {
    const cases: [Record<string, string>, string, Lang][] = [
      [{ 'accept-language': 'en-US,en;q=0.9' }, '', 'en'],
      [{ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }, '', 'zh-CN'],
      [{ 'accept-language': 'fr-FR, en;q=0.5' }, '', 'en'],
      [{ 'accept-language': 'en;q=0.3, zh-TW;q=0.8' }, '', 'zh-CN'],
      // Nothing the reports speak: the proposal's language (the demo is in CNY: Chinese), as the PDF picks it.
      [{ 'accept-language': 'fr' }, '', 'zh-CN'],
      [{ 'accept-language': '*' }, '', 'zh-CN'],
      [{ 'accept-language': 'en;q=0' }, '', 'zh-CN'],
      [{ 'accept-language': 'zh-CN' }, '?lang=en', 'en'],
    ];
    for (const [extra, query, lang] of cases) {
      const res = await report(query, extra);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-language'], JSON.stringify(extra)).toBe(lang);
      expect(res.json().rendered.lang, JSON.stringify(extra)).toBe(lang);
    }
    // A file follows the same rule.
    const pdf = await report('?format=pdf', { 'accept-language': 'en-GB' });
    expect(pdf.headers['content-disposition']).toContain(`-en.pdf`);
    expect(pdf.headers['content-language']).toBe('en');
  }, 60_000);

  it('answers 400 naming lang and the allowed values for an unsupported language', async () => {
    for (const url of [`/v1/runs/${runId}/report?lang=fr`, `/v1/runs/${runId}/report?format=pdf&lang=zh`, '/v1/analyze?lang=de']) {
      const res = await app.inject({ method: url.startsWith('/v1/analyze') ? 'POST' : 'GET', url, headers, payload: url.startsWith('/v1/analyze') ? { proposal: demo, trials: 100 } : undefined });
      expect(res.statusCode, url).toBe(400);
      const problem = res.json();
      expect(problem.code).toBe('INVALID_REQUEST');
      const lang = problem.problems.find((p: { path: string }) => p.path === 'lang');
      expect(lang, url).toBeDefined();
      for (const allowed of LANGS) expect(lang.message, url).toContain(allowed);
    }
  });
});

describe('POST /v1/analyze with a language', () => {
  it('adds rendered sentences for ?lang= or Accept-Language, and none without', async () => {
    const analyze = (query: string, extra: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: `/v1/analyze${query}`, headers: { ...headers, ...extra }, payload: { proposal: demo, trials: 500, seed: 9 } });
    const plain = await analyze('');
    expect(plain.statusCode).toBe(200);
    expect(plain.json().rendered).toBeUndefined();
    expect(plain.headers['content-language']).toBeUndefined();
    for (const [query, extra, lang] of [
      ['?lang=en', {}, 'en'],
      ['', { 'accept-language': 'zh' }, 'zh-CN'],
      ['', { 'accept-language': 'ko' }, 'zh-CN'],
    ] as [string, Record<string, string>, Lang][]) {
      const res = await analyze(query, extra);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-language']).toBe(lang);
      const { rendered, ...rest } = res.json();
      const parsed = reportSchema.parse(rest);
      expect(rendered).toEqual(renderedMessages(parsed, lang));
      // The Report part is the Report without a language (the same seed and trials), but for its creation time.
      expect({ ...rest, run: { ...rest.run, createdAt: null } }).toEqual({ ...plain.json(), run: { ...plain.json().run, createdAt: null } });
    }
  }, 60_000);
});

describe('acceptedLang', () => {
  it('reads q-values, order, primary subtags and malformed entries as RFC 9110 does', () => {
    const fallback = () => 'zh-CN' as Lang;
    expect(acceptedLang(undefined, fallback)).toBeNull();
    expect(acceptedLang('  ', fallback)).toBeNull();
    expect(acceptedLang('en', fallback)).toBe('en');
    expect(acceptedLang('EN-us', fallback)).toBe('en');
    expect(acceptedLang('zh-Hant-TW', () => 'en')).toBe('zh-CN');
    expect(acceptedLang('zh;q=0.5, en;q=0.6', fallback)).toBe('en');
    expect(acceptedLang('zh, en', () => 'en')).toBe('zh-CN');
    expect(acceptedLang('en;q=0.5, zh;q=0.5', fallback)).toBe('en');
    expect(acceptedLang('en;q=abc, zh;q=0.1', () => 'en')).toBe('zh-CN');
    expect(acceptedLang('e n, zh;q=0.2', () => 'en')).toBe('zh-CN');
    expect(acceptedLang(';;,,=', () => 'en')).toBe('en');
    expect(acceptedLang('de, fr;q=0.9', () => 'en')).toBe('en');
    expect(acceptedLang(`${'x'.repeat(5000)}, en;q=0.1`, fallback)).toBe('en');
  });
});
