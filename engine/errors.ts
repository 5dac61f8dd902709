/**
 * The catalogue of the errors the engine, the proposal loader and the CLI
 * raise: one stable code each, with the exit code the CLI returns (DESIGN §8,
 * after fastify's errors.js). HTTP statuses are not the engine's business: the
 * API maps these codes to statuses and keeps its own codes in api/errors.ts.
 * Codes never change meaning; new ones are appended.
 */
export const ERRORS = {
  INVALID_PROPOSAL: { exitCode: 2, title: 'The proposal is invalid' },
  PROPOSAL_SYNTAX: { exitCode: 2, title: 'The proposal is not valid JSON or YAML' },
  FILE_NOT_FOUND: { exitCode: 2, title: 'The file does not exist or cannot be read' },
  INVALID_OPTION: { exitCode: 2, title: 'An option has an invalid value' },
  UNKNOWN_TEMPLATE: { exitCode: 2, title: 'No template has this id' },
  INTERNAL: { exitCode: 1, title: 'Internal error' },
  INFEASIBLE_ROADMAP: { exitCode: 2, title: 'The roadmap cannot be planned under its rules' },
  NO_ROADMAP: { exitCode: 2, title: 'The proposal has no roadmap block' },
  NOT_FOUND: { exitCode: 2, title: 'No such resource' },
  NOT_FINISHED: { exitCode: 2, title: 'The run has not finished' },
  INVALID_ACTUALS: { exitCode: 2, title: 'The actuals are invalid or do not fit the proposal' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** One problem at one place in an input: `scenarios[2].benefits[0].minutesAfter: max (5) is below min (10)`. */
export interface Problem {
  /** JSON path, e.g. "scenarios[2].benefits[0].minutesAfter"; "" for the whole input. */
  path: string;
  message: string;
  /** 1-based line and column in the file the input came from, when it came from one. */
  line?: number;
  column?: number;
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
}

/**
 * One problem as the line the CLI prints: `path: message`, or the message alone at the top level.
 * @example formatProblem({ path: 'horizonMonths', message: 'too large', line: 3, column: 1 }) // "horizonMonths: too large (line 3, column 1)"
 */
export function formatProblem(p: Problem): string {
  const at = p.line !== undefined ? ` (line ${p.line}, column ${p.column ?? 1})` : '';
  return `${p.path ? `${p.path}: ${p.message}` : p.message}${at}`;
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
