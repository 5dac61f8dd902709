/**
 * A bounded, seeded fuzz of every operation in the OpenAPI document: 2,000+
 * requests through the app (hostile ids and tokens, bad percent-encodings,
 * query strings, keys, content types, If-Match headers and bodies — broken
 * JSON, wrong types, unknown fields, prototype keys, deep nesting, huge arrays,
 * proposals with random faults) and 150+ malformed requests over raw sockets
 * (request lines, versions, headers, framing). Every answer must be below 500;
 * every error a problem+json whose code and status agree with the catalogue;
 * every status one the document lists for that operation; and the stored data
 * byte-identical afterwards (every request that could write is made invalid
 * first, then mutated further).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { errorEntry, isErrorCode } from '../../api/errors.js';
import { startExecutor } from '../../api/runs/executor.js';
import { openStore } from '../../api/store/database.js';
import type { Store } from '../../api/store/types.js';

const SEED = 0x16_2026;
const REQUESTS_PER_OPERATION = 80;
const RAW_REQUESTS = 160;
/** Costly requests that are valid (renderings, analyses) are capped, so the fuzz stays bounded in time. */
const MAX_COSTLY = 4;

const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, any>;

/** mulberry32: a small seeded PRNG for the fuzz (the engine's generator is not the point here). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
const rng = prng(SEED);

let store: Store;
let app: FastifyInstance;
let port: number;
let document: Record<string, any>;
const fixture = { proposalId: '', runId: '', shareId: '', token: '', writeKey: '', readKey: '', otherKey: '' };

/** Every row of every table, in key order: what must not change. */
async function snapshot(): Promise<string> {
  const tables: [string, string][] = [
    ['tenants', 'id'],
    ['api_keys', 'id'],
    ['proposals', 'id, version'],
    ['runs', 'id'],
    ['reports', 'run_id'],
    ['shares', 'id'],
    ['audit', 'id'],
    ['actuals', 'tenant_id, proposal_id, version'],
  ];
  const out: Record<string, unknown> = {};
  for (const [table, key] of tables) out[table] = (await sql.raw(`select * from ${table} order by ${key}`).execute(store.db)).rows;
  return JSON.stringify(out);
}

beforeAll(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  const a = await store.createTenant('fuzz-a');
  const b = await store.createTenant('fuzz-b');
  fixture.writeKey = (await store.createKey(a.id, ['write'])).key;
  fixture.readKey = (await store.createKey(a.id, ['read'])).key;
  fixture.otherKey = (await store.createKey(b.id, ['admin'])).key;
  const executor = await startExecutor({ store, instanceId: 'fuzz', concurrency: 1, pollMs: 20 });
  // Built without an executor: a run the fuzz queued by mistake would stay queued, and the snapshot would show it.
  app = await buildApp({ store, executor: null, limits: { rateLimit: 10_000_000 } });
  const auth = { authorization: `Bearer ${fixture.writeKey}` };
  fixture.proposalId = (await app.inject({ method: 'POST', url: '/v1/proposals', headers: auth, payload: { proposal: reference, crmRef: 'OPP-FUZZ' } })).json().id;
  fixture.runId = (await app.inject({ method: 'POST', url: `/v1/proposals/${fixture.proposalId}/runs`, headers: auth, payload: { trials: 2000 } })).json().id;
  executor.wake();
  for (let i = 0; i < 600 && (await store.getRun(a.id, fixture.runId))?.status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 100));
  // Actuals and a tracking run of them, so that the tracking routes answer with data too.
  const uploaded = await app.inject({ method: 'PUT', url: `/v1/proposals/${fixture.proposalId}/actuals`, headers: { ...auth, 'content-type': 'text/csv' }, payload: readFileSync('fixtures/reference-actuals.csv', 'utf8') });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const trackingRunId = (await app.inject({ method: 'POST', url: `/v1/proposals/${fixture.proposalId}/runs`, headers: auth, payload: { trials: 2000, actuals: 'latest' } })).json().id;
  executor.wake();
  for (let i = 0; i < 600 && (await store.getRun(a.id, trackingRunId))?.status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 100));
  expect((await store.getRun(a.id, trackingRunId))?.status).toBe('succeeded');
  await executor.stop(1000);
  const share = (await app.inject({ method: 'POST', url: `/v1/runs/${fixture.runId}/shares`, headers: auth })).json();
  fixture.shareId = share.id;
  fixture.token = share.url.slice(3);
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await store?.close();
});

// ---------------------------------------------------------------------------
// Values the fuzz draws from.

const HOSTILE_IDS = [
  'x',
  'a'.repeat(65),
  'a'.repeat(5000),
  "' OR 1=1 --",
  '%ZZ',
  '%E0%A4%A',
  '%C0%AF',
  '%FF%FE',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%F0%9F%98%80',
  '%20',
  'null',
  '1e999',
  '-1',
  '%25',
  '__proto__',
  'constructor',
  '%2e%2e',
];
const BAD_QUERIES = ['%ZZ=1', 'a=%ZZ', 'limit=1&limit=2', 'limit=-1', 'limit=1e3', 'limit=%00', 'x=1', '__proto__[x]=1', 'a[b]=c', 'crmRef=', `crmRef=${'x'.repeat(300)}`, 'format=doc', 'lang=fr', 'version=0', 'version=abc', 'cursor=not-a-cursor', 'cursor=', `q=${'%'.repeat(50)}`, 'format=pdf&format=xlsx'];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', '', 'application/json;;;', 'json'];
const BROKEN_JSON = ['{', '{"proposal": ', '[1, 2', "{'a': 1}", '{"a": 1}}', 'undefined', 'NaN', '{"trials": Infinity}', '\u0000', '{"a":"\\ud800"}', '{"a": 01}', '""', '{"__proto__": {"x": 1}}', '{"constructor": {"prototype": {"x": 1}}}'];

/** Actuals files that cannot be stored (each has a fault the parser must name): the body of a fuzzed upload that could write. */
const HOSTILE_CSV = [
  '',
  '\n\n',
  'scenario,month\n',
  'a,b,c\n1,2,3\n',
  '"unclosed',
  'scenario,month,measure,value\nnope,1,adoption,0.1\n',
  'scenario,month,measure,value\nreference,99999,adoption,x\n',
  '\ufeffscenario,month,measure,value\nreference,1,adoption,2\n',
  'scenario,month,measure,value,n,sd\nreference,1,benefits[0].minutesSaved,9,0,-1\n',
  'scenario,month,measure,value\nreference,1,cash:costs,1,extra\n',
  'scenario,month,measure,value\nreference,1,cash:costs,1\nreference,1,cash:costs[0],2\nreference,1,cash:costs,3\n',
  `scenario,month,measure,value\n${'reference,1,__proto__,1\n'.repeat(50)}`,
  'scenario,month,measure,value\nreference,1.5,adoption,1e999\n',
  '[{"scenario":"reference","month":1,"measure":"adoption","value":"abc"}]',
];

/** A random leaf path of an object (for proposal faults). */
function leafPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) void leafPaths(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  } else out.push(path);
  return out;
}
const REFERENCE_LEAVES = leafPaths(reference);
const FAULTS: unknown[] = ['12', -1, -1e308, 1e308, null, true, [], {}, { min: 3, mode: 2, max: 1 }, { p5: -1, p95: 0 }, { dist: 'nope' }, { ref: 'missing' }, '', 'x'.repeat(10_000), 0.5, 1.5, 2 ** 53];

/** The reference proposal with 1–3 random faults (a leaf replaced, a field deleted, an unknown field added). */
function faultyProposal(): Record<string, any> {
  const p = structuredClone(reference);
  for (let k = 0, n = 1 + rng.int(3); k < n; k++) {
    const path = rng.pick(REFERENCE_LEAVES);
    let node: any = p;
    for (const step of path.slice(0, -1)) node = node?.[step];
    if (node === null || typeof node !== 'object') continue;
    const last = path[path.length - 1];
    const action = rng.int(3);
    if (action === 0) node[last] = rng.pick(FAULTS);
    else if (action === 1) delete node[last];
    else node[`unknown${rng.int(100)}`] = rng.pick(FAULTS);
  }
  return p;
}

/** A JSON value nested deeper than any limit, or a body with too many values. */
const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const WIDE = JSON.stringify({ proposal: { ...reference, assumptions: Object.fromEntries(Array.from({ length: 21_000 }, (_, i) => [`a${i}`, 1])) } });

/** A body for an operation: broken, off-schema, or a faulty proposal. */
function hostileBody(hasProposal: boolean): string {
  switch (rng.int(7)) {
    case 0:
      return rng.pick(BROKEN_JSON);
    case 1:
      return JSON.stringify(rng.pick([[], 1, null, 'x', true, { unknown: 1 }]));
    case 2:
      return rng.chance(0.5) ? DEEP : WIDE;
    case 3:
      return JSON.stringify({ proposal: rng.pick([1, 'x', [], null]), trials: rng.pick([0, -1, 1.5, 1e9, '10', null]) });
    case 4:
      return JSON.stringify({ proposal: faultyProposal(), extra: 1 });
    case 5:
      return JSON.stringify(hasProposal ? { proposal: faultyProposal() } : { trials: rng.pick([0, -1, 1.5, 2e6, '10', null]), seed: rng.pick([1.5, 2 ** 40, 'x']), sampler: rng.pick(['x', 1, null]) });
    default:
      return JSON.stringify({ expiresInDays: rng.pick([0, 366, 1.5, '3', null]), proposal: reference, crmRef: rng.pick([1, [], 'x'.repeat(500)]) });
  }
}

// ---------------------------------------------------------------------------
// Requests per operation.

interface Operation {
  method: string;
  path: string;
  op: Record<string, any>;
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(item)) out.push({ method: method.toUpperCase(), path, op });
  }
  return out;
}

/** A hostile request for an operation (path parameters, query, headers, body); writes are always made invalid first. */
function build(o: Operation, costly: { count: number }): InjectOptions & { headers: Record<string, string> } {
  const id = o.op.operationId as string;
  const isWrite = o.method !== 'GET' && id !== 'analyzeProposal';
  const headers: Record<string, string> = {};
  const idFor = (name: string) => {
    if (name === 'version') return rng.chance(0.5) ? rng.pick(['1', 'latest', '2', '999999999']) : rng.pick(HOSTILE_IDS);
    const valid = name === 'token' ? fixture.token : o.path.startsWith('/v1/shares') ? fixture.shareId : o.path.startsWith('/v1/runs') ? fixture.runId : fixture.proposalId;
    // A valid token opens the page, which is audited: the page itself gets well-formed unknown tokens.
    if (id === 'openSharePage' && valid === fixture.token) return rng.chance(0.5) ? `sh_${'A'.repeat(43)}` : rng.pick(HOSTILE_IDS);
    return rng.chance(0.4) ? valid : rng.chance(0.3) ? randomUUID() : rng.pick(HOSTILE_IDS);
  };
  let url = o.path.replace(/\{(\w+)\}/g, (_, name: string) => idFor(name));
  // Query: documented parameters with odd values, or outright hostile ones.
  const query = (o.op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name as string);
  if (rng.chance(0.6)) {
    const parts: string[] = [];
    for (const name of query) if (rng.chance(0.5)) parts.push(`${name}=${encodeURIComponent(rng.pick(['1', '0', '', 'x', 'pdf', 'xlsx', 'en', 'zh-CN', 'OPP-FUZZ', '%', "'--", '100', '101']))}`);
    if (rng.chance(0.5)) parts.push(rng.pick(BAD_QUERIES));
    if (parts.length) url += `?${parts.join('&')}`;
  }
  const costlyQuery = /format=(pdf|xlsx)/.test(url) || id === 'getSharedPdf' || id === 'getSharedXlsx';
  // Keys.
  const keyChoice = rng.int(isWrite ? 6 : 7);
  const keyFor = ['none', 'garbage', 'basic', 'read', 'other', 'long', 'write'][keyChoice];
  if (keyFor === 'garbage') headers.authorization = `Bearer cl_${randomUUID()}`;
  else if (keyFor === 'basic') headers.authorization = 'Basic dXNlcjpwYXNz';
  else if (keyFor === 'read') headers.authorization = `Bearer ${fixture.readKey}`;
  else if (keyFor === 'other') headers.authorization = `Bearer ${fixture.otherKey}`;
  else if (keyFor === 'long') headers.authorization = `Bearer ${'x'.repeat(300)}`;
  else if (keyFor === 'write') headers.authorization = `Bearer ${fixture.writeKey}`;
  if (o.method === 'PUT' || o.method === 'DELETE') {
    if (rng.chance(0.7)) headers['if-match'] = rng.pick(['*', '"x:1"', `"${fixture.proposalId}:99"`, `W/"${fixture.proposalId}:1"`, 'garbage', '', `"${fixture.proposalId}:1", "y:2"`]);
  }
  // Bodies.
  let payload: string | undefined;
  const hasBody = o.op.requestBody !== undefined;
  if (hasBody || rng.chance(0.1)) {
    payload = hostileBody(id === 'analyzeProposal' || id === 'createProposal' || id === 'updateProposal');
    headers['content-type'] = rng.chance(0.8) ? 'application/json' : rng.pick(CONTENT_TYPES);
  }
  // A write whose key could write (the other tenant's admin key included) must carry a sure fault: a broken body or an unknown id.
  if (isWrite && (keyFor === 'other' || keyFor === 'write')) {
    const sureFault = hasBody && rng.chance(0.7) ? 'body' : 'id';
    if (sureFault === 'body' && id === 'putActuals' && rng.chance(0.5)) {
      payload = rng.pick(HOSTILE_CSV);
      headers['content-type'] = rng.pick(['text/csv', 'text/csv; charset=utf-8', 'TEXT/CSV']);
    } else if (sureFault === 'body') {
      payload = rng.pick(BROKEN_JSON.slice(0, 12));
      headers['content-type'] = 'application/json';
    } else if (o.path.includes('{')) url = url.replace(/\/(v1\/(?:proposals|runs|shares))\/[^/?]+/, (_, base: string) => `/${base}/${randomUUID()}`);
    else {
      payload = rng.pick(BROKEN_JSON.slice(0, 12));
      headers['content-type'] = 'application/json';
    }
  }
  // Valid costly requests (renderings) are capped; beyond the cap they lose their key.
  if (costlyQuery && (keyFor === 'write' || keyFor === 'read' || id.startsWith('getShared'))) {
    if (costly.count >= MAX_COSTLY) url = url.replace(/format=(pdf|xlsx)/, 'format=doc').replace(fixture.token, `sh_${'B'.repeat(43)}`);
    else costly.count++;
  }
  // Now and then a method the path does not serve (405, with Allow): nothing can be written that way.
  const method = rng.chance(0.04) ? rng.pick(['PATCH', 'OPTIONS', 'TRACE'].filter((m) => !(m.toLowerCase() in document.paths[o.path]))) : o.method;
  return { method: method as InjectOptions['method'], url, headers, ...(payload !== undefined ? { payload } : {}) };
}

// ---------------------------------------------------------------------------
// Checks.

/** The documented operation a method and concrete path belong to, if any. */
function operationOf(method: string, path: string): Operation | undefined {
  return operations().find((o) => o.method === method && new RegExp(`^${o.path.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path));
}

const failures: string[] = [];
let checked = 0;
/** Answers by method and status. */
const histogram = new Map<string, number>();

/** Checks one answer; records what is wrong. */
function check(where: string, status: number, headers: Record<string, unknown>, body: string, method: string, path: string | null): void {
  checked++;
  histogram.set(`${path === null ? 'raw' : method} ${status}`, (histogram.get(`${path === null ? 'raw' : method} ${status}`) ?? 0) + 1);
  const fail = (why: string): void => {
    failures.push(`${where} → ${status}: ${why} ${body.slice(0, 200)}`);
  };
  if (status >= 500) fail('5xx');
  const op = path === null ? undefined : operationOf(method, path);
  const type = String(headers['content-type'] ?? '');
  if (status >= 400) {
    const htmlPage = op?.op.operationId === 'openSharePage' && status === 404 && type.startsWith('text/html');
    if (!htmlPage) {
      if (!type.startsWith('application/problem+json')) return fail(`content-type ${type}`);
      // An answer to HEAD has headers only (RFC 9110 §9.3.2): its content type is all there is to check.
      if (method === 'HEAD' && body === '') return;
      let doc: any;
      try {
        doc = JSON.parse(body);
      } catch {
        return fail('body is not JSON');
      }
      for (const field of ['type', 'title', 'code', 'detail']) if (typeof doc[field] !== 'string') fail(`no ${field}`);
      if (doc.status !== status) fail(`status ${doc.status} in the body`);
      if (!isErrorCode(doc.code)) fail(`unknown code ${doc.code}`);
      else if (errorEntry(doc.code).status !== status) fail(`${doc.code} is ${errorEntry(doc.code).status} in the catalogue`);
      if (doc.type !== `https://closedloop.dev/errors/${doc.code}`) fail(`type ${doc.type}`);
    }
  }
  // Statuses and success content types are the document's. A 405, and a 404 from the router (a path that
  // only looked like the operation's: `/v1/schema/%2e%2e` resolves to `/v1/`), belong to no operation.
  const routed = !(status === 404 && /"detail":"no route /.test(body));
  if (op && status !== 405 && routed) {
    const documented = op.op.responses[String(status)];
    if (!documented) fail(`status not documented for ${op.op.operationId}`);
    else if (status < 300 && status !== 204 && documented.content) {
      const base = type.split(';')[0].trim();
      if (!Object.keys(documented.content).includes(base)) fail(`content-type ${base} not documented for ${op.op.operationId} ${status}`);
    }
  }
}

/** A raw request over a socket; resolves with the first response (or none, when the server just closed the connection). */
function raw(text: Buffer): Promise<{ status: number; headers: Record<string, string>; body: string } | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks).toString('utf8');
      if (!all.startsWith('HTTP/')) return resolve(null);
      const [head, ...rest] = all.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const k = l.indexOf(':');
        if (k > 0) headers[l.slice(0, k).toLowerCase()] = l.slice(k + 1).trim();
      }
      let body = rest.join('\r\n\r\n');
      // Only the first response: leftover bytes of an odd request may have been answered as a second one.
      if (headers['content-length'] !== undefined) body = Buffer.from(body, 'utf8').subarray(0, Number(headers['content-length'])).toString('utf8');
      else if (headers['transfer-encoding'] === 'chunked') body = body.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n[\s\S]*$/, '');
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.on('connect', () => {
      socket.write(text);
      socket.end();
    });
  });
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', 'G ET', 'A'.repeat(100), 'PROPFIND', 'M-SEARCH', '\u00e9', 'GET\u0000'];
const TARGETS = ['/health', '/v1/proposals', '/v1/proposals/%ZZ', '/r/%E0%A4%A/data', 'http://127.0.0.1/health', '*', 'health', '/health?%', '/v1/runs/ab cd', '/v1/\u00e9', `/${'a'.repeat(20_000)}`, '/health#x', '//v1//proposals', '/v1/proposals/../../etc/passwd'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.x', 'HTTP/1.1 extra', 'HTTTP/1.1', ''];

/** A malformed (or merely odd) request as raw bytes. */
function rawRequest(): Buffer {
  const lines = [`${rng.pick(METHODS)} ${rng.pick(TARGETS)} ${rng.pick(VERSIONS)}`.trimEnd()];
  if (rng.chance(0.8)) lines.push('Host: 127.0.0.1');
  if (rng.chance(0.3)) lines.push('Host: second.example');
  if (rng.chance(0.5)) lines.push(`Authorization: Bearer ${rng.chance(0.5) ? fixture.readKey : 'x'}`);
  for (const h of ['Bad Header: x', 'X-Nul: a\u0000b', ' folded: continuation', `X-Big: ${'a'.repeat(rng.chance(0.5) ? 20_000 : 10)}`, 'NoColon', 'Content-Length: abc', 'Content-Length: -1', 'Transfer-Encoding: gzip', 'Transfer-Encoding: chunked, chunked'])
    if (rng.chance(0.12)) lines.push(h);
  let body = '';
  switch (rng.int(5)) {
    case 0:
      lines.push('Content-Type: application/json', 'Transfer-Encoding: chunked');
      body = rng.pick(['zz\r\n{}\r\n0\r\n\r\n', '2\r\n{}\r\n', '2\r\n{}0\r\n\r\n', 'ffffffffffffffffff\r\n', '0\r\n\r\n']);
      break;
    case 1:
      lines.push('Content-Type: application/json', 'Content-Length: 2', 'Transfer-Encoding: chunked');
      body = '2\r\n{}\r\n0\r\n\r\n';
      break;
    case 2:
      lines.push('Content-Type: application/json', `Content-Length: ${rng.pick([0, 1, 5, 100])}`);
      body = '{"a":1}';
      break;
    default:
      break;
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, rng.chance(0.1) ? 'latin1' : 'utf8');
}

describe('a seeded fuzz of every operation in the document', () => {
  it(`${REQUESTS_PER_OPERATION} hostile requests per operation and ${RAW_REQUESTS} malformed ones on raw sockets: no 5xx, only catalogue problems, only documented statuses, no stored change`, async () => {
    const before = await snapshot();
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(25);
    const costly = { count: 0 };
    let sent = 0;
    for (const o of ops) {
      for (let k = 0; k < REQUESTS_PER_OPERATION; k++) {
        const request = build(o, costly);
        const res = await app.inject(request);
        sent++;
        const path = (request.url as string).split('?')[0];
        check(`${request.method} ${String(request.url).slice(0, 120)} [${request.headers.authorization?.slice(0, 12) ?? 'no key'}]`, res.statusCode, res.headers, res.body, String(request.method), path);
      }
    }
    let rawAnswered = 0;
    for (let k = 0; k < RAW_REQUESTS; k++) {
      const bytes = rawRequest();
      const res = await raw(bytes);
      sent++;
      if (!res) continue;
      rawAnswered++;
      const [method, target] = bytes.toString('latin1').split('\r\n')[0].split(' ');
      const path = target?.startsWith('/') ? target.split('?')[0] : null;
      check(`raw ${bytes.toString('latin1').slice(0, 80).replace(/\r\n/g, '⏎')}`, res.status, res.headers, res.body, method ?? '', path);
    }
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(rawAnswered).toBeGreaterThan(RAW_REQUESTS / 2);
    expect(failures).toEqual([]);
    // The fuzz reached past the key check into parsing, routing and the handlers.
    const statuses = new Set([...histogram.keys()].map((k) => Number(k.split(' ').pop())));
    for (const status of [200, 400, 401, 403, 404, 405, 413, 415, 431]) expect(statuses.has(status), `no ${status} answered`).toBe(true);
    expect(await snapshot()).toBe(before);
    expect(checked).toBe(sent - (RAW_REQUESTS - rawAnswered));
  }, 600_000);
});
