import type { Message, Param, Report, Roadmap } from '../../engine/index.js';

/**
 * Reports stored before the planner spoke in typed codes: rationale parameters
 * as plain strings and numbers (names written out in the proposal's primary
 * language), an English `rationale` sentence, unscheduled reasons as English
 * sentences, the search method "exact". upgradeReport() turns such a Report
 * into the current form — names matched back to their ids — so that it reads
 * in either language and parses with the Report schema. A current Report
 * passes through unchanged.
 */

type Phase = Roadmap['phases'][number];
/** A part as an old Report may hold it: parameters typed, or plain strings and numbers. */
type AnyPart = { code: string; params: Record<string, unknown> };

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

/**
 * A rationale part as a typed message (a typed part passes through).
 * @example typedRationale(report, phase, { code: 'quickestPayback', params: { item: 'Claims…', months: 5 } })
 */
export function typedRationale(report: Report, phase: Phase, part: AnyPart): Message {
  const params = part.params;
  if (Object.values(params).every(isParam)) return part as Message;
  const roadmap = report.roadmap!;
  const items = itemKeys(roadmap);
  const scenario = (name: unknown) => report.scenarios.find((s) => s.name === name || s.id === name);
  const out: Record<string, Param> = {};
  for (const [name, value] of Object.entries(params)) {
    if (isParam(value)) out[name] = value;
    else if (typeof value === 'number') {
      out[name] = MONEY.has(name) ? { type: 'money', value } : name === 'probability' ? { type: 'probability', value } : name === 'months' ? { type: 'months', value } : { type: 'number', value };
    } else if (name === 'item' && typeof value === 'string') out.item = { type: 'item', value: items.get(value) ?? value };
  }
  const s = scenario(params.scenario);
  if ((part.code === 'firstStage' || part.code === 'nextStage') && s) {
    out.scenario = { type: 'scenario', value: s.id };
    const stage = part.code === 'firstStage' ? s.stages?.[0] : s.stages?.find((st) => st.name === params.stage || st.id === params.stage);
    if (stage) out.stage = { type: 'item', value: `${s.id}/${stage.id}` };
  }
  if (part.code === 'buildsOn' && typeof params.items === 'string') out.items = { type: 'item', value: buildsOnItems(roadmap, params.items).map(([key]) => key) };
  if (part.code === 'sharedComponents' && typeof params.names === 'string') {
    const names = params.names;
    out.components = { type: 'component', value: phase.components.filter((c) => names.includes(c.name)).map((c) => c.id) };
  }
  return { code: part.code, params: out };
}

/** The legacy English unscheduled reasons and their codes. */
const UNSCHEDULED: [RegExp, string][] = [
  [/^requires (.+), which the roadmap leaves out$/, 'requires-excluded'],
  [/^its expected NPV is not positive/, 'not-positive'],
  [/^no phase within the horizon could hold it/, 'no-room'],
];

/**
 * An unscheduled item's reason as a typed message (a message passes through).
 * @example typedUnscheduled(report, 'its expected NPV is not positive at any start within the horizon') // { code: 'not-positive', params: {} }
 */
export function typedUnscheduled(report: Report, reason: unknown): Message {
  if (typeof reason === 'object' && reason !== null && 'code' in reason) return reason as Message;
  const text = String(reason);
  for (const [pattern, code] of UNSCHEDULED) {
    const m = pattern.exec(text);
    if (!m) continue;
    if (code !== 'requires-excluded') return { code, params: {} };
    const known = new Set(report.scenarios.flatMap((s) => [s.id, ...(s.stages ?? []).map((st) => `${s.id}/${st.id}`)]));
    return { code, params: { items: { type: 'item', value: m[1].split(', ').filter((k) => known.has(k)) } } };
  }
  return { code: 'no-room', params: {} };
}

/**
 * A Report in the current form: a legacy roadmap (untyped rationale parts,
 * sentence reasons, search method "exact") upgraded; anything else as it is.
 * @example upgradeReport(storedReport).roadmap?.search.method // 'dynamic-programme' for an old "exact"
 */
export function upgradeReport(report: Report): Report {
  const r = report.roadmap;
  if (!r) return report;
  const search = r.search as Omit<Roadmap['search'], 'method' | 'proven'> & { method: string; proven?: boolean };
  const legacy =
    search.method === 'exact' ||
    search.proven === undefined ||
    r.unscheduled.some((u) => typeof u.reason !== 'object') ||
    r.phases.some((ph) => 'rationale' in ph || (ph.rationaleParts as AnyPart[]).some((part) => !Object.values(part.params).every(isParam)));
  if (!legacy) return report;
  const phases = r.phases.map((ph) => {
    const { rationale: _sentence, ...rest } = ph as Phase & { rationale?: string };
    return { ...rest, rationaleParts: (ph.rationaleParts as AnyPart[]).map((part) => typedRationale(report, ph, part)) };
  });
  return {
    ...report,
    roadmap: {
      ...r,
      search: { ...r.search, method: search.method === 'exact' ? 'dynamic-programme' : (search.method as Roadmap['search']['method']), proven: search.proven ?? r.search.gap === 0 },
      phases,
      unscheduled: r.unscheduled.map((u) => ({ ...u, reason: typedUnscheduled(report, u.reason) })),
    },
  };
}
