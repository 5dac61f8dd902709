/**
 * Errors as HTTP answers: every failure is an RFC 9457 problem document
 * (`application/problem+json`) whose `code` comes from the error catalogue
 * (engine/errors.ts, DESIGN §8). A 500 carries a generic detail only; the real
 * error goes to the log.
 */
import { z } from 'zod';
import { ClosedloopError, ERRORS, type ErrorCode, type Problem } from '../engine/errors.js';

/** The media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where the `type` URIs of problems live: `<base><code>`. */
export const PROBLEM_TYPE_BASE = 'https://closedloop.dev/errors/';

/**
 * Codes the API answers that the engine's catalogue does not (yet) define.
 * Looked up only when ERRORS lacks the code, so adding it to the catalogue
 * takes over without a change here.
 */
export const API_ONLY_ERRORS = {
  ALREADY_FINISHED: { status: 409, title: 'The run has already finished' },
  NOT_READY: { status: 503, title: 'The service is not ready (its database does not answer)' },
} as const;

export type ApiErrorCode = ErrorCode | keyof typeof API_ONLY_ERRORS;

/** The catalogue entry of a code (the engine's catalogue first). */
export function errorEntry(code: ApiErrorCode): { status: number; title: string } {
  return (ERRORS as Record<string, { status: number; title: string }>)[code] ?? API_ONLY_ERRORS[code as keyof typeof API_ONLY_ERRORS];
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  problems?: Problem[];
}

/** The problem document's shape (for OpenAPI). */
export const problemSchema = z
  .object({
    type: z.string().describe('https://closedloop.dev/errors/<code>'),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable error code from the catalogue (docs/errors.md)'),
    detail: z.string(),
    problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe('An error (RFC 9457 problem details)');

/** An expected HTTP failure: a catalogue code, a detail for this occurrence, and optional problems and headers. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly problems: Problem[] | undefined;
  readonly headers: Record<string, string>;
  constructor(code: ApiErrorCode, detail?: string, problems?: Problem[], headers: Record<string, string> = {}) {
    super(detail ?? errorEntry(code).title);
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
