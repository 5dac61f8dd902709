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
  /** Longest a proposal's validation may take before its thread is stopped, in ms. */
  validateTimeoutMs: number;
  /** Longest rendering a PDF or workbook may take, in ms. */
  renderTimeoutMs: number;
  /** Memory one stored run may use (estimated before it starts; the thread's heap is capped at it), in MB. */
  runMemoryMb: number;
  /** Memory one synchronous analysis may use, in MB. */
  analyzeMemoryMb: number;
  /** Queued and running runs a tenant may have at once (429 TOO_MANY_RUNS beyond). */
  maxActiveRunsPerTenant: number;
  /** Most values (objects, arrays, strings, numbers…) in one JSON body. */
  maxJsonValues: number;
  /** Deepest nesting of one JSON body. */
  maxJsonDepth: number;
  /** Time a client has to send its request line and headers, in ms. */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request, body included, in ms. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, in ms. */
  keepAliveTimeoutMs: number;
  /** How often the server checks connections against the header and request timeouts, in ms. */
  connectionsCheckIntervalMs: number;
  /** Most data rows in one upload of actuals. */
  maxActualsRows: number;
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

/**
 * 10 s to validate a proposal: within the proposal's size limits
 * (scenarios/limits.ts) and MAX_JSON_VALUES the largest accepted proposal
 * validates in tens of milliseconds, so this only stops a thread that hangs.
 */
export const VALIDATE_TIMEOUT_MS = 10_000;

/** 60 s to render a PDF or workbook: the demo's PDF takes under a second; a 100-scenario Report a few. */
export const RENDER_TIMEOUT_MS = 60_000;

/**
 * 1.5 GB per stored run: enough for the demo (7 scenarios with a roadmap) at
 * the full 1,000,000 trials (~1.1 GB estimated), while one run can never take
 * the whole of a small server. api/runs/budget.ts estimates a run's need.
 */
export const RUN_MEMORY_MB = 1536;

/**
 * 512 MB per synchronous analysis: a 20,000-trial analysis of up to about 25
 * scenarios; larger ones go through stored runs. Several can run at once (one per core).
 */
export const ANALYZE_MEMORY_MB = 512;

/**
 * 50 queued or running runs per tenant: a CRM re-scoring its open
 * opportunities queues a handful; the rate limit alone would let one tenant
 * queue hours of work for every other tenant to wait behind.
 */
export const MAX_ACTIVE_RUNS_PER_TENANT = 50;

/**
 * 10,000 values per JSON body (every object, array, string, number…): 12
 * times the demo proposal (849 values for 7 scenarios); 40 scenarios written
 * like the demo's — the most the roadmap planner takes — use about 5,000.
 * Validation costs a few µs per value, so the largest accepted body validates
 * in tens of milliseconds; the byte limit alone would allow ~40 times more.
 */
export const MAX_JSON_VALUES = 10_000;

/** Nesting deeper than 32 levels is no proposal (the demo nests 9): refused before any recursive walk sees it. */
export const MAX_JSON_DEPTH = 32;

/**
 * 10 s for the request line and headers: a client on a slow link sends a few
 * hundred bytes of headers in well under a second; a client that trickles them
 * (slowloris) holds a socket no longer than this.
 */
export const HEADERS_TIMEOUT_MS = 10_000;

/**
 * 30 s for a whole request, body included: a 1 MB body at 50 kB/s arrives in
 * 20 s; a client trickling its body is answered 408 and disconnected.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** 5 s for an idle keep-alive connection (Node's default), well below common load-balancer idle timeouts of 60 s. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * Connections are checked against the header and request timeouts every
 * second (Node's default is 30 s), so a slow client is cut off at most 1 s
 * after its deadline.
 */
export const CONNECTIONS_CHECK_INTERVAL_MS = 1_000;

/** Largest request head (request line and headers) in bytes: Node's default; beyond it 431 HEADERS_TOO_LARGE. */
export const MAX_HEADER_BYTES = 16_384;

/** Proposals waiting for the validation thread before 503 OVERLOADED: each takes milliseconds. */
export const MAX_QUEUED_VALIDATIONS = 64;
/** Analyses and renderings waiting for a thread before 503 OVERLOADED: at ~1 s each, a queue this long is already a wait of several seconds. */
export const MAX_QUEUED_ANALYSES = 16;
/** Heap of the validation thread, in MB: a proposal within the limits needs a few MB. */
export const VALIDATION_HEAP_MB = 256;

/**
 * CPU niceness of threads that run stored runs (Linux applies it per thread):
 * a long run gets the cores the request thread leaves idle, so requests keep
 * their latency while it runs.
 */
export const RUN_THREAD_NICENESS = 10;
/**
 * A run thread idle for 10 s is stopped: threads stay warm through a burst of
 * runs (starting one costs ~0.3 s), and a finished 1M-trial run's memory goes
 * back to the system soon after.
 */
export const RUN_THREAD_IDLE_MS = 10_000;
/** Analysis threads idle for a minute are stopped likewise (POST /v1/analyze comes in bursts from a UI). */
export const ANALYSIS_THREAD_IDLE_MS = 60_000;

/** Niceness of the threads of synchronous analyses and renderings: a client waits for them, but requests come first. */
export const ANALYSIS_THREAD_NICENESS = 5;

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

/**
 * 5,000 rows of actuals per upload: a pilot reports a few measures a month
 * (the reference file has 15 rows for 4 months); 10 scenarios × 60 months × 8
 * measures fits. Checking costs microseconds a row, the update a pass over its
 * particles per reading, so a run's tracking stays bounded. A JSON upload is
 * bounded by MAX_JSON_VALUES first (about 1,400 rows of 7 values); larger files go as CSV.
 */
export const MAX_ACTUALS_ROWS = 5_000;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  bodyLimit: BODY_LIMIT_BYTES,
  maxTrials: RUN_MAX_TRIALS,
  analyzeMaxTrials: ANALYZE_MAX_TRIALS,
  maxIdLength: MAX_ID_LENGTH,
  rateLimit: RATE_LIMIT_PER_MINUTE,
  analyzeTimeoutMs: ANALYZE_TIMEOUT_MS,
  validateTimeoutMs: VALIDATE_TIMEOUT_MS,
  renderTimeoutMs: RENDER_TIMEOUT_MS,
  runMemoryMb: RUN_MEMORY_MB,
  analyzeMemoryMb: ANALYZE_MEMORY_MB,
  maxActiveRunsPerTenant: MAX_ACTIVE_RUNS_PER_TENANT,
  maxJsonValues: MAX_JSON_VALUES,
  maxJsonDepth: MAX_JSON_DEPTH,
  headersTimeoutMs: HEADERS_TIMEOUT_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
  connectionsCheckIntervalMs: CONNECTIONS_CHECK_INTERVAL_MS,
  maxActualsRows: MAX_ACTUALS_ROWS,
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
  // Node checks the request timeout only once the headers are in: it must be the longer one.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new RangeError('limit headersTimeoutMs cannot exceed requestTimeoutMs');
  return limits;
}
