/**
 * Server processes as an operator runs them: `closedloop serve` started and
 * killed from the outside. A run survives a crash of its server, and several
 * servers on one PostgreSQL database execute each run exactly once.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../api/store/database.js';
import { type ServeProcess, startServeProcess } from './serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'closedloop-proc-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `closedloop serve` from source and resolves with its base URL once it listens. */
async function serve(env: Record<string, string>, args: string[] = []): Promise<ServeProcess> {
  const server = await startServeProcess(args, { CLOSEDLOOP_STALE_AFTER_MS: '1500', ...env });
  children.push(server.child);
  return server;
}

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, any> });
const call = (url: string, key: string, method: string, body?: unknown) =>
  fetch(url, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).then(json);

async function waitFor<T>(what: string, f: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await f();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const demo = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8'));

const PG = 'postgres://postgres@127.0.0.1:5432/test';
async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
const hasPg = await pgReachable();
if (!hasPg && !process.env.CI) console.warn('SKIPPED: PostgreSQL is not reachable at 127.0.0.1:5432, so the PostgreSQL process tests do not run.');

/** A fresh PostgreSQL database for one test, and how to drop it. */
async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `closedloop_proc_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Kill the server mid-run, start it again on the same database: the run must not stay running. */
async function crashAndRestart(serverEnv: Record<string, string>, serverArgs: string[], storeOptions: { sqliteFile?: string; databaseUrl?: string }) {
  const store = await openStore(storeOptions);
  const tenant = await store.createTenant('crash');
  const { key } = await store.createKey(tenant.id, ['write']);
  await store.close();

  const a = await serve(serverEnv, serverArgs);
  const proposal = await call(`${a.url}/v1/proposals`, key, 'POST', { proposal: demo });
  expect(proposal.status).toBe(201);
  const run = await call(`${a.url}/v1/proposals/${proposal.body.id}/runs`, key, 'POST', { trials: 400_000, seed: 3 });
  expect(run.status).toBe(202);
  await waitFor(
    'the run to start',
    async () => {
      const r = await call(`${a.url}/v1/runs/${run.body.id}`, key, 'GET');
      return r.body.status === 'running' ? r : null;
    },
    30_000,
  );
  a.child.kill('SIGKILL');
  await new Promise((r) => a.child.once('exit', r));

  const b = await serve(serverEnv, serverArgs);
  const finished = await waitFor(
    'the run to finish on the restarted server',
    async () => {
      const r = await call(`${b.url}/v1/runs/${run.body.id}`, key, 'GET');
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r : null;
    },
    120_000,
  );
  expect(finished.body.status).toBe('succeeded');
  b.child.kill('SIGTERM');
  await new Promise((r) => (b.child.exitCode !== null ? r(null) : b.child.once('exit', r)));
}

describe('a run survives a crash of its server', () => {
  it('SQLite: kill the server mid-run, start it again: the run is not left running and completes', async () => {
    const db = join(dir, 'crash.db');
    await crashAndRestart({}, ['--db', db], { sqliteFile: db });
  }, 180_000);

  it.runIf(hasPg || process.env.CI)('PostgreSQL: the same', async () => {
    const { url, drop } = await freshPgDatabase();
    try {
      await crashAndRestart({ DATABASE_URL: url }, [], { databaseUrl: url });
    } finally {
      await drop();
    }
  }, 180_000);
});

describe.runIf(hasPg || process.env.CI)('two servers on one PostgreSQL database', () => {
  it('share one queue: runs submitted through either execute exactly once, on both', async () => {
    const { url, drop } = await freshPgDatabase();
    try {
      const store = await openStore({ databaseUrl: url });
      const tenant = await store.createTenant('pg');
      const { key } = await store.createKey(tenant.id, ['write']);
      const a = await serve({ DATABASE_URL: url });
      const b = await serve({ DATABASE_URL: url });
      const proposal = await call(`${a.url}/v1/proposals`, key, 'POST', { proposal: reference });
      expect(proposal.status).toBe(201);
      const ids: string[] = [];
      for (let k = 0; k < 16; k++) {
        const via = k % 2 ? b.url : a.url;
        const r = await call(`${via}/v1/proposals/${proposal.body.id}/runs`, key, 'POST', { trials: 60_000, seed: k + 1 });
        expect(r.status).toBe(202);
        ids.push(r.body.id as string);
      }
      await waitFor(
        'every run to finish',
        async () => {
          const runs = await Promise.all(ids.map((id) => store.getRun(tenant.id, id)));
          return runs.every((r) => r && r.status === 'succeeded') ? runs : null;
        },
        150_000,
      );
      const executions = (await store.listAudit(tenant.id)).filter((e) => e.action === 'run' && e.actor.startsWith('instance:'));
      for (const id of ids) expect(executions.filter((e) => e.resourceId === id).length).toBe(1);
      expect(new Set(executions.map((e) => e.actor)).size).toBe(2); // both servers took work from the shared queue
      for (const s of [a, b]) s.child.kill('SIGTERM');
      await Promise.all([a, b].map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))));
      await store.close();
    } finally {
      await drop();
    }
  }, 200_000);
});
