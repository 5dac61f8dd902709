/** The template library and the JSON Schemas of the proposal and the Report. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { proposalJsonSchema, reportJsonSchema } from '../../reports/json-schema.js';
import { TEMPLATES } from '../../scenarios/templates/index.js';
import { type RouteDeps, rawJson } from './common.js';

/** The media type of a JSON Schema document. */
const SCHEMA_TYPE = 'application/schema+json';

const bilingual = z.object({ en: z.string(), 'zh-CN': z.string() });

export const catalogRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app) => {
  const templates = TEMPLATES.map((t) => ({ id: t.id, title: t.title, summary: t.summary }));
  app.get(
    '/v1/templates',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listTemplates',
        tags: ['catalog'],
        summary: 'The template library (use as "template": "<id>" in a scenario)',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), title: bilingual, summary: bilingual })) }) },
      },
    },
    async () => ({ items: templates }),
  );

  // Generated and serialised once: both are pure functions of the zod schemas.
  const texts = { proposal: rawJson(JSON.stringify(proposalJsonSchema())), report: rawJson(JSON.stringify(reportJsonSchema())) };
  app.get(
    '/v1/schema/:which',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getJsonSchema',
        tags: ['catalog'],
        summary: 'The JSON Schema (draft 2020-12) of a proposal or of the Report',
        params: z.strictObject({ which: z.enum(['proposal', 'report']).describe('proposal or report') }),
        response: {
          200: {
            description: 'A JSON Schema document',
            content: { [SCHEMA_TYPE]: { schema: z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12)') } },
          },
        },
      },
    },
    async (request, reply) => reply.type(`${SCHEMA_TYPE}; charset=utf-8`).send(texts[request.params.which] as never),
  );
};
