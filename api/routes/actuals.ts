/**
 * Actuals per proposal (docs/tracking.md): what a pilot measured, uploaded as
 * the actuals file `closedloop track --actuals` reads (CSV, or the same as
 * JSON), checked by the same parser on a worker thread and stored as a new
 * version each time — with If-Match on the current version's ETag
 * (`"<id>:actuals:<version>"`) as proposals have it, so two uploads never
 * overwrite each other unknowingly. A bad upload answers 400 INVALID_ACTUALS
 * naming each row and column and stores nothing. GET of the proposal's
 * tracking serves the `tracking` block of its latest succeeded tracking run
 * (POST /v1/proposals/{id}/runs with `actuals`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roadmapSchema, summarySchema, verdictSchema } from '../../engine/report.js';
import { trackingSchemaOf } from '../../engine/tracking/tracking-schema.js';
import { caller } from '../auth.js';
import { ApiError } from '../problem.js';
import type { ActualsSummary } from '../store/actuals.js';
import { StaleVersionError } from '../store/types.js';
import { type RouteDeps, idSchema, matchedVersion, notFound, rawJson, timestamp } from './common.js';

/** The ETag of an actuals version: `"<proposal id>:actuals:<version>"` (a proposal's own ETag is `"<id>:<version>"`). */
export function actualsEtag(proposalId: string, version: number): string {
  return `"${proposalId}:actuals:${version}"`;
}

/** The `If-Match` subject of a proposal's actuals, as matchedVersion reads it. */
const actualsTag = (proposalId: string) => `${proposalId}:actuals`;

const CSV_TYPE = 'text/csv';

/** The Report's `tracking` block, as GET /v1/proposals/{id}/tracking answers it. */
const trackingSchema = trackingSchemaOf(summarySchema, verdictSchema, roadmapSchema);

/** An actuals version's number in a path: a whole number, or `latest`. */
const versionParam = z
  .string()
  .regex(/^(latest|[1-9]\d{0,8})$/, 'expected a version number (1, 2, …) or "latest"')
  .describe('The actuals version (1, 2, …) or `latest`');

/**
 * A row of a JSON upload, documented with its fields but accepted as any value:
 * the actuals parser checks each row and names the row and column of a
 * problem (INVALID_ACTUALS, as the CLI), which a schema error could not.
 */
const actualsRowSchema = z
  .unknown()
  .meta({
    type: 'object',
    description: 'One row (docs/tracking.md); each field is checked by the actuals parser, which names the row and column of a problem',
    required: ['scenario', 'month', 'measure', 'value'],
    properties: {
      scenario: { type: 'string', description: 'A scenario id of the proposal' },
      month: { type: 'integer', minimum: 0, description: "The Report's month numbering: months since the decision date" },
      measure: { type: 'string', description: "An uncertain input's path or name, a shared assumption's key, adoption, cash:benefits, cash:costs or cash:<line label>" },
      value: { type: 'number', description: 'The observation (a sample mean when n > 1)' },
      n: { type: 'integer', minimum: 1, nullable: true, description: 'Sample size behind a measured mean' },
      sd: { type: 'number', nullable: true, description: 'Sample standard deviation of the units behind the mean (> 0)' },
    },
  } as Record<string, unknown>);

/** The rows of a JSON upload: an array, or `{ "actuals": [...] }` (its content checked by the parser, as the rows are). */
const actualsJsonSchema = z.union([
  z.array(actualsRowSchema).describe('The rows'),
  z
    // Optional to the schema, so that an object without rows is the parser's problem; documented as required.
    .looseObject({ actuals: z.unknown().meta({ type: 'array', items: actualsRowSchema.meta() } as Record<string, unknown>).optional() })
    .describe('{ "actuals": [rows] }')
    .meta({ required: ['actuals'] } as Record<string, unknown>),
]);

/** The body of an upload: CSV text (text/csv) or the rows as JSON (application/json). */
const actualsBodySchema = z
  .union([z.string().describe('text/csv: the actuals file, header scenario,month,measure,value,n,sd'), actualsJsonSchema])
  .describe('The actuals file (docs/tracking.md): CSV text sent as text/csv, or the same rows as JSON sent as application/json');

export const actualsLinksSchema = z.object({
  self: z.string().describe('This version (the file)'),
  versions: z.string().describe('Every version of the proposal’s actuals'),
  proposal: z.string(),
});

export const actualsVersionSchema = z.object({
  proposalId: z.string(),
  version: z.number().int().describe('1, 2, … (every upload stores a new version)'),
  proposalVersion: z.number().int().describe('The proposal version the rows were checked against'),
  format: z.enum(['csv', 'json']).describe('csv: stored as uploaded; json: stored as its canonical JSON text'),
  rows: z.number().int().describe('Data rows'),
  asOfMonth: z.number().int().describe('The as-of month the rows were checked against: the one given, else the latest month of a row'),
  sha256: z.string().describe('SHA-256 of the stored file'),
  createdAt: timestamp,
  links: actualsLinksSchema,
});

function actualsView(r: ActualsSummary): z.output<typeof actualsVersionSchema> {
  const proposal = `/v1/proposals/${encodeURIComponent(r.proposalId)}`;
  return {
    proposalId: r.proposalId,
    version: r.version,
    proposalVersion: r.proposalVersion,
    format: r.format,
    rows: r.rows,
    asOfMonth: r.asOfMonth,
    sha256: r.sha256,
    createdAt: r.createdAt,
    links: { self: `${proposal}/actuals/${r.version}`, versions: `${proposal}/actuals`, proposal },
  };
}

export const actualsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { store, limits, compute }) => {
  // CSV uploads, for this plugin's routes only (every other body stays JSON-only: 415).
  app.addContentTypeParser(CSV_TYPE, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const proposalId = idSchema(limits, 'proposal');

  app.put(
    '/v1/proposals/:id/actuals',
    {
      config: {
        scope: 'write',
        openapi: {
          errors: ['INVALID_ACTUALS', 'NOT_FOUND', 'PRECONDITION_FAILED', 'PRECONDITION_REQUIRED', 'OVERLOADED', 'TIMEOUT'],
          headers: { 201: ['ETag', 'Location'] },
          bodyBranches: { [CSV_TYPE]: 0, 'application/json': 1 },
        },
      },
      schema: {
        operationId: 'putActuals',
        tags: ['tracking'],
        summary: "Store a new version of a proposal's actuals (CSV or JSON)",
        description:
          'The actuals file of `closedloop track --actuals` (docs/tracking.md), as text/csv or application/json, checked against the latest version of the proposal by the same parser: ' +
          '400 INVALID_ACTUALS names the row and column of every problem and stores nothing. ' +
          `The first upload needs no If-Match; later ones need \`If-Match: "<id>:actuals:<version>"\` with the current version's ETag (428 without it, 412 when stale). At most ${limits.maxActualsRows.toLocaleString('en-US')} rows.`,
        params: z.strictObject({ id: proposalId }),
        querystring: z.strictObject({
          asOfMonth: z
            .string()
            .regex(/^\d{1,4}$/, 'expected a whole month')
            .transform(Number)
            .pipe(z.number().int().min(0).max(9999))
            .meta({ type: 'integer', minimum: 0, maximum: 9999, pattern: undefined } as Record<string, unknown>)
            .describe('The last month the actuals speak for (as --as-of): a row after it is an error; default the latest month of a row')
            .optional(),
        }),
        headers: z.looseObject({ 'if-match': z.string().max(1024).optional().describe('The current actuals ETag, "<id>:actuals:<version>" (not needed for the first upload)') }),
        consumes: [CSV_TYPE, 'application/json'],
        body: actualsBodySchema,
        response: { 201: actualsVersionSchema.describe('The stored version; ETag "<id>:actuals:<version>", Location the file') },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const proposal = await store.getProposal(key.tenantId, id);
      if (!proposal) throw notFound('proposal', id);
      const current = await store.latestActualsVersion(key.tenantId, id);
      const ifMatch = request.headers['if-match'];
      if (current === 0 && ifMatch) throw new ApiError('PRECONDITION_FAILED', 'the proposal has no actuals yet: send the first upload without If-Match');
      if (current > 0) {
        if (!ifMatch) throw new ApiError('PRECONDITION_REQUIRED', `send If-Match with the ETag of the current actuals (${actualsEtag(id, current)}; GET /v1/proposals/{id}/actuals lists the versions)`);
        if (matchedVersion(ifMatch, actualsTag(id), current) !== current) {
          throw new ApiError('PRECONDITION_FAILED', `the actuals are at version ${current} (ETag ${actualsEtag(id, current)}); fetch them again and reapply your change`);
        }
      }
      const format = (request.headers['content-type'] ?? '').toLowerCase().startsWith(CSV_TYPE) ? 'csv' : 'json';
      const body = request.body;
      const text = format === 'csv' ? (body as string) : JSON.stringify(body);
      const facts = await compute.checkActuals(proposal.body, text, format, request.query.asOfMonth);
      let record;
      try {
        record = await store.addActuals(key.tenantId, id, current, { proposalVersion: proposal.version, format, body: text, rows: facts.rows, asOfMonth: facts.asOfMonth, createdBy: key.id });
      } catch (e) {
        if (e instanceof StaleVersionError) throw new ApiError('PRECONDITION_FAILED', `the actuals are at version ${e.current}; fetch them again and reapply your change`);
        throw e;
      }
      await store.audit({ tenantId: key.tenantId, actor: key.id, action: current === 0 ? 'create' : 'update', resource: 'actuals', resourceId: id });
      const view = actualsView(record);
      reply.code(201).header('etag', actualsEtag(id, record.version)).header('location', view.links.self);
      return view;
    },
  );

  app.get(
    '/v1/proposals/:id/actuals',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'] } },
      schema: {
        operationId: 'listActuals',
        tags: ['tracking'],
        summary: "The versions of a proposal's actuals, newest first (without the files)",
        params: z.strictObject({ id: proposalId }),
        response: { 200: z.object({ items: z.array(actualsVersionSchema) }) },
      },
    },
    async (request) => {
      const key = caller(request);
      const { id } = request.params;
      if (!(await store.getProposal(key.tenantId, id))) throw notFound('proposal', id);
      return { items: (await store.listActuals(key.tenantId, id)).map(actualsView) };
    },
  );

  app.get(
    '/v1/proposals/:id/actuals/:version',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'], headers: { 200: ['ETag'] } } },
      schema: {
        operationId: 'getActuals',
        tags: ['tracking'],
        summary: 'One version of the actuals: the file as stored (text/csv or application/json)',
        params: z.strictObject({ id: proposalId, version: versionParam }),
        response: {
          200: {
            description: 'The actuals file: CSV as uploaded, or JSON as its canonical text; ETag "<id>:actuals:<version>"',
            content: {
              [CSV_TYPE]: { schema: z.string().describe('The CSV file') },
              'application/json': { schema: actualsJsonSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id, version } = request.params;
      const record = await store.getActuals(key.tenantId, id, version === 'latest' ? undefined : Number(version));
      if (!record) {
        if (!(await store.getProposal(key.tenantId, id))) throw notFound('proposal', id);
        throw new ApiError('NOT_FOUND', version === 'latest' ? `the proposal ${JSON.stringify(id)} has no actuals yet (PUT /v1/proposals/{id}/actuals)` : `the proposal ${JSON.stringify(id)} has no actuals version ${version}`);
      }
      reply.header('etag', actualsEtag(id, record.version));
      const type = record.format === 'csv' ? `${CSV_TYPE}; charset=utf-8` : 'application/json; charset=utf-8';
      // Served byte for byte as stored, never re-serialised.
      return reply.type(type).send(rawJson(record.body) as never);
    },
  );

  app.get(
    '/v1/proposals/:id/tracking',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'] } },
      schema: {
        operationId: 'getTracking',
        tags: ['tracking'],
        summary: "The tracking of the proposal's latest succeeded tracking run",
        description:
          'The `tracking` block (docs/tracking.md) of the latest succeeded run that used actuals (POST /v1/proposals/{id}/runs with `actuals`), byte for byte as the run wrote it, with the run it came from; 404 when there is none.',
        params: z.strictObject({ id: proposalId }),
        response: {
          200: z.object({
            runId: z.string(),
            proposalVersion: z.number().int(),
            actualsVersion: z.number().int(),
            asOfMonth: z.number().int(),
            tracking: trackingSchema,
          }),
        },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const run = await store.latestTrackingRun(key.tenantId, id);
      const text = run ? await store.getTrackingJson(key.tenantId, run.id) : null;
      if (!run || text === null) {
        if (!(await store.getProposal(key.tenantId, id))) throw notFound('proposal', id);
        throw new ApiError('NOT_FOUND', `the proposal ${JSON.stringify(id)} has no succeeded tracking run: upload actuals (PUT /v1/proposals/{id}/actuals), then POST /v1/proposals/{id}/runs with {"actuals": "latest"}`);
      }
      // The stored block is spliced in as it is: never parsed and re-serialised on the event loop.
      const head = JSON.stringify({ runId: run.id, proposalVersion: run.proposalVersion, actualsVersion: run.actualsVersion, asOfMonth: run.asOfMonth }).slice(0, -1);
      return reply.type('application/json; charset=utf-8').send(rawJson(`${head},"tracking":${text}}`) as never);
    },
  );
};
