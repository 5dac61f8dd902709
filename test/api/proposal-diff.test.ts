/**
 * GET /v1/proposals/{id}/diff (issue 15): two stored versions compared the way
 * `closedloop diff A B [--analyze] --json` compares the same two files — the
 * answers are equal — tenant-scoped, with 400s naming the parameter for every
 * bad or unknown version, and bounded like POST /v1/analyze when it simulates.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { proposalDiffResponseSchema } from '../../api/routes/proposal-diff.js';
import type { Store } from '../../api/store/types.js';
import { run } from '../cli/run-cli.js';
import { openTestStore } from './test-store.js';

const demo = JSON.parse(readFileSync('fixtures/demo.json', 'utf8')) as Record<string, any>;
const v1 = structuredClone(demo);
/** The demo with one changed input: the design review's first cost, mode 600,000. */
const v2 = structuredClone(demo) as Record<string, any>;
v2.scenarios.find((s: { id: string }) => s.id === 'om-design-review').costs[0].amount.mode = 600_000;
/** v2 with a scenario removed and the discount rate changed. */
const v3 = structuredClone(v2);
v3.scenarios = v3.scenarios.filter((s: { id: string }) => s.id !== 'ecommerce-service-assistant');
v3.discountRate = 0.1;

let store: Store;
let cleanup: () => Promise<void>;
let app: FastifyInstance;
let dir: string;
const auth = { a: {} as Record<string, string>, b: {} as Record<string, string> };
let id = '';
let single = '';

const get = (url: string, headers = auth.a) => app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  const a = await store.createTenant('diff-a');
  const b = await store.createTenant('diff-b');
  auth.a = { authorization: `Bearer ${(await store.createKey(a.id, ['write'])).key}` };
  auth.b = { authorization: `Bearer ${(await store.createKey(b.id, ['write'])).key}` };
  app = await buildApp({ store, limits: { rateLimit: 100_000 } });
  const created = await app.inject({ method: 'POST', url: '/v1/proposals', headers: auth.a, payload: { proposal: v1 } });
  id = created.json().id;
  for (const [k, body] of [v2, v3].entries()) {
    const put = await app.inject({ method: 'PUT', url: `/v1/proposals/${id}`, headers: { ...auth.a, 'if-match': `"${id}:${k + 1}"` }, payload: { proposal: body } });
    expect(put.statusCode).toBe(200);
  }
  single = (await app.inject({ method: 'POST', url: '/v1/proposals', headers: auth.a, payload: { proposal: v1 } })).json().id;
  dir = mkdtempSync(join(tmpdir(), 'closedloop-diff-'));
  for (const [name, body] of Object.entries({ v1, v2, v3 })) writeFileSync(join(dir, `${name}.json`), JSON.stringify(body));
}, 60_000);

afterAll(async () => {
  await app?.close();
  await cleanup?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `closedloop diff` on two of the files, as JSON. */
async function cliDiff(from: string, to: string, ...options: string[]): Promise<unknown> {
  const result = await run('diff', join(dir, `${from}.json`), join(dir, `${to}.json`), '--json', ...options);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('GET /v1/proposals/{id}/diff', () => {
  it('by default compares the latest version with the one before, as the CLI compares the two files', async () => {
    const res = await get(`/v1/proposals/${id}/diff`);
    expect(res.statusCode, res.body).toBe(200);
    const { id: proposalId, from, to, analysis, ...comparison } = res.json();
    expect({ proposalId, from, to, analysis }).toEqual({ proposalId: id, from: 2, to: 3, analysis: null });
    expect(comparison).toEqual(await cliDiff('v2', 'v3'));
    expect(comparison.proposal.scenarios.removed).toEqual(['ecommerce-service-assistant']);
    expect(comparison.proposal.fields.map((f: { path: string }) => f.path)).toEqual(['discountRate']);
  });

  it('lists exactly the one changed input between versions 1 and 2, with its before and after', async () => {
    const res = await get(`/v1/proposals/${id}/diff?from=1&to=2`);
    const body = res.json();
    expect(body.proposal.inputs.changed.map((c: { path: string }) => c.path)).toEqual(['scenarios[om-design-review].costs[0].amount']);
    expect(body.proposal.inputs.changed[0].after.dist).toMatchObject({ family: 'pert', mode: 600_000 });
    expect([body.proposal.inputs.added, body.proposal.inputs.removed, body.proposal.fields]).toEqual([[], [], []]);
    // Reversed, the same change runs the other way.
    const back = (await get(`/v1/proposals/${id}/diff?from=2&to=1`)).json();
    expect(back.proposal.inputs.changed[0].before).toEqual(body.proposal.inputs.changed[0].after);
    expect(back.proposal.inputs.changed[0].after).toEqual(body.proposal.inputs.changed[0].before);
    // A version against itself is the same model.
    expect((await get(`/v1/proposals/${id}/diff?from=2&to=2`)).json().proposal.same).toBe(true);
  });

  it('with analyze=true equals `closedloop diff --analyze` on the same trials and seed, and the attribution sums to the observed change', async () => {
    const res = await get(`/v1/proposals/${id}/diff?from=1&to=2&analyze=true&trials=512&seed=21`);
    expect(res.statusCode, res.body).toBe(200);
    const { id: _id, from: _f, to: _t, analysis, ...comparison } = res.json();
    expect(analysis).toEqual({ trials: 512, seed: 21 });
    expect(comparison).toEqual(await cliDiff('v1', 'v2', '--analyze', '--trials', '512', '--seed', '21'));
    const moved = comparison.attribution.find((r: { id: string }) => r.id === 'om-design-review');
    // One changed input: it explains the whole observed change (residual 0), and the change is a real one.
    expect(moved.observed).toBeLessThan(0);
    expect(moved.attributions).toEqual([{ path: 'scenarios[om-design-review].costs[0].amount', npvP50Change: moved.observed }]);
    expect(moved.residual).toBe(0);
    expect(comparison.reports.sameRun).toBe(true);
    // Other scenarios do not depend on the input: their medians do not move.
    for (const r of comparison.attribution.filter((r: { id: string }) => r.id !== 'om-design-review')) expect(r.observed).toBe(0);
  });

  it('answers exactly the documented schema (no field outside it)', async () => {
    for (const url of [`/v1/proposals/${id}/diff`, `/v1/proposals/${id}/diff?from=1&analyze=true&trials=256`]) {
      const body = (await get(url)).json();
      expect(proposalDiffResponseSchema.strict().parse(body)).toBeTruthy();
      // zod drops what it does not know: a parse equal to the answer means nothing was undocumented.
      expect(proposalDiffResponseSchema.parse(body)).toEqual(body);
    }
  });

  it("answers 404 for another tenant's proposal and for an unknown id", async () => {
    for (const [url, headers] of [
      [`/v1/proposals/${id}/diff`, auth.b],
      [`/v1/proposals/${id}/diff?from=1&to=2&analyze=true`, auth.b],
      ['/v1/proposals/no-such-id/diff', auth.a],
    ] as const) {
      const res = await get(url, headers);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });

  it('answers 400 problem+json naming the parameter for missing, invalid or unknown versions and settings', async () => {
    const cases: [string, string][] = [
      [`/v1/proposals/${id}/diff?from=4`, 'from'],
      [`/v1/proposals/${id}/diff?to=9`, 'to'],
      [`/v1/proposals/${id}/diff?from=0`, 'from'],
      [`/v1/proposals/${id}/diff?from=abc`, 'from'],
      [`/v1/proposals/${id}/diff?to=1.5`, 'to'],
      [`/v1/proposals/${id}/diff?to=-1`, 'to'],
      [`/v1/proposals/${id}/diff?from=${'9'.repeat(20)}`, 'from'],
      [`/v1/proposals/${id}/diff?to=1`, 'from'],
      [`/v1/proposals/${single}/diff`, 'from'],
      [`/v1/proposals/${id}/diff?analyze=yes`, 'analyze'],
      [`/v1/proposals/${id}/diff?trials=100`, 'trials'],
      [`/v1/proposals/${id}/diff?seed=7`, 'seed'],
      [`/v1/proposals/${id}/diff?analyze=true&trials=0`, 'trials'],
      [`/v1/proposals/${id}/diff?analyze=true&trials=20001`, 'trials'],
      [`/v1/proposals/${id}/diff?analyze=true&seed=x`, 'seed'],
      [`/v1/proposals/${id}/diff?analyze=true&seed=${2 ** 32}`, 'seed'],
      [`/v1/proposals/${id}/diff?other=1`, 'other'],
    ];
    for (const [url, parameter] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/application\/problem\+json/);
      const problem = res.json();
      expect(problem.code, url).toBe('INVALID_REQUEST');
      expect(
        problem.problems.map((p: { path: string }) => p.path),
        url,
      ).toContain(parameter);
    }
  });
});

describe('an analysed comparison is bounded like POST /v1/analyze', () => {
  it('answers 503 TIMEOUT past the time limit and 422 RUN_TOO_LARGE past the memory budget', async () => {
    const slow = await buildApp({ store, limits: { rateLimit: 100_000, analyzeTimeoutMs: 1 } });
    const small = await buildApp({ store, limits: { rateLimit: 100_000, analyzeMemoryMb: 1 } });
    try {
      const timedOut = await slow.inject({ method: 'GET', url: `/v1/proposals/${id}/diff?from=1&to=2&analyze=true&trials=20000`, headers: auth.a });
      expect(timedOut.statusCode, timedOut.body).toBe(503);
      expect(timedOut.json().code).toBe('TIMEOUT');
      // Without analyze nothing simulates: the same app answers at once.
      expect((await slow.inject({ method: 'GET', url: `/v1/proposals/${id}/diff`, headers: auth.a })).statusCode).toBe(200);
      const large = await small.inject({ method: 'GET', url: `/v1/proposals/${id}/diff?analyze=true&trials=20000`, headers: auth.a });
      expect(large.statusCode, large.body).toBe(422);
      expect(large.json()).toMatchObject({ code: 'RUN_TOO_LARGE', problems: [{ path: 'trials' }] });
    } finally {
      await slow.close();
      await small.close();
    }
  }, 60_000);
});
