/**
 * POST /v1/analyze: a synchronous analysis for small trial counts. The
 * proposal is validated here (problems come back at once as INVALID_PROPOSAL),
 * then simulated in a worker thread that is stopped when it exceeds the time
 * limit (503 TIMEOUT) or when the client goes away.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_SEED, DEFAULT_TRIALS } from '../../engine/constants.js';
import { errorEntry, isErrorCode } from '../errors.js';
import { reportSchema } from '../../engine/report.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { availableParallelism } from 'node:os';
import { WorkerPool } from '../runs/pool.js';
import { ApiError, type ApiErrorCode } from '../problem.js';
import { type RouteDeps, proposalDocumentSchema, samplerSchema, seedSchema, trialsSchema } from './common.js';

export const analyzeRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { limits }) => {
  const cap = limits.analyzeMaxTrials;
  // Threads kept warm for synchronous analyses, one per core: a fresh thread would cost more than the analysis.
  const pool = new WorkerPool(availableParallelism());
  app.addHook('onClose', () => pool.close());
  app.post(
    '/v1/analyze',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['analyze'],
        summary: 'Analyse a proposal now and return its Report',
        description: `At most ${cap.toLocaleString('en-US')} trials and ${limits.analyzeTimeoutMs / 1000} s; larger analyses go through stored runs (POST /v1/proposals/{id}/runs).`,
        body: z.strictObject({
          proposal: proposalDocumentSchema,
          trials: trialsSchema(cap, ' for a synchronous analysis; use a stored run (POST /v1/proposals/{id}/runs) for more').optional(),
          seed: seedSchema.optional(),
          sampler: samplerSchema.optional(),
        }),
        response: { 200: reportSchema },
      },
    },
    async (request, reply) => {
      const { proposal, trials, seed, sampler } = request.body;
      normalizeProposal(proposal); // INVALID_PROPOSAL with every problem, before a thread is started
      const worker = pool.run(
        {
          body: proposal,
          trials: trials ?? Math.min(DEFAULT_TRIALS, cap),
          seed: (seed ?? DEFAULT_SEED) | 0,
          sampler: sampler ?? 'lhs',
          createdAt: new Date().toISOString(),
        },
        () => {},
      );
      worker.result.catch(() => {}); // a stopped worker rejects; its outcome is handled below
      let settled = false;
      const stop = () => {
        if (!settled) void worker.terminate();
      };
      reply.raw.once('close', stop); // the client went away: stop computing
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ApiError('TIMEOUT', `the analysis took longer than ${limits.analyzeTimeoutMs / 1000} s and was stopped; use fewer trials or a stored run`)),
          limits.analyzeTimeoutMs,
        );
      });
      try {
        return (await Promise.race([worker.result, timeout])) as z.output<typeof reportSchema>;
      } catch (e) {
        if (e instanceof ApiError) throw e;
        const err = e as { code?: string; message?: string };
        const code = err.code as ApiErrorCode | undefined;
        if (isErrorCode(code) && errorEntry(code).status < 500) throw new ApiError(code, err.message);
        throw new Error(`analysis worker failed: ${err.code ?? '?'} ${err.message ?? ''}`);
      } finally {
        clearTimeout(timer);
        reply.raw.off('close', stop);
        await worker.terminate();
        settled = true;
      }
    },
  );
};
