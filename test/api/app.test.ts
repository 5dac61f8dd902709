/**
 * The HTTP API end to end through app.inject(): proposals with versions and
 * preconditions, runs executed by the executor to completion, their events,
 * reports and scores, cancellation, the catalogue routes, the synchronous
 * analysis, 50 concurrent runs, and the OpenAPI document.
 */
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { type Executor, startExecutor } from '../../api/runs/executor.js';
import { openTestStore } from './test-store.js';
import type { RunRecord, Store } from '../../api/store/types.js';
import { ANALYZE_MAX_TRIALS } from '../../api/limits.js';
import { reportSchema } from '../../engine/report.js';
import { TEMPLATES } from '../../scenarios/templates/index.js';

/** The stored Report of a run, parsed (null when there is none). */
async function reportOf(store: Store, tenantId: string, runId: string): Promise<unknown> {
  const text = await store.getReportJson(tenantId, runId);
  return text === null ? null : (JSON.parse(text) as unknown);
}

const demo = JSON.parse(readFileSync('fixtures/demo.json', 'utf8')) as Record<string, unknown>;
const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, unknown>;

let store: Store;
let executor: Executor;
let app: FastifyInstance;
let tenantId: string;
let writeKeyId: string;
let write: Record<string, string>;
let read: Record<string, string>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ type: `https://closedloop.dev/errors/${code}`, status, code });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

/** Parses a text/event-stream body into its events. */
function parseEvents(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .filter((block) => block.split('\n').some((l) => l.startsWith('event:')))
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event:'))!.slice(6).trim();
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

async function createProposal(proposal: Record<string, unknown>, crmRef?: string) {
  const res = await app.inject({ method: 'POST', url: '/v1/proposals', headers: write, payload: { proposal, ...(crmRef ? { crmRef } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}

async function waitForRun(id: string, done: (r: RunRecord) => boolean = (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status), ms = 120_000) {
  return until(`run ${id}`, async () => {
    const run = await store.getRun(tenantId, id);
    return run && done(run) ? run : undefined;
  }, ms);
}

let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  const tenant = await store.createTenant('acme');
  tenantId = tenant.id;
  const w = await store.createKey(tenant.id, ['write']);
  const r = await store.createKey(tenant.id, ['read']);
  writeKeyId = w.record.id;
  write = { authorization: `Bearer ${w.key}` };
  read = { authorization: `Bearer ${r.key}` };
  executor = await startExecutor({ store, instanceId: 'app-test', concurrency: 4, pollMs: 50 });
  // A high rate limit: these tests poll; the limit itself is tested in security.test.ts.
  app = await buildApp({ store, executor, limits: { rateLimit: 100_000 } });
});

afterAll(async () => {
  await app?.close();
  await executor?.stop(2000);
  await cleanup?.();
});

describe('probes', () => {
  it('answers /health and /ready without a key', async () => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', counters: { requestTimeouts: expect.any(Number), malformedRequests: expect.any(Number), clientsClosed: expect.any(Number) } });
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 problem+json when the store does not answer', async () => {
    const broken = new Proxy(store, {
      get: (target, prop, receiver) =>
        prop === 'listKeys' ? async () => Promise.reject(new Error('connection refused')) : Reflect.get(target, prop, receiver),
    });
    const other = await buildApp({ store: broken });
    try {
      const res = await other.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).not.toContain('connection refused');
    } finally {
      await other.close();
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/nowhere' }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/nowhere', headers: read }), 404, 'NOT_FOUND');
  });
});

describe('proposals', () => {
  it('creates, reads, lists, updates with If-Match and deletes a proposal', async () => {
    const created = await createProposal(reference, 'opp-crud');
    const record = created.json();
    expect(record).toMatchObject({ version: 1, crmRef: 'opp-crud', customer: 'Reference customer', proposal: reference });
    expect(record.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(created.headers.etag).toBe(`"${record.id}:1"`);
    expect(created.headers.location).toBe(`/v1/proposals/${record.id}`);

    const got = await app.inject({ method: 'GET', url: `/v1/proposals/${record.id}`, headers: read });
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe(`"${record.id}:1"`);
    expect(got.json()).toEqual(record);

    const listed = await app.inject({ method: 'GET', url: '/v1/proposals?crmRef=opp-crud', headers: read });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((p: { id: string }) => p.id)).toEqual([record.id]);
    expect(listed.json().items[0].proposal).toBeUndefined();

    const changed = { ...reference, horizonMonths: 48 };
    // No If-Match: 428.
    expectProblem(await app.inject({ method: 'PUT', url: `/v1/proposals/${record.id}`, headers: write, payload: { proposal: changed } }), 428, 'PRECONDITION_REQUIRED');
    // A version that is not the current one: 412.
    expectProblem(
      await app.inject({ method: 'PUT', url: `/v1/proposals/${record.id}`, headers: { ...write, 'if-match': `"${record.id}:7"` }, payload: { proposal: changed } }),
      412,
      'PRECONDITION_FAILED',
    );
    const updated = await app.inject({
      method: 'PUT',
      url: `/v1/proposals/${record.id}`,
      headers: { ...write, 'if-match': created.headers.etag as string },
      payload: { proposal: changed },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.headers.etag).toBe(`"${record.id}:2"`);
    expect(updated.json()).toMatchObject({ id: record.id, version: 2, crmRef: 'opp-crud', proposal: changed });
    expect(updated.json().inputHash).not.toBe(record.inputHash);

    // The first editor's ETag is stale now.
    expectProblem(
      await app.inject({ method: 'PUT', url: `/v1/proposals/${record.id}`, headers: { ...write, 'if-match': created.headers.etag as string }, payload: { proposal: reference } }),
      412,
      'PRECONDITION_FAILED',
    );

    const latest = await app.inject({ method: 'GET', url: `/v1/proposals/${record.id}`, headers: read });
    expect(latest.json()).toMatchObject({ version: 2, proposal: changed });
    const v1 = await app.inject({ method: 'GET', url: `/v1/proposals/${record.id}?version=1`, headers: read });
    expect(v1.statusCode).toBe(200);
    expect(v1.headers.etag).toBe(`"${record.id}:1"`);
    expect(v1.json()).toMatchObject({ version: 1, proposal: reference });
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${record.id}?version=3`, headers: read }), 404, 'NOT_FOUND');

    // An invalid proposal is not stored.
    const invalid = await app.inject({
      method: 'PUT',
      url: `/v1/proposals/${record.id}`,
      headers: { ...write, 'if-match': updated.headers.etag as string },
      payload: { proposal: { ...reference, horizonMonths: 500 } },
    });
    const problem = expectProblem(invalid, 400, 'INVALID_PROPOSAL');
    expect(problem.problems).toContainEqual(expect.objectContaining({ path: 'horizonMonths' }));
    expect((await store.getProposal(tenantId, record.id))!.version).toBe(2);

    // Delete with a stale If-Match is refused; without one it deletes.
    expectProblem(
      await app.inject({ method: 'DELETE', url: `/v1/proposals/${record.id}`, headers: { ...write, 'if-match': created.headers.etag as string } }),
      412,
      'PRECONDITION_FAILED',
    );
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/proposals/${record.id}`, headers: write });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${record.id}`, headers: read }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'DELETE', url: `/v1/proposals/${record.id}`, headers: write }), 404, 'NOT_FOUND');

    const audit = (await store.listAudit(tenantId)).filter((a) => a.resourceId === record.id);
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete', 'update']);
    expect(audit.every((a) => a.actor === writeKeyId && a.resource === 'proposal')).toBe(true);
  });

  it('keeps the crmRef when an update omits it and clears it with null', async () => {
    const created = (await createProposal(reference, 'opp-keep')).json();
    const kept = await app.inject({ method: 'PUT', url: `/v1/proposals/${created.id}`, headers: { ...write, 'if-match': `"${created.id}:1"` }, payload: { proposal: reference } });
    expect(kept.json().crmRef).toBe('opp-keep');
    const cleared = await app.inject({
      method: 'PUT',
      url: `/v1/proposals/${created.id}`,
      headers: { ...write, 'if-match': `"${created.id}:2"` },
      payload: { proposal: reference, crmRef: null },
    });
    expect(cleared.json()).toMatchObject({ version: 3, crmRef: null });
  });

  it('pages through a list with its cursor', async () => {
    const customer = 'Paging customer';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createProposal({ ...reference, customer: { name: customer } })).json().id);
    const seen: string[] = [];
    let url = `/v1/proposals?customer=${encodeURIComponent(customer)}&limit=2`;
    for (let page = 0; page < 10; page++) {
      const res = await app.inject({ method: 'GET', url, headers: read });
      expect(res.statusCode, res.body).toBe(200);
      const { items, next } = res.json();
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((p: { id: string }) => p.id));
      if (!next) break;
      url = `/v1/proposals?customer=${encodeURIComponent(customer)}&limit=2&cursor=${encodeURIComponent(next)}`;
    }
    expect(seen.sort()).toEqual(ids.sort());
    const all = await app.inject({ method: 'GET', url: `/v1/proposals?customer=${encodeURIComponent(customer)}`, headers: read });
    expect(all.json().items).toHaveLength(5);
    expect(all.json().next).toBeNull();
  });
});

describe('runs', () => {
  let proposalId: string;
  let runId: string;

  it('queues a run, streams its progress and finishes it', async () => {
    proposalId = (await createProposal(reference, 'opp-run')).json().id;
    const queued = await app.inject({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, headers: write, payload: { trials: 20_000, seed: 7 } });
    expect(queued.statusCode, queued.body).toBe(202);
    const body = queued.json();
    expect(body).toMatchObject({ status: 'queued', links: { self: `/v1/runs/${body.id}`, events: `/v1/runs/${body.id}/events` } });
    expect(queued.headers.location).toBe(`/v1/runs/${body.id}`);
    runId = body.id;

    // inject returns once the stream ends: after the run finished.
    const events = await app.inject({ method: 'GET', url: `/v1/runs/${runId}/events`, headers: read });
    expect(events.statusCode).toBe(200);
    expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
    const parsed = parseEvents(events.body);
    const progress = parsed.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (const p of progress) {
      expect(p.data.total).toBe(20_000);
      expect(p.data.done).toBeGreaterThanOrEqual(0);
      expect(p.data.done).toBeLessThanOrEqual(20_000);
    }
    const dones = progress.map((p) => p.data.done);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones); // never goes back
    expect(progress.at(-1)!.data).toEqual({ done: 20_000, total: 20_000, status: 'succeeded' });
    expect(parsed.at(-1)).toEqual({ event: 'done', data: { status: 'succeeded', error: null } });
    expect(parsed.filter((e) => e.event === 'done')).toHaveLength(1);

    const run = await app.inject({ method: 'GET', url: `/v1/runs/${runId}`, headers: read });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({
      id: runId,
      proposalId,
      proposalVersion: 1,
      status: 'succeeded',
      trials: 20_000,
      seed: 7,
      sampler: 'lhs',
      progress: { done: 20_000, total: 20_000, fraction: 1 },
      error: null,
    });
    expect(run.json().finishedAt).not.toBeNull();

    const runs = await app.inject({ method: 'GET', url: `/v1/proposals/${proposalId}/runs`, headers: read });
    expect(runs.json().items.map((r: { id: string }) => r.id)).toEqual([runId]);
    // The key that asked is the actor (the executor audits its own claim separately).
    const audit = (await store.listAudit(tenantId)).filter((a) => a.resourceId === runId && a.actor === writeKeyId);
    expect(audit).toEqual([expect.objectContaining({ action: 'run', resource: 'run' })]);
  });

  it('replays the events of a finished run at once', async () => {
    const events = await app.inject({ method: 'GET', url: `/v1/runs/${runId}/events`, headers: read });
    expect(parseEvents(events.body)).toEqual([
      { event: 'progress', data: { done: 20_000, total: 20_000, status: 'succeeded' } },
      { event: 'done', data: { status: 'succeeded', error: null } },
    ]);
  });

  it('serves the report as JSON, PDF and XLSX', async () => {
    const json = await app.inject({ method: 'GET', url: `/v1/runs/${runId}/report`, headers: read });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const report = reportSchema.parse(json.json());
    expect(report.run).toMatchObject({ trials: 20_000, seed: 7, sampler: 'lhs' });
    expect(report.scenarios.map((s) => s.id)).toEqual(['reference']);
    expect((await app.inject({ method: 'GET', url: `/v1/runs/${runId}/report?format=json`, headers: read })).json()).toEqual(json.json());

    const pdf = await app.inject({ method: 'GET', url: `/v1/runs/${runId}/report?format=pdf&lang=en`, headers: read });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.headers['content-disposition']).toContain('.pdf');

    const xlsx = await app.inject({ method: 'GET', url: `/v1/runs/${runId}/report?format=xlsx&lang=zh-CN`, headers: read });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
  });

  it('gives the same report as the synchronous analysis for the same input and seed', async () => {
    const sync = await app.inject({ method: 'POST', url: '/v1/analyze', headers: read, payload: { proposal: reference, trials: 20_000, seed: 7 } });
    expect(sync.statusCode, sync.body).toBe(200);
    const stored = (await app.inject({ method: 'GET', url: `/v1/runs/${runId}/report`, headers: read })).json();
    const a = sync.json();
    expect({ ...a, run: { ...a.run, createdAt: null } }).toEqual({ ...stored, run: { ...stored.run, createdAt: null } });
  });

  it('answers scores with their provenance for a CRM reference', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/scores?crmRef=opp-run', headers: read });
    expect(res.statusCode, res.body).toBe(200);
    const report = (await app.inject({ method: 'GET', url: `/v1/runs/${runId}/report`, headers: read })).json();
    const scores = res.json();
    expect(scores).toMatchObject({
      crmRef: 'opp-run',
      proposalId,
      proposalVersion: 1,
      runId,
      seed: 7,
      engineVersion: report.engine.version,
      inputHash: report.run.inputHash,
    });
    expect(typeof scores.createdAt).toBe('string');
    expect(scores.scenarios).toEqual(
      report.scenarios.map((s: any) => ({
        id: s.id,
        name: s.name,
        score: s.score,
        rank: s.rank,
        verdict: s.verdict,
        npvP50: s.npv.p50,
        paybackP50: s.paybackMonths.p50,
        // No tracking run of this proposal (test/api/actuals.test.ts has them).
        tracking: null,
      })),
    );
    expect(scores.tracking).toBeNull();
    for (const s of scores.scenarios) expect(s.score).toBeGreaterThanOrEqual(0);
    expectProblem(await app.inject({ method: 'GET', url: '/v1/scores?crmRef=no-such-ref', headers: read }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/scores', headers: read }), 400, 'INVALID_REQUEST');
  });

  it('cancels a long run, which stays cancelled', async () => {
    const id = (await createProposal(demo, 'opp-long')).json().id;
    const queued = await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: write, payload: { trials: 500_000 } });
    expect(queued.statusCode).toBe(202);
    const run = queued.json().id as string;
    expectProblem(await app.inject({ method: 'GET', url: `/v1/runs/${run}/report`, headers: read }), 409, 'NOT_FINISHED');

    // Wait until it is computing (some progress written), then cancel.
    await waitForRun(run, (r) => r.status === 'running' && r.progress > 0, 60_000);
    const cancelled = await app.inject({ method: 'POST', url: `/v1/runs/${run}/cancel`, headers: write });
    expect(cancelled.statusCode, cancelled.body).toBe(202);
    expect(cancelled.json()).toMatchObject({ id: run, status: 'cancelled' });

    const events = parseEvents((await app.inject({ method: 'GET', url: `/v1/runs/${run}/events`, headers: read })).body);
    expect(events.at(-1)).toEqual({ event: 'done', data: { status: 'cancelled', error: null } });
    expect(events.filter((e) => e.event === 'progress').at(-1)!.data.status).toBe('cancelled');

    const status = (await app.inject({ method: 'GET', url: `/v1/runs/${run}`, headers: read })).json();
    expect(status.status).toBe('cancelled');
    expect(status.progress.done).toBeLessThan(500_000);
    // The worker is stopped: nothing turns it back into running or succeeded.
    await sleep(1500);
    expect((await store.getRun(tenantId, run))!.status).toBe('cancelled');
    expect(await reportOf(store, tenantId, run)).toBeNull();

    expectProblem(await app.inject({ method: 'POST', url: `/v1/runs/${run}/cancel`, headers: write }), 409, 'ALREADY_FINISHED');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/runs/${run}/report`, headers: read }), 409, 'NOT_FINISHED');
    expectProblem(await app.inject({ method: 'POST', url: `/v1/runs/${runId}/cancel`, headers: write }), 409, 'ALREADY_FINISHED');
    const audit = (await store.listAudit(tenantId)).filter((a) => a.resourceId === run && a.actor === writeKeyId).map((a) => a.action);
    expect(audit.sort()).toEqual(['cancel', 'run']);
  });

  it('executes 50 concurrent submissions: all accepted, all complete, none lost', async () => {
    const id = (await createProposal(reference, 'opp-burst')).json().id;
    const submissions = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: write, payload: { trials: 2000, seed: i + 1, sampler: i % 2 ? 'mc' : 'lhs' } }),
      ),
    );
    expect(submissions.map((r) => r.statusCode)).toEqual(Array(50).fill(202));
    const ids = submissions.map((r) => r.json().id as string);
    expect(new Set(ids).size).toBe(50);

    const statuses: number[] = [];
    const finished = await until(
      'all 50 runs',
      async () => {
        const res = await app.inject({ method: 'GET', url: `/v1/proposals/${id}/runs`, headers: read });
        statuses.push(res.statusCode);
        const items = res.json().items as { id: string; status: string }[];
        return items.length === 50 && items.every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status)) ? items : undefined;
      },
      180_000,
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(finished.map((r) => r.status)).toEqual(Array(50).fill('succeeded'));
    expect(new Set(finished.map((r) => r.id))).toEqual(new Set(ids));

    const reports = await Promise.all(ids.map((run) => app.inject({ method: 'GET', url: `/v1/runs/${run}/report`, headers: read })));
    expect(reports.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    reports.forEach((r, i) => expect(r.json().run).toMatchObject({ trials: 2000, seed: i + 1, sampler: i % 2 ? 'mc' : 'lhs' }));
  }, 240_000);
});

describe('catalogue', () => {
  it('lists the templates', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/templates', headers: read });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual(TEMPLATES.map((t) => ({ id: t.id, title: t.title, summary: t.summary })));
  });

  it('serves the JSON Schemas of the proposal and the Report', async () => {
    const proposal = await app.inject({ method: 'GET', url: '/v1/schema/proposal', headers: read });
    expect(proposal.statusCode).toBe(200);
    expect(proposal.headers['content-type']).toMatch(/json/);
    expect(proposal.json()).toMatchObject({ $id: 'https://closedloop.dev/schema/proposal-1.json', title: 'closedloop proposal' });
    const report = await app.inject({ method: 'GET', url: '/v1/schema/report', headers: read });
    expect(report.json()).toMatchObject({ $id: 'https://closedloop.dev/schema/report-1.json' });
    expectProblem(await app.inject({ method: 'GET', url: '/v1/schema/other', headers: read }), 400, 'INVALID_REQUEST');
  });
});

describe('POST /v1/analyze', () => {
  it('returns the Report of a proposal', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/analyze', headers: read, payload: { proposal: demo, trials: 4096, seed: 3, sampler: 'mc' } });
    expect(res.statusCode, res.body).toBe(200);
    const report = reportSchema.parse(res.json());
    expect(report.run).toMatchObject({ trials: 4096, seed: 3, sampler: 'mc' });
    expect(report.scenarios).toHaveLength(7);
    expect(typeof report.run.createdAt).toBe('string');
  });

  it('answers problems of the proposal with their paths', async () => {
    const scenarios = (reference.scenarios as Record<string, unknown>[]).map((s) => ({ ...s, implementationMonths: -1 }));
    const res = await app.inject({ method: 'POST', url: '/v1/analyze', headers: read, payload: { proposal: { ...reference, scenarios } } });
    const body = expectProblem(res, 400, 'INVALID_PROPOSAL');
    expect(body.problems).toContainEqual(expect.objectContaining({ path: 'scenarios[reference].implementationMonths' }));
  });

  it(`refuses more than ${ANALYZE_MAX_TRIALS} trials`, async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/analyze', headers: read, payload: { proposal: reference, trials: ANALYZE_MAX_TRIALS + 1 } });
    const body = expectProblem(res, 400, 'INVALID_REQUEST');
    expect(body.problems).toEqual([expect.objectContaining({ path: 'trials' })]);
  });

  it('stops an analysis that takes too long: 503 TIMEOUT', async () => {
    const slow = await buildApp({ store, limits: { analyzeTimeoutMs: 1 } });
    try {
      const res = await slow.inject({ method: 'POST', url: '/v1/analyze', headers: read, payload: { proposal: demo, trials: 20_000 } });
      expectProblem(res, 503, 'TIMEOUT');
    } finally {
      await slow.close();
    }
  });
});

describe('OpenAPI', () => {
  let doc: any;

  beforeAll(async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });

  it('is a valid OpenAPI 3 document with a bearer security scheme', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc));
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every route with its request and response schemas', () => {
    const toPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
    const routes = app.routeList.filter((r) => r.method !== 'HEAD' && (r.url.startsWith('/v1/') || r.url === '/health' || r.url === '/ready'));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const route of routes) {
      const where = `${route.method} ${route.url}`;
      const op = doc.paths[toPath(route.url)]?.[route.method.toLowerCase()];
      expect(op, where).toBeDefined();
      // Path parameters are described.
      for (const name of route.url.match(/:(\w+)/g) ?? []) {
        expect(op.parameters?.some((p: any) => p.in === 'path' && p.name === name.slice(1) && p.schema), `${where} ${name}`).toBe(true);
      }
      // Bodies have a JSON schema.
      if (route.method === 'POST' || route.method === 'PUT') {
        const needsBody = !route.url.endsWith('/cancel');
        if (needsBody) expect(op.requestBody?.content?.['application/json']?.schema, `${where} body`).toBeDefined();
      }
      // A success response with a schema (204 has none by definition).
      const success = Object.entries(op.responses as Record<string, any>).filter(([code]) => code.startsWith('2'));
      expect(success.length, `${where} responses`).toBeGreaterThan(0);
      for (const [code, response] of success) {
        if (code === '204') continue;
        const content = Object.values(response.content ?? {}) as any[];
        expect(content.length, `${where} ${code}`).toBeGreaterThan(0);
        for (const c of content) expect(c.schema, `${where} ${code}`).toBeDefined();
      }
      if (route.url.startsWith('/v1/')) {
        expect(op.security, where).toEqual([{ bearerAuth: [] }]);
        for (const status of ['400', '401', '403', '429', '500']) {
          expect(op.responses[status]?.content?.['application/problem+json']?.schema, `${where} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
        }
      }
    }
    // GET routes with a query document their parameters.
    const list = doc.paths['/v1/proposals'].get;
    expect(list.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name).sort()).toEqual(['crmRef', 'cursor', 'customer', 'limit']);
  });

  it('serves Swagger UI locally (no CDN)', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs/static/index.html' });
    const html = page.statusCode === 302 ? await app.inject({ method: 'GET', url: '/docs' }) : page;
    expect(html.statusCode).toBe(200);
    expect(html.body).toMatch(/swagger-ui/i);
    expect(html.body).not.toMatch(/unpkg|jsdelivr|cdnjs|https?:\/\/[^"']*\.js/);
    const bundle = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});
