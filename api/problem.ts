/**
 * Errors as HTTP answers: every failure is an RFC 9457 problem document
 * (`application/problem+json`) whose `code` comes from the API's error
 * catalogue (api/errors.ts, which also maps the engine's codes to statuses).
 * A 500 carries a generic detail only; the real error goes to the log.
 */
import { ClosedloopError, type Problem } from '../engine/errors.js';
import { type ApiErrorCode, errorEntry } from './errors.js';

export type { ApiErrorCode } from './errors.js';

/** The media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where the `type` URIs of problems live: `<base><code>`. */
export const PROBLEM_TYPE_BASE = 'https://closedloop.dev/errors/';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  problems?: Problem[];
}

/** An expected HTTP failure: a catalogue code, a detail for this occurrence, and optional problems and headers. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly problems: Problem[] | undefined;
  readonly headers: Record<string, string>;
  /** `cause`: what made it happen (a database error behind NOT_READY), for the request's log line only. */
  constructor(code: ApiErrorCode, detail?: string, problems?: Problem[], headers: Record<string, string> = {}, cause?: unknown) {
    super(detail ?? errorEntry(code).title, cause === undefined ? undefined : { cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = errorEntry(code).status;
    this.problems = problems;
    this.headers = headers;
  }
}

/**
 * The problem document of a code.
 * @example problem('NOT_FOUND', 'no proposal has the id abc').type // "https://closedloop.dev/errors/NOT_FOUND"
 */
export function problem(code: ApiErrorCode, detail?: string, problems?: Problem[]): ProblemDocument {
  const entry = errorEntry(code);
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: entry.title,
    status: entry.status,
    code,
    detail: detail ?? entry.title,
    ...(problems && problems.length ? { problems } : {}),
  };
}

/** The problem document of an ApiError or a ClosedloopError. */
export function problemOf(error: ApiError | ClosedloopError): ProblemDocument {
  if (error instanceof ClosedloopError) {
    const entry = errorEntry(error.code);
    const detail =
      error.problems.length === 0
        ? error.message
        : `${entry.title}: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} (see problems)`;
    return problem(error.code, detail, error.problems);
  }
  return problem(error.code, error.message, error.problems);
}
