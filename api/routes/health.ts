/** Liveness and readiness probes (public, not rate limited: load balancers poll them). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, problemSchema, PROBLEM_CONTENT_TYPE } from '../problem.js';
import type { RouteDeps } from './common.js';

/** A tenant id no tenant has: the readiness probe's cheap read. */
const READY_PROBE_TENANT = '__ready__';

export const healthRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { store }) => {
  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers',
        response: {
          200: z.object({ status: z.literal('ready') }),
          503: { description: 'The database does not answer', content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } },
        },
      },
    },
    async (request) => {
      try {
        await store.listKeys(READY_PROBE_TENANT);
      } catch (e) {
        request.log.error({ err: e }, 'readiness probe: the store does not answer');
        throw new ApiError('NOT_READY', 'the database does not answer');
      }
      return { status: 'ready' as const };
    },
  );
};
