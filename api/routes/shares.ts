/**
 * Share links of a run (DESIGN: read-only report pages for people without an
 * API key): created for a succeeded run, listed (never with their token) and
 * revoked under /v1 with the caller's key. The links themselves are opened
 * through the public routes of page.ts, by their token alone.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../auth.js';
import { SHARE_DEFAULT_EXPIRES_DAYS, SHARE_MAX_EXPIRES_DAYS } from '../limits.js';
import { ApiError } from '../problem.js';
import { ShareTargetError } from '../store/shares.js';
import type { ShareRecord } from '../store/types.js';
import { FINAL_STATUSES, type RouteDeps, idParams, noContent, notFound, runLinks, timestamp, emptyBodyAsDefaults } from './common.js';

const DAY_MS = 86_400_000;

/** The path of a share link's page: `/r/<token>`. */
export function sharePath(token: string): string {
  return `/r/${token}`;
}

export const shareSchema = z.object({
  id: z.string(),
  runId: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp,
  revokedAt: timestamp.nullable(),
  status: z.enum(['active', 'revoked', 'expired']).describe('Whether the link opens now'),
});

export function shareView(s: ShareRecord, now = new Date()): z.output<typeof shareSchema> {
  const status = s.revokedAt !== null ? 'revoked' : Date.parse(s.expiresAt) <= now.getTime() ? 'expired' : 'active';
  return { id: s.id, runId: s.runId, createdAt: s.createdAt, expiresAt: s.expiresAt, revokedAt: s.revokedAt, status };
}

export const shareRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { store, limits }) => {
  const runParams = idParams(limits, 'run');

  app.post(
    '/v1/runs/:id/shares',
    {
      config: { scope: 'write', openapi: { optionalBody: true, errors: ['NOT_FOUND', 'NOT_FINISHED'], headers: { 201: ['Cache-Control'] } } },
      schema: {
        operationId: 'createShare',
        tags: ['shares'],
        summary: 'Create a read-only link to a succeeded run',
        description:
          'Answers 201 with the link `/r/<token>`: the token is shown only here (it is stored hashed) and opens the run\'s page, its data and its PDF / XLSX without an API key until it expires or is revoked. 409 NOT_FINISHED unless the run succeeded.',
        params: runParams,
        body: z
          .strictObject({
            expiresInDays: z
              .number()
              .int('expiresInDays must be a whole number')
              .min(1, 'expiresInDays must be at least 1')
              .max(SHARE_MAX_EXPIRES_DAYS, `expiresInDays must be at most ${SHARE_MAX_EXPIRES_DAYS}`)
              .optional()
              .describe(`Days until the link expires, 1 – ${SHARE_MAX_EXPIRES_DAYS} (default ${SHARE_DEFAULT_EXPIRES_DAYS})`),
          })
          .describe('Link settings (optional; the body may be omitted)'),
        response: {
          201: z
            .object({
              id: z.string().describe('The link id (to list or revoke it)'),
              url: z.string().describe('The link, relative to the API: /r/<token> (shown once)'),
              expiresAt: timestamp,
            })
            .describe('The link; keep the URL, it cannot be shown again'),
        },
      },
      preValidation: emptyBodyAsDefaults,
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const run = await store.getRun(key.tenantId, id);
      if (!run) throw notFound('run', id);
      if (run.status !== 'succeeded') {
        const why = FINAL_STATUSES.has(run.status) ? `the run ${run.status}; only a succeeded run can be shared` : `the run is ${run.status}; follow ${runLinks(run).events}`;
        throw new ApiError('NOT_FINISHED', why);
      }
      const days = request.body.expiresInDays ?? SHARE_DEFAULT_EXPIRES_DAYS;
      let created: Awaited<ReturnType<typeof store.createShare>>;
      try {
        created = await store.createShare(key.tenantId, run.id, new Date(Date.now() + days * DAY_MS).toISOString());
      } catch (e) {
        // The run was deleted (with its proposal) between the check and the insert.
        if (e instanceof ShareTargetError) throw notFound('run', id);
        throw e;
      }
      const { token, record } = created;
      await store.audit({ tenantId: key.tenantId, actor: key.id, action: 'share', resource: 'share', resourceId: record.id });
      // The only response that carries the token: never cached.
      reply.code(201).header('cache-control', 'no-store');
      return { id: record.id, url: sharePath(token), expiresAt: record.expiresAt };
    },
  );

  app.get(
    '/v1/runs/:id/shares',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'] } },
      schema: {
        operationId: 'listShares',
        tags: ['shares'],
        summary: "A run's share links (without their tokens), newest first",
        params: runParams,
        response: { 200: z.object({ items: z.array(shareSchema) }) },
      },
    },
    async (request) => {
      const key = caller(request);
      const { id } = request.params;
      const run = await store.getRun(key.tenantId, id);
      if (!run) throw notFound('run', id);
      const now = new Date();
      return { items: (await store.listShares(key.tenantId, run.id)).map((s) => shareView(s, now)) };
    },
  );

  app.delete(
    '/v1/shares/:id',
    {
      config: { scope: 'write', openapi: { errors: ['NOT_FOUND'] } },
      schema: {
        operationId: 'revokeShare',
        tags: ['shares'],
        summary: 'Revoke a share link',
        description: 'The link stops opening at once. 404 when no active link of this tenant has the id (already revoked included).',
        params: idParams(limits, 'share link'),
        response: { 204: noContent('Revoked') },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      if (!(await store.revokeShare(key.tenantId, id))) throw notFound('active share link', id);
      await store.audit({ tenantId: key.tenantId, actor: key.id, action: 'delete', resource: 'share', resourceId: id });
      reply.code(204);
      return null;
    },
  );
};
