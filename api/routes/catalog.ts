/** The template library and the JSON Schemas of the proposal and the Report. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { proposalJsonSchema, reportJsonSchema } from '../../reports/json-schema.js';
import { TEMPLATES } from '../../scenarios/templates/index.js';
import type { RouteDeps } from './common.js';

const bilingual = z.object({ en: z.string(), 'zh-CN': z.string() });

export const catalogRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app) => {
  const templates = TEMPLATES.map((t) => ({ id: t.id, title: t.title, summary: t.summary }));
  app.get(
    '/v1/templates',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['catalog'],
        summary: 'The template library (use as "template": "<id>" in a scenario)',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), title: bilingual, summary: bilingual })) }) },
      },
    },
    async () => ({ items: templates }),
  );

  // Generated once: both are pure functions of the zod schemas.
  const schemas = { proposal: proposalJsonSchema(), report: reportJsonSchema() };
  app.get(
    '/v1/schema/:which',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['catalog'],
        summary: 'The JSON Schema (draft 2020-12) of a proposal or of the Report',
        params: z.strictObject({ which: z.enum(['proposal', 'report']) }),
        response: { 200: z.record(z.string(), z.unknown()).describe('A JSON Schema document') },
      },
    },
    async (request, reply) => {
      reply.type('application/schema+json; charset=utf-8');
      return schemas[request.params.which];
    },
  );
};
