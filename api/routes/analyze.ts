/**
 * POST /v1/analyze: a synchronous analysis for small trial counts. The
 * proposal is validated on the validation thread (its problems come back at
 * once as INVALID_PROPOSAL), checked against the synchronous memory budget,
 * then analysed on the analysis pool, which stops it when it exceeds the time
 * limit (503 TIMEOUT) or when the client goes away (logged, nothing answered).
 * The Report arrives as JSON bytes and is sent as they are; asked for a
 * language (`?lang=` or Accept-Language) it carries its messages rendered in
 * it as `rendered` (api/routes/report-language.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_SEED, DEFAULT_TRIALS } from '../../engine/constants.js';
import { defaultLang } from '../../reports/i18n.js';
import { proposalSchema } from '../../scenarios/proposal-schema.js';
import { type RouteDeps, clientGone, proposalDocumentSchema, samplerSchema, seedSchema, trialsSchema } from './common.js';
import { LANG_DESCRIPTION, acceptLanguageHeaders, langSchema, renderedReportSchema, requestedLang } from './report-language.js';

export const analyzeRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { limits, compute }) => {
  const cap = limits.analyzeMaxTrials;
  app.post(
    '/v1/analyze',
    {
      config: { scope: 'read', openapi: { errors: ['INVALID_PROPOSAL', 'RUN_TOO_LARGE', 'TIMEOUT', 'OVERLOADED'], headers: { 200: ['Content-Language', 'Vary'] } } },
      schema: {
        operationId: 'analyzeProposal',
        tags: ['analyze'],
        summary: 'Analyse a proposal now and return its Report',
        description: `At most ${cap.toLocaleString('en-US')} trials, ${limits.analyzeTimeoutMs / 1000} s and ${limits.analyzeMemoryMb} MB; larger analyses go through stored runs (POST /v1/proposals/{id}/runs).`,
        querystring: z.strictObject({ lang: langSchema.optional().describe(LANG_DESCRIPTION) }),
        headers: acceptLanguageHeaders,
        body: z.strictObject({
          proposal: proposalDocumentSchema,
          trials: trialsSchema(cap, ' for a synchronous analysis; use a stored run (POST /v1/proposals/{id}/runs) for more').optional(),
          seed: seedSchema.optional(),
          sampler: samplerSchema.optional(),
        }),
        response: { 200: renderedReportSchema.describe('The Report (schemaVersion 1), with `rendered` when a language was asked for') },
      },
    },
    async (request, reply) => {
      const { proposal, trials, seed, sampler } = request.body;
      // The proposal's language as the PDF picks it: from its currency, or the schema's default currency.
      const currency = proposalSchema.shape.currency.safeParse(proposal.currency);
      const lang = requestedLang(request.query.lang, request.headers['accept-language'], () => defaultLang(currency.data ?? ''));
      const bytes = await compute.analyze(
        {
          body: proposal,
          trials: trials ?? Math.min(DEFAULT_TRIALS, cap),
          seed: (seed ?? DEFAULT_SEED) | 0,
          sampler: sampler ?? 'lhs',
          createdAt: new Date().toISOString(),
          ...(lang ? { lang } : {}),
        },
        clientGone(reply),
      );
      reply.header('vary', 'Accept-Language');
      if (lang) reply.header('content-language', lang);
      return reply.type('application/json; charset=utf-8').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
    },
  );
};
