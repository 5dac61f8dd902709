import { z } from 'zod';

/**
 * The engine speaks in codes: advice, rationales, reasons and caveats are a
 * `code` (the view's translation key) and typed parameters. A parameter says
 * what kind of value it is, so the view formats it without guessing from its
 * name: money in the proposal's currency, a probability as a percentage, a
 * reference as the referenced thing's name in the reader's language. No
 * sentence is written in engine/ (reports/view/ writes them).
 */

const refValue = z.union([z.string(), z.array(z.string())]);

export const paramSchema = z.discriminatedUnion('type', [
  /** An amount in the proposal's currency (yuan for CNY). */
  z.object({ type: z.literal('money'), value: z.number() }),
  /** A probability or share of futures, as a fraction 0…1. */
  z.object({ type: z.literal('probability'), value: z.number() }),
  /** A rate or relative figure shown as a percentage (0.08 → 8%): a discount rate, a gap, a growth rate. */
  z.object({ type: z.literal('ratio'), value: z.number() }),
  /** A duration or a month number, in months. */
  z.object({ type: z.literal('months'), value: z.number() }),
  /** A whole count (items, trials, phases). */
  z.object({ type: z.literal('count'), value: z.number() }),
  /** Any other number, shown as written (an input's value in its own unit). */
  z.object({ type: z.literal('number'), value: z.number() }),
  /** A scenario by id (or several): shown as its name. */
  z.object({ type: z.literal('scenario'), value: refValue }),
  /** A roadmap item by key ("SCENARIO" or "SCENARIO/STAGE"), or several: shown as its name. */
  z.object({ type: z.literal('item'), value: refValue }),
  /** An uncertain input by its key (as in `inputs[].key` / `sensitivity[].input`): shown as its label. */
  z.object({ type: z.literal('input'), value: refValue }),
  /** A shared component of the roadmap by id (or several): shown as its name. */
  z.object({ type: z.literal('component'), value: refValue }),
  /** A benefit or cost line of a scenario, "SCENARIO_ID/benefits[0]" or "SCENARIO_ID/costs[2]": shown as its label. */
  z.object({ type: z.literal('line'), value: refValue }),
  /** A code the view translates on its own (a verdict, a gate, a metric name). */
  z.object({ type: z.literal('code'), value: z.string() }),
]);
export type Param = z.infer<typeof paramSchema>;
export type ParamType = Param['type'];

export const messageSchema = z.object({
  /** Stable code: the key of the sentence in every language. */
  code: z.string(),
  params: z.record(z.string(), paramSchema),
});
export type Message = z.infer<typeof messageSchema>;

/** Typed parameter builders, so that call sites read `money(x)` rather than an object literal. */
export const money = (value: number): Param => ({ type: 'money', value });
export const probability = (value: number): Param => ({ type: 'probability', value });
export const ratio = (value: number): Param => ({ type: 'ratio', value });
export const months = (value: number): Param => ({ type: 'months', value });
export const count = (value: number): Param => ({ type: 'count', value });
export const number = (value: number): Param => ({ type: 'number', value });
export const scenarioRef = (value: string | string[]): Param => ({ type: 'scenario', value });
export const itemRef = (value: string | string[]): Param => ({ type: 'item', value });
export const inputRef = (value: string | string[]): Param => ({ type: 'input', value });
export const componentRef = (value: string | string[]): Param => ({ type: 'component', value });
export const codeParam = (value: string): Param => ({ type: 'code', value });
export const lineRef = (value: string | string[]): Param => ({ type: 'line', value });

/**
 * A message: a code and its typed parameters.
 * @example message('budget-above-ceiling', { investment: money(2.4e6), max: money(2e6) })
 */
export function message(code: string, params: Record<string, Param> = {}): Message {
  return { code, params };
}
