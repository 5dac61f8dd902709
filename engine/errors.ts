/**
 * The catalogue of closedloop's errors: one stable code each, with the HTTP
 * status the API answers and the exit code the CLI returns (DESIGN §8, after
 * fastify's errors.js). Codes never change meaning; new ones are appended.
 */
export const ERRORS = {
  INVALID_PROPOSAL: { status: 400, exitCode: 2, title: 'The proposal is invalid' },
  PROPOSAL_SYNTAX: { status: 400, exitCode: 2, title: 'The proposal is not valid JSON or YAML' },
  FILE_NOT_FOUND: { status: 404, exitCode: 2, title: 'The file does not exist or cannot be read' },
  INVALID_OPTION: { status: 400, exitCode: 2, title: 'An option has an invalid value' },
  UNKNOWN_TEMPLATE: { status: 404, exitCode: 2, title: 'No template has this id' },
  INTERNAL: { status: 500, exitCode: 1, title: 'Internal error' },
  INFEASIBLE_ROADMAP: { status: 422, exitCode: 2, title: 'The roadmap cannot be planned under its rules' },
  NO_ROADMAP: { status: 400, exitCode: 2, title: 'The proposal has no roadmap block' },
  MALFORMED_BODY: { status: 400, exitCode: 2, title: 'The request body is not valid JSON' },
  INVALID_REQUEST: { status: 400, exitCode: 2, title: 'The request does not match its schema' },
  UNAUTHORIZED: { status: 401, exitCode: 2, title: 'An API key is required (Authorization: Bearer <key>)' },
  FORBIDDEN: { status: 403, exitCode: 2, title: "The API key's scopes do not allow this" },
  NOT_FOUND: { status: 404, exitCode: 2, title: 'No such resource' },
  NOT_FINISHED: { status: 409, exitCode: 2, title: 'The run has not finished' },
  PRECONDITION_FAILED: { status: 412, exitCode: 2, title: 'The resource changed since the version given in If-Match' },
  PAYLOAD_TOO_LARGE: { status: 413, exitCode: 2, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, exitCode: 2, title: 'The request body must be application/json' },
  PRECONDITION_REQUIRED: { status: 428, exitCode: 2, title: 'Updates need an If-Match header with the current ETag' },
  RATE_LIMITED: { status: 429, exitCode: 2, title: 'Too many requests for this API key' },
  TIMEOUT: { status: 503, exitCode: 1, title: 'The request took too long and was stopped' },
  ALREADY_FINISHED: { status: 409, exitCode: 2, title: 'The run has already finished' },
  NOT_READY: { status: 503, exitCode: 1, title: 'The service cannot reach its database' },
  INVALID_ACTUALS: { status: 400, exitCode: 2, title: 'The actuals are invalid or do not fit the proposal' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** One problem at one place in an input: `scenarios[2].benefits[0].minutesAfter: max (5) is below min (10)`. */
export interface Problem {
  /** JSON path, e.g. "scenarios[2].benefits[0].minutesAfter"; "" for the whole input. */
  path: string;
  message: string;
}

/** An expected failure with a catalogue code and the problems behind it. */
export class ClosedloopError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];
  constructor(code: ErrorCode, problems: Problem[]) {
    super(problems.map(formatProblem).join('\n') || ERRORS[code].title);
    this.name = 'ClosedloopError';
    this.code = code;
    this.problems = problems;
  }
  get exitCode(): number {
    return ERRORS[this.code].exitCode;
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
}

/**
 * One problem as the line the CLI prints: `path: message`, or the message alone at the top level.
 * @example formatProblem({ path: 'horizonMonths', message: 'too large' }) // "horizonMonths: too large"
 */
export function formatProblem(p: Problem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

/**
 * ['scenarios', 2, 'benefits', 0, 'minutesAfter'] → "scenarios[2].benefits[0].minutesAfter".
 * @example formatPath(['scenarios', 2, 'benefits', 0]) // "scenarios[2].benefits[0]"
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      out += /^[A-Za-z_$][\w$-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
