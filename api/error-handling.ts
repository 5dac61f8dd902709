/**
 * One error format and one log line per request. Every 4xx/5xx the API sends
 * is an `application/problem+json` document with a catalogue code
 * (api/errors.ts) — the routes' own errors, fastify's (bad URL encoding, body
 * parsing, validation, unknown routes and methods) and Node's HTTP parser's
 * (a request line or header that is not HTTP, oversized headers, bad chunked
 * framing, a missing Host, a client too slow to send its request), which never
 * reach a route. Each request is logged once, when it ends: its status, code
 * and duration, at `info` for 4xx and `error` (with the error) for 5xx; a
 * client that closes the connection before the answer is logged as such
 * (CLIENT_CLOSED), not as a failure. Socket-level problems are counted in
 * `app.connectionCounters`.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ClosedloopError, type Problem, formatPath } from '../engine/errors.js';
import { type ApiErrorCode, statusOf } from './errors.js';
import { ApiError, PROBLEM_CONTENT_TYPE, type ProblemDocument, problem, problemOf } from './problem.js';
import { ClientClosedError } from './runs/compute.js';
import { StaleVersionError } from './store/types.js';

/** Counts of what was cut off or refused below the routes (see /health). */
export interface ConnectionCounters {
  /** Clients cut off for not sending their request in time (408). */
  requestTimeouts: number;
  /** Requests refused by the HTTP parser or before routing (400 MALFORMED_REQUEST, BAD_URL, 431). */
  malformedRequests: number;
  /** Clients that closed the connection before their answer. */
  clientsClosed: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    connectionCounters: ConnectionCounters;
  }
  interface FastifyRequest {
    /** The problem answered, for the request's log line. */
    answeredProblem: { code: string; error?: unknown } | null;
    /** Set once the client closed the connection before the answer (already logged). */
    clientClosed: boolean;
  }
}

/** How INVALID_REQUEST details name the part of the request that failed validation. */
const PART_NAMES: Record<string, string> = { body: 'the body', querystring: 'the query parameters', params: 'the path parameters', headers: 'the headers' };

/** Error codes of fastify's own 4xx errors → catalogue codes. */
const FASTIFY_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_REQUEST',
  FST_ERR_BAD_URL: 'BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'INVALID_REQUEST',
};

/** Details for fastify's errors whose own messages are not meant for API clients. */
const FASTIFY_DETAILS: Partial<Record<ApiErrorCode, string>> = {
  UNSUPPORTED_MEDIA_TYPE: 'the request body must be application/json',
  PAYLOAD_TOO_LARGE: 'the request body is larger than the limit',
  MALFORMED_BODY: 'the request body is not valid JSON',
  MALFORMED_REQUEST: 'the Content-Length of the request does not match its body',
  BAD_URL: 'the URL has a "%" that does not start a valid percent-encoded UTF-8 sequence (write "%25" for a literal "%")',
  INVALID_REQUEST: 'a path segment is too long',
};

/** Node's errors for a request socket that went away: nothing to answer. */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The problems of a zod validation failure, with paths relative to the validated part. */
function validationProblems(validation: { instancePath: string; keyword: string; message?: string; params?: Record<string, unknown> }[]): Problem[] {
  const problems: Problem[] = [];
  for (const v of validation) {
    const parts: PropertyKey[] = v.instancePath
      .split('/')
      .filter((s) => s !== '')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const keys = v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys) ? (v.params.keys as string[]) : null;
    if (keys) for (const k of keys) problems.push({ path: formatPath([...parts, k]), message: 'unknown field' });
    else problems.push({ path: formatPath(parts), message: v.message ?? 'invalid' });
  }
  return problems;
}

/**
 * Requests whose connection the server cut (too slow, see clientErrorHandler):
 * their end is already logged as REQUEST_TIMEOUT, not as a client that left.
 */
const cutOff = new WeakSet<object>();

/** Connections clientErrorHandler has answered and is closing. */
const answeredSockets = new WeakSet<Socket>();

/** Whether an error means the client closed the connection. */
export function isClientGone(error: unknown, request?: FastifyRequest): boolean {
  if (error instanceof ClientClosedError) return true;
  const e = error as { code?: string; message?: string };
  if (e && typeof e === 'object' && (CLIENT_GONE.has(e.code ?? '') || e.message === 'aborted')) return true;
  // A body cut short because the client left (or was cut off) reads as a length mismatch: it is the same departure.
  return request !== undefined && (request.clientClosed || request.raw.aborted || cutOff.has(request.raw));
}

/**
 * Any error → its problem document and extra headers; unexpected errors → a
 * generic 500 (the error itself goes to the log only).
 */
export function toProblem(error: unknown, request: FastifyRequest): { doc: ProblemDocument; headers: Record<string, string>; unexpected: boolean } {
  if (error instanceof ApiError) return { doc: problemOf(error), headers: error.headers, unexpected: false };
  if (error instanceof ClosedloopError) return { doc: problemOf(error), headers: {}, unexpected: statusOf(error.code) >= 500 };
  if (error instanceof StaleVersionError) {
    return { doc: problem('PRECONDITION_FAILED', `the proposal is at version ${error.current}`), headers: {}, unexpected: false };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = (error as { validationContext?: string }).validationContext ?? 'request';
    return {
      doc: problem('INVALID_REQUEST', `${PART_NAMES[part] ?? 'the request'} ${part === 'body' ? 'does' : 'do'} not match the schema (see problems)`, validationProblems(error.validation)),
      headers: {},
      unexpected: false,
    };
  }
  const fe = error as Partial<FastifyError>;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { doc: problem(mapped, FASTIFY_DETAILS[mapped]), headers: {}, unexpected: false };
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Other client errors fastify raises: their messages carry no internals.
    const code: ApiErrorCode = status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 429 ? 'RATE_LIMITED' : 'INVALID_REQUEST';
    const detail = typeof fe.code === 'string' && fe.code.startsWith('FST_') && fe.message ? fe.message : undefined;
    return { doc: problem(code, detail), headers: {}, unexpected: false };
  }
  return { doc: problem('INTERNAL', `an unexpected error occurred; it has been logged (request ${request.id})`), headers: {}, unexpected: true };
}

/**
 * Sends an error as application/problem+json (pre-serialised: no response
 * schema applies to errors), or nothing when the client has gone.
 */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  if (isClientGone(error, request) || request.raw.socket?.destroyed) {
    markClientClosed(request);
    reply.hijack();
    reply.raw.destroy();
    return reply;
  }
  const { doc, headers, unexpected } = toProblem(error, request);
  const cause = unexpected ? error : (error as { cause?: unknown }).cause;
  request.answeredProblem = { code: doc.code, ...(cause !== undefined ? { error: cause } : {}) };
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.code(doc.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(doc));
}

/** Logs, once, that the client of a request left before its answer. */
function markClientClosed(request: FastifyRequest): void {
  if (request.clientClosed) return;
  request.clientClosed = true;
  if (cutOff.has(request.raw)) return;
  const app = request.server;
  app.connectionCounters.clientsClosed++;
  request.log.info({ req: request, code: 'CLIENT_CLOSED' }, 'client closed the connection before the answer');
}

/** The raw HTTP answer of a problem on a socket no request reached (Node's parser refused it). */
function rawProblem(doc: ProblemDocument): string {
  const body = JSON.stringify(doc);
  return `HTTP/1.1 ${doc.status} ${reasonPhrase(doc.status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error' };
function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

/** Details of Node's HTTP parser errors, by their code (llhttp's HPE_* names). */
function parserDetail(code: string | undefined): string {
  switch (code) {
    case 'HPE_INVALID_METHOD':
      return 'the request method is not an HTTP method';
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_EOF_STATE':
    case 'HPE_STRICT':
      return 'the chunked body is not framed correctly';
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return 'the request has both Content-Length and Transfer-Encoding (or two Content-Lengths)';
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return 'the Transfer-Encoding is not one the server accepts (chunked)';
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_LF_EXPECTED':
    case 'HPE_CR_EXPECTED':
      return 'a header line is not well-formed';
    case 'HPE_INVALID_URL':
      return 'the request target is not a valid URL';
    case 'HPE_INVALID_VERSION':
      return 'the HTTP version is not valid';
    default:
      return 'the request is not well-formed HTTP/1.1';
  }
}

/**
 * fastify's clientErrorHandler: Node's HTTP parser refused a request, or the
 * client was too slow. Answers a problem (408 REQUEST_TIMEOUT, 431
 * HEADERS_TOO_LARGE, 400 MALFORMED_REQUEST) when the socket can still take it,
 * closes the connection, logs once and counts.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  const counters = this.connectionCounters;
  // The parser's complaint about a connection already answered (the EOF after a cut-off body) is the same event.
  if (answeredSockets.has(socket)) {
    socket.destroy();
    return;
  }
  answeredSockets.add(socket);
  if (CLIENT_GONE.has(error.code ?? '') || socket.destroyed) {
    counters.clientsClosed++;
    this.log.info({ code: 'CLIENT_CLOSED', reason: error.code }, 'client closed the connection');
    socket.destroy();
    return;
  }
  let doc: ProblemDocument;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    counters.requestTimeouts++;
    // A request whose headers arrived is in flight on this socket: its end is this line.
    const inFlight = (socket as Socket & { _httpMessage?: { req?: object } })._httpMessage?.req;
    if (inFlight) cutOff.add(inFlight);
    doc = problem('REQUEST_TIMEOUT', 'the request (headers and body) did not arrive within the time limit; the connection is closed');
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    counters.malformedRequests++;
    doc = problem('HEADERS_TOO_LARGE', 'the request line and headers are larger than the limit');
  } else {
    counters.malformedRequests++;
    doc = problem('MALFORMED_REQUEST', parserDetail(error.code));
  }
  this.log.info({ code: doc.code, status: doc.status, reason: error.code, remoteAddress: socket.remoteAddress, counters: { ...counters } }, 'request refused by the HTTP parser');
  if (socket.writable) {
    socket.end(rawProblem(doc));
    // A client that never reads its answer is not waited for.
    setTimeout(() => socket.destroy(), 1000).unref();
  } else {
    socket.destroy();
  }
}

/** fastify's frameworkErrors: a bad URL encoding (or another routing error) answered as a problem. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  request.server.connectionCounters.malformedRequests++;
  // No route, so no onResponse hook: the request's one log line is written here.
  const started = performance.now();
  reply.raw.once('finish', () => logRequest(request, reply.statusCode, performance.now() - started));
  sendProblem(reply, request, error);
}

/** Logger levels at which a request's info line is not written. */
const QUIET_LEVELS = new Set(['silent', 'warn', 'error', 'fatal']);

/** The one log line of a request: info for 2xx–4xx, error (with the error) for an unexpected 5xx, warn for other 5xx. */
function logRequest(request: FastifyRequest, status: number, ms: number): void {
  if (request.clientClosed) return;
  // Nothing to build when nothing is written (logger off, or above info): the hot path of a polled route.
  if (status < 500 && (!request.log.level || QUIET_LEVELS.has(request.log.level))) return;
  const fields = { req: request, res: { statusCode: status }, responseTime: Math.round(ms), ...(request.answeredProblem ? { code: request.answeredProblem.code } : {}) };
  const error = request.answeredProblem?.error;
  if (status >= 500 && error !== undefined) request.log.error({ ...fields, err: error }, 'request failed');
  else if (status >= 500) request.log.warn(fields, 'request not served');
  else if (status >= 400) request.log.info(fields, 'request rejected');
  else request.log.info(fields, 'request completed');
}

/**
 * Installs the request log (one line per request, at its end) and the
 * client-closed log on the app; call before any route is added.
 */
export function installRequestLog(app: FastifyInstance): void {
  app.decorate('connectionCounters', { requestTimeouts: 0, malformedRequests: 0, clientsClosed: 0 });
  app.decorateRequest('answeredProblem', null);
  app.decorateRequest('clientClosed', false);
  app.addHook('onRequestAbort', async (request) => markClientClosed(request));
  app.addHook('onResponse', async (request, reply) => logRequest(request, reply.statusCode, reply.elapsedTime));
}
