/** Liveness and readiness probes (public, not rate limited: load balancers poll them). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../problem.js';
import type { RouteDeps } from './common.js';

/** A tenant id no tenant has: the readiness probe's cheap read. */
const READY_PROBE_TENANT = '__ready__';

const countersSchema = z
  .object({
    requestTimeouts: z.number().int().describe('Clients cut off for not sending their request in time (408)'),
    malformedRequests: z.number().int().describe('Requests refused before routing: not HTTP, bad framing, bad URL encoding, headers too large'),
    clientsClosed: z.number().int().describe('Clients that closed the connection before their answer'),
  })
  .describe('Counts since the process started');

export const healthRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { store }) => {
  app.get(
    '/health',
    {
      config: { rateLimit: false, openapi: { unlimited: true } },
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok'), counters: countersSchema }) },
      },
    },
    async () => ({ status: 'ok' as const, counters: { ...app.connectionCounters } }),
  );

  app.get(
    '/ready',
    {
      config: { rateLimit: false, openapi: { unlimited: true, errors: ['NOT_READY'] } },
      schema: {
        operationId: 'getReady',
        tags: ['health'],
        summary: 'Readiness: the database answers',
        response: { 200: z.object({ status: z.literal('ready') }) },
      },
    },
    async () => {
      try {
        await store.listKeys(READY_PROBE_TENANT);
      } catch (e) {
        // The cause goes to the request's log line, never to the client.
        throw new ApiError('NOT_READY', 'the database does not answer', undefined, {}, e);
      }
      return { status: 'ready' as const };
    },
  );
};
