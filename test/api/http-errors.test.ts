/**
 * One error format below the routes: what Node's HTTP parser and fastify's
 * router refuse (a bad URL encoding, oversized headers, a method that is not
 * one, a missing Host, broken chunked framing, conflicting lengths, a header
 * that is not a token) is answered as problem+json with a catalogue code over a
 * real socket, and logged once; slow clients are cut off within the documented
 * timeouts and counted; a client that leaves is logged as such, never as a
 * failure.
 */
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { API_ERRORS } from '../../api/errors.js';
import { CONNECTIONS_CHECK_INTERVAL_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../api/limits.js';
import { openStore } from '../../api/store/database.js';
import type { Store } from '../../api/store/types.js';

const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')) as Record<string, unknown>;

/** Short timeouts for the slow-client tests (the defaults are checked separately). */
const SLOW = { headersTimeoutMs: 1000, requestTimeoutMs: 2000, connectionsCheckIntervalMs: 200 };

let store: Store;
let app: FastifyInstance;
let port: number;
let key: string;
const logLines: Record<string, any>[] = [];

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** When the server closed the connection, in ms after the request started. */
  closedAfterMs: number;
}

/**
 * Writes `chunks` to a fresh connection (each after `gapMs`), then reads until
 * the server closes it or `timeoutMs` passes; parses the first response.
 */
function raw(chunks: (string | Buffer)[], options: { gapMs?: number; timeoutMs?: number; endAfterWrite?: boolean } = {}): Promise<RawResponse> {
  const { gapMs = 0, timeoutMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let stopped = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close the connection within ${timeoutMs} ms; got ${Buffer.concat(received).toString('latin1').slice(0, 300)}`));
    }, timeoutMs);
    socket.on('data', (d) => received.push(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      stopped = true;
      clearTimeout(timer);
      const text = Buffer.concat(received).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const k = line.indexOf(':');
        if (k > 0) headers[line.slice(0, k).toLowerCase()] = line.slice(k + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), closedAfterMs: Date.now() - started });
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (stopped) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (options.endAfterWrite) socket.end();
    });
  });
}

/** The problem in a raw response, checked for shape and catalogue status. */
function expectRawProblem(res: RawResponse, status: number, code: keyof typeof API_ERRORS) {
  expect(res.status, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const doc = JSON.parse(res.body);
  expect(doc).toMatchObject({ type: `https://closedloop.dev/errors/${code}`, status, code, title: API_ERRORS[code].title });
  expect(typeof doc.detail).toBe('string');
  return doc as { detail: string };
}

beforeAll(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  const tenant = await store.createTenant('errors');
  key = (await store.createKey(tenant.id, ['write'])).key;
  const logStream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logLines.push(JSON.parse(line));
      done();
    },
  });
  app = await buildApp({ store, limits: { rateLimit: 100_000, ...SLOW }, logger: { level: 'info', stream: logStream } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`;

describe("Node's and fastify's own refusals are problems", () => {
  it('a bad percent-encoding in the path: 400 BAD_URL, without echoing the URL, logged once', async () => {
    const from = logLines.length;
    const res = await raw([get('/v1/proposals/%ZZ')]);
    const doc = expectRawProblem(res, 400, 'BAD_URL');
    expect(doc.detail).not.toContain('%ZZ');
    const lines = logLines.slice(from).filter((l) => l.code === 'BAD_URL');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, res: { statusCode: 400 } });
  });

  it('headers over the limit: 431 HEADERS_TOO_LARGE', async () => {
    expectRawProblem(await raw([get('/health', `X-Big: ${'a'.repeat(20_000)}\r\n`)]), 431, 'HEADERS_TOO_LARGE');
  });

  it('a 100-character method, a request line that is not HTTP, a bad header name: 400 MALFORMED_REQUEST', async () => {
    expectRawProblem(await raw([`${'A'.repeat(100)} /health HTTP/1.1\r\nHost: x\r\n\r\n`]), 400, 'MALFORMED_REQUEST');
    expectRawProblem(await raw(['HELLO THERE\r\n\r\n']), 400, 'MALFORMED_REQUEST');
    expectRawProblem(await raw([get('/health', 'Bad Header: x\r\n')]), 400, 'MALFORMED_REQUEST');
  });

  it('a missing Host: 400 MALFORMED_REQUEST from the app, logged once', async () => {
    const from = logLines.length;
    const res = await raw(['GET /health HTTP/1.1\r\nConnection: close\r\n\r\n']);
    expect(expectRawProblem(res, 400, 'MALFORMED_REQUEST').detail).toMatch(/Host/);
    expect(logLines.slice(from).filter((l) => l.code === 'MALFORMED_REQUEST')).toHaveLength(1);
  });

  it('broken chunked framing and conflicting lengths: 400 MALFORMED_REQUEST', async () => {
    const head = (extra: string) => `POST /v1/analyze HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n${extra}\r\n`;
    expectRawProblem(await raw([head('Transfer-Encoding: chunked\r\n'), 'zz\r\n{}\r\n0\r\n\r\n']), 400, 'MALFORMED_REQUEST');
    expectRawProblem(await raw([head('Transfer-Encoding: chunked\r\nContent-Length: 2\r\n'), '2\r\n{}\r\n0\r\n\r\n']), 400, 'MALFORMED_REQUEST');
    expectRawProblem(await raw([head('Content-Length: 2\r\nContent-Length: 3\r\n'), '{}']), 400, 'MALFORMED_REQUEST');
  });

  it('a method the path does not support: 405 METHOD_NOT_ALLOWED with Allow; an unknown path: 404', async () => {
    const res = await raw([`PATCH /v1/proposals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`]);
    expectRawProblem(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    const propfind = await raw([`PROPFIND /v1/runs/abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
    expectRawProblem(propfind, 405, 'METHOD_NOT_ALLOWED');
    const missing = await raw([get('/v2/nothing')]);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).code).toBe('NOT_FOUND');
  });
});

describe('slow clients', () => {
  it(`a client trickling its body is answered 408 REQUEST_TIMEOUT and disconnected within the request timeout (${SLOW.requestTimeoutMs} ms here), and counted`, async () => {
    const before = app.connectionCounters.requestTimeouts;
    const from = logLines.length;
    const body = JSON.stringify({ proposal: reference });
    const head = `POST /v1/proposals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const res = await raw([head, ...body.slice(0, 40).split('')], { gapMs: 200, timeoutMs: 15_000 });
    expectRawProblem(res, 408, 'REQUEST_TIMEOUT');
    // The deadline, plus at most one check interval, plus scheduling slack on a loaded machine.
    expect(res.closedAfterMs).toBeLessThan(SLOW.requestTimeoutMs + SLOW.connectionsCheckIntervalMs + 1500);
    expect(res.closedAfterMs).toBeGreaterThanOrEqual(SLOW.requestTimeoutMs - 50);
    expect(app.connectionCounters.requestTimeouts).toBe(before + 1);
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.json().counters.requestTimeouts).toBe(before + 1);
    // Logged once, as a timeout (not also as a client that left).
    await new Promise((r) => setTimeout(r, 200));
    expect(logLines.slice(from).map((l) => l.code).filter(Boolean)).toEqual(['REQUEST_TIMEOUT']);
  }, 30_000);

  it(`a client trickling its headers (slowloris) is cut off within the header timeout (${SLOW.headersTimeoutMs} ms here)`, async () => {
    const header = 'X-Slow: ' + 'a'.repeat(200);
    const res = await raw(['GET /health HTTP/1.1\r\nHost: x\r\n', ...header.split('')], { gapMs: 50, timeoutMs: 15_000 });
    expectRawProblem(res, 408, 'REQUEST_TIMEOUT');
    expect(res.closedAfterMs).toBeLessThan(SLOW.headersTimeoutMs + SLOW.connectionsCheckIntervalMs + 1500);
  }, 30_000);

  it('runs with the documented default timeouts', async () => {
    const defaults = await buildApp({ store });
    try {
      expect(defaults.server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
      expect(defaults.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
      expect(defaults.server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    } finally {
      await defaults.close();
    }
    const docs = readFileSync('docs/api.md', 'utf8');
    for (const ms of [HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, CONNECTIONS_CHECK_INTERVAL_MS]) expect(docs).toContain(`${ms / 1000} s`);
  });
});

describe('clients that leave', () => {
  it('a client that disconnects during an analysis is logged once as CLIENT_CLOSED, never as an error', async () => {
    const from = logLines.length;
    const body = JSON.stringify({ proposal: reference, trials: 20_000 });
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((r) => socket.on('connect', () => r()));
    socket.write(`POST /v1/analyze HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await new Promise((r) => setTimeout(r, 300));
    socket.destroy();
    const deadline = Date.now() + 10_000;
    while (!logLines.slice(from).some((l) => l.code === 'CLIENT_CLOSED') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    const lines = logLines.slice(from);
    expect(lines.filter((l) => l.code === 'CLIENT_CLOSED')).toHaveLength(1);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  }, 30_000);

  it('every request is logged exactly once', async () => {
    const from = logLines.length;
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/v1/proposals', headers: { authorization: `Bearer ${key}` } });
    await app.inject({ method: 'GET', url: '/v1/proposals/nope', headers: { authorization: `Bearer ${key}` } });
    await app.inject({ method: 'POST', url: '/v1/proposals', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: '{bad' });
    await app.inject({ method: 'GET', url: '/v1/proposals' });
    const lines = logLines.slice(from).filter((l) => l.reqId !== undefined);
    const byRequest = new Map<string, number>();
    for (const l of lines) byRequest.set(l.reqId, (byRequest.get(l.reqId) ?? 0) + 1);
    expect([...byRequest.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(lines.map((l) => l.res?.statusCode)).toEqual([200, 200, 404, 400, 401]);
    expect(lines.map((l) => l.code)).toEqual([undefined, undefined, 'NOT_FOUND', 'MALFORMED_BODY', 'UNAUTHORIZED']);
  });
});
