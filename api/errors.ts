/**
 * The API's error catalogue (DESIGN §8, after fastify's errors.js): the HTTP
 * status of every code the API answers. Codes raised by the engine, the
 * proposal loader or the CLI live in engine/errors.ts without a status; the
 * API gives each of them one here (ENGINE_STATUS). API-only codes — request
 * framing, keys, state, limits — live only here. Every 4xx/5xx the API sends,
 * including fastify's and Node's own, carries one of these codes
 * (docs/errors.md lists them). Codes never change meaning; new ones are appended.
 */
import { ERRORS, type ErrorCode } from '../engine/errors.js';

export const API_ERRORS = {
  MALFORMED_BODY: { status: 400, title: 'The request body is not valid JSON' },
  INVALID_REQUEST: { status: 400, title: 'The request does not match its schema' },
  UNAUTHORIZED: { status: 401, title: 'An API key is required (Authorization: Bearer <key>)' },
  FORBIDDEN: { status: 403, title: "The API key's scopes do not allow this" },
  PRECONDITION_FAILED: { status: 412, title: 'The resource changed since the version given in If-Match' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be application/json' },
  PRECONDITION_REQUIRED: { status: 428, title: 'Updates need an If-Match header with the current ETag' },
  RATE_LIMITED: { status: 429, title: 'Too many requests for this API key' },
  TIMEOUT: { status: 503, title: 'The request took too long and was stopped' },
  ALREADY_FINISHED: { status: 409, title: 'The run has already finished' },
  NOT_READY: { status: 503, title: 'The service cannot reach its database' },
  MALFORMED_REQUEST: { status: 400, title: 'The request is not well-formed HTTP' },
  BAD_URL: { status: 400, title: 'The URL is not well-formed (bad percent-encoding)' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The resource does not support this method' },
  OVERLOADED: { status: 503, title: 'The server is busy; retry later' },
  TOO_MANY_RUNS: { status: 429, title: 'Too many queued or running runs for this tenant' },
  RUN_TOO_LARGE: { status: 422, title: 'The run would need more memory than a run may use' },
  CLIENT_CLOSED: { status: 499, title: 'The client closed the connection before the answer (never sent; logged)' },
  SHUTTING_DOWN: { status: 503, title: 'The server is shutting down; retry on another instance or after the restart' },
} as const;

/** Codes only the API raises. */
export type ApiOnlyCode = keyof typeof API_ERRORS;

/** Every code an API answer or its log line may carry. */
export type ApiErrorCode = ErrorCode | ApiOnlyCode;

/**
 * The HTTP status of each engine / CLI code when it reaches the API. A code the
 * engine appends later without an entry here answers 400 when it is an input
 * problem (exit code 2) and 500 otherwise (statusOf).
 */
export const ENGINE_STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PROPOSAL: 400,
  PROPOSAL_SYNTAX: 400,
  FILE_NOT_FOUND: 404,
  INVALID_OPTION: 400,
  UNKNOWN_TEMPLATE: 404,
  INTERNAL: 500,
  INFEASIBLE_ROADMAP: 422,
  NO_ROADMAP: 400,
  NOT_FOUND: 404,
  NOT_FINISHED: 409,
  INVALID_ACTUALS: 400,
};

/** Whether a string is a code of either catalogue. */
export function isErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && (Object.hasOwn(API_ERRORS, code) || Object.hasOwn(ERRORS, code));
}

/**
 * The HTTP status and title of a code (API codes first, then the engine's with ENGINE_STATUS).
 * @example errorEntry('NOT_FINISHED') // { status: 409, title: 'The run has not finished' }
 */
export function errorEntry(code: ApiErrorCode): { status: number; title: string } {
  if (Object.hasOwn(API_ERRORS, code)) return API_ERRORS[code as ApiOnlyCode];
  const engine = ERRORS[code as ErrorCode];
  return { status: statusOf(code as ErrorCode), title: engine.title };
}

/**
 * The HTTP status of an engine code: its ENGINE_STATUS entry, else 400 for input problems (exit code 2) and 500 for the rest.
 * @example statusOf('INFEASIBLE_ROADMAP') // 422
 */
export function statusOf(code: ErrorCode): number {
  return ENGINE_STATUS[code] ?? (ERRORS[code].exitCode === 2 ? 400 : 500);
}
