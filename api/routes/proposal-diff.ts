/**
 * GET /v1/proposals/:id/diff: two stored versions of a proposal compared, as
 * `closedloop diff A B --json` compares two files (the worker calls the same
 * engine function): inputs and scenarios added, removed and changed; with
 * `analyze=true` also how each scenario's verdict, score and rank moved and
 * each NPV P50 change attributed to the changed inputs. The event loop reads
 * the two versions and sends the worker's JSON bytes as they are.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_SEED, DEFAULT_TRIALS } from '../../engine/constants.js';
import type { DistributionSpec } from '../../engine/distributions/registry.js';
import type { VersionComparison } from '../../engine/analytics/version-comparison.js';
import { localizedNamesSchema, verdictSchema } from '../../engine/report.js';
import { caller } from '../auth.js';
import { ApiError } from '../problem.js';
import { MAX_VERSION, type RouteDeps, type Same, clientGone, idParams, notFound, queryInt, querySeed } from './common.js';

const num = z.number();
const nullableNum = z.number().nullable();
const ids = z.array(z.string());

/** A parameter of a written form: a number, or a list of numbers (discrete values and weights). */
const paramValue = z.union([num, z.array(num)]);

/** A distribution in canonical parameters, one member per family of engine/distributions/registry.ts. */
const distributionSchema = z
  .discriminatedUnion('family', [
    z.object({ family: z.literal('pert'), min: num, mode: num, max: num, lambda: num }),
    z.object({ family: z.literal('triangular'), min: num, mode: num, max: num }),
    z.object({ family: z.literal('lognormal'), mu: num, sigma: num }),
    z.object({ family: z.literal('normal'), mean: num, sd: num }),
    z.object({ family: z.literal('uniform'), min: num, max: num }),
    z.object({ family: z.literal('beta'), alpha: num, beta: num }),
    z.object({ family: z.literal('discrete'), values: z.array(num), weights: z.array(num) }),
  ])
  .describe('The distribution in canonical parameters (lognormal by mu/sigma, normal by mean/sd, beta by alpha/beta)');

// Exactly the engine's families: tsc fails here when one is added or changes its parameters.
const _families: Same<z.output<typeof distributionSchema>, DistributionSpec> = true;
void _families;

/** An input's value as the normalised proposal holds it (engine/model/proposal.ts Quantity). */
const quantitySchema = z
  .union([
    num.describe('A fixed number'),
    z
      .object({
        dist: distributionSchema,
        name: z.string().optional(),
        clamp: z.array(num).length(2).optional().describe('Draws are clamped into [lo, hi]'),
        written: z.object({ form: z.string(), params: z.record(z.string(), paramValue) }).optional().describe('The form and numbers as the proposal wrote them'),
        label: z.string().optional(),
        labels: localizedNamesSchema.optional(),
      })
      .describe('An uncertain input'),
    z.object({ ref: z.string() }).describe('A shared assumption, by name'),
  ])
  .describe('A fixed number, an uncertain input or a reference to a shared assumption');

const inputChangeSchema = z.object({
  path: z.string().describe('`assumptions.NAME`, `scenarios[ID].PATH` or `roadmap.sharedComponents[ID].cost`'),
  scenarioId: z.string().nullable().describe('The scenario it belongs to; null for a shared assumption or component'),
  field: z.string().describe('The path inside its scenario'),
  before: quantitySchema.optional().describe('Absent for an added input'),
  after: quantitySchema.optional().describe('Absent for a removed input'),
});

const fieldChangeSchema = z.object({
  path: z.string(),
  scenarioId: z.string().nullable(),
  before: z.unknown().optional().describe('Absent when only the later version has the field'),
  after: z.unknown().optional().describe('Absent when only the earlier version has the field'),
});

const proposalDiffSchema = z
  .object({
    fromHash: z.string(),
    toHash: z.string(),
    same: z.boolean().describe('The two normalise to the same model (the same input hash)'),
    scenarios: z.object({ added: ids, removed: ids, changed: ids }),
    inputs: z.object({ added: z.array(inputChangeSchema), removed: z.array(inputChangeSchema), changed: z.array(inputChangeSchema) }),
    fields: z.array(fieldChangeSchema).describe('Every other field that changed, by its path'),
  })
  .describe('What changed between the two versions (scenarios, stages and components named by id)');

const movement = <T extends z.ZodType>(of: T) => z.object({ from: of, to: of });

const reportDiffSchema = z
  .object({
    fromHash: z.string(),
    toHash: z.string(),
    sameRun: z.boolean().describe('Both analyses ran with the same seed, trials and sampler (always true here)'),
    added: ids.describe('Scenarios only in the later version'),
    removed: ids.describe('Scenarios only in the earlier version'),
    scenarios: z.array(
      z.object({
        id: z.string(),
        verdict: movement(verdictSchema),
        score: movement(num),
        rank: movement(z.number().int()),
        npvP50: z.object({ from: nullableNum, to: nullableNum, change: nullableNum }).describe('Median NPV in the proposal currency'),
      }),
    ),
  })
  .describe("How each scenario's verdict, score, rank and NPV P50 moved (scenarios in both versions, in the later one's order)");

const attributionSchema = z
  .array(
    z.object({
      id: z.string(),
      from: nullableNum,
      to: nullableNum,
      observed: nullableNum.describe('to − from'),
      attributions: z.array(
        z.object({
          path: z.string(),
          npvP50Change: nullableNum.describe('The change with this input alone changed; null when it cannot be applied alone'),
        }),
      ),
      residual: nullableNum.describe('observed − Σ attributions: the interaction of the changes and what cannot be applied alone'),
    }),
  )
  .describe("Each scenario's NPV P50 change attributed to the changed inputs one at a time, as the tornado does");

/** The answer: the proposal, its two versions and the comparison `closedloop diff --json` prints. */
export const proposalDiffResponseSchema = z.object({
  id: z.string().describe("The proposal's id"),
  from: z.number().int().describe('The earlier version'),
  to: z.number().int().describe('The later version'),
  analysis: z.object({ trials: z.number().int(), seed: z.number().int() }).nullable().describe('The run settings of analyze=true; null without it'),
  proposal: proposalDiffSchema,
  reports: reportDiffSchema.optional().describe('With analyze=true only'),
  attribution: attributionSchema.optional().describe('With analyze=true only'),
});

// The engine's comparison has the documented fields and types (tsc checks it here; test/api/proposal-diff.test.ts that none goes undocumented).
const _fits: Omit<z.input<typeof proposalDiffResponseSchema>, 'id' | 'from' | 'to' | 'analysis'> = {} as VersionComparison;
void _fits;

export const proposalDiffRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { store, limits, compute }) => {
  const cap = limits.analyzeMaxTrials;
  app.get(
    '/v1/proposals/:id/diff',
    {
      config: { scope: 'read', openapi: { errors: ['NOT_FOUND', 'INVALID_PROPOSAL', 'RUN_TOO_LARGE', 'TIMEOUT', 'OVERLOADED'] } },
      schema: {
        operationId: 'diffProposalVersions',
        tags: ['proposals'],
        summary: 'Compare two versions of a proposal (closedloop diff)',
        description: `Inputs and scenarios added, removed and changed between version \`from\` and version \`to\` (default: the latest and the one before it). With \`analyze=true\` both versions are analysed on the same trials (at most ${cap.toLocaleString('en-US')}, ${limits.analyzeTimeoutMs / 1000} s, ${limits.analyzeMemoryMb} MB, as POST /v1/analyze) and the answer adds how each scenario's verdict, score and rank moved and each NPV P50 change attributed to the changed inputs. The same JSON as \`closedloop diff A.json B.json [--analyze] --json\` on the two versions.`,
        params: idParams(limits, 'proposal'),
        querystring: z.strictObject({
          from: queryInt(1, MAX_VERSION).describe('The earlier version (default: the one before `to`)').optional(),
          to: queryInt(1, MAX_VERSION).describe('The later version (default: the latest)').optional(),
          analyze: z.enum(['true', 'false']).optional().describe('Also analyse both versions and attribute the NPV changes (default false)'),
          trials: queryInt(1, cap).describe(`Trials of each analysis with analyze=true, 1 – ${cap} (default 10,000 or the cap if lower)`).optional(),
          seed: querySeed.describe('Random seed of the analyses with analyze=true (default 12345)').optional(),
        }),
        response: { 200: proposalDiffResponseSchema.describe('The comparison') },
      },
    },
    async (request, reply) => {
      const key = caller(request);
      const { id } = request.params;
      const query = request.query;
      const analyze = query.analyze === 'true';
      for (const name of ['trials', 'seed'] as const) {
        if (query[name] !== undefined && !analyze) throw new ApiError('INVALID_REQUEST', `${name} applies to analyze=true only`, [{ path: name, message: 'add analyze=true, or leave it out' }]);
      }
      const latest = await store.getProposal(key.tenantId, id);
      if (!latest) throw notFound('proposal', id);
      const range = `the proposal has versions 1 – ${latest.version}`;
      const to = query.to ?? latest.version;
      if (to > latest.version) throw new ApiError('INVALID_REQUEST', `version ${to} does not exist: ${range}`, [{ path: 'to', message: range }]);
      const from = query.from ?? to - 1;
      if (from < 1) throw new ApiError('INVALID_REQUEST', 'version 1 has no earlier version: name the version to compare it with', [{ path: 'from', message: `required when to is 1; ${range}` }]);
      if (from > latest.version) throw new ApiError('INVALID_REQUEST', `version ${from} does not exist: ${range}`, [{ path: 'from', message: range }]);
      const [a, b] = await Promise.all([from === latest.version ? latest : store.getProposal(key.tenantId, id, from), to === latest.version ? latest : store.getProposal(key.tenantId, id, to)]);
      // Versions are never deleted alone; a proposal deleted meanwhile is gone with all of them.
      if (!a || !b) throw notFound('proposal', id);
      const run = analyze ? { trials: query.trials ?? Math.min(DEFAULT_TRIALS, cap), seed: (query.seed ?? DEFAULT_SEED) | 0 } : null;
      const bytes = await compute.diff({ head: { id, from, to, analysis: run }, from: a.body, to: b.body, run }, clientGone(reply));
      return reply.type('application/json; charset=utf-8').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
    },
  );
};
