/**
 * Hostile and careless input: every case answers a 4xx problem+json with its
 * catalogue code, never a 500; a 500 itself never shows SQL, a stack or a path.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { openStore } from '../../api/store/database.js';
import type { Store } from '../../api/store/types.js';

const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, unknown>;
const referenceText = JSON.stringify(reference);
const INJECTION = "' OR 1=1 --";

let store: Store;
let app: FastifyInstance;
let tenantId: string;
let write: Record<string, string>;
let proposalId: string;
let runId: string;
const responses: LightMyRequestResponse[] = [];

async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
  const res = await app.inject({ ...options, headers: { ...write, ...options.headers } });
  responses.push(res);
  return res;
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ type: `https://closedloop.dev/errors/${code}`, status, code });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body as { problems?: { path: string; message: string }[]; detail: string };
}

const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  const tenant = await store.createTenant('acme');
  tenantId = tenant.id;
  write = { authorization: `Bearer ${(await store.createKey(tenant.id, ['write'])).key}` };
  app = await buildApp({ store, limits: { rateLimit: 100_000 } });
  const created = await send({ method: 'POST', url: '/v1/proposals', payload: { proposal: reference, crmRef: 'opp-1' } });
  proposalId = created.json().id;
  await send({ method: 'POST', url: '/v1/proposals', payload: { proposal: { ...reference, customer: { name: 'Other customer' } }, crmRef: 'opp-2' } });
  runId = (await send({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, payload: { trials: 1000 } })).json().id;
});

afterAll(async () => {
  // Whatever was sent, nothing answered 5xx.
  expect(responses.filter((r) => r.statusCode >= 500).map((r) => r.body)).toEqual([]);
  await app?.close();
  await store?.close();
});

describe('bodies', () => {
  it('answers malformed JSON with 400 MALFORMED_BODY', async () => {
    for (const payload of ['{"proposal": ', '{proposal: 1}', "{'a': 1}", '[1, 2', '{"a": 1}}', 'undefined']) {
      expectProblem(await send({ method: 'POST', url: '/v1/proposals', headers: json, payload }), 400, 'MALFORMED_BODY');
    }
  });

  it('answers NaN and Infinity: NaN is not JSON, 1e999 is not a finite number', async () => {
    expectProblem(await send({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, headers: json, payload: '{"trials": NaN}' }), 400, 'MALFORMED_BODY');
    expectProblem(await send({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, headers: json, payload: '{"trials": Infinity}' }), 400, 'MALFORMED_BODY');
    const inf = expectProblem(await send({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, headers: json, payload: '{"trials": 1e999}' }), 400, 'INVALID_REQUEST');
    expect(inf.problems).toEqual([expect.objectContaining({ path: 'trials' })]);
    const seed = expectProblem(await send({ method: 'POST', url: '/v1/analyze', headers: json, payload: `{"proposal": ${referenceText}, "seed": -1e999}` }), 400, 'INVALID_REQUEST');
    expect(seed.problems).toEqual([expect.objectContaining({ path: 'seed' })]);
    // Inside the proposal, an infinite quantity is a proposal problem.
    const inside = referenceText.replace('"horizonMonths": 36', '"horizonMonths": 1e999').replace('"horizonMonths":36', '"horizonMonths":1e999');
    expect(inside).toContain('1e999');
    const res = expectProblem(await send({ method: 'POST', url: '/v1/proposals', headers: json, payload: `{"proposal": ${inside}}` }), 400, 'INVALID_PROPOSAL');
    expect(res.problems).toContainEqual(expect.objectContaining({ path: 'horizonMonths' }));
  });

  it('answers a wrong content type with 415', async () => {
    const cases = [
      { 'content-type': 'text/plain', payload: JSON.stringify({ proposal: reference }) },
      { 'content-type': 'application/x-www-form-urlencoded', payload: 'proposal=1' },
      { 'content-type': 'application/xml', payload: '<proposal/>' },
      { 'content-type': 'multipart/form-data; boundary=x', payload: '--x--' },
    ];
    for (const { payload, ...headers } of cases) {
      expectProblem(await send({ method: 'POST', url: '/v1/proposals', headers, payload }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({ proposal: { ...reference, scenarios: [{ ...(reference.scenarios as object[])[0], description: 'x'.repeat(1_100_000) }] } });
    expectProblem(await send({ method: 'POST', url: '/v1/proposals', headers: json, payload: big }), 413, 'PAYLOAD_TOO_LARGE');
    const small = await buildApp({ store, limits: { bodyLimit: 1000 } });
    try {
      const res = await small.inject({ method: 'POST', url: '/v1/analyze', headers: { ...write, ...json }, payload: JSON.stringify({ proposal: reference }) });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('answers an empty or missing body where one is needed with 400 INVALID_REQUEST', async () => {
    expectProblem(await send({ method: 'POST', url: '/v1/proposals', headers: json, payload: '' }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'POST', url: '/v1/proposals' }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'POST', url: '/v1/proposals', headers: json, payload: 'null' }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'POST', url: '/v1/proposals', headers: json, payload: '[]' }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'POST', url: '/v1/proposals', headers: json, payload: '"text"' }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'POST', url: '/v1/proposals', payload: { proposal: [] } }), 400, 'INVALID_REQUEST');
  });

  it('rejects unknown fields, in the request and in the proposal', async () => {
    const top = expectProblem(await send({ method: 'POST', url: '/v1/proposals', payload: { proposal: reference, isAdmin: true } }), 400, 'INVALID_REQUEST');
    expect(top.problems).toEqual([{ path: 'isAdmin', message: 'unknown field' }]);
    const run = expectProblem(await send({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, payload: { trials: 1000, priority: 'high' } }), 400, 'INVALID_REQUEST');
    expect(run.problems).toEqual([{ path: 'priority', message: 'unknown field' }]);
    const inside = expectProblem(await send({ method: 'POST', url: '/v1/proposals', payload: { proposal: { ...reference, tenantId: 'other' } } }), 400, 'INVALID_PROPOSAL');
    expect(inside.problems!.some((p) => p.path.includes('tenantId') || p.message.includes('tenantId'))).toBe(true);
    const query = expectProblem(await send({ method: 'GET', url: '/v1/proposals?tenantId=x' }), 400, 'INVALID_REQUEST');
    expect(query.problems).toEqual([{ path: 'tenantId', message: 'unknown field' }]);
  });

  it('answers roadmap rules that cannot hold with 400 INVALID_PROPOSAL naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ policy: { phaseMonths: { min: 0, max: 6 } }, roadmap: {} }, 'policy.phaseMonths.min'],
      [{ roadmap: { phaseMonths: { min: 6, max: 3 } } }, 'roadmap.phaseMonths.max'],
      [{ roadmap: { phaseBudget: { min: 2000000, max: 1000000 } } }, 'roadmap.phaseBudget.max'],
      [{ roadmap: { capacity: 0 } }, 'roadmap.capacity'],
    ];
    for (const [edit, path] of cases) {
      const res = expectProblem(await send({ method: 'POST', url: '/v1/proposals', payload: { proposal: { ...reference, ...edit } } }), 400, 'INVALID_PROPOSAL');
      expect(res.problems).toContainEqual(expect.objectContaining({ path }));
    }
  });

  it('does not coerce numbers from strings', async () => {
    for (const payload of [{ trials: '1000' }, { seed: '7' }, { trials: 1000, sampler: 1 }, { trials: true }, { trials: [1000] }]) {
      const res = expectProblem(await send({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, payload }), 400, 'INVALID_REQUEST');
      expect(res.problems!.length).toBeGreaterThan(0);
    }
    const res = expectProblem(await send({ method: 'POST', url: '/v1/proposals', payload: { proposal: { ...reference, horizonMonths: '36' } } }), 400, 'INVALID_PROPOSAL');
    expect(res.problems).toContainEqual(expect.objectContaining({ path: 'horizonMonths' }));
    expect((await store.listRuns(tenantId, proposalId)).length).toBe(1);
  });

  it('refuses trials over the caps and out of range', async () => {
    for (const trials of [1_000_001, 0, -5, 1.5]) {
      const res = expectProblem(await send({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, payload: { trials } }), 400, 'INVALID_REQUEST');
      expect(res.problems).toEqual([expect.objectContaining({ path: 'trials' })]);
    }
    expectProblem(await send({ method: 'POST', url: '/v1/analyze', payload: { proposal: reference, trials: 20_001 } }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'POST', url: '/v1/analyze', payload: { proposal: reference, seed: 2 ** 40 } }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'POST', url: '/v1/analyze', payload: { proposal: reference, sampler: 'sobol' } }), 400, 'INVALID_REQUEST');
    expect((await store.listRuns(tenantId, proposalId)).length).toBe(1);
  });

  it('answers prototype-poisoning bodies with 400 and pollutes nothing', async () => {
    const payloads = [
      '{"__proto__": {"polluted": true}, "proposal": {}}',
      `{"proposal": ${referenceText.replace('{', '{"__proto__": {"polluted": true},')}}`,
      '{"proposal": {"constructor": {"prototype": {"polluted": true}}}}',
      `{"trials": 1000, "constructor": {"prototype": {"polluted": true}}}`,
    ];
    for (const payload of payloads) {
      const res = await send({ method: 'POST', url: '/v1/proposals', headers: json, payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(['INVALID_REQUEST', 'MALFORMED_BODY']).toContain(res.json().code);
    }
    const run = await send({ method: 'POST', url: `/v1/proposals/${proposalId}/runs`, headers: json, payload: '{"__proto__": {"trials": 999999}}' });
    expect(run.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).trials).toBeUndefined();
    expect((await store.listProposals(tenantId, { limit: 100 })).items).toHaveLength(2);
  });
});

describe('paths and queries', () => {
  it('answers an over-long id with 400 on every route that takes one', async () => {
    const long = 'a'.repeat(65);
    const huge = 'b'.repeat(5000);
    for (const id of [long, huge]) {
      for (const [method, url] of [
        ['GET', `/v1/proposals/${id}`],
        ['PUT', `/v1/proposals/${id}`],
        ['DELETE', `/v1/proposals/${id}`],
        ['GET', `/v1/proposals/${id}/runs`],
        ['POST', `/v1/proposals/${id}/runs`],
        ['GET', `/v1/runs/${id}`],
        ['GET', `/v1/runs/${id}/events`],
        ['POST', `/v1/runs/${id}/cancel`],
        ['GET', `/v1/runs/${id}/report`],
      ] as const) {
        const res = expectProblem(
          await send({ method, url, headers: { 'if-match': '"x:1"' }, ...(method === 'PUT' ? { payload: { proposal: reference } } : {}) }),
          400,
          'INVALID_REQUEST',
        );
        expect(res.problems, `${method} ${url.slice(0, 40)}`).toEqual([expect.objectContaining({ path: 'id' })]);
      }
    }
    // 64 characters is allowed (and simply not found).
    expectProblem(await send({ method: 'GET', url: `/v1/runs/${'c'.repeat(64)}` }), 404, 'NOT_FOUND');
  });

  it('answers ids that are not ours, strange or encoded with 404', async () => {
    for (const id of ['nope', encodeURIComponent(INJECTION), '%00', encodeURIComponent('../../etc/passwd'), encodeURIComponent('a"b')]) {
      expectProblem(await send({ method: 'GET', url: `/v1/proposals/${id}` }), 404, 'NOT_FOUND');
      expectProblem(await send({ method: 'GET', url: `/v1/runs/${id}` }), 404, 'NOT_FOUND');
    }
    expect((await send({ method: 'GET', url: '/v1/runs/%E0%A4%A' })).statusCode).toBeLessThan(500);
  });

  it('returns no extra rows for SQL injection in any filter', async () => {
    const q = encodeURIComponent(INJECTION);
    for (const filter of ['crmRef', 'customer']) {
      const res = await send({ method: 'GET', url: `/v1/proposals?${filter}=${q}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ items: [], next: null });
    }
    const union = encodeURIComponent("x' UNION SELECT * FROM api_keys --");
    expect((await send({ method: 'GET', url: `/v1/proposals?crmRef=${union}` })).json().items).toEqual([]);
    // A cursor that the store did not issue.
    for (const cursor of [q, Buffer.from(`["${INJECTION}", "x"]`).toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      const res = await send({ method: 'GET', url: `/v1/proposals?cursor=${cursor}` });
      if (res.statusCode === 200) expect(res.json().items).toEqual([]);
      else expectProblem(res, 400, 'INVALID_REQUEST');
    }
    expectProblem(await send({ method: 'GET', url: `/v1/scores?crmRef=${q}` }), 404, 'NOT_FOUND');
    expectProblem(await send({ method: 'GET', url: `/v1/proposals?limit=${q}` }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'GET', url: `/v1/proposals/${proposalId}?version=${q}` }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'GET', url: `/v1/runs/${runId}/report?format=${q}` }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'GET', url: `/v1/schema/${q}` }), 400, 'INVALID_REQUEST');
    // The data is intact and the ordinary filters still work.
    const all = await send({ method: 'GET', url: '/v1/proposals' });
    expect(all.json().items).toHaveLength(2);
    expect((await send({ method: 'GET', url: '/v1/proposals?crmRef=opp-1' })).json().items).toHaveLength(1);
  });

  it('checks list parameters', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=-1', 'limit=1.5', 'limit=', 'limit=1&limit=2', 'crmRef=', `crmRef=${'x'.repeat(201)}`, 'cursor=']) {
      const res = expectProblem(await send({ method: 'GET', url: `/v1/proposals?${query}` }), 400, 'INVALID_REQUEST');
      expect(res.problems!.length, query).toBeGreaterThan(0);
    }
    expectProblem(await send({ method: 'GET', url: `/v1/proposals/${proposalId}?version=0` }), 400, 'INVALID_REQUEST');
    expectProblem(await send({ method: 'GET', url: `/v1/runs/${runId}/report?lang=fr` }), 400, 'INVALID_REQUEST');
  });

  it('answers a garbled If-Match with 412', async () => {
    for (const ifMatch of ['garbage', `W/"${proposalId}:1"`, `"${proposalId}"`, `"other:1"`, `"${proposalId}:1e3"`]) {
      expectProblem(await send({ method: 'PUT', url: `/v1/proposals/${proposalId}`, headers: { 'if-match': ifMatch }, payload: { proposal: reference } }), 412, 'PRECONDITION_FAILED');
    }
    expect((await store.getProposal(tenantId, proposalId))!.version).toBe(1);
  });
});

describe('internal errors', () => {
  it('answers a failing store with a generic 500: no SQL, no stack, no file path', async () => {
    const secret = 'SqliteError: no such column: tenant_idx in SELECT * FROM proposals WHERE tenant_idx = ? at /work/main/api/store/proposals.ts:91:12';
    const broken = new Proxy(store, {
      get: (target, prop, receiver) =>
        prop === 'listProposals' || prop === 'getRun'
          ? async () => {
              const e = new Error(secret);
              (e as Error & { sql?: string }).sql = 'SELECT * FROM proposals';
              throw e;
            }
          : Reflect.get(target, prop, receiver),
    });
    const other = await buildApp({ store: broken });
    try {
      for (const url of ['/v1/proposals', `/v1/runs/${runId}`]) {
        const res = await other.inject({ method: 'GET', url, headers: write });
        expect(res.statusCode).toBe(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const body = res.json();
        expect(body).toMatchObject({ type: 'https://closedloop.dev/errors/INTERNAL', status: 500, code: 'INTERNAL' });
        expect(res.body).not.toMatch(/select|sqlite|column|\/work|\.ts|at \w|stack/i);
      }
    } finally {
      await other.close();
    }
  });
});
