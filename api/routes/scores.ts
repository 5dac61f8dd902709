/** GET /v1/scores: the ROI scores a CRM pulls, with their provenance (DESIGN §1). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Report } from '../../engine/report.js';
import type { Tracking } from '../../engine/tracking/tracking-schema.js';
import { verdictSchema } from '../../engine/report.js';
import { caller } from '../auth.js';
import { MAX_CRM_REF_LENGTH } from '../limits.js';
import { ApiError } from '../problem.js';
import type { RouteDeps } from './common.js';

/** What a CRM shows of a tracked scenario: where the pilot stands and what to do next. */
const scenarioTrackingSchema = z.object({
  status: z.enum(['ahead', 'on-track', 'behind']).describe('Actuals against the forecast in the latest observed month'),
  recommendation: z.enum(['go', 'adjust', 'stop']).describe('For the next phase or step'),
  asOfMonth: z.number().int().describe('The last month the actuals speak for'),
  scoreBefore: z.number().int().describe('The ROI score of the prior forecast'),
  scoreAfter: z.number().int().describe('The ROI score of the re-forecast with the actuals'),
});

/** The tracked status of each scenario, from a tracking run's `tracking` block. */
function trackedScenarios(tracking: Tracking): Map<string, z.infer<typeof scenarioTrackingSchema>> {
  return new Map(
    tracking.scenarios.map((s) => [
      s.id,
      { status: s.status, recommendation: s.recommendation.decision, asOfMonth: tracking.asOfMonth, scoreBefore: s.prior.score, scoreAfter: s.reforecast.score },
    ]),
  );
}

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
      tracking: scenarioTrackingSchema
        .nullable()
        .describe("The scenario in the proposal's latest succeeded tracking run (docs/tracking.md); null when it has none or the run did not track this scenario"),
    }),
  ),
  tracking: z
    .object({
      runId: z.string(),
      proposalVersion: z.number().int(),
      actualsVersion: z.number().int(),
      asOfMonth: z.number().int(),
    })
    .nullable()
    .describe("The proposal's latest succeeded tracking run (POST /v1/proposals/{id}/runs with actuals); null when there is none"),
});

/** Scores derived from a succeeded run (and tracking run) never change: keep the latest this many, by run ids. */
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
        description: "From the latest succeeded run of the latest proposal with this crmRef; 404 when there is none. Each scenario's `tracking` comes from the proposal's latest succeeded tracking run (null without one).",
        querystring: z.strictObject({ crmRef: z.string().min(1).max(MAX_CRM_REF_LENGTH).describe('CRM reference of the proposal') }),
        response: { 200: scoresSchema },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { crmRef } = request.query;
      const run = await store.latestRunForCrmRef(key.tenantId, crmRef);
      if (!run) throw new ApiError('NOT_FOUND', `no succeeded run of a proposal with crmRef ${JSON.stringify(crmRef)}`);
      const trackingRun = await store.latestTrackingRun(key.tenantId, run.proposalId);
      // Both runs are final once succeeded: their pair keys the serialised scores.
      const cacheKey = `${run.id}\u0000${trackingRun?.id ?? ''}`;
      let rest = cache.get(cacheKey);
      if (rest === undefined) {
        const text = await store.getReportJson(key.tenantId, run.id);
        if (text === null) throw new ApiError('NOT_FOUND', `no succeeded run of a proposal with crmRef ${JSON.stringify(crmRef)}`);
        const report = JSON.parse(text) as Report;
        const trackingText = trackingRun ? await store.getTrackingJson(key.tenantId, trackingRun.id) : null;
        const tracked = trackingText === null ? new Map() : trackedScenarios(JSON.parse(trackingText) as Tracking);
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
            tracking: tracked.get(s.id) ?? null,
          })),
          tracking:
            trackingRun && trackingText !== null
              ? { runId: trackingRun.id, proposalVersion: trackingRun.proposalVersion, actualsVersion: trackingRun.actualsVersion!, asOfMonth: trackingRun.asOfMonth! }
              : null,
        };
        rest = JSON.stringify(scoresSchema.omit({ crmRef: true }).parse(scores)).slice(1, -1);
        if (cache.size >= SCORES_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(cacheKey, rest);
      }
      // Serialised once per run: the hot path only splices in the crmRef asked for.
      return reply.type('application/json; charset=utf-8').send(`{"crmRef":${JSON.stringify(crmRef)},${rest}}` as never);
    },
  );
};
