import { createHash } from 'node:crypto';
import { UNHASHED_KEYS, canonicalJson } from '../engine/model/canonical-json.js';
import { correlationGroups } from '../engine/sampling/correlation.js';
import { ClosedloopError, type Problem } from '../engine/errors.js';
import type { Benefit, Cost, Proposal, Quantity, Scenario } from '../engine/model/proposal.js';
import { isRef, isUncertain } from '../engine/model/proposal.js';
import { VariableSet, walkQuantities } from '../engine/sampling/variables.js';
import { closest } from './did-you-mean.js';
import { type Locator, type PathPart, displayPath } from './problem-path.js';
import { alternativesWarnings, checkAlternatives } from './alternatives.js';
import { type ParsedProposal, proposalSchema } from './proposal-schema.js';
import { REF_DOMAINS, describeIssue, domainProblem } from './quantity-schema.js';
import { readingOf, whileRecordingReadings } from './readings.js';
import { scaleWarnings } from './scale-sanity.js';
import { knownKeys } from './schema-keys.js';
import { TEMPLATES, findTemplate } from './templates/index.js';
import { defaultedPaths } from './defaulted.js';
import { primaryText } from './localized-text.js';

/** A problem found while reading, at a path of the raw input (indices, not ids, until it is shown). */
export interface Found {
  at: PathPart[];
  message: string;
}

/** How to read a proposal: where its text positions are, and whether to report numbers read from text. */
export interface ReadOptions {
  /** Line and column of a path in the source file (scenarios/source-map.ts). */
  locate?: Locator;
  /** Also list the numbers read from text ("50万" → 500000): a second parse, for `validate`. */
  readings?: boolean;
}

/** A number read from text, where it was. */
export interface ProposalReading {
  path: string;
  text: string;
  value: number;
  line?: number;
  column?: number;
}

/** A valid proposal with what the author should check: likely scale slips, and numbers read from text. */
export interface ReadResult {
  proposal: Proposal;
  warnings: Problem[];
  readings: ProposalReading[];
}

/**
 * Reads raw proposal data (parsed JSON/YAML, a workbook or an API body) into a
 * frozen, normalised Proposal with its inputHash, its warnings (scale-sanity.ts)
 * and, when asked, the numbers read from text. Throws ClosedloopError
 * INVALID_PROPOSAL with every problem of the input in one pass: reference
 * checks (scenario ids, assumption refs) run on the raw input even when other
 * fields fail; checks that need a valid document (correlations, cycles) follow.
 * @example readProposal(JSON.parse(text)).proposal.inputHash
 */
export function readProposal(raw: unknown, options: ReadOptions = {}): ReadResult {
  const found: Found[] = [];
  const expanded = applyTemplates(raw, found);
  checkReferences(expanded, found);
  const parsed = proposalSchema.safeParse(expanded, { reportInput: true });
  if (!parsed.success) {
    found.push(...schemaProblems(parsed.error.issues, expanded));
    throw invalid(found, expanded, options.locate);
  }
  const proposal = withNames(toProposal(parsed.data, found), parsed.data, expanded);
  checkCrossReferences(proposal, found);
  if (found.length) throw invalid(found, expanded, options.locate);
  const coded = alternativesWarnings(proposal);
  const hashed = deepFreeze({ ...proposal, inputHash: hashProposal(proposal), ...(coded.length > 0 ? { warnings: coded } : {}) });
  const show = (f: Found): Problem => located({ path: displayPath(f.at, expanded), message: f.message }, f.at, options.locate);
  const readings = options.readings ? readingsOf(expanded).map((r) => ({ ...show({ at: r.at, message: '' }), text: r.text, value: r.value })) : [];
  return {
    proposal: hashed,
    warnings: scaleWarnings(hashed).map(show),
    readings: readings.map(({ message: _m, ...r }) => r),
  };
}

/**
 * readProposal's proposal alone: the engine's input, or ClosedloopError INVALID_PROPOSAL.
 * @example normalizeProposal(JSON.parse(text)).scenarios[0].id
 */
export function normalizeProposal(raw: unknown, options: ReadOptions = {}): Proposal {
  return readProposal(raw, { ...options, readings: false }).proposal;
}

function located(p: Problem, at: readonly PathPart[], locate?: Locator): Problem {
  const pos = locate?.(at);
  return pos ? { ...p, line: pos.line, column: pos.column } : p;
}

/** The problems in document order (by position when known), each once, as an INVALID_PROPOSAL error. */
function invalid(found: Found[], raw: unknown, locate?: Locator): ClosedloopError {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const f of withoutKnockOns(found)) {
    const p = located({ path: displayPath(f.at, raw) || '(top level)', message: f.message }, f.at, locate);
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(p);
  }
  if (locate) problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  return new ClosedloopError('INVALID_PROPOSAL', problems);
}

const UNKNOWN_KEY_HINT = /^unknown key "(.+?)": did you mean "(.+?)"\?/;

/** Drops "required …" for a key that an unknown key's suggestion names (`minutesBefor` is one mistake, not two), and for fields an unknown template would have filled. */
function withoutKnockOns(found: Found[]): Found[] {
  const meant = new Set<string>();
  // A scenario whose template is unknown misses the fields the template would have filled: one mistake.
  const templateless = new Set<string>();
  for (const f of found) {
    const m = UNKNOWN_KEY_HINT.exec(f.message);
    if (m) meant.add(JSON.stringify([...f.at.slice(0, -1), m[2]]));
    if (f.at.length === 3 && f.at[2] === 'template' && f.message.startsWith('no template')) templateless.add(JSON.stringify(f.at.slice(0, 2)));
  }
  const knockOn = (f: Found) => meant.has(JSON.stringify(f.at)) || (f.at.length === 3 && templateless.has(JSON.stringify(f.at.slice(0, 2))));
  return found.filter((f) => !(/^required\b/.test(f.message) && knockOn(f)));
}

/** zod's issues as Found, each unknown key on its own with the closest key the schema allows there. */
function schemaProblems(issues: readonly import('zod').z.core.$ZodIssue[], raw: unknown): Found[] {
  return issues.flatMap((i): Found[] => {
    if (readingOf(i)) return [];
    const at = partsOf(i.path);
    if (i.code === 'unrecognized_keys') {
      const known = knownKeys(proposalSchema, at, raw);
      return i.keys.map((k) => ({ at: [...at, k], message: describeIssue({ ...i, keys: [k] }, known) }));
    }
    return [{ at, message: describeIssue(i) }];
  });
}

/** Every number read from text, by a second parse that records them (readings.ts). */
function readingsOf(raw: unknown): { at: PathPart[]; text: string; value: number }[] {
  const r = whileRecordingReadings(() => proposalSchema.safeParse(raw));
  if (r.success) return [];
  return r.error.issues.flatMap((i) => {
    const reading = readingOf(i);
    return reading ? [{ at: partsOf(i.path), ...reading }] : [];
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const arrayAt = (v: unknown, key: string): unknown[] => {
  const x = isObject(v) ? v[key] : undefined;
  return Array.isArray(x) ? x : [];
};
/** A zod issue path (property keys) as path parts. */
const partsOf = (path: readonly PropertyKey[]): PathPart[] => path.map((p) => (typeof p === 'number' ? p : String(p)));

/** " (did you mean "x"?)" or " (known: a, b, c)" for a name that is not among `known`. */
function suggestion(name: string, known: readonly string[], what: string): string {
  const guess = closest(name, known);
  if (guess) return `: did you mean "${guess}"?`;
  if (!known.length) return `: the proposal defines no ${what}`;
  return known.length <= 12 ? ` (known: ${known.join(', ')})` : '';
}

/** Fills a scenario's missing top-level fields from its template (a shallow merge: given fields win). */
function applyTemplates(raw: unknown, found: Found[]): unknown {
  if (!isObject(raw) || !Array.isArray(raw.scenarios)) return raw;
  return {
    ...raw,
    scenarios: raw.scenarios.map((s, i) => {
      if (!isObject(s) || typeof s.template !== 'string') return s;
      const t = findTemplate(s.template);
      if (!t) {
        found.push({
          at: ['scenarios', i, 'template'],
          message: `no template has the id ${JSON.stringify(s.template)}${suggestion(s.template, TEMPLATES.map((x) => x.id), 'templates')} (see closedloop templates list)`,
        });
        return s;
      }
      return { ...structuredClone(t.scenario), ...s };
    }),
  };
}

/**
 * Scenario ids and shared-assumption references, checked on the raw input so
 * that they are reported together with every schema problem: duplicate ids,
 * `requires`, `roadmap.exclude`, `usedBy`, `alternatives[].options` and `{ref}`.
 */
function checkReferences(raw: unknown, found: Found[]): void {
  const scenarios = arrayAt(raw, 'scenarios');
  const ids: string[] = [];
  const firstIndex = new Map<string, number>();
  scenarios.forEach((s, i) => {
    const id = isObject(s) && typeof s.id === 'string' ? s.id : undefined;
    if (id === undefined) return;
    if (firstIndex.has(id)) found.push({ at: ['scenarios', i, 'id'], message: `duplicate scenario id ${JSON.stringify(id)} (also scenarios[${firstIndex.get(id)}])` });
    else {
      firstIndex.set(id, i);
      ids.push(id);
    }
  });
  const scenarioRef = (at: PathPart[], value: unknown, self?: unknown) => {
    if (typeof value !== 'string') return;
    if (value === self) found.push({ at, message: 'a scenario cannot require itself' });
    else if (!firstIndex.has(value)) found.push({ at, message: `no scenario has the id ${JSON.stringify(value)}${suggestion(value, ids, 'scenarios')}` });
  };
  scenarios.forEach((s, i) => arrayAt(s, 'requires').forEach((r, j) => scenarioRef(['scenarios', i, 'requires', j], r, isObject(s) ? s.id : undefined)));
  const roadmap = isObject(raw) ? raw.roadmap : undefined;
  arrayAt(roadmap, 'exclude').forEach((id, k) => scenarioRef(['roadmap', 'exclude', k], id));
  arrayAt(roadmap, 'sharedComponents').forEach((c, k) => arrayAt(c, 'usedBy').forEach((id, j) => scenarioRef(['roadmap', 'sharedComponents', k, 'usedBy', j], id)));
  arrayAt(raw, 'alternatives').forEach((a, k) => arrayAt(a, 'options').forEach((id, j) => scenarioRef(['alternatives', k, 'options', j], id)));

  const assumptions = isObject(raw) && isObject(raw.assumptions) ? Object.keys(raw.assumptions) : [];
  const visit = (node: unknown, at: PathPart[]): void => {
    if (Array.isArray(node)) node.forEach((v, i) => visit(v, [...at, i]));
    else if (isObject(node)) {
      if (typeof node.ref === 'string' && Object.keys(node).length === 1) {
        if (!assumptions.includes(node.ref)) {
          found.push({ at, message: `refers to the assumption ${JSON.stringify(node.ref)}, which the proposal does not define${suggestion(node.ref, assumptions, 'assumptions')}` });
        }
        return;
      }
      for (const [k, v] of Object.entries(node)) visit(v, [...at, k]);
    }
  };
  scenarios.forEach((s, i) => visit(s, ['scenarios', i]));
  arrayAt(roadmap, 'sharedComponents').forEach((c, k) => visit(c, ['roadmap', 'sharedComponents', k]));
}

/** The parsed proposal with labels, deployments and roadmap bands filled in: the engine's Proposal (no casts: the schema's output types are the engine's). */
function toProposal(p: ParsedProposal, found: Found[]): Omit<Proposal, 'inputHash'> {
  // The roadmap's phases last at least a month (a 0-month phase would let the plan hold unboundedly many phases).
  if (p.roadmap && p.roadmap.phaseMonths === undefined && p.policy.phaseMonths.min < 1) {
    found.push({
      at: ['policy', 'phaseMonths', 'min'],
      message: `the roadmap takes its phase band from policy.phaseMonths, whose min is ${p.policy.phaseMonths.min}, but a roadmap phase lasts at least 1 month: set policy.phaseMonths.min to 1 or more, or give the roadmap its own "phaseMonths": { "min": 1, "max": ${Math.max(1, p.policy.phaseMonths.max)} }`,
    });
  }
  return {
    customer: { ...p.customer, name: primaryText(p.customer.name, p.currency).name },
    currency: p.currency,
    horizonMonths: p.horizonMonths,
    discountRate: p.discountRate,
    policy: p.policy,
    assumptions: p.assumptions,
    correlations: p.correlations,
    scenarios: p.scenarios.map((s, i): Scenario => ({
      id: s.id,
      name: primaryText(s.name, p.currency).name,
      ...(s.template !== undefined ? { template: s.template } : {}),
      ...(s.description !== undefined ? { description: s.description } : {}),
      requires: s.requires,
      implementationMonths: s.implementationMonths,
      adoption: s.adoption,
      benefits: s.benefits.map((b): Benefit => {
        // The primary text here; withNames adds both languages.
        const label = b.label === undefined ? b.kind : primaryText(b.label, p.currency).name;
        if (b.kind !== 'timeSavings') return { ...b, label };
        return { ...b, label, minutesSaved: b.minutesSaved ?? null, minutesBefore: b.minutesBefore ?? null, minutesAfter: b.minutesAfter ?? null };
      }),
      costs: s.costs.map((c, j): Cost => {
        const label = c.label === undefined ? c.kind : primaryText(c.label, p.currency).name;
        if (c.kind !== 'compute') return { ...c, label };
        const deployment = c.deployment ?? s.deployment ?? 'public';
        let publicShare: Quantity | undefined = c.publicShare;
        if (publicShare === undefined) {
          if (deployment === 'hybrid') {
            found.push({ at: ['scenarios', i, 'costs', j, 'publicShare'], message: 'required for a hybrid deployment: the share of usage that runs on the public API' });
          }
          publicShare = deployment === 'private' ? 0 : 1;
        }
        return { ...c, label, deployment, publicShare };
      }),
      ...(s.stages ? { stages: s.stages.map(({ name, ...st }) => ({ ...st, ...(name !== undefined ? { name: primaryText(name, p.currency).name } : {}) })) } : {}),
      ...(s.pricing ? { pricing: s.pricing } : {}),
    })),
    ...(p.roadmap
      ? {
          roadmap: {
            phaseMonths: p.roadmap.phaseMonths ?? p.policy.phaseMonths,
            phaseBudget: p.roadmap.phaseBudget ?? p.policy.budget,
            ...(p.roadmap.programmeBudget !== undefined ? { programmeBudget: p.roadmap.programmeBudget } : {}),
            capacity: p.roadmap.capacity,
            sharedComponents: p.roadmap.sharedComponents.map(({ name, label, ...c }) => ({
              ...c,
              name: primaryText(name, p.currency).name,
              ...(label !== undefined ? { label: primaryText(label, p.currency).name } : {}),
            })),
            exclude: p.roadmap.exclude,
          },
        }
      : {}),
    ...(p.alternatives ? { alternatives: p.alternatives } : {}),
  };
}

/**
 * Names and labels in both languages (a string or { "zh-CN", "en" }: the
 * primary text in `name`/`label`, the object in `names`/`labels`), shared
 * assumptions' labels with the proposal's primary language, and the paths of
 * quantities no one wrote (`defaulted`).
 */
function withNames(p: Omit<Proposal, 'inputHash'>, parsed: ParsedProposal, raw: unknown): Omit<Proposal, 'inputHash'> {
  const text = (value: Parameters<typeof primaryText>[0]) => primaryText(value, parsed.currency);
  const labelled = (value: Parameters<typeof primaryText>[0] | undefined, fallback: string) => {
    if (value === undefined) return { label: fallback };
    const { name, names } = text(value);
    return names ? { label: name, labels: names } : { label: name };
  };
  const rawScenarios = (raw as { scenarios: unknown[] }).scenarios;
  const assumptions: Record<string, Quantity> = {};
  for (const [key, q] of Object.entries(p.assumptions)) {
    assumptions[key] = isUncertain(q) && q.labels ? { ...q, label: text(q.labels).name } : q;
  }
  return {
    ...p,
    customer: { ...p.customer, ...text(parsed.customer.name) },
    assumptions,
    scenarios: p.scenarios.map((s, i) => {
      const written = parsed.scenarios[i];
      const scenario: Scenario = {
        ...s,
        ...text(written.name),
        benefits: s.benefits.map((b, l) => ({ ...b, ...labelled(written.benefits[l].label, b.kind) })),
        costs: s.costs.map((c, l) => ({ ...c, ...labelled(written.costs[l].label, c.kind) })),
        ...(s.stages ? { stages: s.stages.map((st, k) => ({ ...st, ...(written.stages![k].name !== undefined ? text(written.stages![k].name!) : {}) })) } : {}),
      };
      const defaulted = defaultedPaths(rawScenarios[i], scenario);
      return defaulted.length ? { ...scenario, defaulted } : scenario;
    }),
    ...(p.roadmap
      ? {
          roadmap: {
            ...p.roadmap,
            sharedComponents: p.roadmap.sharedComponents.map((c, k) => {
              const w = parsed.roadmap!.sharedComponents[k];
              const label = w.label === undefined ? {} : labelled(w.label, '');
              return { ...c, ...text(w.name), ...label };
            }),
          },
        }
      : {}),
  };
}

/** Rules that need the whole valid document: names, stages, cycles, roadmap bands, the fit of refs, correlations. */
function checkCrossReferences(p: Omit<Proposal, 'inputHash'>, found: Found[]): void {
  for (const [name, q] of Object.entries(p.assumptions)) {
    if (isRef(q)) found.push({ at: ['assumptions', name], message: 'an assumption cannot refer to another assumption' });
    else if (isUncertain(q) && q.name !== undefined && q.name !== name) {
      found.push({ at: ['assumptions', name, 'name'], message: `an assumption is named by its key (${name}); remove "name" or make it ${JSON.stringify(name)}` });
    }
  }
  p.scenarios.forEach((s, i) => {
    if (!s.stages) return;
    const seen = new Set<string>();
    s.stages.forEach((st, k) => {
      if (seen.has(st.id)) found.push({ at: ['scenarios', i, 'stages', k, 'id'], message: `duplicate stage id ${JSON.stringify(st.id)}` });
      seen.add(st.id);
    });
    const share = s.stages.reduce((a, st) => a + st.benefitShare, 0);
    if (share > 1 + 1e-9) found.push({ at: ['scenarios', i, 'stages'], message: `the stages' benefitShare add up to ${share}, more than 1` });
  });
  if (p.roadmap) {
    const r = p.roadmap;
    if (r.phaseMonths.min > r.phaseMonths.max) found.push({ at: ['roadmap', 'phaseMonths', 'max'], message: `max (${r.phaseMonths.max}) is below min (${r.phaseMonths.min})` });
    if (r.phaseBudget.min > r.phaseBudget.max) found.push({ at: ['roadmap', 'phaseBudget', 'max'], message: `max (${r.phaseBudget.max}) is below min (${r.phaseBudget.min})` });
    const components = new Set<string>();
    r.sharedComponents.forEach((c, k) => {
      if (components.has(c.id)) found.push({ at: ['roadmap', 'sharedComponents', k, 'id'], message: `duplicate component id ${JSON.stringify(c.id)}` });
      components.add(c.id);
    });
  }
  checkAlternatives(p, found);
  const cycle = findRequiresCycle(p.scenarios);
  if (cycle) found.push({ at: ['scenarios', cycle.index, 'requires'], message: `dependency cycle: ${cycle.ids.join(' → ')}` });
  const names = new Map<string, string>();
  for (const name of Object.keys(p.assumptions)) names.set(name, `assumptions.${name}`);
  p.scenarios.forEach((s, i) =>
    walkQuantities(s, (q, path) => {
      const at: PathPart[] = ['scenarios', i, ...pathParts(path)];
      if (isRef(q) && q.ref in p.assumptions) {
        const domain = REF_DOMAINS.get(q);
        const problem = domain ? domainProblem(p.assumptions[q.ref], domain) : null;
        if (problem) found.push({ at, message: `the assumption ${JSON.stringify(q.ref)} does not fit here: it ${problem}` });
      }
      if (isUncertain(q) && q.name !== undefined) {
        const other = names.get(q.name);
        if (other) found.push({ at: [...at, 'name'], message: `the name ${JSON.stringify(q.name)} is already used by ${other}` });
        else names.set(q.name, `scenarios[${s.id}].${path}`);
      }
    }),
  );
  if (found.length) return;
  const seen = new Map<string, number>();
  p.correlations.forEach((c, k) => {
    const [a, b] = c.between;
    if (a === b) found.push({ at: ['correlations', k, 'between'], message: `an input cannot be correlated with itself (${a})` });
    const key = [a, b].sort().join('\u0000');
    if (seen.has(key)) found.push({ at: ['correlations', k], message: `${a} ~ ${b} is already given in correlations[${seen.get(key)}]` });
    seen.set(key, k);
    for (const [j, name] of [a, b].entries()) {
      const q = name in p.assumptions ? p.assumptions[name] : undefined;
      if (typeof q === 'number') found.push({ at: ['correlations', k, 'between', j], message: `${name} is a fixed number: only uncertain inputs can be correlated` });
      else if (!names.has(name)) found.push({ at: ['correlations', k, 'between', j], message: `no uncertain input is named ${JSON.stringify(name)}${suggestion(name, [...names.keys()], 'named inputs')}` });
    }
  });
  if (found.length) return;
  const { problems: corr } = correlationGroups({ ...p, inputHash: '' }, new VariableSet({ ...p, inputHash: '' }));
  for (const c of corr) found.push({ at: ['correlations', c.index], message: c.message });
}

/**
 * "benefits[0].minutesSaved" → ['benefits', 0, 'minutesSaved'].
 * @example pathParts('costs[2].amount') // ['costs', 2, 'amount']
 */
export function pathParts(path: string): PathPart[] {
  const parts: PathPart[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return parts;
}

/** The first cycle in the scenarios' `requires` graph, as ids from a scenario back to itself, or null. */
function findRequiresCycle(scenarios: readonly Scenario[]): { index: number; ids: string[] } | null {
  const byId = new Map(scenarios.map((s, i) => [s.id, { s, i }]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done' || !byId.has(id)) return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const r of byId.get(id)!.s.requires) {
      const found = visit(r);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const s of scenarios) {
    const ids = visit(s.id);
    if (ids) return { index: byId.get(ids[0])!.i, ids };
  }
  return null;
}

export { canonicalJson };

/**
 * SHA-256 (hex) of the canonical JSON of the normalised proposal (DESIGN §5), without the presentation-only `written`.
 * @example hashProposal(proposalWithoutHash) // 64 hex digits
 */
export function hashProposal(p: Omit<Proposal, 'inputHash'>): string {
  return createHash('sha256').update(canonicalJson(p, UNHASHED_KEYS)).digest('hex');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
