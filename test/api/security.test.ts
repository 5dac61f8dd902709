/**
 * Keys, scopes, tenants and the rate limit: every /v1 route needs a key; read
 * keys cannot write; one tenant never sees nor changes another's proposals or
 * runs (404, and nothing changes in the store); a route without a scope stops
 * the app at start-up.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { assertRouteScope } from '../../api/auth.js';
import { openStore } from '../../api/store/database.js';
import type { Store } from '../../api/store/types.js';

const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, unknown>;
const SOME_ID = '00000000-0000-4000-8000-000000000000';

let store: Store;
let app: FastifyInstance;
/** Tenant A: its keys, proposal and queued run (no executor here: runs stay queued). */
const A = { tenantId: '', write: {} as Record<string, string>, read: {} as Record<string, string>, admin: {} as Record<string, string>, proposalId: '', etag: '', runId: '' };
/** Tenant B: an admin key. */
const B = { tenantId: '', admin: {} as Record<string, string> };

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, `${res.body}`).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ type: `https://closedloop.dev/errors/${code}`, status, code });
}

beforeAll(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  const a = await store.createTenant('tenant-a');
  const b = await store.createTenant('tenant-b');
  A.tenantId = a.id;
  B.tenantId = b.id;
  A.write = bearer((await store.createKey(a.id, ['write'])).key);
  A.read = bearer((await store.createKey(a.id, ['read'])).key);
  A.admin = bearer((await store.createKey(a.id, ['admin'])).key);
  B.admin = bearer((await store.createKey(b.id, ['admin'])).key);
  app = await buildApp({ store, executor: null, limits: { rateLimit: 100_000 } });

  const created = await app.inject({ method: 'POST', url: '/v1/proposals', headers: A.write, payload: { proposal: reference, crmRef: 'opp-a' } });
  expect(created.statusCode).toBe(201);
  A.proposalId = created.json().id;
  A.etag = created.headers.etag as string;
  const run = await app.inject({ method: 'POST', url: `/v1/proposals/${A.proposalId}/runs`, headers: A.write, payload: { trials: 1000 } });
  expect(run.statusCode).toBe(202);
  A.runId = run.json().id;
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('API keys', () => {
  it('answers 401 without a key, with a malformed header, and with an unknown or revoked key', async () => {
    const noKey = await app.inject({ method: 'GET', url: '/v1/proposals' });
    expectProblem(noKey, 401, 'UNAUTHORIZED');
    expect(noKey.headers['www-authenticate']).toMatch(/^Bearer/);
    expectProblem(await app.inject({ method: 'GET', url: '/v1/proposals', headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'UNAUTHORIZED');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/proposals', headers: { authorization: 'Bearer' } }), 401, 'UNAUTHORIZED');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/proposals', headers: bearer('cl_not-a-key') }), 401, 'UNAUTHORIZED');
    expectProblem(await app.inject({ method: 'GET', url: '/v1/proposals', headers: bearer('x'.repeat(5000)) }), 401, 'UNAUTHORIZED');

    const { key, record } = await store.createKey(A.tenantId, ['read']);
    expect((await app.inject({ method: 'GET', url: '/v1/proposals', headers: bearer(key) })).statusCode).toBe(200);
    await store.revokeKey(A.tenantId, record.id);
    expectProblem(await app.inject({ method: 'GET', url: '/v1/proposals', headers: bearer(key) }), 401, 'UNAUTHORIZED');
  });

  it('checks 401 before reading the body', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/proposals', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expectProblem(res, 401, 'UNAUTHORIZED');
  });

  it('answers 403 when a read key writes; write and admin keys may read and write', async () => {
    const writes = [
      { method: 'POST' as const, url: '/v1/proposals', payload: { proposal: reference } },
      { method: 'PUT' as const, url: `/v1/proposals/${A.proposalId}`, headers: { 'if-match': A.etag }, payload: { proposal: reference } },
      { method: 'DELETE' as const, url: `/v1/proposals/${A.proposalId}` },
      { method: 'POST' as const, url: `/v1/proposals/${A.proposalId}/runs`, payload: {} },
      { method: 'POST' as const, url: `/v1/runs/${A.runId}/cancel` },
    ];
    for (const w of writes) {
      const res = await app.inject({ ...w, headers: { ...A.read, ...w.headers } });
      expectProblem(res, 403, 'FORBIDDEN');
    }
    // Nothing changed.
    expect((await store.getProposal(A.tenantId, A.proposalId))!.version).toBe(1);
    expect((await store.listRuns(A.tenantId, A.proposalId)).map((r) => r.status)).toEqual(['queued']);

    expect((await app.inject({ method: 'GET', url: `/v1/proposals/${A.proposalId}`, headers: A.read })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/v1/proposals/${A.proposalId}`, headers: A.write })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/v1/runs/${A.runId}`, headers: A.admin })).statusCode).toBe(200);
    const byAdmin = await app.inject({ method: 'POST', url: '/v1/proposals', headers: A.admin, payload: { proposal: reference } });
    expect(byAdmin.statusCode).toBe(201);
    await store.deleteProposal(A.tenantId, byAdmin.json().id);
  });
});

describe('tenants', () => {
  it("answers 404 to every access of another tenant's proposals and runs, and changes nothing", async () => {
    const before = {
      proposal: await store.getProposal(A.tenantId, A.proposalId),
      runs: await store.listRuns(A.tenantId, A.proposalId),
      auditA: (await store.listAudit(A.tenantId)).length,
      auditB: (await store.listAudit(B.tenantId)).length,
    };
    const p = A.proposalId;
    const r = A.runId;
    const attempts = [
      { method: 'GET' as const, url: `/v1/proposals/${p}` },
      { method: 'GET' as const, url: `/v1/proposals/${p}?version=1` },
      { method: 'PUT' as const, url: `/v1/proposals/${p}`, headers: { 'if-match': A.etag }, payload: { proposal: { ...reference, horizonMonths: 12 } } },
      { method: 'PUT' as const, url: `/v1/proposals/${p}`, headers: { 'if-match': '*' }, payload: { proposal: { ...reference, horizonMonths: 12 } } },
      { method: 'DELETE' as const, url: `/v1/proposals/${p}` },
      { method: 'DELETE' as const, url: `/v1/proposals/${p}`, headers: { 'if-match': A.etag } },
      { method: 'GET' as const, url: `/v1/proposals/${p}/runs` },
      { method: 'POST' as const, url: `/v1/proposals/${p}/runs`, payload: { trials: 1000 } },
      { method: 'GET' as const, url: `/v1/runs/${r}` },
      { method: 'GET' as const, url: `/v1/runs/${r}/events` },
      { method: 'GET' as const, url: `/v1/runs/${r}/report` },
      { method: 'GET' as const, url: `/v1/runs/${r}/report?format=pdf` },
      { method: 'POST' as const, url: `/v1/runs/${r}/cancel` },
      { method: 'GET' as const, url: '/v1/scores?crmRef=opp-a' },
    ];
    for (const attempt of attempts) {
      const res = await app.inject({ ...attempt, headers: { ...B.admin, ...attempt.headers } });
      expectProblem(res, 404, 'NOT_FOUND');
    }
    // B's list has none of A's proposals, whatever the filter.
    for (const query of ['', '?crmRef=opp-a', `?customer=${encodeURIComponent('Reference customer')}`]) {
      const list = await app.inject({ method: 'GET', url: `/v1/proposals${query}`, headers: B.admin });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ items: [], next: null });
    }
    // A's cursor does not open A's pages to B.
    await app.inject({ method: 'POST', url: '/v1/proposals', headers: A.write, payload: { proposal: reference } });
    const pageA = (await app.inject({ method: 'GET', url: '/v1/proposals?limit=1', headers: A.read })).json();
    expect(pageA.next).toEqual(expect.any(String));
    const pageB = await app.inject({ method: 'GET', url: `/v1/proposals?limit=1&cursor=${encodeURIComponent(pageA.next)}`, headers: B.admin });
    expect(pageB.statusCode).toBe(200);
    expect(pageB.json().items).toEqual([]);

    // Zero rows changed.
    expect(await store.getProposal(A.tenantId, A.proposalId)).toEqual(before.proposal);
    expect(await store.listRuns(A.tenantId, A.proposalId)).toEqual(before.runs);
    expect((await store.listAudit(A.tenantId)).length).toBe(before.auditA + 1); // A's own second proposal
    expect(await store.listAudit(B.tenantId)).toHaveLength(before.auditB);
    expect((await store.listProposals(B.tenantId, { limit: 100 })).items).toEqual([]);
  });

  it('lets the owner do what the other tenant could not', async () => {
    expect((await app.inject({ method: 'GET', url: `/v1/runs/${A.runId}`, headers: A.read })).json().status).toBe('queued');
    expect((await app.inject({ method: 'POST', url: `/v1/runs/${A.runId}/cancel`, headers: A.write })).statusCode).toBe(202);
    expect((await store.getRun(A.tenantId, A.runId))!.status).toBe('cancelled');
  });
});

describe('the route table', () => {
  it('requires a key on every /v1 route and declares a scope for each', async () => {
    const v1 = app.routeList.filter((r) => r.url.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(15);
    for (const route of v1) {
      expect(['read', 'write', 'admin'], `${route.method} ${route.url}`).toContain(route.scope);
      const url = route.url.replace(/:which/g, 'report').replace(/:\w+/g, SOME_ID);
      const res = await app.inject({ method: route.method as 'GET', url, ...(route.method === 'POST' || route.method === 'PUT' ? { payload: {} } : {}) });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      if (route.method !== 'HEAD') expect(res.headers['content-type'], `${route.method} ${route.url}`).toMatch(/^application\/problem\+json/);
    }
  });

  it('leaves only the probes, the OpenAPI document, the docs and the share-link page (token in the path) public', () => {
    const open = app.routeList.filter((r) => r.scope === null).map((r) => r.url);
    for (const url of open) expect(url, url).toMatch(/^(\/health|\/ready|\/openapi\.json|\/docs(\/.*)?|\/r\/:token(\/data|\/report\.pdf|\/report\.xlsx)?|\/assets\/\*)$/);
  });

  it('refuses to start with a /v1 route that declares no scope', async () => {
    const bad = Fastify();
    bad.addHook('onRoute', assertRouteScope);
    bad.get('/health', async () => 'ok'); // public routes need none
    await expect(
      (async () => {
        await bad.register(async (child) => {
          child.get('/v1/forgotten', async () => 'open');
        });
        await bad.ready();
      })(),
    ).rejects.toThrow(/\/v1\/forgotten declares no scope/);
    await bad.close();
    expect(() => assertRouteScope({ method: 'GET', url: '/v1/x', config: { scope: 'read' } } as never)).not.toThrow();
    expect(() => assertRouteScope({ method: 'GET', url: '/v1/x', config: { scope: 'root' } } as never)).toThrow();
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json with Retry-After once a key exceeds its limit; other keys are unaffected', async () => {
    const limited = await buildApp({ store, limits: { rateLimit: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.inject({ method: 'GET', url: '/v1/templates', headers: A.read })).statusCode).toBe(200);
      const over = await limited.inject({ method: 'GET', url: '/v1/templates', headers: A.read });
      expectProblem(over, 429, 'RATE_LIMITED');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      // Counted per key: another key of the same tenant still passes.
      expect((await limited.inject({ method: 'GET', url: '/v1/templates', headers: A.write })).statusCode).toBe(200);
      // Requests without a valid key are counted per address.
      for (let i = 0; i < 3; i++) expectProblem(await limited.inject({ method: 'GET', url: '/v1/templates' }), 401, 'UNAUTHORIZED');
      expectProblem(await limited.inject({ method: 'GET', url: '/v1/templates' }), 429, 'RATE_LIMITED');
      // Probes are never limited.
      for (let i = 0; i < 5; i++) expect((await limited.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
