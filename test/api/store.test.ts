/**
 * The Store contract (api/store/types.ts), one suite run against SQLite in
 * memory, SQLite in a file and PostgreSQL (a fresh database per run, dropped at
 * the end; skipped with a warning when unreachable, except under CI).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureSqlite, openStore, type OpenStoreOptions } from '../../api/store/database.js';
import type { MigrationStatus } from '../../api/store/migrations.js';
import { InvalidCursorError } from '../../api/store/proposals.js';
import { StaleVersionError, type ProposalRecord, type RunRecord, type Store } from '../../api/store/types.js';

/** The stored Report of a run, parsed (null when there is none). */
async function reportOf(store: Store, tenantId: string, runId: string): Promise<unknown> {
  const text = await store.getReportJson(tenantId, runId);
  return text === null ? null : (JSON.parse(text) as unknown);
}

/** The latest succeeded run for a CRM reference with its parsed Report, or null. */
async function latestWithReport(store: Store, tenantId: string, crmRef: string): Promise<{ run: RunRecord; report: unknown } | null> {
  const run = await store.latestRunForCrmRef(tenantId, crmRef);
  return run ? { run, report: await reportOf(store, tenantId, run.id) } : null;
}

const PG_ADMIN_URL = process.env.CLOSEDLOOP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TABLES = ['tenants', 'api_keys', 'proposals', 'runs', 'reports', 'audit', 'shares', 'actuals'];

interface Backend {
  name: string;
  dialect: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** The store each test starts from, on empty tables. */
  fresh(): Promise<Store>;
  /** Another Store on the same database (a second server), when the backend has a shared database. */
  another?: (options?: Partial<OpenStoreOptions>) => Promise<Store>;
  /** Whether several Store instances may run concurrently (several servers). */
  multiInstance: boolean;
  /** The migrations the first open of the database reported. */
  firstMigrations: MigrationStatus[];
}

async function open(options: OpenStoreOptions): Promise<Store> {
  return openStore(options);
}

function sqliteMemory(): Backend {
  const backend: Backend = {
    name: 'SQLite :memory:',
    dialect: 'sqlite',
    multiInstance: false,
    firstMigrations: [],
    async setup() {},
    async teardown() {},
    async fresh() {
      const seen: MigrationStatus[] = [];
      const store = await open({ sqliteFile: ':memory:', onMigration: (s) => seen.push(s) });
      backend.firstMigrations = seen;
      return store;
    },
  };
  return backend;
}

function sqliteFile(): Backend {
  let dir = '';
  let file = '';
  let count = 0;
  const backend: Backend = {
    name: 'SQLite file',
    dialect: 'sqlite',
    multiInstance: false,
    firstMigrations: [],
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'closedloop-store-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async fresh() {
      // A new file (in a folder openStore has to create) for every test.
      file = join(dir, `t${++count}`, 'nested', 'store.db');
      const seen: MigrationStatus[] = [];
      const store = await open({ sqliteFile: file, onMigration: (s) => seen.push(s) });
      backend.firstMigrations = seen;
      return store;
    },
    another: (options) => open({ sqliteFile: file, ...options }),
  };
  return backend;
}

async function probePostgres(): Promise<Error | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function postgres(): Backend {
  // Only hex digits: safe to quote as an identifier (names cannot be bound as parameters).
  const database = `closedloop_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const backend: Backend = {
    name: 'PostgreSQL',
    dialect: 'postgres',
    multiInstance: true,
    firstMigrations: [],
    async setup() {
      await adminQuery(`create database "${database}"`);
      const seen: MigrationStatus[] = [];
      const first = await open({ databaseUrl, onMigration: (s) => seen.push(s) });
      backend.firstMigrations = seen;
      await first.close();
    },
    async teardown() {
      await adminQuery(`drop database if exists "${database}" with (force)`);
    },
    async fresh() {
      const store = await open({ databaseUrl, poolSize: 4 });
      await sql`truncate table actuals, shares, audit, reports, runs, proposals, api_keys, tenants restart identity`.execute(store.db);
      return store;
    },
    another: (options) => open({ databaseUrl, poolSize: 4, ...options }),
  };
  return backend;
}

const pgError = await probePostgres();
const backends: Backend[] = [sqliteMemory(), sqliteFile()];
if (pgError === null || process.env.CI) {
  // Under CI an unreachable server fails the PostgreSQL suite (in its beforeAll).
  backends.push(postgres());
} else {
  console.warn(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (${pgError.message}): the PostgreSQL store tests are SKIPPED`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const input = (customer: string, crmRef: string | null = null, body: unknown = { customer, lines: [1, 2, 3] }) => ({
  body,
  crmRef,
  customer,
  inputHash: sha256(JSON.stringify(body)),
});
const runInput = (p: ProposalRecord) => ({ proposalId: p.id, proposalVersion: p.version, trials: 1000, seed: 42, sampler: 'lhs' as const });

async function count(store: Store, table: 'tenants' | 'api_keys' | 'proposals' | 'runs' | 'reports' | 'audit'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const backend of backends) {
  describe(`Store on ${backend.name}`, () => {
    let store: Store;
    const extra: Store[] = [];

    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      store = await backend.fresh();
    });
    afterEach(async () => {
      await Promise.all(extra.splice(0).map((s) => s.close()));
      await store.close();
    });

    async function other(options?: Partial<OpenStoreOptions>): Promise<Store> {
      const s = await backend.another!(options);
      extra.push(s);
      return s;
    }

    async function tenants() {
      const a = await store.createTenant('acme');
      const b = await store.createTenant('globex');
      return { a: a.id, b: b.id };
    }

    async function succeed(tenantId: string, p: ProposalRecord, report: unknown): Promise<RunRecord> {
      const run = await store.createRun(tenantId, runInput(p));
      const claimed = await store.claimRun('worker');
      expect(claimed?.id).toBe(run.id);
      await store.completeRun(run.id, JSON.stringify(report));
      return (await store.getRun(tenantId, run.id))!;
    }

    it('migrates a fresh database, reports each migration and creates every table', async () => {
      expect(store.dialect).toBe(backend.dialect);
      expect(backend.firstMigrations).toEqual([
        { name: '001-initial', status: 'Success' },
        { name: '002-shares', status: 'Success' },
        { name: '003-actuals', status: 'Success' },
      ]);
      const tables = (await store.db.introspection.getTables()).map((t) => t.name);
      for (const table of TABLES) expect(tables).toContain(table);
      if (backend.another) {
        const again = await other();
        expect(again.migrations).toEqual([]);
      }
    });

    it('creates tenants and finds them by name; names are unique', async () => {
      const t = await store.createTenant('acme');
      expect(t.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(t.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(await store.findTenantByName('acme')).toEqual(t);
      expect(await store.findTenantByName('ACME')).toBeNull();
      await expect(store.createTenant('acme')).rejects.toThrow();
    });

    it('issues API keys once, stores only their SHA-256, authenticates and revokes them', async () => {
      const { a, b } = await tenants();
      const { key, record } = await store.createKey(a, ['read', 'write']);
      expect(key).toMatch(/^cl_[A-Za-z0-9_-]{43}$/);
      expect(record).toMatchObject({ tenantId: a, prefix: key.slice(0, 10), scopes: ['read', 'write'], revokedAt: null });

      expect(await store.authenticate(key)).toEqual(record);
      expect(await store.authenticate(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeNull();
      expect(await store.authenticate('')).toBeNull();
      expect(await store.authenticate(sha256(key))).toBeNull();

      const rows = await store.db.selectFrom('api_keys').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0].hash).toBe(sha256(key));
      expect(JSON.stringify(rows)).not.toContain(key.slice(3));

      const admin = await store.createKey(a, ['admin']);
      expect((await store.listKeys(a)).map((k) => k.id)).toEqual([record.id, admin.record.id]);
      expect(await store.listKeys(b)).toEqual([]);

      expect(await store.revokeKey(b, record.id)).toBe(false);
      expect(await store.authenticate(key)).not.toBeNull();
      expect(await store.revokeKey(a, record.id)).toBe(true);
      expect(await store.revokeKey(a, record.id)).toBe(false);
      expect(await store.authenticate(key)).toBeNull();
      expect(await store.authenticate(admin.key)).toMatchObject({ id: admin.record.id, scopes: ['admin'] });
      const listed = await store.listKeys(a);
      expect(listed[0].revokedAt).toMatch(/Z$/);
      expect(listed[1].revokedAt).toBeNull();

      await expect(store.createKey(a, ['root' as never])).rejects.toThrow(/unknown scope/);
    });

    it('keeps every proposal version and refuses stale updates', async () => {
      const { a } = await tenants();
      const body = { title: 'Rollout', nested: { values: [1.5, 'x', null, true] } };
      const v1 = await store.createProposal(a, input('Initech', 'CRM-1', body));
      expect(v1).toMatchObject({ tenantId: a, version: 1, crmRef: 'CRM-1', customer: 'Initech', body });
      expect(v1.createdAt).toBe(v1.updatedAt);
      expect(await store.getProposal(a, v1.id)).toEqual(v1);

      await sleep(2);
      const v2 = await store.updateProposal(a, v1.id, 1, input('Initech Ltd', null, { title: 'v2' }));
      expect(v2).toMatchObject({ id: v1.id, version: 2, crmRef: null, customer: 'Initech Ltd', body: { title: 'v2' }, createdAt: v1.createdAt });
      expect(v2!.updatedAt > v1.updatedAt).toBe(true);
      expect(await store.getProposal(a, v1.id)).toEqual(v2);
      expect(await store.getProposal(a, v1.id, 1)).toEqual(v1);
      expect(await store.getProposal(a, v1.id, 2)).toEqual(v2);
      expect(await store.getProposal(a, v1.id, 3)).toBeNull();

      const stale = await store.updateProposal(a, v1.id, 1, input('late')).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(StaleVersionError);
      expect((stale as StaleVersionError).current).toBe(2);
      await expect(store.updateProposal(a, v1.id, 3, input('ahead'))).rejects.toBeInstanceOf(StaleVersionError);
      expect(await store.updateProposal(a, 'no-such-id', 1, input('x'))).toBeNull();
      expect((await store.getProposal(a, v1.id))!.version).toBe(2);
      expect(await count(store, 'proposals')).toBe(2);
      expect((await store.listProposals(a, { limit: 10 })).items).toEqual([v2]);
    });

    it('lets exactly one of several concurrent updates of the same version win', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Race'));
      const writers = backend.multiInstance ? [store, await other(), await other()] : [store];
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => writers[i % writers.length].updateProposal(a, p.id, 1, input(`writer ${i}`))),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(5);
      for (const r of lost) {
        expect(r.reason).toBeInstanceOf(StaleVersionError);
        expect(r.reason.current).toBe(2);
      }
      expect((await store.getProposal(a, p.id))!.version).toBe(2);
      expect(await count(store, 'proposals')).toBe(2);
    });

    it('isolates tenants: B can neither see nor change what A owns', async () => {
      const { a, b } = await tenants();
      const p = await store.createProposal(a, input('Secret Corp', 'CRM-S'));
      const run = await succeed(a, p, { npv: 1 });
      const queued = await store.createRun(a, runInput(p));
      const key = await store.createKey(a, ['read']);
      await store.audit({ tenantId: a, actor: key.record.id, action: 'create', resource: 'proposal', resourceId: p.id });
      const before = await Promise.all(TABLES.map((t) => count(store, t as 'runs')));

      expect(await store.getProposal(b, p.id)).toBeNull();
      expect(await store.getProposal(b, p.id, 1)).toBeNull();
      expect(await store.listProposals(b, { limit: 50 })).toEqual({ items: [], next: null });
      expect(await store.listProposals(b, { limit: 50, crmRef: 'CRM-S' })).toEqual({ items: [], next: null });
      expect(await store.updateProposal(b, p.id, 1, input('Hijack'))).toBeNull();
      expect(await store.deleteProposal(b, p.id)).toBe(false);
      expect(await store.getRun(b, run.id)).toBeNull();
      expect(await store.listRuns(b, p.id)).toEqual([]);
      expect(await reportOf(store, b, run.id)).toBeNull();
      expect(await store.cancelRun(b, queued.id)).toBe(false);
      expect(await latestWithReport(store, b, 'CRM-S')).toBeNull();
      expect(await store.listKeys(b)).toEqual([]);
      expect(await store.revokeKey(b, key.record.id)).toBe(false);
      expect(await store.listAudit(b)).toEqual([]);
      // B cannot attach a run to A's proposal either (composite foreign key).
      await expect(store.createRun(b, runInput(p))).rejects.toThrow();

      expect(await Promise.all(TABLES.map((t) => count(store, t as 'runs')))).toEqual(before);
      expect(await store.getProposal(a, p.id)).toEqual(p);
      expect((await store.getRun(a, queued.id))!.status).toBe('queued');
      expect(await reportOf(store, a, run.id)).toEqual({ npv: 1 });
      expect(await store.authenticate(key.key)).not.toBeNull();
    });

    it('lists latest versions newest first, page by page with an opaque cursor', async () => {
      const { a, b } = await tenants();
      const created: ProposalRecord[] = [];
      for (let i = 0; i < 7; i++) created.push(await store.createProposal(a, input(i % 2 ? 'Odd' : 'Even', `CRM-${i}`)));
      await store.createProposal(b, input('Even'));
      await sleep(2);
      const bumped = (await store.updateProposal(a, created[3].id, 1, input('Odd', 'CRM-3')))!;

      const expected = [bumped, ...created.filter((p) => p.id !== bumped.id)];
      expected.sort((x, y) => (x.updatedAt !== y.updatedAt ? (x.updatedAt < y.updatedAt ? 1 : -1) : x.id < y.id ? 1 : -1));
      expect(expected[0]).toEqual(bumped);

      const pages: ProposalRecord[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listProposals(a, { limit: 3, cursor });
        pages.push(page.items);
        cursor = page.next ?? undefined;
        if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      } while (cursor);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(expected);

      // An exact page boundary ends with a null cursor, not an empty page.
      const seven = await store.listProposals(a, { limit: 7 });
      expect(seven.items).toHaveLength(7);
      expect(seven.next).toBeNull();

      const odd = await store.listProposals(a, { limit: 2, customer: 'Odd' });
      expect(odd.items.map((p) => p.customer)).toEqual(['Odd', 'Odd']);
      const oddRest = await store.listProposals(a, { limit: 2, customer: 'Odd', cursor: odd.next! });
      expect(oddRest.items).toHaveLength(1);
      expect(oddRest.next).toBeNull();
      expect(new Set([...odd.items, ...oddRest.items].map((p) => p.id))).toEqual(new Set([created[1].id, created[3].id, created[5].id]));

      expect((await store.listProposals(a, { limit: 10, crmRef: 'CRM-4' })).items.map((p) => p.id)).toEqual([created[4].id]);
      expect((await store.listProposals(a, { limit: 10, crmRef: 'CRM-3', customer: 'Even' })).items).toEqual([]);

      await expect(store.listProposals(a, { limit: 3, cursor: 'not a cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.listProposals(a, { limit: 3, cursor: Buffer.from('{"a":1}').toString('base64url') })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(store.listProposals(a, { limit: 0 })).rejects.toThrow(RangeError);
    });

    it('treats SQL-injection strings in filters as plain values', async () => {
      const { a } = await tenants();
      const attack = "' OR '1'='1";
      await store.createProposal(a, input('Normal', 'CRM-1'));
      await store.createProposal(a, input('Other', 'CRM-2'));
      const literal = await store.createProposal(a, input(attack, attack));
      for (const s of ["x' OR '1'='1", "' OR 1=1 --", "CRM-1' --", "x'; DROP TABLE proposals; --", '%', 'CRM-%', '" OR ""="']) {
        expect((await store.listProposals(a, { limit: 50, crmRef: s })).items).toEqual([]);
        expect((await store.listProposals(a, { limit: 50, customer: s })).items).toEqual([]);
        expect(await latestWithReport(store, a, s)).toBeNull();
      }
      expect((await store.listProposals(a, { limit: 50, crmRef: attack })).items).toEqual([literal]);
      expect((await store.listProposals(a, { limit: 50, customer: attack })).items).toEqual([literal]);
      expect((await store.listProposals(a, { limit: 50 })).items).toHaveLength(3);
    });

    it('runs a run through create → claim → heartbeat → complete, with its report', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Runner'));
      const run = await store.createRun(a, { proposalId: p.id, proposalVersion: 1, trials: 5000, seed: 2 ** 32 - 1, sampler: 'mc' });
      expect(run).toMatchObject({ tenantId: a, proposalId: p.id, proposalVersion: 1, trials: 5000, seed: 2 ** 32 - 1, sampler: 'mc' });
      expect(run).toMatchObject({ status: 'queued', progress: 0, error: null, startedAt: null, finishedAt: null, claimedBy: null, heartbeatAt: null });
      expect(await store.getRun(a, run.id)).toEqual(run);

      const claimed = await store.claimRun('instance-1');
      expect(claimed).toMatchObject({ id: run.id, status: 'running', claimedBy: 'instance-1', progress: 0, seed: 2 ** 32 - 1 });
      expect(claimed!.startedAt).not.toBeNull();
      expect(claimed!.heartbeatAt).not.toBeNull();
      expect(await store.claimRun('instance-2')).toBeNull();

      expect(await store.heartbeat(run.id, 2500)).toBe(true);
      expect((await store.getRun(a, run.id))!.progress).toBe(2500);
      expect(await reportOf(store, a, run.id)).toBeNull();

      const report = { summary: { npv: { p50: 1.25e6 } }, trials: 5000, text: 'ünïcødé ✓' };
      await store.completeRun(run.id, JSON.stringify(report));
      const done = (await store.getRun(a, run.id))!;
      expect(done).toMatchObject({ status: 'succeeded', progress: 5000, error: null });
      expect(done.finishedAt).not.toBeNull();
      expect(await reportOf(store, a, run.id)).toEqual(report);
      expect(await store.listRuns(a, p.id)).toEqual([done]);

      expect(await store.heartbeat(run.id, 1)).toBe(false);
      expect(await store.cancelRun(a, run.id)).toBe(false);
      await store.completeRun(run.id, JSON.stringify({ other: true }));
      expect(await reportOf(store, a, run.id)).toEqual(report);
      await store.failRun(run.id, { code: 'LATE', message: 'too late' });
      expect((await store.getRun(a, run.id))!.status).toBe('succeeded');
      expect(await store.heartbeat('no-such-run', 1)).toBe(false);
    });

    it('cancels: heartbeat turns false and completion is a no-op', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Cancel'));
      const run = await store.createRun(a, runInput(p));
      await store.claimRun('w');
      expect(await store.cancelRun(a, run.id)).toBe(true);
      expect(await store.cancelRun(a, run.id)).toBe(false);
      expect(await store.heartbeat(run.id, 10)).toBe(false);
      await store.completeRun(run.id, JSON.stringify({ npv: 1 }));
      const after = (await store.getRun(a, run.id))!;
      expect(after.status).toBe('cancelled');
      expect(after.finishedAt).not.toBeNull();
      expect(await reportOf(store, a, run.id)).toBeNull();
      expect(await count(store, 'reports')).toBe(0);

      const queued = await store.createRun(a, runInput(p));
      expect(await store.cancelRun(a, queued.id)).toBe(true);
      expect(await store.claimRun('w')).toBeNull();
      expect(await store.cancelRun(a, 'no-such-run')).toBe(false);
    });

    it('records failures with their code and message', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Fail'));
      const run = await store.createRun(a, runInput(p));
      await store.claimRun('w');
      await store.failRun(run.id, { code: 'E_MODEL', message: 'correlation matrix is not positive definite' });
      const failed = (await store.getRun(a, run.id))!;
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'E_MODEL', message: 'correlation matrix is not positive definite' } });
      expect(failed.finishedAt).not.toBeNull();
      expect(await store.heartbeat(run.id, 1)).toBe(false);
      await store.completeRun(run.id, JSON.stringify({}));
      expect((await store.getRun(a, run.id))!.status).toBe('failed');
      expect(await reportOf(store, a, run.id)).toBeNull();
    });

    it('claims the oldest queued run first', async () => {
      const { a, b } = await tenants();
      const pa = await store.createProposal(a, input('A'));
      const pb = await store.createProposal(b, input('B'));
      const first = await store.createRun(a, runInput(pa));
      await sleep(2);
      const second = await store.createRun(b, runInput(pb));
      await sleep(2);
      const third = await store.createRun(a, runInput(pa));
      expect((await store.claimRun('w'))!.id).toBe(first.id);
      expect((await store.claimRun('w'))!.id).toBe(second.id);
      expect((await store.claimRun('w'))!.id).toBe(third.id);
      expect(await store.claimRun('w')).toBeNull();
    });

    it('hands each of 20 runs to exactly one of 8 concurrent claimers', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Queue'));
      const runs: RunRecord[] = [];
      for (let i = 0; i < 20; i++) runs.push(await store.createRun(a, runInput(p)));
      // PostgreSQL: four Store instances, each with its own pool, as four servers would.
      const instances = backend.multiInstance ? [store, await other(), await other(), await other()] : [store];

      const claimedBy = new Map<string, string[]>();
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const instance = instances[i % instances.length];
          const me = `claimer-${i}`;
          for (;;) {
            const run = await instance.claimRun(me);
            if (!run) break;
            expect(run.status).toBe('running');
            expect(run.claimedBy).toBe(me);
            claimedBy.set(run.id, [...(claimedBy.get(run.id) ?? []), me]);
          }
        }),
      );

      expect([...claimedBy.keys()].sort()).toEqual(runs.map((r) => r.id).sort());
      for (const [, who] of claimedBy) expect(who).toHaveLength(1);
      for (const r of runs) {
        const stored = (await store.getRun(a, r.id))!;
        expect(stored.status).toBe('running');
        expect(stored.claimedBy).toBe(claimedBy.get(r.id)![0]);
      }
      expect(await store.claimRun('late')).toBeNull();
    });

    it('recovers runs of stopped instances back to the queue', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Recover'));
      const r1 = await store.createRun(a, runInput(p));
      const r2 = await store.createRun(a, runInput(p));
      const r3 = await store.createRun(a, runInput(p));
      const r4 = await store.createRun(a, runInput(p));
      expect((await store.claimRun('a'))!.id).toBe(r1.id);
      expect((await store.claimRun('b'))!.id).toBe(r2.id);
      expect((await store.claimRun('b'))!.id).toBe(r3.id);
      await store.completeRun(r3.id, JSON.stringify({ ok: true }));
      await store.heartbeat(r1.id, 10);

      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const later = new Date(Date.now() + 60_000).toISOString();
      expect(await store.recoverRuns(hourAgo)).toBe(0);
      expect(await store.recoverRuns(hourAgo, 'a')).toBe(1);
      expect(await store.getRun(a, r1.id)).toMatchObject({ status: 'queued', claimedBy: null, heartbeatAt: null, startedAt: null, progress: 0 });
      expect((await store.getRun(a, r2.id))!.status).toBe('running');

      expect(await store.recoverRuns(later)).toBe(1);
      expect(await store.getRun(a, r2.id)).toMatchObject({ status: 'queued', claimedBy: null });
      expect((await store.getRun(a, r3.id))!.status).toBe('succeeded');
      expect((await store.getRun(a, r4.id))!.status).toBe('queued');
      expect(await store.recoverRuns(later)).toBe(0);

      // Recovered runs are claimable again, oldest first.
      expect((await store.claimRun('c'))!.id).toBe(r1.id);
    });

    it('finds the latest succeeded run of the latest proposal version for a CRM reference', async () => {
      const { a, b } = await tenants();
      const p = await store.createProposal(a, input('CRM', 'OPP-9'));
      expect(await latestWithReport(store, a, 'OPP-9')).toBeNull();

      const run1 = await succeed(a, p, { n: 1 });
      expect(await latestWithReport(store, a, 'OPP-9')).toEqual({ run: run1, report: { n: 1 } });

      const failing = await store.createRun(a, runInput(p));
      await store.claimRun('w');
      await store.failRun(failing.id, { code: 'X', message: 'x' });
      await store.createRun(a, runInput(p)); // queued, never run
      expect((await latestWithReport(store, a, 'OPP-9'))!.run.id).toBe(run1.id);
      await store.claimRun('w'); // take the queued one out of the way

      await sleep(2);
      const run3 = await succeed(a, p, { n: 3 });
      expect(await latestWithReport(store, a, 'OPP-9')).toEqual({ run: run3, report: { n: 3 } });

      // A new version has no run yet: nothing current for the CRM.
      const v2 = (await store.updateProposal(a, p.id, 1, input('CRM', 'OPP-9')))!;
      expect(await latestWithReport(store, a, 'OPP-9')).toBeNull();
      const run4 = await succeed(a, v2, { n: 4 });
      expect(await latestWithReport(store, a, 'OPP-9')).toEqual({ run: run4, report: { n: 4 } });

      expect(await latestWithReport(store, b, 'OPP-9')).toBeNull();
      expect(await latestWithReport(store, a, 'OPP-10')).toBeNull();
    });

    it('deletes a proposal with all its versions, runs and reports in one go', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Doomed', 'D-1'));
      const keep = await store.createProposal(a, input('Keep', 'K-1'));
      const run1 = await succeed(a, p, { v: 1 });
      const v2 = (await store.updateProposal(a, p.id, 1, input('Doomed', 'D-1')))!;
      const kept = await succeed(a, keep, { keep: true });
      const run2 = await store.createRun(a, runInput(v2)); // left queued

      expect(await store.deleteProposal(a, p.id)).toBe(true);
      expect(await store.getProposal(a, p.id)).toBeNull();
      expect(await store.getProposal(a, p.id, 1)).toBeNull();
      expect(await store.getRun(a, run1.id)).toBeNull();
      expect(await store.getRun(a, run2.id)).toBeNull();
      expect(await reportOf(store, a, run1.id)).toBeNull();
      expect(await store.listRuns(a, p.id)).toEqual([]);
      expect(await latestWithReport(store, a, 'D-1')).toBeNull();
      expect(await count(store, 'proposals')).toBe(1);
      expect(await count(store, 'runs')).toBe(1);
      expect(await count(store, 'reports')).toBe(1);
      expect(await reportOf(store, a, kept.id)).toEqual({ keep: true });
      expect(await store.deleteProposal(a, p.id)).toBe(false);
    });

    it('enforces foreign keys', async () => {
      const { a } = await tenants();
      await expect(store.createProposal('no-such-tenant', input('Ghost'))).rejects.toThrow();
      await expect(store.createKey('no-such-tenant', ['read'])).rejects.toThrow();
      const p = await store.createProposal(a, input('Real'));
      await expect(store.createRun(a, { ...runInput(p), proposalVersion: 2 })).rejects.toThrow();
      await expect(store.createRun(a, { ...runInput(p), proposalId: 'no-such-proposal' })).rejects.toThrow();
      await expect(
        store.db.insertInto('reports').values({ run_id: 'no-such-run', body: '{}' }).execute(),
      ).rejects.toThrow();
      expect(await count(store, 'runs')).toBe(0);
      expect(await count(store, 'reports')).toBe(0);
    });

    it('writes and lists audit entries per tenant, oldest first', async () => {
      const { a, b } = await tenants();
      await store.audit({ tenantId: a, actor: 'cli', action: 'create', resource: 'proposal', resourceId: 'p1' });
      await store.audit({ tenantId: b, actor: 'system', action: 'run', resource: 'run', resourceId: 'r9' });
      await store.audit({ tenantId: a, actor: 'key-1', action: 'delete', resource: 'proposal', resourceId: 'p1' });
      const entries = await store.listAudit(a);
      expect(entries.map(({ at: _at, ...rest }) => rest)).toEqual([
        { tenantId: a, actor: 'cli', action: 'create', resource: 'proposal', resourceId: 'p1' },
        { tenantId: a, actor: 'key-1', action: 'delete', resource: 'proposal', resourceId: 'p1' },
      ]);
      for (const e of entries) expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(await store.listAudit(b)).toHaveLength(1);
      expect(await store.listAudit('nobody')).toEqual([]);
    });

    const actualsInput = (p: ProposalRecord, body = 'scenario,month,measure,value\nreference,1,adoption,0.05\n') => ({
      proposalVersion: p.version,
      format: 'csv' as const,
      body,
      rows: 1,
      asOfMonth: 1,
      createdBy: 'key-1',
    });

    it('keeps every version of a proposal\'s actuals, newest first, with a compare-and-set on the version', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Tracked'));
      expect(await store.latestActualsVersion(a, p.id)).toBe(0);
      expect(await store.getActuals(a, p.id)).toBeNull();
      const v1 = await store.addActuals(a, p.id, 0, actualsInput(p));
      expect(v1).toMatchObject({ version: 1, proposalVersion: 1, format: 'csv', rows: 1, asOfMonth: 1, createdBy: 'key-1', sha256: sha256(v1.body) });
      const v2 = await store.addActuals(a, p.id, 1, actualsInput(p, 'scenario,month,measure,value\nreference,2,adoption,0.08\n'));
      expect(v2.version).toBe(2);
      // A writer that read version 1 loses: it is told the version it lost to.
      const stale = await store.addActuals(a, p.id, 1, actualsInput(p)).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(StaleVersionError);
      expect((stale as StaleVersionError).current).toBe(2);
      await expect(store.addActuals(a, p.id, 5, actualsInput(p))).rejects.toBeInstanceOf(StaleVersionError);
      expect(await store.getActuals(a, p.id)).toEqual(v2);
      expect(await store.getActuals(a, p.id, 1)).toEqual(v1);
      expect(await store.getActuals(a, p.id, 3)).toBeNull();
      const { body: _b1, ...s1 } = v1;
      const { body: _b2, ...s2 } = v2;
      expect(await store.listActuals(a, p.id)).toEqual([s2, s1]);
      // The foreign key: actuals belong to a version of the tenant's proposal.
      await expect(store.addActuals(a, p.id, 2, { ...actualsInput(p), proposalVersion: 9 })).rejects.toThrow();
      await expect(store.addActuals(a, 'no-such-proposal', 0, actualsInput(p))).rejects.toThrow();
      expect(await store.latestActualsVersion(a, p.id)).toBe(2);
    });

    it('stores one of two concurrent uploads of the same next version; the other is stale', async () => {
      const { a } = await tenants();
      const p = await store.createProposal(a, input('Race'));
      const writers = backend.multiInstance ? [store, await other(), await other()] : [store, store, store];
      const results = await Promise.allSettled(writers.map((w, i) => w.addActuals(a, p.id, 0, actualsInput(p, `scenario,month,measure,value\nreference,1,adoption,0.0${i + 1}\n`))));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(2);
      for (const r of lost) expect(r.reason).toBeInstanceOf(StaleVersionError);
      expect((await store.listActuals(a, p.id)).map((v) => v.version)).toEqual([1]);
    });

    it('isolates actuals by tenant and deletes them with their proposal', async () => {
      const { a, b } = await tenants();
      const p = await store.createProposal(a, input('Private'));
      await store.addActuals(a, p.id, 0, actualsInput(p));
      const before = await Promise.all(TABLES.map((t) => count(store, t as 'runs')));
      expect(await store.latestActualsVersion(b, p.id)).toBe(0);
      expect(await store.getActuals(b, p.id)).toBeNull();
      expect(await store.getActuals(b, p.id, 1)).toBeNull();
      expect(await store.listActuals(b, p.id)).toEqual([]);
      // B cannot add a version to A's proposal (composite foreign key).
      await expect(store.addActuals(b, p.id, 0, actualsInput(p))).rejects.toThrow();
      expect(await Promise.all(TABLES.map((t) => count(store, t as 'runs')))).toEqual(before);
      expect(await store.deleteProposal(a, p.id)).toBe(true);
      expect(await store.listActuals(a, p.id)).toEqual([]);
      expect(await count(store, 'actuals' as 'runs')).toBe(0);
    });

    it('records the actuals a tracking run uses and keeps its tracking block beside the Report', async () => {
      const { a, b } = await tenants();
      const p = await store.createProposal(a, input('Tracked run'));
      await store.addActuals(a, p.id, 0, actualsInput(p));
      const plain = await succeed(a, p, { plain: true });
      expect(plain).toMatchObject({ actualsVersion: null, asOfMonth: null });
      expect(await store.latestTrackingRun(a, p.id)).toBeNull();
      const run = await store.createRun(a, { ...runInput(p), tracking: { actualsVersion: 1, asOfMonth: 1 } });
      expect(run).toMatchObject({ actualsVersion: 1, asOfMonth: 1 });
      await store.claimRun('worker');
      await store.completeRun(run.id, JSON.stringify({ report: 1 }), '{"asOfMonth":1}');
      expect(await store.latestTrackingRun(a, p.id)).toMatchObject({ id: run.id, actualsVersion: 1, asOfMonth: 1, status: 'succeeded' });
      expect(await store.getTrackingJson(a, run.id)).toBe('{"asOfMonth":1}');
      expect(await store.getTrackingJson(a, plain.id)).toBeNull();
      expect(await store.getTrackingJson(b, run.id)).toBeNull();
      expect(await store.latestTrackingRun(b, p.id)).toBeNull();
    });

    if (backend.dialect === 'sqlite') {
      it('uses STRICT tables and the expected connection settings', async () => {
        const ddl = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'runs'`.execute(store.db);
        expect(ddl.rows[0].sql.trim().toLowerCase().endsWith('strict')).toBe(true);
        const pragma = async (name: string) => (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0];
        expect(Object.values((await pragma('foreign_keys'))!)).toEqual([1]);
        expect(Object.values((await pragma('synchronous'))!)).toEqual([2]);
        expect(Object.values((await pragma('busy_timeout'))!)).toEqual([5000]);
        expect(Object.values((await pragma('journal_mode'))!)).toEqual([backend.name.includes('file') ? 'wal' : 'memory']);
        await expect(sql`update runs set progress = 'lots'`.execute(store.db)).resolves.toBeDefined(); // no rows: no error
        const { a } = await tenants();
        const p = await store.createProposal(a, input('Strict'));
        await store.createRun(a, runInput(p));
        await expect(sql`update runs set progress = 'lots'`.execute(store.db)).rejects.toThrow(/cannot store TEXT value in INTEGER column/);
      });
    }
  });
}

describe('SQLite connection set-up', () => {
  it('asserts that foreign keys took effect (PRAGMA foreign_keys is a no-op inside a transaction)', () => {
    const db = new Database(':memory:');
    try {
      db.pragma('foreign_keys = OFF'); // better-sqlite3 builds SQLite with foreign keys on by default
      db.exec('begin');
      expect(() => configureSqlite(db, { file: false })).toThrow(/foreign keys/);
      db.exec('rollback');
      expect(() => configureSqlite(db, { file: false })).not.toThrow();
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('creates the parent folder of the database file and reports migrations only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'closedloop-open-'));
    try {
      const file = join(dir, 'a', 'b', 'closedloop.db');
      const first = await openStore({ sqliteFile: file });
      expect(existsSync(file)).toBe(true);
      expect((first as Store).migrations).toEqual([
        { name: '001-initial', status: 'Success' },
        { name: '002-shares', status: 'Success' },
        { name: '003-actuals', status: 'Success' },
      ]);
      await first.close();
      await first.close(); // idempotent
      const second = await openStore({ sqliteFile: file });
      expect((second as Store).migrations).toEqual([]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs a file or a URL', async () => {
    await expect(openStore({})).rejects.toThrow(/sqliteFile or a databaseUrl/);
  });
});
