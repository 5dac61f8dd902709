/**
 * The store's read caches (key lookups, the latest run of a CRM reference):
 * an instance reads its own writes at once; another instance on the same
 * database sees them within READ_CACHE_MS, never later.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../api/store/database.js';
import { READ_CACHE_MS } from '../../api/store/store.js';
import type { Store } from '../../api/store/types.js';

const dir = mkdtempSync(join(tmpdir(), 'closedloop-cache-'));
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function twoInstances(name: string): Promise<[Store, Store]> {
  const file = join(dir, `${name}.db`);
  const a = await openStore({ sqliteFile: file });
  const b = await openStore({ sqliteFile: file });
  stores.push(a, b);
  return [a, b];
}

/** Polls `check` until it holds; how long that took, in ms. */
async function untilTrue(check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > READ_CACHE_MS * 5) throw new Error('never became true');
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe('read caches', () => {
  it('a revoked key: refused at once by the instance that revoked it, within the cache time by another', async () => {
    const [a, b] = await twoInstances('keys');
    const tenant = await a.createTenant('t');
    const first = await a.createKey(tenant.id, ['read']);
    const second = await a.createKey(tenant.id, ['read']);
    expect(await a.authenticate(first.key)).not.toBeNull();
    expect(await b.authenticate(first.key)).not.toBeNull();
    expect(await b.authenticate(second.key)).not.toBeNull();
    await a.revokeKey(tenant.id, first.record.id);
    expect(await a.authenticate(first.key)).toBeNull();
    const lag = await untilTrue(async () => (await b.authenticate(first.key)) === null);
    expect(lag).toBeLessThanOrEqual(READ_CACHE_MS + 200);
    await b.revokeKey(tenant.id, second.record.id);
    expect(await b.authenticate(second.key)).toBeNull();
  });

  it('the latest run of a CRM reference: a new version hides it at once on its instance, within the cache time on another', async () => {
    const [a, b] = await twoInstances('runs');
    const tenant = await a.createTenant('t');
    const p = await a.createProposal(tenant.id, { body: { x: 1 }, crmRef: 'OPP', customer: 'c', inputHash: 'h' });
    const run = await a.createRun(tenant.id, { proposalId: p.id, proposalVersion: 1, trials: 10, seed: 1, sampler: 'lhs' });
    expect(await a.latestRunForCrmRef(tenant.id, 'OPP')).toBeNull();
    await a.claimRun('x');
    await a.completeRun(run.id, '{}');
    expect((await a.latestRunForCrmRef(tenant.id, 'OPP'))?.id).toBe(run.id);
    expect(await untilTrue(async () => (await b.latestRunForCrmRef(tenant.id, 'OPP'))?.id === run.id)).toBeLessThanOrEqual(READ_CACHE_MS + 200);
    await a.updateProposal(tenant.id, p.id, 1, { body: { x: 2 }, crmRef: 'OPP', customer: 'c', inputHash: 'h2' });
    expect(await a.latestRunForCrmRef(tenant.id, 'OPP')).toBeNull();
    expect(await untilTrue(async () => (await b.latestRunForCrmRef(tenant.id, 'OPP')) === null)).toBeLessThanOrEqual(READ_CACHE_MS + 200);
  });
});
