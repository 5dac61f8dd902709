/**
 * The run executor keeps its concurrency: four 1,000,000-trial runs submitted
 * at once to an instance with concurrency 1 run one after another — on SQLite,
 * and on PostgreSQL with two instances sharing one queue, where each instance
 * runs one at a time, both take work, and each run executes exactly once.
 * Observed three ways: the executor's own count of active runs, the `running`
 * rows in the database (polled), and the runs' start and finish times, which
 * must not overlap within an instance.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Executor, startExecutor } from '../../api/runs/executor.js';
import { openStore } from '../../api/store/database.js';
import type { RunRecord, Store } from '../../api/store/types.js';
import { postgresReachable } from './test-store.js';

const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, unknown>;
const TRIALS = 1_000_000;
const RUNS = 4;
const PG = 'postgres://postgres@127.0.0.1:5432/test';

const hasPg = await postgresReachable();
if (!hasPg && !process.env.CI) console.warn('SKIPPED: PostgreSQL is not reachable at 127.0.0.1:5432, so the two-instance executor test does not run.');

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** An instance: its executor with the peak of its own active count. */
async function instance(store: Store, instanceId: string): Promise<{ executor: Executor; peak: () => number }> {
  let peak = 0;
  const executor = await startExecutor({ store, instanceId, concurrency: 1, pollMs: 25, onActiveChange: (n) => (peak = Math.max(peak, n)) });
  cleanups.push(() => executor.stop(1000));
  return { executor, peak: () => peak };
}

/** Queues RUNS runs of one proposal at once, straight through the store (as POST /v1/proposals/{id}/runs does). */
async function submit(store: Store, tenantId: string): Promise<string[]> {
  const proposal = await store.createProposal(tenantId, { body: reference, crmRef: null, customer: 'Reference customer', inputHash: 'h' });
  const runs = await Promise.all(Array.from({ length: RUNS }, (_, k) => store.createRun(tenantId, { proposalId: proposal.id, proposalVersion: 1, trials: TRIALS, seed: k + 1, sampler: 'lhs' })));
  return runs.map((r) => r.id);
}

/** Polls the database until every run has finished; returns them and the peak number of `running` rows per instance. */
async function watch(store: Store, tenantId: string, ids: string[], wake: () => void): Promise<{ runs: RunRecord[]; peakRunning: Map<string, number>; peakTotal: number }> {
  const peakRunning = new Map<string, number>();
  let peakTotal = 0;
  const deadline = Date.now() + 300_000;
  wake();
  for (;;) {
    const runs = (await Promise.all(ids.map((id) => store.getRun(tenantId, id)))) as RunRecord[];
    const running = runs.filter((r) => r.status === 'running');
    peakTotal = Math.max(peakTotal, running.length);
    const byInstance = new Map<string, number>();
    for (const r of running) byInstance.set(r.claimedBy!, (byInstance.get(r.claimedBy!) ?? 0) + 1);
    for (const [who, n] of byInstance) peakRunning.set(who, Math.max(peakRunning.get(who) ?? 0, n));
    if (runs.every((r) => r.status === 'succeeded' || r.status === 'failed')) return { runs, peakRunning, peakTotal };
    if (Date.now() > deadline) throw new Error(`runs did not finish: ${runs.map((r) => r.status).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether the runs' [startedAt, finishedAt] intervals are pairwise disjoint. */
function sequential(runs: RunRecord[]): boolean {
  const spans = runs.map((r) => [Date.parse(r.startedAt!), Date.parse(r.finishedAt!)] as const).sort((a, b) => a[0] - b[0]);
  return spans.every((s, k) => k === 0 || s[0] >= spans[k - 1][1]);
}

describe('an executor never runs more than its concurrency', () => {
  it(`SQLite, concurrency 1: ${RUNS} runs of ${TRIALS.toLocaleString('en-US')} trials submitted at once run one at a time`, async () => {
    const store = await openStore({ sqliteFile: ':memory:' });
    cleanups.push(() => store.close());
    const tenant = await store.createTenant('executor');
    const ids = await submit(store, tenant.id);
    const one = await instance(store, 'sqlite-1');
    const { runs, peakTotal } = await watch(store, tenant.id, ids, one.executor.wake);
    expect(runs.map((r) => r.status)).toEqual(Array(RUNS).fill('succeeded'));
    expect(one.peak()).toBe(1);
    expect(peakTotal).toBe(1);
    expect(sequential(runs)).toBe(true);
  }, 400_000);

  it.runIf(hasPg || process.env.CI)(`PostgreSQL, two instances of concurrency 1: one run at a time on each, both take work, each run once`, async () => {
    const name = `closedloop_exec_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = `postgres://postgres@127.0.0.1:5432/${name}`;
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: PG });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    const a = await openStore({ databaseUrl: url });
    const b = await openStore({ databaseUrl: url });
    cleanups.push(() => a.close(), () => b.close());
    const tenant = await a.createTenant('executor');
    const ids = await submit(a, tenant.id);
    const first = await instance(a, 'pg-a');
    const second = await instance(b, 'pg-b');
    const { runs, peakRunning, peakTotal } = await watch(a, tenant.id, ids, () => {
      first.executor.wake();
      second.executor.wake();
    });
    expect(runs.map((r) => r.status)).toEqual(Array(RUNS).fill('succeeded'));
    expect(first.peak()).toBe(1);
    expect(second.peak()).toBe(1);
    expect([...peakRunning.values()].every((n) => n === 1)).toBe(true);
    expect(peakTotal).toBeLessThanOrEqual(2);
    for (const who of ['pg-a', 'pg-b']) expect(sequential(runs.filter((r) => r.claimedBy === who)), who).toBe(true);
    const executions = (await a.listAudit(tenant.id)).filter((e) => e.action === 'run' && e.actor.startsWith('instance:'));
    expect(executions.map((e) => e.resourceId).sort()).toEqual([...ids].sort());
    expect(new Set(executions.map((e) => e.actor))).toEqual(new Set(['instance:pg-a', 'instance:pg-b']));
  }, 400_000);
});
