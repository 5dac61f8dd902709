/**
 * What the route plugins share: their dependencies, the schemas of ids, pages
 * and records, ETags, and the view of stored records the API answers with.
 */
import { z } from 'zod';
import type { Compute } from '../runs/compute.js';
import type { Executor } from '../runs/executor.js';
import type { Limits } from '../limits.js';
import type { ProposalRecord, RunRecord, Store } from '../store/types.js';
import { ApiError } from '../problem.js';
import { RENDERERS } from '../../reports/renderers.js';

/** Options every route plugin receives from buildApp. */
export interface RouteDeps {
  store: Store;
  executor: Executor | null;
  limits: Limits;
  /** The worker threads that validate, analyse and render (the event loop does I/O only). */
  compute: Compute;
}

/**
 * `true` when a documented schema's type and the engine's or view's type are
 * the same (else `never`): `const _: Same<z.output<typeof s>, T> = true` fails
 * to compile when either side changes alone.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

/** A path id: bounded length, checked before any query. */
export function idSchema(limits: Limits, what: string) {
  return z
    .string()
    .min(1)
    .max(limits.maxIdLength, `an id has at most ${limits.maxIdLength} characters`)
    .describe(`The ${what}'s id`);
}

/** `{ id }` path parameters. */
export function idParams(limits: Limits, what: string) {
  return z.strictObject({ id: idSchema(limits, what) });
}

/**
 * A whole number in a query string (query values are text, so they are read as
 * numbers; bodies never coerce). Empty or non-numeric text fails.
 * @example queryInt(1, 100).parse('20') // 20
 */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,15}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    // Documented as the integer it is (the text pattern is how it is read, not what clients send).
    .meta({ type: 'integer', minimum: min, maximum: max, pattern: undefined } as Record<string, unknown>);
}

/** The highest version number a query may name (versions count up from 1 with every update). */
export const MAX_VERSION = 999_999_999;

/**
 * A seed in a query string: a 32-bit integer as `seedSchema` takes it in a body (read as text, like queryInt).
 * @example querySeed.parse('-7') // -7
 */
export const querySeed = z
  .string()
  .regex(/^-?\d{1,10}$/, 'expected a whole number')
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(-(2 ** 31))
      .max(2 ** 32 - 1),
  )
  .meta({ type: 'integer', minimum: -(2 ** 31), maximum: 2 ** 32 - 1, pattern: undefined } as Record<string, unknown>);

/** The seed of a run: a 32-bit integer (as the CLI's --seed), stored as a signed 32-bit value. */
export const seedSchema = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 32 - 1)
  .describe('Random seed, a 32-bit integer (default 12345); values ≥ 2^31 are read as their signed 32-bit equivalent, as the CLI does');

export const samplerSchema = z.enum(['lhs', 'mc']).describe('Latin hypercube (default) or plain Monte Carlo');

/** The trials of a run or analysis, 1 … cap. */
export function trialsSchema(cap: number, hint = '') {
  return z
    .number()
    .int('trials must be a whole number')
    .min(1, 'trials must be at least 1')
    .max(cap, `trials must be at most ${cap}${hint}`)
    .describe(`Monte Carlo trials, 1 – ${cap} (default 10,000 or the cap if lower)`);
}

/** A proposal document as written (DESIGN §4.6): checked by the proposal validator, not by this schema. */
export const proposalDocumentSchema = z
  .record(z.string(), z.unknown())
  .describe('A closedloop proposal (JSON Schema: GET /v1/schema/proposal); its problems are answered as INVALID_PROPOSAL with their paths');

export const timestamp = z.string().describe('ISO-8601 UTC timestamp');

export const proposalSummarySchema = z.object({
  id: z.string(),
  version: z.number().int().describe('1, 2, … (every update stores a new version)'),
  crmRef: z.string().nullable().describe('The CRM reference (e.g. an opportunity id) the proposal belongs to'),
  customer: z.string().describe("The proposal's customer name"),
  inputHash: z.string().describe('SHA-256 of the normalised proposal (as in its reports)'),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const proposalRecordSchema = proposalSummarySchema.extend({ proposal: proposalDocumentSchema });

export const runStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

export const runLinksSchema = z.object({
  self: z.string(),
  events: z.string(),
  report: z.string(),
  cancel: z.string(),
  proposal: z.string(),
});

export const runSchema = z.object({
  id: z.string(),
  proposalId: z.string(),
  proposalVersion: z.number().int(),
  status: runStatusSchema,
  trials: z.number().int(),
  seed: z.number().int(),
  sampler: samplerSchema,
  progress: z.object({
    done: z.number().int().describe('Trials done'),
    total: z.number().int().describe('Trials of the run'),
    fraction: z.number().describe('done / total, 0 … 1'),
  }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  actuals: z
    .object({ version: z.number().int().describe('The actuals version it tracks'), asOfMonth: z.number().int() })
    .nullable()
    .describe('A tracking run: the actuals version and as-of month; null for a plain analysis'),
  links: runLinksSchema,
});

/** Statuses after which a run never changes again. */
export const FINAL_STATUSES: ReadonlySet<RunRecord['status']> = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * The ETag of a proposal version.
 * @example etag('abc', 2) // '"abc:2"'
 */
export function etag(id: string, version: number): string {
  return `"${id}:${version}"`;
}

/**
 * The version an If-Match header names for this proposal: `"<id>:<version>"`
 * (a list is allowed; `*` means the current version). Null when no entry names
 * this proposal (weak ETags never match: If-Match uses strong comparison).
 * @example matchedVersion('"abc:2"', 'abc', 3) // 2
 */
export function matchedVersion(header: string, id: string, current: number): number | null {
  const entries = header.split(',').map((s) => s.trim());
  if (entries.includes('*')) return current;
  let found: number | null = null;
  for (const entry of entries) {
    const m = /^"(.+):(\d{1,9})"$/.exec(entry);
    if (!m || m[1] !== id) continue;
    const version = Number(m[2]);
    if (version === current) return version;
    found = version;
  }
  return found;
}

export function proposalSummary(r: ProposalRecord): z.output<typeof proposalSummarySchema> {
  return { id: r.id, version: r.version, crmRef: r.crmRef, customer: r.customer, inputHash: r.inputHash, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

export function proposalView(r: ProposalRecord): z.output<typeof proposalRecordSchema> {
  return { ...proposalSummary(r), proposal: r.body as Record<string, unknown> };
}

export function runLinks(r: Pick<RunRecord, 'id' | 'proposalId'>): z.output<typeof runLinksSchema> {
  const self = `/v1/runs/${encodeURIComponent(r.id)}`;
  return {
    self,
    events: `${self}/events`,
    report: `${self}/report`,
    cancel: `${self}/cancel`,
    proposal: `/v1/proposals/${encodeURIComponent(r.proposalId)}`,
  };
}

/** Trials done as the API reports them: all of them once the run succeeded. */
export function trialsDone(r: RunRecord): number {
  return r.status === 'succeeded' ? r.trials : Math.min(r.progress, r.trials);
}

export function runView(r: RunRecord): z.output<typeof runSchema> {
  const done = trialsDone(r);
  return {
    id: r.id,
    proposalId: r.proposalId,
    proposalVersion: r.proposalVersion,
    status: r.status,
    trials: r.trials,
    seed: r.seed,
    sampler: r.sampler,
    progress: { done, total: r.trials, fraction: r.trials > 0 ? done / r.trials : 0 },
    error: r.error,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    actuals: r.actualsVersion === null ? null : { version: r.actualsVersion, asOfMonth: r.asOfMonth ?? 0 },
    links: runLinks(r),
  };
}

/** 404 for a resource that does not exist for this tenant (another tenant's ids answer the same). */
export function notFound(what: string, id: string): ApiError {
  return new ApiError('NOT_FOUND', `no ${what} has the id ${JSON.stringify(id)}`);
}

/** preValidation hook: a POST without a body means "default settings" (an empty object for the schema). */
export async function emptyBodyAsDefaults(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

/** The media types of the files the API sends, from the renderer registry (the CLI's too). */
export const XLSX_TYPE = RENDERERS.xlsx.mediaType;
export const PDF_TYPE = RENDERERS.pdf.mediaType;

/** A binary file in the OpenAPI document. */
export const binary = () => z.string().meta({ format: 'binary' });

/** A response with no body (204), as the OpenAPI document shows it. */
export const noContent = (description: string) => z.null().describe(description).meta({ type: 'null', nullable: undefined, enum: undefined } as Record<string, unknown>);

/**
 * A JSON body already serialised (a stored Report, spliced text): sent as is,
 * never parsed or re-serialised on the event loop.
 */
export function rawJson(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/**
 * A signal that aborts when the client closes the connection before its answer
 * is complete (fastify's request.signal also fires once a body has been read,
 * so it cannot tell a client that left).
 * @example await compute.analyze(task, clientGone(reply))
 */
export function clientGone(reply: { raw: { once(event: 'close', f: () => void): unknown; writableFinished: boolean } }): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
