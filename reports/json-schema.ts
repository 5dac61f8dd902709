import { z } from 'zod';
import { reportSchema } from '../engine/index.js';
import { proposalSchema } from '../scenarios/proposal-schema.js';
import { QUANTITY_SCHEMAS, quantityShape } from '../scenarios/quantity-schema.js';
import { TOLERANT_NUMBER_SCHEMAS } from '../scenarios/readings.js';

/**
 * JSON Schema (draft 2020-12) of the Report, generated from the same zod schema the engine fills.
 * @example reportJsonSchema().title // 'closedloop Report (schemaVersion 1)'
 */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://closedloop.dev/schema/report-1.json',
    title: 'closedloop Report (schemaVersion 1)',
    ...z.toJSONSchema(reportSchema, { io: 'output' }),
  };
}

/**
 * JSON Schema of the proposal as written (input side: defaults are optional).
 * Quantity fields parse through a transform, so their shape is substituted
 * from `quantityShape`.
 * @example proposalJsonSchema().title // 'closedloop proposal'
 */
export function proposalJsonSchema(): Record<string, unknown> {
  const quantity = z.toJSONSchema(quantityShape, { io: 'input' }) as Record<string, unknown>;
  delete quantity.$schema;
  return {
    $id: 'https://closedloop.dev/schema/proposal-1.json',
    title: 'closedloop proposal',
    ...z.toJSONSchema(proposalSchema, {
      io: 'input',
      unrepresentable: 'any',
      override: (ctx) => {
        if (QUANTITY_SCHEMAS.has(ctx.zodSchema as unknown as z.ZodType)) {
          for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
          Object.assign(ctx.jsonSchema, quantity);
        } else if (TOLERANT_NUMBER_SCHEMAS.has(ctx.zodSchema as unknown as z.ZodType)) {
          // A number field also takes a number written as text ("50万", "8%": docs/proposal-format.md).
          const asNumber = { ...ctx.jsonSchema };
          for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
          Object.assign(ctx.jsonSchema, { anyOf: [asNumber, { type: 'string', description: 'a number written as text, e.g. "50万", "¥1,200", "8%"' }] });
        }
      },
    }),
  };
}
