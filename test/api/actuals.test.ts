/**
 * Actuals over the HTTP API (docs/api.md, docs/tracking.md): uploads as CSV or
 * JSON, versioned with If-Match like proposals, tenant-scoped and audited; a
 * bad upload answers 400 INVALID_ACTUALS with the CLI parser's own problems
 * (row and column) and leaves the stored actuals byte-identical; tracking runs
 * executed on the worker threads give the `tracking` block `closedloop track`
 * gives for the same proposal, actuals, seed and trials, byte for byte; the
 * proposal's tracking and the CRM's scores show it. Runs against SQLite here
 * and against PostgreSQL in actuals.pg.test.ts.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { type Executor, startExecutor } from '../../api/runs/executor.js';
import type { RunRecord, Store } from '../../api/store/types.js';
import { ClosedloopError } from '../../engine/errors.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { parseActuals } from '../../scenarios/actuals.js';
import { run as runCli } from '../cli/run-cli.js';
import { openTestStore } from './test-store.js';

const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, unknown>;
const ACTUALS_CSV = readFileSync('fixtures/reference-actuals.csv', 'utf8');
const normalized = normalizeProposal(reference);

let store: Store;
let cleanup: () => Promise<void>;
let executor: Executor;
let app: FastifyInstance;
const A = { tenantId: '', keyId: '', write: {} as Record<string, string>, read: {} as Record<string, string> };
const B = { tenantId: '', admin: {} as Record<string, string> };

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ type: `https://closedloop.dev/errors/${code}`, status, code });
  return body;
}

/** The CLI parser's problems for the same text (what `closedloop track --actuals actuals.csv` reports with exit 2). */
function cliProblems(text: string, source: 'actuals.csv' | 'actuals.json', asOfMonth?: number) {
  try {
    parseActuals(text, normalized, { source, asOfMonth });
  } catch (e) {
    expect(e).toBeInstanceOf(ClosedloopError);
    expect((e as ClosedloopError).code).toBe('INVALID_ACTUALS');
    return (e as ClosedloopError).problems;
  }
  throw new Error('the CLI parser accepted the actuals');
}

async function createProposal(crmRef?: string): Promise<{ id: string; etag: string }> {
  const res = await app.inject({ method: 'POST', url: '/v1/proposals', headers: A.write, payload: { proposal: reference, ...(crmRef ? { crmRef } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, etag: res.headers.etag as string };
}

function putCsv(id: string, text: string, headers: Record<string, string> = {}, query = '') {
  return app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals${query}`, headers: { ...A.write, 'content-type': 'text/csv', ...headers }, payload: text });
}

/** Every actuals row and audit entry of the database: what a refused upload must leave as it was. */
async function snapshot(): Promise<string> {
  const actuals = (await sql.raw('select * from actuals order by tenant_id, proposal_id, version').execute(store.db)).rows;
  const audit = (await sql.raw('select * from audit order by id').execute(store.db)).rows;
  return JSON.stringify({ actuals, audit });
}

async function waitForRun(id: string, ms = 180_000): Promise<RunRecord> {
  const deadline = Date.now() + ms;
  for (;;) {
    const run = await store.getRun(A.tenantId, id);
    if (run && ['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`timed out waiting for run ${id}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore());
  const a = await store.createTenant('tracked-a');
  const b = await store.createTenant('tracked-b');
  A.tenantId = a.id;
  B.tenantId = b.id;
  const w = await store.createKey(a.id, ['write']);
  A.keyId = w.record.id;
  A.write = bearer(w.key);
  A.read = bearer((await store.createKey(a.id, ['read'])).key);
  B.admin = bearer((await store.createKey(b.id, ['admin'])).key);
  executor = await startExecutor({ store, instanceId: 'actuals-test', concurrency: 2, pollMs: 50 });
  app = await buildApp({ store, executor, limits: { rateLimit: 100_000 } });
});

afterAll(async () => {
  await app?.close();
  await executor?.stop(2000);
  await cleanup?.();
});

describe('PUT and GET /v1/proposals/{id}/actuals', () => {
  it('stores CSV and JSON uploads as versions with ETags, lists them and serves each file as stored', async () => {
    const { id } = await createProposal();
    const first = await putCsv(id, ACTUALS_CSV);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers.etag).toBe(`"${id}:actuals:1"`);
    expect(first.headers.location).toBe(`/v1/proposals/${id}/actuals/1`);
    expect(first.json()).toMatchObject({ proposalId: id, version: 1, proposalVersion: 1, format: 'csv', rows: 15, asOfMonth: 3 });

    // Later versions need If-Match with the current actuals ETag, as proposals do.
    const rows = [{ scenario: 'reference', month: 2, measure: 'adoption', value: 0.06 }];
    expectProblem(await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: A.write, payload: rows }), 428, 'PRECONDITION_REQUIRED');
    expectProblem(await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...A.write, 'if-match': `"${id}:actuals:7"` }, payload: rows }), 412, 'PRECONDITION_FAILED');
    // The proposal's own ETag is not the actuals'.
    expectProblem(await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...A.write, 'if-match': `"${id}:1"` }, payload: rows }), 412, 'PRECONDITION_FAILED');
    const second = await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals?asOfMonth=4`, headers: { ...A.write, 'if-match': first.headers.etag as string }, payload: { actuals: rows } });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ version: 2, format: 'json', rows: 1, asOfMonth: 4 });
    expect(second.headers.etag).toBe(`"${id}:actuals:2"`);

    const list = await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals`, headers: A.read });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(list.json().items[1]).toEqual(first.json());

    const one = await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/1`, headers: A.read });
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(one.headers.etag).toBe(`"${id}:actuals:1"`);
    expect(one.body).toBe(ACTUALS_CSV);
    const latest = await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/latest`, headers: A.read });
    expect(latest.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(latest.headers.etag).toBe(`"${id}:actuals:2"`);
    expect(latest.json()).toEqual({ actuals: rows });

    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/3`, headers: A.read }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/0`, headers: A.read }), 400, 'INVALID_REQUEST');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/x`, headers: A.read }), 400, 'INVALID_REQUEST');
    const empty = await createProposal();
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${empty.id}/actuals/latest`, headers: A.read }), 404, 'NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: `/v1/proposals/${empty.id}/actuals`, headers: A.read })).json()).toEqual({ items: [] });
    // The first upload has nothing to match.
    expectProblem(await putCsv(empty.id, ACTUALS_CSV, { 'if-match': `"${empty.id}:actuals:1"` }), 412, 'PRECONDITION_FAILED');

    // Audited like other writes: who created and who updated the proposal's actuals.
    const audit = (await store.listAudit(A.tenantId)).filter((e) => e.resource === 'actuals' && e.resourceId === id);
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['create', A.keyId],
      ['update', A.keyId],
    ]);
  });

  it('lets one of two concurrent uploads on the same version win; the other answers 412', async () => {
    const { id } = await createProposal();
    const etag = (await putCsv(id, ACTUALS_CSV)).headers.etag as string;
    const answers = await Promise.all([0.04, 0.05].map((value) => putCsv(id, `scenario,month,measure,value\nreference,1,adoption,${value}\n`, { 'if-match': etag })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 412]);
    expectProblem(answers.find((r) => r.statusCode === 412)!, 412, 'PRECONDITION_FAILED');
    expect((await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals`, headers: A.read })).json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('refuses bad uploads with the CLI parser\'s problems by row and column, and changes nothing', async () => {
    const { id } = await createProposal();
    const first = await putCsv(id, ACTUALS_CSV);
    expect(first.statusCode).toBe(201);
    const etag = first.headers.etag as string;
    const stored = (await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/1`, headers: A.read })).body;
    const before = await snapshot();
    const header = 'scenario,month,measure,value,n,sd\n';
    const cases: { name: string; text: string; column: string | null; asOfMonth?: number }[] = [
      { name: 'unknown scenario', text: `${header}referenc,1,adoption,0.03,,\n`, column: 'scenario' },
      { name: 'unknown measure', text: `${header}reference,1,benefits[0].minuteSaved,9,,\n`, column: 'measure' },
      { name: 'a month after the as-of month', text: `${header}reference,1,adoption,0.03,,\nreference,5,adoption,0.2,,\n`, column: 'month', asOfMonth: 4 },
      { name: 'n ≤ 0', text: `${header}reference,3,benefits[0].minutesSaved,9,0,3\n`, column: 'n' },
      { name: 'a non-numeric value', text: `${header}reference,1,adoption,abc,,\n`, column: 'value' },
      { name: 'duplicate rows', text: `${header}reference,1,cash:costs,4100,,\nreference,1,cash:costs,4200,,\n`, column: 'measure' },
      { name: 'a wrong header', text: 'scenario,month,metric,value\nreference,1,adoption,0.03\n', column: null },
      { name: 'no rows', text: header, column: null },
    ];
    for (const c of cases) {
      const query = c.asOfMonth === undefined ? '' : `?asOfMonth=${c.asOfMonth}`;
      const res = await putCsv(id, c.text, { 'if-match': etag }, query);
      const body = expectProblem(res, 400, 'INVALID_ACTUALS');
      expect(body.problems, c.name).toEqual(cliProblems(c.text, 'actuals.csv', c.asOfMonth));
      if (c.column) expect(body.problems[0].path, c.name).toMatch(new RegExp(`^actuals\\.csv row \\d+ \\(line \\d+\\), column ${c.column}$`));
    }
    // The same faults as JSON rows: the parser names the row and column there too.
    const json = [{ scenario: 'reference', month: 1, measure: 'adoption', value: 'abc' }, { scenario: 'nope', month: 1, measure: 'adoption', value: 0.1 }];
    const res = await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...A.write, 'if-match': etag }, payload: json });
    const body = expectProblem(res, 400, 'INVALID_ACTUALS');
    expect(body.problems).toEqual(cliProblems(JSON.stringify(json), 'actuals.json'));
    expect(body.problems.map((p: { path: string }) => p.path)).toEqual(['actuals.json row 1, column value', 'actuals.json row 2, column scenario']);

    // Rows that are not objects, and an object without rows: the parser's problems too, not a schema error.
    for (const payload of [[1, 'x'], { rows: [] }, { actuals: 'x' }]) {
      const r = expectProblem(await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...A.write, 'if-match': etag }, payload }), 400, 'INVALID_ACTUALS');
      expect(r.problems).toEqual(cliProblems(JSON.stringify(payload), 'actuals.json'));
    }

    // Nothing changed: the stored file reads back byte-identical, no version was added, nothing was audited.
    expect(await snapshot()).toBe(before);
    const again = await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/latest`, headers: A.read });
    expect(again.body).toBe(stored);
    expect(again.headers.etag).toBe(etag);
    expect((await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals`, headers: A.read })).json().items).toHaveLength(1);
  });

  it('bounds an upload: its rows, its bytes and its media type', async () => {
    const small = await buildApp({ store, executor: null, limits: { maxActualsRows: 10, bodyLimit: 2000, rateLimit: 100_000 } });
    try {
      const { id } = await createProposal();
      const before = await snapshot();
      const tooMany = await small.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...A.write, 'content-type': 'text/csv' }, payload: ACTUALS_CSV });
      const body = expectProblem(tooMany, 400, 'INVALID_ACTUALS');
      expect(body.problems).toEqual([{ path: 'actuals.csv', message: expect.stringMatching(/15 rows; at most 10/) }]);
      const big = `scenario,month,measure,value\n${'reference,1,adoption,0.03\n'.repeat(100)}`;
      expectProblem(await small.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...A.write, 'content-type': 'text/csv' }, payload: big }), 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(await small.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...A.write, 'content-type': 'text/plain' }, payload: ACTUALS_CSV }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      // CSV is accepted by the actuals route only: every other body stays JSON.
      expectProblem(await small.inject({ method: 'POST', url: '/v1/proposals', headers: { ...A.write, 'content-type': 'text/csv' }, payload: 'a,b\n1,2\n' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await snapshot()).toBe(before);
    } finally {
      await small.close();
    }
  });

  it("keeps one tenant's actuals from another: 404, and zero rows changed", async () => {
    const { id } = await createProposal();
    expect((await putCsv(id, ACTUALS_CSV)).statusCode).toBe(201);
    const before = await snapshot();
    const asB = { ...B.admin, 'content-type': 'text/csv' };
    expectProblem(await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: asB, payload: ACTUALS_CSV }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...asB, 'if-match': `"${id}:actuals:1"` }, payload: ACTUALS_CSV }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals`, headers: B.admin }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/1`, headers: B.admin }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals/latest`, headers: B.admin }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/tracking`, headers: B.admin }), 404, 'NOT_FOUND');
    // A read key cannot upload.
    expectProblem(await app.inject({ method: 'PUT', url: `/v1/proposals/${id}/actuals`, headers: { ...A.read, 'content-type': 'text/csv' }, payload: ACTUALS_CSV }), 403, 'FORBIDDEN');
    expect(await snapshot()).toBe(before);
  });

  it('deletes the actuals with their proposal', async () => {
    const { id } = await createProposal();
    expect((await putCsv(id, ACTUALS_CSV)).statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: `/v1/proposals/${id}`, headers: A.write })).statusCode).toBe(204);
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/actuals`, headers: A.read }), 404, 'NOT_FOUND');
    expect(await store.getActuals(A.tenantId, id)).toBeNull();
  });
});

describe('tracking runs, GET /v1/proposals/{id}/tracking and the tracked status in the scores', () => {
  const TRIALS = 4000;
  const SEED = 7;

  it("gives the tracking block of the engine's track() byte for byte, serves it, and shows it in the scores", async () => {
    const { id } = await createProposal('OPP-TRACK');
    expectProblem(await app.inject({ method: 'GET', url: `/v1/proposals/${id}/tracking`, headers: A.read }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: A.write, payload: { actuals: 'latest' } }), 404, 'NOT_FOUND');

    // A plain run first: the scores have no tracking yet.
    const plain = await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: A.write, payload: { trials: 2000, seed: SEED } });
    expect((await waitForRun(plain.json().id)).status).toBe('succeeded');
    const untracked = (await app.inject({ method: 'GET', url: '/v1/scores?crmRef=OPP-TRACK', headers: A.read })).json();
    expect(untracked.tracking).toBeNull();
    expect(untracked.scenarios.map((s: { tracking: unknown }) => s.tracking)).toEqual([null]);

    expect((await putCsv(id, ACTUALS_CSV)).statusCode).toBe(201);
    expectProblem(await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: A.write, payload: { actuals: 2 } }), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: A.write, payload: { asOfMonth: 3 } }), 400, 'INVALID_REQUEST');
    // An as-of month before some rows: the CLI's problem, by row and column.
    const early = expectProblem(await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: A.write, payload: { actuals: 1, asOfMonth: 2 } }), 400, 'INVALID_ACTUALS');
    expect(early.problems).toEqual(cliProblems(ACTUALS_CSV, 'actuals.csv', 2));

    const queued = await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: A.write, payload: { trials: TRIALS, seed: SEED, actuals: 'latest' } });
    expect(queued.statusCode, queued.body).toBe(202);
    const runId = queued.json().id;
    const run = await waitForRun(runId);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const view = (await app.inject({ method: 'GET', url: `/v1/runs/${runId}`, headers: A.read })).json();
    expect(view.actuals).toEqual({ version: 1, asOfMonth: 3 });
    expect(plain.json().id).not.toBe(runId);
    expect((await app.inject({ method: 'GET', url: `/v1/runs/${plain.json().id}`, headers: A.read })).json().actuals).toBeNull();

    // The engine's own call for the same proposal, actuals, seed and trials (what `closedloop track` runs).
    const { track } = await import('../../engine/tracking/track.js');
    const expected = track(normalized, parseActuals(ACTUALS_CSV, normalized, { asOfMonth: 3 }), { trials: TRIALS, seed: SEED, sampler: 'lhs' });
    const expectedText = JSON.stringify(expected.tracking);
    // And `closedloop track` itself, through the command line's own loading of the files.
    const cli = await runCli('track', 'fixtures/reference-model.json', '--actuals', 'fixtures/reference-actuals.csv', '--trials', String(TRIALS), '--seed', String(SEED), '--json', '-');
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(cli.stdout).tracking)).toBe(expectedText);
    const tracking = await app.inject({ method: 'GET', url: `/v1/proposals/${id}/tracking`, headers: A.read });
    expect(tracking.statusCode).toBe(200);
    expect(tracking.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(tracking.body).toBe(`{"runId":${JSON.stringify(runId)},"proposalVersion":1,"actualsVersion":1,"asOfMonth":3,"tracking":${expectedText}}`);
    // The Report of the run carries the same block.
    const report = (await app.inject({ method: 'GET', url: `/v1/runs/${runId}/report`, headers: A.read })).json();
    expect(JSON.stringify(report.tracking)).toBe(expectedText);
    expect(report.run).toMatchObject({ trials: TRIALS, seed: SEED });

    // The CRM's scores: unchanged fields, and the tracked status of the scenario.
    const scores = (await app.inject({ method: 'GET', url: '/v1/scores?crmRef=OPP-TRACK', headers: A.read })).json();
    const s = expected.tracking!.scenarios[0];
    expect(scores.tracking).toEqual({ runId, proposalVersion: 1, actualsVersion: 1, asOfMonth: 3 });
    expect(scores.scenarios[0]).toMatchObject({ id: 'reference', score: expected.scenarios[0].score, verdict: expected.scenarios[0].verdict });
    expect(scores.scenarios[0].tracking).toEqual({ status: s.status, recommendation: s.recommendation.decision, asOfMonth: 3, scoreBefore: s.prior.score, scoreAfter: s.reforecast.score });
    for (const field of ['crmRef', 'proposalId', 'proposalVersion', 'runId', 'seed', 'engineVersion', 'inputHash', 'createdAt']) expect(scores).toHaveProperty(field);
  }, 240_000);

  it('refuses a tracking run when the actuals no longer fit the latest proposal version', async () => {
    const { id, etag } = await createProposal();
    expect((await putCsv(id, ACTUALS_CSV)).statusCode).toBe(201);
    const renamed = structuredClone(reference) as { scenarios: { id: string }[] };
    renamed.scenarios[0].id = 'renamed';
    const updated = await app.inject({ method: 'PUT', url: `/v1/proposals/${id}`, headers: { ...A.write, 'if-match': etag }, payload: { proposal: renamed } });
    expect(updated.statusCode, updated.body).toBe(200);
    const runsBefore = await store.listRuns(A.tenantId, id);
    const res = expectProblem(await app.inject({ method: 'POST', url: `/v1/proposals/${id}/runs`, headers: A.write, payload: { actuals: 'latest' } }), 400, 'INVALID_ACTUALS');
    expect(res.problems[0].path).toMatch(/^actuals\.csv row 1 \(line 2\), column scenario$/);
    expect(await store.listRuns(A.tenantId, id)).toEqual(runsBefore);
  });
});
