/**
 * Stored runs: queued by POST /v1/proposals/:id/runs, executed off the request
 * path by the run executor (worker threads), followed through GET /v1/runs/:id
 * or its event stream, cancelled, and rendered as JSON, PDF or XLSX.
 */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_SEED, DEFAULT_TRIALS } from '../../engine/constants.js';
import { defaultLang } from '../../reports/i18n.js';
import { caller } from '../auth.js';
import { EVENTS_KEEPALIVE_MS, EVENTS_POLL_MS } from '../limits.js';
import { ApiError } from '../problem.js';
import { ReadCache } from '../store/read-cache.js';
import type { ProposalRecord, RunRecord } from '../store/types.js';
import { rendererFor } from '../../reports/renderers.js';
import {
  FINAL_STATUSES,
  type RouteDeps,
  idParams,
  notFound,
  runLinks,
  runLinksSchema,
  runSchema,
  runStatusSchema,
  runView,
  samplerSchema,
  seedSchema,
  trialsDone,
  trialsSchema,
  emptyBodyAsDefaults,
  PDF_TYPE,
  XLSX_TYPE,
  binary,
  clientGone,
  rawJson,
} from './common.js';
import { LANG_DESCRIPTION, acceptLanguageHeaders, langSchema, renderedReportSchema, requestedLang } from './report-language.js';

/** The currency of a stored Report, read without parsing the whole text (it sits near the top). */
function reportCurrency(reportJson: string): string {
  const m = /"currency":"([A-Z]{3})"/.exec(reportJson.slice(0, 4096));
  return m ? m[1] : (JSON.parse(reportJson) as { proposal: { currency: string } }).proposal.currency;
}

/**
 * A run's Report never changes once it succeeded, so its rendered sentences
 * (a tenth of a second or more of a worker per request) are kept per run and
 * language: 16 answers (the demo's is 0.3 MB), each for 10 minutes.
 */
const RENDERED_CACHE_ENTRIES = 16;
const RENDERED_CACHE_TTL_MS = 10 * 60_000;

/** Seconds a tenant over its run limit is told to wait: runs take seconds to minutes. */
const RUNS_RETRY_AFTER_SECONDS = 30;

/** One server-sent event. */
function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const runRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { store, executor, limits, compute }) => {
  const runParams = idParams(limits, 'run');
  /** Reports with their sentences, by run and language (read only after the tenant's own run was found). */
  const renderedReports = new ReadCache<Buffer>(RENDERED_CACHE_TTL_MS, RENDERED_CACHE_ENTRIES);

  /**
   * The actuals version and as-of month of a tracking run, checked against the
   * proposal version the run analyses (it may have changed since the upload):
   * 404 without that version, 400 INVALID_ACTUALS when they no longer fit.
   */
  const trackingOf = async (
    tenantId: string,
    proposal: ProposalRecord,
    body: { actuals?: 'latest' | number; asOfMonth?: number },
  ): Promise<{ actualsVersion: number; asOfMonth: number } | undefined> => {
    if (body.actuals === undefined) {
      if (body.asOfMonth !== undefined) {
        throw new ApiError('INVALID_REQUEST', 'asOfMonth belongs to a tracking run: give the actuals too ("actuals": "latest")', [{ path: 'asOfMonth', message: 'only with actuals' }]);
      }
      return undefined;
    }
    const record = await store.getActuals(tenantId, proposal.id, body.actuals === 'latest' ? undefined : body.actuals);
    if (!record) {
      throw new ApiError(
        'NOT_FOUND',
        body.actuals === 'latest' ? `the proposal ${JSON.stringify(proposal.id)} has no actuals yet (PUT /v1/proposals/{id}/actuals)` : `the proposal ${JSON.stringify(proposal.id)} has no actuals version ${body.actuals}`,
      );
    }
    const facts = await compute.checkActuals(proposal.body, record.body, record.format, body.asOfMonth ?? record.asOfMonth);
    return { actualsVersion: record.version, asOfMonth: facts.asOfMonth };
  };

  app.post(
    '/v1/proposals/:id/runs',
    {
      config: {
        scope: 'write',
        openapi: { optionalBody: true, errors: ['NOT_FOUND', 'INVALID_ACTUALS', 'RUN_TOO_LARGE', 'TOO_MANY_RUNS', 'OVERLOADED', 'TIMEOUT'], headers: { 202: ['Location'], 429: ['Retry-After'] } },
      },
      schema: {
        operationId: 'createRun',
        tags: ['runs'],
        summary: "Queue a run of the proposal's latest version",
        description: `Answers 202 at once; the run executes in the background. With \`actuals\` it is a tracking run: its Report carries the \`tracking\` block of \`closedloop track\` for the same proposal, actuals, seed and trials (GET /v1/proposals/{id}/tracking serves the latest); 404 without that actuals version, 400 INVALID_ACTUALS when they no longer fit the proposal's latest version. Follow it with GET /v1/runs/{id} or its event stream. 422 RUN_TOO_LARGE when the run would need more than ${limits.runMemoryMb} MB (the detail names the largest trial count that fits); 429 TOO_MANY_RUNS beyond ${limits.maxActiveRunsPerTenant} queued or running runs of the tenant.`,
        params: idParams(limits, 'proposal'),
        body: z
          .strictObject({
            trials: trialsSchema(limits.maxTrials).optional(),
            seed: seedSchema.optional(),
            sampler: samplerSchema.optional(),
            actuals: z
              .union([z.literal('latest'), z.number().int().min(1).max(999_999_999)])
              .describe("A tracking run: the proposal's actuals (`latest` or a version, PUT /v1/proposals/{id}/actuals); its Report has the `tracking` block `closedloop track` gives")
              .optional(),
            asOfMonth: z
              .number()
              .int()
              .min(0)
              .max(9999)
              .describe('With `actuals`: the last month they speak for (as --as-of); default the as-of month of the actuals version')
              .optional(),
          })
          .describe('Run settings (all optional; the body may be omitted)'),
        response: {
          202: z.object({ id: z.string(), status: runStatusSchema, links: runLinksSchema }).describe('Queued; Location is the run'),
        },
      },
      preValidation: emptyBodyAsDefaults,
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const proposal = await store.getProposal(key.tenantId, id);
      if (!proposal) throw notFound('proposal', id);
      const { seed, sampler } = request.body;
      const trials = request.body.trials ?? Math.min(DEFAULT_TRIALS, limits.maxTrials);
      const tracking = await trackingOf(key.tenantId, proposal, request.body);
      compute.checkRunBudget(await compute.validate(proposal.body), trials, { tracking: tracking !== undefined });
      const active = await store.countActiveRuns(key.tenantId);
      if (active >= limits.maxActiveRunsPerTenant) {
        throw new ApiError('TOO_MANY_RUNS', `the tenant has ${active} queued or running runs (at most ${limits.maxActiveRunsPerTenant}); wait for some to finish or cancel them`, undefined, {
          'retry-after': String(RUNS_RETRY_AFTER_SECONDS),
        });
      }
      const run = await store.createRun(key.tenantId, {
        proposalId: proposal.id,
        proposalVersion: proposal.version,
        trials,
        seed: (seed ?? DEFAULT_SEED) | 0,
        sampler: sampler ?? 'lhs',
        ...(tracking ? { tracking } : {}),
      });
      await store.audit({ tenantId: key.tenantId, actor: key.id, action: 'run', resource: 'run', resourceId: run.id });
      executor?.wake();
      const links = runLinks(run);
      reply.code(202).header('location', links.self);
      return { id: run.id, status: run.status, links };
    },
  );

  app.get(
    '/v1/runs/:id',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'] } },
      schema: { operationId: 'getRun', tags: ['runs'], summary: 'A run: status, progress and error', params: runParams, response: { 200: runSchema } },
    },
    async (request) => {
      const key = caller(request);
      const run = await store.getRun(key.tenantId, request.params.id);
      if (!run) throw notFound('run', request.params.id);
      return runView(run);
    },
  );

  app.get(
    '/v1/runs/:id/events',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'], headers: { 200: ['Cache-Control'] } } },
      schema: {
        operationId: 'getRunEvents',
        tags: ['runs'],
        summary: "A run's progress as server-sent events",
        description:
          '`event: progress` with `{done, total, status}` whenever it changes, then `event: done` with `{status, error}` once the run has finished, succeeded or not; then the stream ends.',
        params: runParams,
        response: {
          200: {
            description: 'An event stream (text/event-stream)',
            content: { 'text/event-stream': { schema: z.string().describe('event: progress | done, data: JSON') } },
          },
        },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const first = await store.getRun(key.tenantId, id);
      if (!first) throw notFound('run', id);

      const headers = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' };
      if (request.method === 'HEAD') return reply.headers(headers).send(undefined as never);

      const stream = new PassThrough();
      let closed = false;
      let poll: NodeJS.Timeout | undefined;
      const keepalive = setInterval(() => stream.write(': keepalive\n\n'), EVENTS_KEEPALIVE_MS);
      const finish = () => {
        if (closed) return;
        closed = true;
        clearTimeout(poll);
        clearInterval(keepalive);
        stream.end();
      };
      reply.raw.once('close', finish); // the client went away

      let last = '';
      const emit = (run: RunRecord): boolean => {
        const done = trialsDone(run);
        const state = `${run.status}:${done}`;
        if (state !== last) {
          last = state;
          stream.write(sse('progress', { done, total: run.trials, status: run.status }));
        }
        if (!FINAL_STATUSES.has(run.status)) return false;
        stream.write(sse('done', { status: run.status, error: run.error }));
        return true;
      };
      const tick = async () => {
        if (closed) return;
        try {
          const run = await store.getRun(key.tenantId, id);
          if (!run) {
            stream.write(sse('done', { status: 'deleted', error: { code: 'NOT_FOUND', message: 'the run was deleted with its proposal' } }));
            return finish();
          }
          if (emit(run)) return finish();
        } catch (e) {
          request.log.error({ err: e }, 'event stream: reading the run failed');
          stream.write(sse('done', { status: 'unknown', error: { code: 'INTERNAL', message: 'the run could not be read; GET the run for its status' } }));
          return finish();
        }
        if (!closed) poll = setTimeout(() => void tick(), EVENTS_POLL_MS);
      };
      if (emit(first)) finish();
      else poll = setTimeout(() => void tick(), EVENTS_POLL_MS);

      // A stream is written as it comes, never serialised.
      return reply.headers(headers).send(stream as never);
    },
  );

  app.post(
    '/v1/runs/:id/cancel',
    {
      config: { scope: 'write', openapi: { errors: ['NOT_FOUND', 'ALREADY_FINISHED'] } },
      schema: {
        operationId: 'cancelRun',
        tags: ['runs'],
        summary: 'Cancel a queued or running run',
        description: '202 when cancelled; 409 ALREADY_FINISHED when the run had already finished.',
        params: runParams,
        response: { 202: z.object({ id: z.string(), status: z.literal('cancelled'), links: runLinksSchema }) },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      if (!(await store.cancelRun(key.tenantId, id))) {
        const run = await store.getRun(key.tenantId, id);
        if (!run) throw notFound('run', id);
        throw new ApiError('ALREADY_FINISHED', `the run has already finished (${run.status})`);
      }
      await store.audit({ tenantId: key.tenantId, actor: key.id, action: 'cancel', resource: 'run', resourceId: id });
      const run = await store.getRun(key.tenantId, id);
      reply.code(202);
      return { id, status: 'cancelled' as const, links: runLinks(run ?? { id, proposalId: '' }) };
    },
  );

  app.get(
    '/v1/runs/:id/report',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND', 'NOT_FINISHED', 'TIMEOUT', 'OVERLOADED'], headers: { 200: ['Content-Disposition', 'Content-Language', 'Vary'] } } },
      schema: {
        operationId: 'getRunReport',
        tags: ['runs'],
        summary: "A succeeded run's Report as JSON, PDF or XLSX",
        description:
          "409 NOT_FINISHED until the run has succeeded. The JSON is the stored Report as it is; asked for a language (`lang`, or Accept-Language) it carries the Report's messages as sentences in it (`rendered`). A PDF or workbook is in `lang`, else Accept-Language's language, else the proposal's (zh-CN for CNY proposals, else en).",
        params: runParams,
        querystring: z.strictObject({
          format: z.enum(['json', 'pdf', 'xlsx']).optional().describe('json (default), pdf or xlsx'),
          lang: langSchema.optional().describe(LANG_DESCRIPTION),
        }),
        headers: acceptLanguageHeaders,
        response: {
          200: {
            description: 'The Report (schemaVersion 1), with `rendered` when a language was asked for; or its PDF or XLSX rendering',
            content: {
              'application/json': { schema: renderedReportSchema },
              [PDF_TYPE]: { schema: binary() },
              [XLSX_TYPE]: { schema: binary() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const run = await store.getRun(key.tenantId, id);
      if (!run) throw notFound('run', id);
      if (run.status !== 'succeeded') {
        const why = FINAL_STATUSES.has(run.status) ? `the run ${run.status} and has no report` : `the run is ${run.status}; follow ${runLinks(run).events}`;
        throw new ApiError('NOT_FINISHED', why);
      }
      const reportJson = await store.getReportJson(key.tenantId, id);
      if (reportJson === null) throw notFound('report of the run', id);
      const format = request.query.format ?? 'json';
      const asked = requestedLang(request.query.lang, request.headers['accept-language'], () => defaultLang(reportCurrency(reportJson)));
      reply.header('vary', 'Accept-Language');
      if (format === 'json') {
        // The stored JSON goes out as it is (never parsed and re-serialised on the event loop); the messages are rendered on a worker.
        if (!asked) return reply.type('application/json; charset=utf-8').send(rawJson(reportJson) as never);
        const body = await renderedReports.get(`${id}\n${asked}`, () => compute.withMessages(reportJson, asked, clientGone(reply)));
        return reply.type('application/json; charset=utf-8').header('content-language', asked).send(body as never);
      }
      const lang = asked ?? defaultLang(reportCurrency(reportJson));
      const file = await compute.render(reportJson, format, lang, clientGone(reply));
      const renderer = rendererFor(format);
      const name = `closedloop-${id}-${lang}`;
      return reply
        .type(renderer.mediaType)
        .header('content-language', lang)
        .header('content-disposition', `attachment; filename="${name}.${renderer.extension}"`)
        .send(file as never);
    },
  );
};
