/**
 * Memory budgets and bounded queues: a run or analysis the budget cannot hold
 * is refused with 422 RUN_TOO_LARGE naming the largest trial count that fits
 * (and that count is accepted); a thread over its heap limit fails its task
 * with RUN_TOO_LARGE instead of taking the process down; a tenant over its
 * active runs answers 429 TOO_MANY_RUNS; a full pool answers 503 OVERLOADED;
 * the facts the budget is computed from count the inputs as the engine does.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { ApiError } from '../../api/problem.js';
import { estimateRunBytes, largestTrialsWithin } from '../../api/runs/budget.js';
import { WorkerPool } from '../../api/runs/pool.js';
import { openStore } from '../../api/store/database.js';
import type { Store } from '../../api/store/types.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

const demo = JSON.parse(readFileSync('fixtures/demo.json', 'utf8')) as Record<string, unknown>;
const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, unknown>;
const MB = 1024 * 1024;

let store: Store;
let app: FastifyInstance;
let headers: Record<string, string>;

beforeAll(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  const tenant = await store.createTenant('budget');
  headers = { authorization: `Bearer ${(await store.createKey(tenant.id, ['write'])).key}` };
  app = await buildApp({ store, limits: { rateLimit: 100_000, runMemoryMb: 512, analyzeMemoryMb: 200, maxActiveRunsPerTenant: 3 } });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('the memory budget of runs', () => {
  it('starts no worker thread until one is needed (an idle server holds only its request thread)', async () => {
    const idle = await buildApp({ store });
    try {
      expect(idle.compute.threads).toEqual({ validation: 0, analysis: 0 });
      await idle.compute.validate(reference);
      expect(idle.compute.threads).toEqual({ validation: 1, analysis: 0 });
    } finally {
      await idle.close();
    }
  });

  it("counts a proposal's uncertain inputs as the engine does (without building their distributions)", async () => {
    for (const doc of [demo, reference]) {
      const facts = await app.compute.validate(doc);
      const proposal = normalizeProposal(doc);
      expect(facts).toEqual({
        customer: proposal.customer.name,
        inputHash: proposal.inputHash,
        scenarios: proposal.scenarios.length,
        inputs: new VariableSet(proposal).variables.length,
        horizonMonths: proposal.horizonMonths,
        roadmap: proposal.roadmap !== undefined,
      });
    }
  });

  it('grows with trials, scenarios and inputs; the largest count that fits is the last one under the budget', () => {
    const facts = { scenarios: 7, inputs: 123, horizonMonths: 60, roadmap: true };
    expect(estimateRunBytes(facts, 2000)).toBeLessThan(estimateRunBytes(facts, 20_000));
    expect(estimateRunBytes(facts, 20_000)).toBeLessThan(estimateRunBytes({ ...facts, scenarios: 8 }, 20_000));
    expect(estimateRunBytes(facts, 20_000)).toBeLessThan(estimateRunBytes({ ...facts, inputs: 200 }, 20_000));
    for (const budget of [300 * MB, 512 * MB, 1536 * MB]) {
      const fits = largestTrialsWithin(facts, budget, 1_000_000);
      expect(fits).toBeGreaterThan(0);
      expect(estimateRunBytes(facts, fits)).toBeLessThanOrEqual(budget);
      if (fits < 1_000_000) expect(estimateRunBytes(facts, fits + 1)).toBeGreaterThan(budget);
    }
    expect(largestTrialsWithin({ ...facts, scenarios: 1000 }, 100 * MB, 1_000_000)).toBe(0);
  });

  it('refuses a stored run over the budget with 422 RUN_TOO_LARGE naming the trial count that fits, and accepts that count', async () => {
    const created = await app.inject({ method: 'POST', url: '/v1/proposals', headers, payload: { proposal: demo } });
    const id = created.json().id;
    const refused = await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers, payload: { trials: 1_000_000 } });
    expect(refused.statusCode, refused.body).toBe(422);
    const problem = refused.json();
    expect(problem.code).toBe('RUN_TOO_LARGE');
    const fits = Number(/at most (\d+)/.exec(problem.problems[0].message)![1]);
    expect(problem.problems[0].path).toBe('trials');
    expect(fits).toBeGreaterThan(1000);
    expect(fits).toBeLessThan(1_000_000);
    expect((await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers, payload: { trials: fits } })).statusCode).toBe(202);
    expect((await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers, payload: { trials: fits + 1 } })).statusCode).toBe(422);
  });

  it('refuses a synchronous analysis over its budget before it starts', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/analyze', headers, payload: { proposal: demo, trials: 20_000 } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'RUN_TOO_LARGE', problems: [{ path: 'trials' }] });
  });

  it('a thread over its heap limit fails its task with RUN_TOO_LARGE, and the pool carries on', async () => {
    const pool = new WorkerPool({ size: 1, maxQueue: 2, heapLimitMb: 12 });
    try {
      const failed = await pool.run({ kind: 'analyze', body: demo, trials: 20_000, seed: 1, sampler: 'lhs', createdAt: 'x' }).result.then(
        () => null,
        (e: { code: string }) => e.code,
      );
      expect(failed).toBe('RUN_TOO_LARGE');
      const facts = await pool.run({ kind: 'validate', body: reference }).result;
      expect(facts.facts?.scenarios).toBe(1);
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('bounded queues', () => {
  it('a tenant with its limit of queued or running runs answers 429 TOO_MANY_RUNS with Retry-After', async () => {
    const other = await store.createTenant('busy');
    const busy = { authorization: `Bearer ${(await store.createKey(other.id, ['write'])).key}` };
    const id = (await app.inject({ method: 'POST', url: '/v1/proposals', headers: busy, payload: { proposal: reference } })).json().id;
    for (let k = 0; k < 3; k++) expect((await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: busy })).statusCode).toBe(202);
    const refused = await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: busy });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('TOO_MANY_RUNS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a pool whose threads and queue are full answers 503 OVERLOADED with Retry-After', async () => {
    const pool = new WorkerPool({ size: 1, maxQueue: 1, retryAfterSeconds: 7 });
    try {
      const long = { kind: 'analyze' as const, body: reference, trials: 200_000, seed: 1, sampler: 'lhs' as const, createdAt: 'x' };
      const first = pool.run(long);
      const second = pool.run(long);
      const settled = Promise.allSettled([first.result, second.result]);
      const third = await pool.run(long).result.then(
        () => null,
        (e: unknown) => e,
      );
      expect(third).toBeInstanceOf(ApiError);
      expect((third as ApiError).code).toBe('OVERLOADED');
      expect((third as ApiError).headers['retry-after']).toBe('7');
      await Promise.all([first.terminate(), second.terminate()]);
      expect((await settled).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
