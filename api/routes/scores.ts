/** GET /v1/scores: the ROI scores a CRM pulls, with their provenance (DESIGN §1). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Report } from '../../engine/report.js';
import { verdictSchema } from '../../engine/report.js';
import { caller } from '../auth.js';
import { MAX_CRM_REF_LENGTH } from '../limits.js';
import { ApiError } from '../problem.js';
import type { RouteDeps } from './common.js';

export const scoresSchema = z.object({
  crmRef: z.string(),
  proposalId: z.string(),
  proposalVersion: z.number().int(),
  runId: z.string(),
  seed: z.number().int(),
  engineVersion: z.string(),
  inputHash: z.string(),
  createdAt: z.string().describe('When the run that produced the scores was started (ISO-8601)'),
  scenarios: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      score: z.number().int().describe('ROI score 0–100: 100 × the probability of passing every acceptance gate'),
      rank: z.number().int(),
      verdict: verdictSchema,
      npvP50: z.number().nullable().describe('Median NPV in the proposal currency'),
      paybackP50: z.number().nullable().describe('Median payback in months; null when it falls among trials that never pay back'),
    }),
  ),
});

/** Scores derived from a succeeded run never change: keep the latest this many, by run id. */
const SCORES_CACHE_SIZE = 1000;

export const scoreRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { store }) => {
  // By run id: the scores' JSON after `crmRef`, serialised once (a succeeded run never changes).
  const cache = new Map<string, string>();
  app.get(
    '/v1/scores',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND'] } },
      schema: {
        operationId: 'getScores',
        tags: ['scores'],
        summary: 'Scores for a CRM reference',
        description: 'From the latest succeeded run of the latest proposal with this crmRef; 404 when there is none.',
        querystring: z.strictObject({ crmRef: z.string().min(1).max(MAX_CRM_REF_LENGTH).describe('CRM reference of the proposal') }),
        response: { 200: scoresSchema },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { crmRef } = request.query;
      const run = await store.latestRunForCrmRef(key.tenantId, crmRef);
      if (!run) throw new ApiError('NOT_FOUND', `no succeeded run of a proposal with crmRef ${JSON.stringify(crmRef)}`);
      let rest = cache.get(run.id);
      if (rest === undefined) {
        const text = await store.getReportJson(key.tenantId, run.id);
        if (text === null) throw new ApiError('NOT_FOUND', `no succeeded run of a proposal with crmRef ${JSON.stringify(crmRef)}`);
        const report = JSON.parse(text) as Report;
        const scores: Omit<z.infer<typeof scoresSchema>, 'crmRef'> = {
          proposalId: run.proposalId,
          proposalVersion: run.proposalVersion,
          runId: run.id,
          seed: report.run.seed,
          engineVersion: report.engine.version,
          inputHash: report.run.inputHash,
          createdAt: report.run.createdAt ?? run.createdAt,
          scenarios: report.scenarios.map((s) => ({
            id: s.id,
            name: s.name,
            score: s.score,
            rank: s.rank,
            verdict: s.verdict,
            npvP50: s.npv.p50,
            paybackP50: s.paybackMonths.p50,
          })),
        };
        rest = JSON.stringify(scoresSchema.omit({ crmRef: true }).parse(scores)).slice(1, -1);
        if (cache.size >= SCORES_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(run.id, rest);
      }
      // Serialised once per run: the hot path only splices in the crmRef asked for.
      return reply.type('application/json; charset=utf-8').send(`{"crmRef":${JSON.stringify(crmRef)},${rest}}` as never);
    },
  );
};
