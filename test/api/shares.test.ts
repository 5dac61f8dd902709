/**
 * Share links: the store (SQLite and PostgreSQL: tokens stored hashed, resolved
 * with their run in one query, expiry and revocation against `now`, tenant
 * isolation, cascade with the run), the /v1 routes that create, list and revoke
 * links (keys, scopes, tenants), the public routes a link opens (page, data,
 * PDF, XLSX, assets) with their headers, the 404s of unknown, expired and
 * revoked links, that an API key opens nothing there, the audit entry, that
 * tokens never reach the log, and the CLI's `share` command.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { SHARE_CSP, redactShareTokens } from '../../api/routes/page.js';
import { type Executor, startExecutor } from '../../api/runs/executor.js';
import { openStore } from '../../api/store/database.js';
import { ShareTargetError } from '../../api/store/shares.js';
import type { ProposalRecord, RunRecord, Store } from '../../api/store/types.js';
import { run as runCli } from '../cli/run-cli.js';
import { openTestStore, postgresReachable } from './test-store.js';

const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, unknown>;
const DAY_MS = 86_400_000;
const TOKEN = /^sh_[A-Za-z0-9_-]{43}$/;
const SOME_ID = '00000000-0000-4000-8000-000000000000';
/** Well-formed tokens no share has. */
const MADE_UP = 'sh_' + 'A'.repeat(43);

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A proposal and a run in `tenantId`, completed with `report` (no engine: the store is what is tested). */
async function succeededRun(store: Store, tenantId: string, report: unknown = { fake: true }): Promise<{ proposal: ProposalRecord; run: RunRecord }> {
  const proposal = await store.createProposal(tenantId, { body: { customer: 'x' }, crmRef: null, customer: 'Share Co', inputHash: 'h' });
  const run = await store.createRun(tenantId, { proposalId: proposal.id, proposalVersion: 1, trials: 10, seed: 7, sampler: 'lhs' });
  const claimed = await store.claimRun('share-test');
  expect(claimed?.id).toBe(run.id);
  await store.completeRun(run.id, JSON.stringify(report));
  return { proposal, run: (await store.getRun(tenantId, run.id))! };
}

// ---------------------------------------------------------------------------
// The store, on SQLite and on PostgreSQL

const backends: ('sqlite' | 'postgres')[] = ['sqlite'];
if ((await postgresReachable()) || process.env.CI) backends.push('postgres');
else console.warn('SKIPPED: PostgreSQL is not reachable at 127.0.0.1:5432, so the share store tests run on SQLite only.');

for (const backend of backends) {
  describe(`share store (${backend})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let a: string;
    let b: string;

    beforeAll(async () => {
      const before = process.env.CLOSEDLOOP_TEST_BACKEND;
      process.env.CLOSEDLOOP_TEST_BACKEND = backend;
      try {
        ({ store, cleanup } = await openTestStore());
      } finally {
        if (before === undefined) delete process.env.CLOSEDLOOP_TEST_BACKEND;
        else process.env.CLOSEDLOOP_TEST_BACKEND = before;
      }
      expect(store.dialect).toBe(backend);
      a = (await store.createTenant('share-a')).id;
      b = (await store.createTenant('share-b')).id;
    });

    afterAll(async () => {
      await cleanup?.();
    });

    it('applies the 002-shares migration', async () => {
      expect((store as Store).migrations.map((m) => m.name)).toEqual(['001-initial', '002-shares', '003-actuals']);
      const tables = (await (store as Store).db.introspection.getTables()).map((t) => t.name);
      expect(tables).toContain('shares');
    });

    it('creates a link to a succeeded run: a 256-bit token shown once, stored as its SHA-256', async () => {
      const { run } = await succeededRun(store, a);
      const expiresAt = inDays(30);
      const { token, record } = await store.createShare(a, run.id, expiresAt);
      expect(token).toMatch(TOKEN);
      expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(32);
      expect(record).toMatchObject({ tenantId: a, runId: run.id, revokedAt: null });
      expect(Date.parse(record.expiresAt)).toBe(Date.parse(expiresAt));
      expect(record.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

      const rows = await (store as Store).db.selectFrom('shares').selectAll().where('id', '=', record.id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toBe(sha256(token));
      expect(JSON.stringify(rows)).not.toContain(token.slice(3));

      // Two links to one run have different tokens.
      const again = await store.createShare(a, run.id, expiresAt);
      expect(again.token).not.toBe(token);
      expect(again.record.id).not.toBe(record.id);
    });

    it('refuses a run that did not succeed, is unknown, or is another tenant’s', async () => {
      const { run } = await succeededRun(store, a);
      const proposal = await store.createProposal(a, { body: {}, crmRef: null, customer: 'Q', inputHash: 'h' });
      const queued = await store.createRun(a, { proposalId: proposal.id, proposalVersion: 1, trials: 10, seed: 1, sampler: 'lhs' });
      await expect(store.createShare(a, queued.id, inDays(1))).rejects.toBeInstanceOf(ShareTargetError);
      await store.cancelRun(a, queued.id);
      await expect(store.createShare(a, queued.id, inDays(1))).rejects.toBeInstanceOf(ShareTargetError);
      await expect(store.createShare(a, SOME_ID, inDays(1))).rejects.toBeInstanceOf(ShareTargetError);
      await expect(store.createShare(b, run.id, inDays(1))).rejects.toBeInstanceOf(ShareTargetError);
      await expect(store.createShare(a, run.id, 'not a date')).rejects.toThrow(RangeError);
      expect(await store.listShares(a, queued.id)).toEqual([]);
      expect(await store.listShares(b, run.id)).toEqual([]);
    });

    it('resolves a valid token to its share and its run; anything else to null', async () => {
      const { run } = await succeededRun(store, a, { which: 'A' });
      const { token, record } = await store.createShare(a, run.id, inDays(30));
      const now = new Date().toISOString();
      const found = await store.resolveShare(token, now);
      expect(found).toEqual({ share: record, run });

      expect(await store.resolveShare(MADE_UP, now)).toBeNull();
      expect(await store.resolveShare(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), now)).toBeNull();
      expect(await store.resolveShare(token.slice(3), now)).toBeNull();
      expect(await store.resolveShare('', now)).toBeNull();
      expect(await store.resolveShare(`${token}x`, now)).toBeNull();
      // An API key opens nothing: it is not a share token.
      const { key } = await store.createKey(a, ['admin']);
      expect(await store.resolveShare(key, now)).toBeNull();
      // The token's hash is not the token.
      expect(await store.resolveShare(sha256(token), now)).toBeNull();
    });

    it('checks expiry against `now`: a link stops opening at its expiresAt', async () => {
      const { run } = await succeededRun(store, a);
      const expiresAt = '2031-06-01T12:00:00.000Z';
      const { token } = await store.createShare(a, run.id, expiresAt);
      expect(await store.resolveShare(token, '2031-06-01T11:59:59.999Z')).not.toBeNull();
      expect(await store.resolveShare(token, '2031-06-01T12:00:00.000Z')).toBeNull();
      expect(await store.resolveShare(token, '2031-06-01T12:00:00.001Z')).toBeNull();
      // Created already expired (through the store: the API asks for 1–365 days).
      const past = await store.createShare(a, run.id, new Date(Date.now() - 60_000).toISOString());
      expect(await store.resolveShare(past.token, new Date().toISOString())).toBeNull();
    });

    it('revokes a link of the tenant only, once', async () => {
      const { run } = await succeededRun(store, a);
      const { token, record } = await store.createShare(a, run.id, inDays(30));
      expect(await store.revokeShare(b, record.id)).toBe(false);
      expect(await store.resolveShare(token, new Date().toISOString())).not.toBeNull();
      expect(await store.revokeShare(a, SOME_ID)).toBe(false);
      expect(await store.revokeShare(a, record.id)).toBe(true);
      expect(await store.revokeShare(a, record.id)).toBe(false);
      expect(await store.resolveShare(token, new Date().toISOString())).toBeNull();
      const [listed] = await store.listShares(a, run.id);
      expect(listed.id).toBe(record.id);
      expect(listed.revokedAt).not.toBeNull();
    });

    it("lists a run's links newest first, for its tenant only", async () => {
      const { run } = await succeededRun(store, a);
      const first = await store.createShare(a, run.id, inDays(1));
      const second = await store.createShare(a, run.id, inDays(2));
      const third = await store.createShare(a, run.id, new Date(Date.now() - 1000).toISOString());
      await store.revokeShare(a, second.record.id);
      const listed = await store.listShares(a, run.id);
      expect(listed.map((s) => s.id)).toEqual([third.record.id, second.record.id, first.record.id]);
      expect(listed[2]).toEqual(first.record);
      expect(JSON.stringify(listed)).not.toMatch(/sh_/);
      expect(await store.listShares(b, run.id)).toEqual([]);
      expect(await store.listShares(a, SOME_ID)).toEqual([]);
    });

    it('goes with its run: deleting the proposal deletes the links', async () => {
      const { proposal, run } = await succeededRun(store, a);
      const { token } = await store.createShare(a, run.id, inDays(30));
      expect(await store.deleteProposal(a, proposal.id)).toBe(true);
      expect(await store.resolveShare(token, new Date().toISOString())).toBeNull();
      const left = await (store as Store).db.selectFrom('shares').select('id').where('run_id', '=', run.id).execute();
      expect(left).toEqual([]);
    });
  });
}

// ---------------------------------------------------------------------------
// The HTTP routes (SQLite in memory, a real executor, a tiny built web app)

const INDEX_HTML =
  '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>closedloop</title>' +
  '<script type="module" crossorigin src="/assets/app.js"></script><link rel="stylesheet" href="/assets/app.css"></head>' +
  '<body><div id="app"></div></body></html>\n';

let store: Store;
let executor: Executor;
let app: FastifyInstance;
let webRoot: string;
let outside: string;
const logLines: string[] = [];
const A = { tenantId: '', write: {} as Record<string, string>, read: {} as Record<string, string>, writeKey: '', runId: '' };
const B = { tenantId: '', write: {} as Record<string, string>, runId: '' };

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ type: `https://closedloop.dev/errors/${code}`, status, code });
}

function expectShareHeaders(res: LightMyRequestResponse) {
  expect(res.headers['content-security-policy']).toBe(SHARE_CSP);
  expect(res.headers['cache-control']).toBe('private, no-store');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

function expectLinkNotFoundPage(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(404);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expectShareHeaders(res);
  expect(res.body).toContain('This link has expired or does not exist — ');
  expect(res.body).toContain('此链接已失效或不存在');
  expect(res.body).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
}

async function createShare(runId: string, payload?: unknown) {
  const res = await app.inject({ method: 'POST', url: `/v1/runs/${runId}/shares`, headers: A.write, ...(payload === undefined ? {} : { payload: payload as object }) });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json() as { id: string; url: string; expiresAt: string };
  return { ...body, token: body.url.slice('/r/'.length) };
}

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'closedloop-web-'));
  mkdirSync(join(webRoot, 'assets', 'sub'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), INDEX_HTML);
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("closedloop");\n');
  writeFileSync(join(webRoot, 'assets', 'app.css'), 'body { margin: 0; }\n');
  writeFileSync(join(webRoot, 'assets', 'app.js.map'), '{"version":3}\n');
  writeFileSync(join(webRoot, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  writeFileSync(join(webRoot, 'assets', 'noto-sans-sc-400.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32, 1, 2, 3]));
  writeFileSync(join(webRoot, 'assets', 'sub', 'nested.js'), 'export {};\n');
  writeFileSync(join(webRoot, 'assets', '.secret.js'), 'hidden\n');
  writeFileSync(join(webRoot, 'assets', 'notes.txt'), 'not an asset type\n');
  outside = mkdtempSync(join(tmpdir(), 'closedloop-outside-'));
  writeFileSync(join(outside, 'secret.js'), 'OUTSIDE_SECRET\n');
  symlinkSync(join(outside, 'secret.js'), join(webRoot, 'assets', 'escape.js'));

  store = await openStore({ sqliteFile: ':memory:' });
  const a = await store.createTenant('tenant-a');
  const b = await store.createTenant('tenant-b');
  A.tenantId = a.id;
  B.tenantId = b.id;
  A.writeKey = (await store.createKey(a.id, ['write'])).key;
  A.write = bearer(A.writeKey);
  A.read = bearer((await store.createKey(a.id, ['read'])).key);
  B.write = bearer((await store.createKey(b.id, ['admin'])).key);

  executor = await startExecutor({ store, instanceId: 'shares-test', concurrency: 2, pollMs: 50 });
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildApp({ store, executor, webRoot, limits: { rateLimit: 100_000 }, logger: { level: 'info', stream: logStream } });

  // A succeeded run of the reference model in each tenant.
  for (const [who, headers] of [
    [A, A.write],
    [B, B.write],
  ] as const) {
    const proposal = await app.inject({ method: 'POST', url: '/v1/proposals', headers, payload: { proposal: reference } });
    expect(proposal.statusCode, proposal.body).toBe(201);
    const queued = await app.inject({ method: 'POST', url: `/v1/proposals/${proposal.json().id}/runs`, headers, payload: { trials: 2000, seed: who === A ? 11 : 22 } });
    expect(queued.statusCode, queued.body).toBe(202);
    who.runId = queued.json().id;
  }
  const deadline = Date.now() + 120_000;
  for (;;) {
    const runs = [await store.getRun(A.tenantId, A.runId), await store.getRun(B.tenantId, B.runId)];
    if (runs.every((r) => r?.status === 'succeeded')) break;
    if (runs.some((r) => r && ['failed', 'cancelled'].includes(r.status))) throw new Error(`a run did not succeed: ${JSON.stringify(runs)}`);
    if (Date.now() > deadline) throw new Error('timed out waiting for the runs');
    await sleep(50);
  }
});

afterAll(async () => {
  await app?.close();
  await executor?.stop(2000);
  await store?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  if (outside) rmSync(outside, { recursive: true, force: true });
});

describe('POST /v1/runs/{id}/shares', () => {
  it('creates a link (default 30 days) shown once, and audits it', async () => {
    const before = Date.now();
    const res = await app.inject({ method: 'POST', url: `/v1/runs/${A.runId}/shares`, headers: A.write });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'id', 'url']);
    expect(body.url).toMatch(/^\/r\/sh_[A-Za-z0-9_-]{43}$/);
    const expires = Date.parse(body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY_MS - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS + 1000);
    expect(await store.listAudit(A.tenantId)).toContainEqual(expect.objectContaining({ action: 'share', resource: 'share', resourceId: body.id }));
  });

  it('takes expiresInDays from 1 to 365', async () => {
    const week = await createShare(A.runId, { expiresInDays: 7 });
    expect(Math.abs(Date.parse(week.expiresAt) - (Date.now() + 7 * DAY_MS))).toBeLessThan(5000);
    const year = await createShare(A.runId, { expiresInDays: 365 });
    expect(Math.abs(Date.parse(year.expiresAt) - (Date.now() + 365 * DAY_MS))).toBeLessThan(5000);
    await createShare(A.runId, {});
    for (const payload of [{ expiresInDays: 0 }, { expiresInDays: 366 }, { expiresInDays: 1.5 }, { expiresInDays: '7' }, { expiresInDays: null }, { days: 7 }]) {
      expectProblem(await app.inject({ method: 'POST', url: `/v1/runs/${A.runId}/shares`, headers: A.write, payload }), 400, 'INVALID_REQUEST');
    }
  });

  it('answers 404 for an unknown run and 409 for a run that did not succeed', async () => {
    expectProblem(await app.inject({ method: 'POST', url: `/v1/runs/${SOME_ID}/shares`, headers: A.write }), 404, 'NOT_FOUND');
    const proposal = await app.inject({ method: 'POST', url: '/v1/proposals', headers: A.write, payload: { proposal: reference } });
    const queued = await app.inject({ method: 'POST', url: `/v1/proposals/${proposal.json().id}/runs`, headers: A.write, payload: { trials: 1_000_000 } });
    const runId = queued.json().id as string;
    await store.cancelRun(A.tenantId, runId);
    expect((await store.getRun(A.tenantId, runId))!.status).toBe('cancelled');
    expectProblem(await app.inject({ method: 'POST', url: `/v1/runs/${runId}/shares`, headers: A.write }), 409, 'NOT_FINISHED');
    expect(await store.listShares(A.tenantId, runId)).toEqual([]);
  });
});

describe('keys, scopes and tenants on the /v1 share routes', () => {
  it('answers 401 without a key and 403 with a read-only key for writes', async () => {
    const share = await createShare(A.runId);
    expectProblem(await app.inject({ method: 'POST', url: `/v1/runs/${A.runId}/shares` }), 401, 'UNAUTHORIZED');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/runs/${A.runId}/shares` }), 401, 'UNAUTHORIZED');
    expectProblem(await app.inject({ method: 'DELETE', url: `/v1/shares/${share.id}` }), 401, 'UNAUTHORIZED');
    // A share token is not an API key.
    expectProblem(await app.inject({ method: 'GET', url: `/v1/runs/${A.runId}/shares`, headers: bearer(share.token) }), 401, 'UNAUTHORIZED');
    expectProblem(await app.inject({ method: 'POST', url: `/v1/runs/${A.runId}/shares`, headers: A.read }), 403, 'FORBIDDEN');
    expectProblem(await app.inject({ method: 'DELETE', url: `/v1/shares/${share.id}`, headers: A.read }), 403, 'FORBIDDEN');
    expect((await app.inject({ method: 'GET', url: `/v1/runs/${A.runId}/shares`, headers: A.read })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/r/${share.token}/data` })).statusCode).toBe(200);
  });

  it("does not let tenant B create, list or revoke tenant A's links", async () => {
    const share = await createShare(A.runId);
    const auditB = (await store.listAudit(B.tenantId)).length;
    expectProblem(await app.inject({ method: 'POST', url: `/v1/runs/${A.runId}/shares`, headers: B.write }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/runs/${A.runId}/shares`, headers: B.write }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'DELETE', url: `/v1/shares/${share.id}`, headers: B.write }), 404, 'NOT_FOUND');
    expect((await store.listShares(A.tenantId, A.runId)).find((s) => s.id === share.id)?.revokedAt).toBeNull();
    expect((await app.inject({ method: 'GET', url: `/r/${share.token}/data` })).statusCode).toBe(200);
    expect(await store.listAudit(B.tenantId)).toHaveLength(auditB);
  });
});

describe('GET /v1/runs/{id}/shares and DELETE /v1/shares/{id}', () => {
  it('lists the links of a run without their tokens, with their status', async () => {
    const active = await createShare(A.runId);
    const revoked = await createShare(A.runId);
    expect((await app.inject({ method: 'DELETE', url: `/v1/shares/${revoked.id}`, headers: A.write })).statusCode).toBe(204);
    const expired = await store.createShare(A.tenantId, A.runId, new Date(Date.now() - DAY_MS).toISOString());

    const res = await app.inject({ method: 'GET', url: `/v1/runs/${A.runId}/shares`, headers: A.read });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('sh_');
    for (const token of [active.token, revoked.token, expired.token]) expect(res.body).not.toContain(token);
    const items = res.json().items as { id: string; status: string; runId: string; revokedAt: string | null }[];
    expect(items[0]).toMatchObject({ id: expired.record.id, status: 'expired', runId: A.runId, revokedAt: null });
    expect(items.find((s) => s.id === revoked.id)).toMatchObject({ status: 'revoked' });
    expect(items.find((s) => s.id === active.id)).toMatchObject({ status: 'active', revokedAt: null });
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'revokedAt', 'runId', 'status']);
    expectProblem(await app.inject({ method: 'GET', url: `/v1/runs/${SOME_ID}/shares`, headers: A.read }), 404, 'NOT_FOUND');
  });

  it('revokes a link at once (204, audited); unknown or already revoked links are 404', async () => {
    const share = await createShare(A.runId);
    expect((await app.inject({ method: 'GET', url: share.url })).statusCode).toBe(200);
    const res = await app.inject({ method: 'DELETE', url: `/v1/shares/${share.id}`, headers: A.write });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await store.listAudit(A.tenantId)).toContainEqual(expect.objectContaining({ action: 'delete', resource: 'share', resourceId: share.id }));
    expectLinkNotFoundPage(await app.inject({ method: 'GET', url: share.url }));
    expectProblem(await app.inject({ method: 'DELETE', url: `/v1/shares/${share.id}`, headers: A.write }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'DELETE', url: `/v1/shares/${SOME_ID}`, headers: A.write }), 404, 'NOT_FOUND');
  });
});

describe('GET /r/{token}: the page', () => {
  it('serves the web app with the CSP and no-store headers, and audits the opening', async () => {
    const share = await createShare(A.runId);
    const res = await app.inject({ method: 'GET', url: share.url });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expectShareHeaders(res);
    expect(res.body).toBe(INDEX_HTML);
    // Scripts only by URL (the CSP allows no inline script).
    const scripts = res.body.match(/<script\b[^>]*>/gi) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\ssrc="\/assets\//);
    expect(res.body).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/i);

    const audit = await store.listAudit(A.tenantId);
    expect(audit).toContainEqual(expect.objectContaining({ tenantId: A.tenantId, actor: `share:${share.id}`, action: 'open', resource: 'share', resourceId: share.id }));
  });

  it('answers 404 with a small bilingual page for made-up, expired and revoked links', async () => {
    const expired = await store.createShare(A.tenantId, A.runId, new Date(Date.now() - 1000).toISOString());
    const revoked = await createShare(A.runId);
    await app.inject({ method: 'DELETE', url: `/v1/shares/${revoked.id}`, headers: A.write });
    const auditBefore = (await store.listAudit(A.tenantId)).length;
    for (const token of [MADE_UP, 'nope', 'x'.repeat(5000), expired.token, revoked.token, encodeURIComponent('sh_<script>')]) {
      expectLinkNotFoundPage(await app.inject({ method: 'GET', url: `/r/${token}` }));
    }
    expect(await store.listAudit(A.tenantId)).toHaveLength(auditBefore);
  });

  it('is opened by the token alone: an API key, in a header or in the URL, opens nothing', async () => {
    for (const headers of [A.write, B.write, { 'x-api-key': A.writeKey }]) {
      expectLinkNotFoundPage(await app.inject({ method: 'GET', url: `/r/${MADE_UP}`, headers }));
      expectProblem(await app.inject({ method: 'GET', url: `/r/${MADE_UP}/data`, headers }), 404, 'NOT_FOUND');
    }
    expectLinkNotFoundPage(await app.inject({ method: 'GET', url: `/r/${A.writeKey}` }));
    expectProblem(await app.inject({ method: 'GET', url: `/r/${A.writeKey}/data` }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/r/${A.writeKey}/report.pdf` }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/r/${MADE_UP}/data?key=${A.writeKey}` }), 404, 'NOT_FOUND');
  });

  it('answers 503 with a short page when the web app has not been built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'closedloop-noweb-'));
    const other = await buildApp({ store, webRoot: join(empty, 'dist') });
    try {
      const share = await createShare(A.runId);
      const res = await other.inject({ method: 'GET', url: share.url });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expectShareHeaders(res);
      expect(res.body).not.toMatch(/<script/i);
      expect(res.body).not.toContain(empty);
      // The data still opens: only the page needs the build.
      expect((await other.inject({ method: 'GET', url: `${share.url}/data` })).statusCode).toBe(200);
      expectLinkNotFoundPage(await other.inject({ method: 'GET', url: `/r/${MADE_UP}` }));
    } finally {
      await other.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('GET /r/{token}/data, report.pdf, report.xlsx', () => {
  it("answers the run and its Report; a token for run A reads run A, never run B", async () => {
    const shareA = await createShare(A.runId);
    const resB = await app.inject({ method: 'POST', url: `/v1/runs/${B.runId}/shares`, headers: B.write });
    expect(resB.statusCode).toBe(201);
    const shareB = resB.json() as { url: string };

    const res = await app.inject({ method: 'GET', url: `${shareA.url}/data` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expectShareHeaders(res);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['report', 'run']);
    const runA = (await store.getRun(A.tenantId, A.runId))!;
    expect(body.run).toEqual({ id: A.runId, createdAt: runA.createdAt, trials: 2000, seed: 11 });
    const reportA = await app.inject({ method: 'GET', url: `/v1/runs/${A.runId}/report`, headers: A.read });
    expect(body.report).toEqual(reportA.json());
    expect(body.report.run.trials).toBe(2000);

    const dataB = (await app.inject({ method: 'GET', url: `${shareB.url}/data` })).json();
    expect(dataB.run.id).toBe(B.runId);
    expect(dataB.run.seed).toBe(22);
    expect(dataB.report).not.toEqual(body.report);
  });

  it('answers the PDF and the workbook as attachments, in the language asked for or the currency’s', async () => {
    const share = await createShare(A.runId);
    const pdf = await app.inject({ method: 'GET', url: `${share.url}/report.pdf` });
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expectShareHeaders(pdf);
    // The reference model is in CNY: Chinese by default.
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="closedloop-${A.runId}-zh-CN.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfEn = await app.inject({ method: 'GET', url: `${share.url}/report.pdf?lang=en` });
    expect(pdfEn.statusCode).toBe(200);
    expect(pdfEn.headers['content-disposition']).toBe(`attachment; filename="closedloop-${A.runId}-en.pdf"`);

    const xlsx = await app.inject({ method: 'GET', url: `${share.url}/report.xlsx?lang=en` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="closedloop-${A.runId}-en.xlsx"`);
    expectShareHeaders(xlsx);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as never);
    expect(workbook.worksheets.length).toBeGreaterThan(0);

    expectProblem(await app.inject({ method: 'GET', url: `${share.url}/report.pdf?lang=fr` }), 400, 'INVALID_REQUEST');
    expectProblem(await app.inject({ method: 'GET', url: `${share.url}/report.xlsx?lang=en&format=json` }), 400, 'INVALID_REQUEST');
  });

  it('answers 404 problem+json (no-store) for made-up, expired and revoked links', async () => {
    const expired = await store.createShare(A.tenantId, A.runId, new Date(Date.now() - 1000).toISOString());
    const revoked = await createShare(A.runId);
    expect((await app.inject({ method: 'GET', url: `${revoked.url}/data` })).statusCode).toBe(200);
    await app.inject({ method: 'DELETE', url: `/v1/shares/${revoked.id}`, headers: A.write });
    for (const token of [MADE_UP, 'nope', expired.token, revoked.token]) {
      for (const file of ['data', 'report.pdf', 'report.xlsx']) {
        const res = await app.inject({ method: 'GET', url: `/r/${token}/${file}` });
        expectProblem(res, 404, 'NOT_FOUND');
        expect(res.headers['cache-control']).toBe('private, no-store');
        expect(res.body).not.toContain(token);
      }
    }
  });
});

describe('GET /assets/*', () => {
  it('serves the built assets with their content type, long caching and the CSP', async () => {
    const cases: [string, RegExp][] = [
      ['app.js', /^text\/javascript/],
      ['app.css', /^text\/css/],
      ['app.js.map', /^application\/json/],
      ['logo.svg', /^image\/svg\+xml/],
      ['noto-sans-sc-400.woff2', /^font\/woff2$/],
      ['sub/nested.js', /^text\/javascript/],
    ];
    for (const [name, type] of cases) {
      const res = await app.inject({ method: 'GET', url: `/assets/${name}` });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type'], name).toMatch(type);
      expect(res.headers['cache-control'], name).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-security-policy'], name).toBe(SHARE_CSP);
      expect(res.headers['x-content-type-options'], name).toBe('nosniff');
      expect(res.rawPayload.equals(readFileSync(join(webRoot, 'assets', name))), name).toBe(true);
    }
  });

  it('rejects path traversal (plain and encoded), directories, dot-files, symlinks out and other types', async () => {
    const pkg = readFileSync('package.json', 'utf8');
    const urls = [
      '/assets/../../package.json',
      '/assets/../index.html',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/%252e%252e%252fpackage.json',
      '/assets/sub/../../index.html',
      '/assets/..\\..\\package.json',
      '/assets/%5c..%5c..%5cpackage.json',
      `/assets/${encodeURIComponent(join(process.cwd(), 'package.json'))}`,
      '/assets//etc/passwd',
      '/assets/',
      '/assets/sub',
      '/assets/sub/',
      '/assets/.secret.js',
      '/assets/notes.txt',
      '/assets/escape.js',
      '/assets/app.js%00.css',
      '/assets',
    ];
    for (const url of urls) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('"name": "closedloop"');
      expect(res.body, url).not.toContain(pkg.slice(0, 60));
      expect(res.body, url).not.toContain('OUTSIDE_SECRET');
      expect(res.body, url).not.toContain('hidden');
      expect(res.body, url).not.toContain('<!doctype html>');
    }
  });

  it('rejects traversal sent raw over a socket (no client-side URL normalisation)', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end();
      });
    expect((await get('/assets/app.js')).status).toBe(200);
    for (const path of ['/assets/../../package.json', '/assets/../index.html', '/assets/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/assets/sub/../../../package.json']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('"name": "closedloop"');
      expect(res.body, path).not.toContain('<!doctype html>');
    }
  });
});

describe('logs', () => {
  it('never contain a share token', async () => {
    const share = await createShare(A.runId);
    const from = logLines.length;
    await app.inject({ method: 'GET', url: share.url });
    await app.inject({ method: 'GET', url: `${share.url}/data` });
    await app.inject({ method: 'GET', url: `${share.url}/report.xlsx?lang=en` });
    await app.inject({ method: 'GET', url: `${share.url}/nowhere` });
    await app.inject({ method: 'GET', url: `/r/${MADE_UP}/data` });
    await app.inject({ method: 'GET', url: `//r/${share.token}` });
    await app.inject({ method: 'GET', url: `/%72/${share.token}` });
    const text = logLines.slice(from).join('');
    // The log was captured: the requests are there, with their paths redacted.
    expect(text).toContain('"url":"/r/[token]"');
    expect(text).toContain('"url":"/r/[token]/data"');
    expect(text).toContain('"url":"/r/[token]/report.xlsx?lang=en"');
    expect(text).not.toContain(share.token);
    expect(text).not.toContain(share.token.slice(3));
    expect(text).not.toContain(MADE_UP);
  });

  it('redacts tokens from logged URLs', () => {
    expect(redactShareTokens('/r/sh_abcdef0123456789/data?lang=en')).toBe('/r/[token]/data?lang=en');
    expect(redactShareTokens('/r/anything')).toBe('/r/[token]');
    expect(redactShareTokens('//r/x/y')).toBe('//r/[token]/y');
    expect(redactShareTokens('/%72/x')).toBe('/%72/[token]');
    expect(redactShareTokens('/v1/runs/abc?t=sh_abcdef0123456789')).toBe('/v1/runs/abc?t=sh_[token]');
    expect(redactShareTokens('/v1/runs/abc')).toBe('/v1/runs/abc');
    expect(redactShareTokens('/assets/app.js')).toBe('/assets/app.js');
  });
});

describe('the route table', () => {
  it('declares the /v1 share routes with scopes and the link routes as public', () => {
    const scopeOf = (method: string, url: string) => app.routeList.find((r) => r.method === method && r.url === url)?.scope;
    expect(scopeOf('POST', '/v1/runs/:id/shares')).toBe('write');
    expect(scopeOf('GET', '/v1/runs/:id/shares')).toBe('read');
    expect(scopeOf('DELETE', '/v1/shares/:id')).toBe('write');
    for (const url of ['/r/:token', '/r/:token/data', '/r/:token/report.pdf', '/r/:token/report.xlsx', '/assets/*']) expect(scopeOf('GET', url), url).toBeNull();
  });
});

describe('closedloop share', () => {
  let dir: string;
  let db: string;
  let runId: string;
  let queuedId: string;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    dir = mkdtempSync(join(tmpdir(), 'closedloop-share-cli-'));
    db = join(dir, 'closedloop.db');
    const fileStore = await openStore({ sqliteFile: db });
    try {
      const tenant = await fileStore.createTenant('cli-tenant');
      runId = (await succeededRun(fileStore, tenant.id)).run.id;
      const proposal = await fileStore.createProposal(tenant.id, { body: {}, crmRef: null, customer: 'Q', inputHash: 'h' });
      queuedId = (await fileStore.createRun(tenant.id, { proposalId: proposal.id, proposalVersion: 1, trials: 10, seed: 1, sampler: 'lhs' })).id;
    } finally {
      await fileStore.close();
    }
  });

  afterAll(() => {
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the link alone on stdout; the link opens the run for its tenant', async () => {
    const r = await runCli('share', runId, '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\/r\/sh_[A-Za-z0-9_-]{43}\n$/);
    const token = r.stdout.trim().slice(3);
    const r7 = await runCli('share', runId, '--expires', '7d', '--db', db);
    expect(r7.code, r7.stderr).toBe(0);
    const token7 = r7.stdout.trim().slice(3);

    const fileStore = await openStore({ sqliteFile: db });
    try {
      const found = await fileStore.resolveShare(token, new Date().toISOString());
      expect(found?.run.id).toBe(runId);
      expect(Math.abs(Date.parse(found!.share.expiresAt) - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
      const found7 = await fileStore.resolveShare(token7, new Date().toISOString());
      expect(Math.abs(Date.parse(found7!.share.expiresAt) - (Date.now() + 7 * DAY_MS))).toBeLessThan(60_000);
      expect(await fileStore.listAudit(found!.share.tenantId)).toContainEqual(
        expect.objectContaining({ actor: 'cli', action: 'share', resource: 'share', resourceId: found!.share.id }),
      );
    } finally {
      await fileStore.close();
    }
  });

  it('exits 2 for a bad --expires, an unknown run or a run that did not succeed', async () => {
    for (const expires of ['0d', '366d', '30', '1w', '-1d', '7.5d', 'd', '1000d']) {
      const r = await runCli('share', runId, '--expires', expires, '--db', db);
      expect(r.code, expires).toBe(2);
      expect(r.stdout, expires).toBe('');
    }
    const unknown = await runCli('share', SOME_ID, '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain(SOME_ID);
    const queued = await runCli('share', queuedId, '--db', db);
    expect(queued.code).toBe(2);
    expect(queued.stdout).toBe('');
    expect(queued.stderr).toMatch(/queued/);
  });
});
