/**
 * POST /v1/analyze: a synchronous analysis for small trial counts. The
 * proposal is validated on the validation thread (its problems come back at
 * once as INVALID_PROPOSAL), checked against the synchronous memory budget,
 * then analysed on the analysis pool, which stops it when it exceeds the time
 * limit (503 TIMEOUT) or when the client goes away (logged, nothing answered).
 * The Report arrives as JSON bytes and is sent as they are.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_SEED, DEFAULT_TRIALS } from '../../engine/constants.js';
import { reportSchema } from '../../engine/report.js';
import { type RouteDeps, clientGone, proposalDocumentSchema, samplerSchema, seedSchema, trialsSchema } from './common.js';

export const analyzeRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { limits, compute }) => {
  const cap = limits.analyzeMaxTrials;
  app.post(
    '/v1/analyze',
    {
      config: { scope: 'read', openapi: { errors: ['INVALID_PROPOSAL', 'RUN_TOO_LARGE', 'TIMEOUT', 'OVERLOADED'] } },
      schema: {
        operationId: 'analyzeProposal',
        tags: ['analyze'],
        summary: 'Analyse a proposal now and return its Report',
        description: `At most ${cap.toLocaleString('en-US')} trials, ${limits.analyzeTimeoutMs / 1000} s and ${limits.analyzeMemoryMb} MB; larger analyses go through stored runs (POST /v1/proposals/{id}/runs).`,
        body: z.strictObject({
          proposal: proposalDocumentSchema,
          trials: trialsSchema(cap, ' for a synchronous analysis; use a stored run (POST /v1/proposals/{id}/runs) for more').optional(),
          seed: seedSchema.optional(),
          sampler: samplerSchema.optional(),
        }),
        response: { 200: reportSchema.describe('The Report (schemaVersion 1)') },
      },
    },
    async (request, reply) => {
      const { proposal, trials, seed, sampler } = request.body;
      const bytes = await compute.analyze(
        {
          body: proposal,
          trials: trials ?? Math.min(DEFAULT_TRIALS, cap),
          seed: (seed ?? DEFAULT_SEED) | 0,
          sampler: sampler ?? 'lhs',
          createdAt: new Date().toISOString(),
        },
        clientGone(reply),
      );
      return reply.type('application/json; charset=utf-8').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
    },
  );
};
