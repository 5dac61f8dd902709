/**
 * The HTTP API's limits, each a named constant with the reason for its value
 * (DESIGN §8). `buildApp({ limits })` may override any of them (tests use a
 * small rate limit and body limit); everything else reads the resolved Limits.
 */
import { MAX_TRIALS } from '../engine/constants.js';

export interface Limits {
  /** Largest request body, in bytes. */
  bodyLimit: number;
  /** Most trials one stored run may ask for. */
  maxTrials: number;
  /** Most trials the synchronous POST /v1/analyze may ask for. */
  analyzeMaxTrials: number;
  /** Longest id accepted in a path (longer ids are rejected before any query). */
  maxIdLength: number;
  /** Requests per minute per API key (per client IP for requests without a valid key). */
  rateLimit: number;
  /** Longest a synchronous POST /v1/analyze may compute before its worker is stopped, in ms. */
  analyzeTimeoutMs: number;
}

/**
 * 1 MB: the largest realistic proposal (a dozen scenarios with every line
 * uncertain, a roadmap and long descriptions) is well under 100 kB; ten times
 * that leaves room while keeping one request's parse cost and memory bounded.
 */
export const BODY_LIMIT_BYTES = 1_048_576;

/** Stored runs execute off the request path, so they may use the engine's own cap. */
export const RUN_MAX_TRIALS = MAX_TRIALS;

/**
 * 20,000 trials of a seven-scenario proposal take about a second in a worker
 * thread: a synchronous request stays interactive and cannot tie up a core for
 * minutes. Larger analyses go through stored runs (POST /v1/proposals/:id/runs).
 */
export const ANALYZE_MAX_TRIALS = 20_000;

/**
 * Ids are UUIDs (36 characters); 64 leaves room for other id schemes while
 * rejecting megabyte-long path segments before they reach the database.
 */
export const MAX_ID_LENGTH = 64;

/**
 * 600 requests per minute (10 per second) per key: far above what a CRM
 * integration or a person polling a run needs, low enough that one runaway
 * client cannot starve the others.
 */
export const RATE_LIMIT_PER_MINUTE = 600;

/** The rate limit's window: the limit counts requests per minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * 30 s: an analysis within ANALYZE_MAX_TRIALS finishes in a few seconds even on
 * a loaded machine; anything slower is stopped so that the request and its
 * worker thread never hang (proxies commonly time out at 30–60 s).
 */
export const ANALYZE_TIMEOUT_MS = 30_000;

/** Page size of lists when none is asked for. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page of a list: keeps one response small (items carry no proposal body). */
export const MAX_PAGE_SIZE = 100;

/** Longest CRM reference (an opportunity id in Salesforce, HubSpot, … is far shorter). */
export const MAX_CRM_REF_LENGTH = 200;
/** Longest customer-name filter (customer names in proposals are short texts). */
export const MAX_CUSTOMER_FILTER_LENGTH = 200;

/** How often the event stream of a run reads its progress from the store, in ms. */
export const EVENTS_POLL_MS = 100;
/** A comment line on an idle event stream this often keeps proxies from closing it, in ms. */
export const EVENTS_KEEPALIVE_MS = 15_000;

/**
 * A share link lives 30 days unless asked otherwise: long enough for a report
 * to go round a buying committee, short enough that a forwarded link does not
 * stay open for good.
 */
export const SHARE_DEFAULT_EXPIRES_DAYS = 30;
/** Longest a share link may live (a year: the next budget cycle needs a new run anyway). */
export const SHARE_MAX_EXPIRES_DAYS = 365;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  bodyLimit: BODY_LIMIT_BYTES,
  maxTrials: RUN_MAX_TRIALS,
  analyzeMaxTrials: ANALYZE_MAX_TRIALS,
  maxIdLength: MAX_ID_LENGTH,
  rateLimit: RATE_LIMIT_PER_MINUTE,
  analyzeTimeoutMs: ANALYZE_TIMEOUT_MS,
});

/**
 * The defaults with the given overrides, checked (each a positive whole number;
 * trial caps within the engine's MAX_TRIALS).
 * @example resolveLimits({ rateLimit: 5 }).bodyLimit // 1048576
 */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(overrides) as [keyof Limits, number | undefined][]) {
    if (value === undefined) continue;
    if (!(name in DEFAULT_LIMITS)) throw new RangeError(`unknown limit ${JSON.stringify(name)}`);
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`limit ${name} must be a whole number ≥ 1, got ${value}`);
    limits[name] = value;
  }
  if (limits.maxTrials > MAX_TRIALS) throw new RangeError(`limit maxTrials cannot exceed the engine's MAX_TRIALS (${MAX_TRIALS})`);
  if (limits.analyzeMaxTrials > limits.maxTrials) throw new RangeError('limit analyzeMaxTrials cannot exceed maxTrials');
  return limits;
}
