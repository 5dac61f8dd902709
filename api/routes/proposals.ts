/**
 * /v1/proposals: stored proposals with versions. Every update stores a new
 * version and needs If-Match with the current ETag (`"<id>:<version>"`), so two
 * editors never overwrite each other unknowingly. Bodies are validated by the
 * proposal validator before they are stored (as written), with the customer
 * name and the inputHash of the normalised proposal.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../auth.js';
import { DEFAULT_PAGE_SIZE, MAX_CRM_REF_LENGTH, MAX_CUSTOMER_FILTER_LENGTH, MAX_PAGE_SIZE } from '../limits.js';
import { ApiError } from '../problem.js';
import { StaleVersionError } from '../store/types.js';
import {
  MAX_VERSION,
  type RouteDeps,
  etag,
  idParams,
  idSchema,
  matchedVersion,
  noContent,
  notFound,
  proposalDocumentSchema,
  proposalRecordSchema,
  proposalSummary,
  proposalSummarySchema,
  proposalView,
  queryInt,
  runSchema,
  runView,
} from './common.js';

/** Longest page cursor accepted (cursors the store issues are far shorter). */
const MAX_CURSOR_LENGTH = 512;

const crmRefSchema = z.string().min(1).max(MAX_CRM_REF_LENGTH).describe('CRM reference, e.g. an opportunity id');

export const proposalRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { store, limits, compute }) => {
  const params = idParams(limits, 'proposal');

  /** The validated proposal's fields the store keeps next to the body (validated on the validation thread). */
  const prepare = async (proposal: Record<string, unknown>) => {
    const facts = await compute.validate(proposal);
    return { body: proposal, customer: facts.customer, inputHash: facts.inputHash };
  };

  app.post(
    '/v1/proposals',
    {
      config: { scope: 'write', openapi: { errors: ['INVALID_PROPOSAL', 'OVERLOADED', 'TIMEOUT'], headers: { 201: ['ETag', 'Location'] } } },
      schema: {
        operationId: 'createProposal',
        tags: ['proposals'],
        summary: 'Store a proposal (version 1)',
        body: z.strictObject({ proposal: proposalDocumentSchema, crmRef: crmRefSchema.nullable().optional() }),
        response: { 201: proposalRecordSchema.describe('The stored proposal; ETag "<id>:1", Location its URL') },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const record = await store.createProposal(key.tenantId, { ...(await prepare(request.body.proposal)), crmRef: request.body.crmRef ?? null });
      await store.audit({ tenantId: key.tenantId, actor: key.id, action: 'create', resource: 'proposal', resourceId: record.id });
      reply.code(201).header('etag', etag(record.id, record.version)).header('location', `/v1/proposals/${encodeURIComponent(record.id)}`);
      return proposalView(record);
    },
  );

  app.get(
    '/v1/proposals',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listProposals',
        tags: ['proposals'],
        summary: 'List proposals (latest versions, most recently updated first)',
        querystring: z.strictObject({
          crmRef: crmRefSchema.optional(),
          customer: z.string().min(1).max(MAX_CUSTOMER_FILTER_LENGTH).describe('Exact customer name').optional(),
          cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).describe('The `next` of the previous page').optional(),
          limit: queryInt(1, MAX_PAGE_SIZE).describe(`Page size, 1 – ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(proposalSummarySchema).describe('Proposals without their bodies (GET /v1/proposals/{id} has the body)'),
            next: z.string().nullable().describe('Cursor of the next page; null on the last page'),
          }),
        },
      },
    },
    async (request) => {
      const key = caller(request);
      const { crmRef, customer, cursor, limit } = request.query;
      try {
        const page = await store.listProposals(key.tenantId, { crmRef, customer, cursor, limit: limit ?? DEFAULT_PAGE_SIZE });
        return { items: page.items.map(proposalSummary), next: page.next };
      } catch (e) {
        if ((e as Error).name === 'InvalidCursorError') {
          throw new ApiError('INVALID_REQUEST', 'the page cursor is not valid: pass the `next` of a previous page', [{ path: 'cursor', message: 'not a cursor this API issued' }]);
        }
        throw e;
      }
    },
  );

  app.get(
    '/v1/proposals/:id',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'], headers: { 200: ['ETag'] } } },
      schema: {
        operationId: 'getProposal',
        tags: ['proposals'],
        summary: 'A proposal (its latest version, or ?version=n)',
        params,
        querystring: z.strictObject({ version: queryInt(1, MAX_VERSION).describe('An older version').optional() }),
        response: { 200: proposalRecordSchema },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const record = await store.getProposal(key.tenantId, id, request.query.version);
      if (!record) {
        throw request.query.version === undefined ? notFound('proposal', id) : new ApiError('NOT_FOUND', `the proposal ${JSON.stringify(id)} has no version ${request.query.version}`);
      }
      reply.header('etag', etag(record.id, record.version));
      return proposalView(record);
    },
  );

  app.put(
    '/v1/proposals/:id',
    {
      config: {
        scope: 'write',
        openapi: { errors: ['INVALID_PROPOSAL', 'NOT_FOUND', 'PRECONDITION_FAILED', 'PRECONDITION_REQUIRED', 'OVERLOADED', 'TIMEOUT'], headers: { 200: ['ETag'] } },
      },
      schema: {
        operationId: 'updateProposal',
        tags: ['proposals'],
        summary: 'Store a new version of a proposal (If-Match required)',
        description: 'Needs `If-Match: "<id>:<version>"` with the current ETag: 428 without it, 412 when the proposal changed since. An omitted crmRef keeps the current one; null clears it.',
        params,
        headers: z.looseObject({ 'if-match': z.string().max(1024).optional().describe('The current ETag, "<id>:<version>"') }),
        body: z.strictObject({ proposal: proposalDocumentSchema, crmRef: crmRefSchema.nullable().optional() }),
        response: { 200: proposalRecordSchema.describe('The new version; ETag "<id>:<version>"') },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const ifMatch = request.headers['if-match'];
      if (!ifMatch) throw new ApiError('PRECONDITION_REQUIRED', 'send If-Match with the ETag of the version you edited (GET /v1/proposals/{id} returns it)');
      const current = await store.getProposal(key.tenantId, id);
      if (!current) throw notFound('proposal', id);
      const stale = () =>
        new ApiError('PRECONDITION_FAILED', `the proposal is at version ${current.version} (ETag ${etag(id, current.version)}); fetch it again and reapply your change`);
      const expected = matchedVersion(ifMatch, id, current.version);
      if (expected !== current.version) throw stale();
      const input = { ...(await prepare(request.body.proposal)), crmRef: request.body.crmRef === undefined ? current.crmRef : request.body.crmRef };
      let updated;
      try {
        updated = await store.updateProposal(key.tenantId, id, expected, input);
      } catch (e) {
        if (e instanceof StaleVersionError) throw new ApiError('PRECONDITION_FAILED', `the proposal is at version ${e.current}; fetch it again and reapply your change`);
        throw e;
      }
      if (!updated) throw notFound('proposal', id);
      await store.audit({ tenantId: key.tenantId, actor: key.id, action: 'update', resource: 'proposal', resourceId: id });
      reply.header('etag', etag(updated.id, updated.version));
      return proposalView(updated);
    },
  );

  app.delete(
    '/v1/proposals/:id',
    {
      config: { scope: 'write', openapi: { errors: ['NOT_FOUND', 'PRECONDITION_FAILED'] } },
      schema: {
        operationId: 'deleteProposal',
        tags: ['proposals'],
        summary: 'Delete a proposal with its versions and runs',
        description: 'If-Match is optional here; when given it must be the current ETag (412 otherwise).',
        params,
        headers: z.looseObject({ 'if-match': z.string().max(1024).optional().describe('Optional: the current ETag') }),
        response: { 204: noContent('Deleted') },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const ifMatch = request.headers['if-match'];
      if (ifMatch) {
        const current = await store.getProposal(key.tenantId, id);
        if (!current) throw notFound('proposal', id);
        if (matchedVersion(ifMatch, id, current.version) !== current.version) {
          throw new ApiError('PRECONDITION_FAILED', `the proposal is at version ${current.version} (ETag ${etag(id, current.version)})`);
        }
      }
      if (!(await store.deleteProposal(key.tenantId, id))) throw notFound('proposal', id);
      await store.audit({ tenantId: key.tenantId, actor: key.id, action: 'delete', resource: 'proposal', resourceId: id });
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/v1/proposals/:id/runs',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'] } },
      schema: {
        operationId: 'listProposalRuns',
        tags: ['runs'],
        summary: "A proposal's runs",
        params: z.strictObject({ id: idSchema(limits, 'proposal') }),
        response: { 200: z.object({ items: z.array(runSchema) }) },
      },
    },
    async (request) => {
      const key = caller(request);
      const { id } = request.params;
      if (!(await store.getProposal(key.tenantId, id))) throw notFound('proposal', id);
      const runs = await store.listRuns(key.tenantId, id);
      return { items: runs.map(runView) };
    },
  );
};
