import type { Message, Param, Roadmap } from '../../engine/index.js';
import type { ViewContext } from './context.js';

/**
 * Reports whose roadmap rationale parameters are plain strings and numbers
 * (names already written out, in the proposal's primary language) and whose
 * unscheduled reasons are English sentences: the planner's output before it
 * spoke in typed codes. This adapter turns them into typed messages, matching
 * the names back to their ids, so that such Reports read in the reader's
 * language too. Typed parts pass through unchanged.
 */

type Phase = Roadmap['phases'][number];
type Part = Phase['rationaleParts'][number];

const isParam = (v: unknown): v is Param => typeof v === 'object' && v !== null && 'type' in v;

/** Parameters that are money in the legacy parts, by name. */
const MONEY = new Set(['median', 'min', 'max']);

/** Every roadmap item's key by the name the planner wrote for it. */
function itemKeys(roadmap: Roadmap): Map<string, string> {
  const keys = new Map<string, string>();
  for (const ph of roadmap.phases) for (const i of ph.items) keys.set(i.name, i.key);
  for (const u of roadmap.unscheduled) keys.set(u.name, u.key);
  return keys;
}

/**
 * A rationale part as a typed message, with the texts of the parameters no
 * typed parameter can say (a stage's own name, the "builds on" list with its
 * phase numbers).
 * @example typedRationale(ctx, phase, { code: 'quickestPayback', params: { item: 'Claims…', months: 5 } }).message
 */
export function typedRationale(ctx: ViewContext, phase: Phase, part: Part): { message: Message; text: Record<string, string> } {
  const roadmap = ctx.report.roadmap!;
  const out: Record<string, Param> = {};
  const items = itemKeys(roadmap);
  const scenarioId = (name: string) => ctx.report.scenarios.find((s) => s.name === name || s.id === name)?.id;
  for (const [name, value] of Object.entries(part.params as Record<string, unknown>)) {
    if (isParam(value)) out[name] = value;
    else if (typeof value === 'number') {
      out[name] = MONEY.has(name) ? { type: 'money', value } : name === 'probability' ? { type: 'probability', value } : name === 'months' ? { type: 'months', value } : { type: 'number', value };
    } else if (typeof value === 'string') {
      if (name === 'item' && items.has(value)) out[name] = { type: 'item', value: items.get(value)! };
      else if (name === 'scenario' && scenarioId(value)) out[name] = { type: 'scenario', value: scenarioId(value)! };
      else if (name === 'names') out[name] = { type: 'component', value: phase.components.filter((c) => value.includes(c.name)).map((c) => c.id) };
      else out[name] = { type: 'code', value };
    }
  }
  const text: Record<string, string> = {};
  if (part.code === 'nextStage' && out.scenario?.type === 'scenario' && typeof part.params.stage === 'string') {
    const id = out.scenario.value as string;
    const stage = ctx.report.scenarios.find((s) => s.id === id)?.stages?.find((st) => st.name === part.params.stage || st.id === part.params.stage);
    if (stage) text.stage = ctx.names.stage(id, stage.id);
  }
  if (part.code === 'buildsOn' && typeof part.params.items === 'string') {
    text.items = ctx.f.list(buildsOnItems(roadmap, part.params.items).map(([key, n]) => ctx.f.t('rationale.buildsOnItem', { item: ctx.names.item(key), phase: n })));
  }
  return { message: { code: part.code, params: out }, text };
}

/**
 * The legacy "builds on A (1), B (2)" list as [item key, phase] pairs, in the order written.
 * @example buildsOnItems(roadmap, 'Knowledge platform — foundation (1)') // [['kp/foundation', 1]]
 */
export function buildsOnItems(roadmap: Roadmap, text: string): [string, number][] {
  const found: { at: number; key: string; phase: number }[] = [];
  for (const [name, key] of itemKeys(roadmap)) {
    const m = new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\((\\d+)\\)`).exec(text);
    if (m) found.push({ at: m.index, key, phase: Number(m[1]) });
  }
  return found.sort((a, b) => a.at - b.at).map((x) => [x.key, x.phase]);
}

/** The legacy English unscheduled reasons and their codes. */
const UNSCHEDULED: [RegExp, string][] = [
  [/^requires (.+), which the roadmap leaves out$/, 'requires-excluded'],
  [/^its expected NPV is not positive/, 'not-positive'],
  [/^no phase within the horizon could hold it/, 'no-room'],
];

/**
 * An unscheduled item's reason as a typed message (a message passes through).
 * @example typedUnscheduled(ctx, 'its expected NPV is not positive at any start within the horizon') // { code: 'not-positive', params: {} }
 */
export function typedUnscheduled(ctx: ViewContext, reason: unknown): Message {
  if (typeof reason === 'object' && reason !== null && 'code' in reason) return reason as Message;
  const text = String(reason);
  for (const [pattern, code] of UNSCHEDULED) {
    const m = pattern.exec(text);
    if (!m) continue;
    if (code !== 'requires-excluded') return { code, params: {} };
    const known = new Set(ctx.report.scenarios.flatMap((s) => [s.id, ...(s.stages ?? []).map((st) => `${s.id}/${st.id}`)]));
    return { code, params: { items: { type: 'item', value: m[1].split(', ').filter((k) => known.has(k)) } } };
  }
  return { code: text, params: {} };
}
